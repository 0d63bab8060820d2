package paxosql.sql;

/** What a statement is, as far as replication cares (DESIGN.md § SQL front end). */
public enum StatementKind {
    /** Reads only: may be answered outside the log. */
    QUERY,
    /** Changes rows (or takes a sequence value, or locks rows). */
    DML,
    /** Changes the schema; H2 commits it on its own. */
    DDL,
    /** COMMIT, ROLLBACK, BEGIN, SAVEPOINT, SET AUTOCOMMIT, … */
    TRANSACTION_CONTROL,
    /** SET …, USE …: changes the session. */
    SESSION_SETTING,
    /** Anything else: to be treated as a write that may commit on its own. */
    UNKNOWN
}
