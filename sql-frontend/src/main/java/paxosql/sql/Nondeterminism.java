package paxosql.sql;

import java.util.Map;
import java.util.Set;

/** The non-deterministic constructs of H2 2.5 the front end knows, by name. */
final class Nondeterminism {

    /** What a replaced call becomes. */
    enum Function { CURRENT_TIMESTAMP, LOCALTIMESTAMP, CURRENT_DATE, CURRENT_TIME, LOCALTIME, RAND, UUID }

    /** Written without parentheses (SQL's niladic functions): Calcite parses them as identifiers. */
    static final Map<String, Function> NILADIC = Map.of(
            "CURRENT_TIMESTAMP", Function.CURRENT_TIMESTAMP,
            "LOCALTIMESTAMP", Function.LOCALTIMESTAMP,
            "CURRENT_DATE", Function.CURRENT_DATE,
            "CURRENT_TIME", Function.CURRENT_TIME,
            "LOCALTIME", Function.LOCALTIME);

    /** Called with parentheses. H2's NOW() is LOCALTIMESTAMP. */
    static final Map<String, Function> CALLS = Map.of(
            "CURRENT_TIMESTAMP", Function.CURRENT_TIMESTAMP,
            "LOCALTIMESTAMP", Function.LOCALTIMESTAMP,
            "NOW", Function.LOCALTIMESTAMP,
            "CURRENT_TIME", Function.CURRENT_TIME,
            "LOCALTIME", Function.LOCALTIME,
            "RAND", Function.RAND,
            "RANDOM", Function.RAND,
            "RANDOM_UUID", Function.UUID,
            "UUID", Function.UUID);

    /**
     * Non-deterministic, or reporting this replica's own process, and not rewritten: refused
     * (SQLState 0A000) wherever they are called. Written bare, the compatibility keywords
     * SYSDATE, SYSTIME, SYSTIMESTAMP and TODAY are refused too.
     */
    static final Set<String> REFUSED_CALLS = Set.of(
            "SECURE_RAND", "SYSDATE", "SYSTIME", "SYSTIMESTAMP", "TODAY", "GETDATE", "CURDATE", "CURTIME",
            "CURRENT_TIMEZONE", "SESSION_ID", "TRANSACTION_ID", "MEMORY_FREE", "MEMORY_USED", "DISK_SPACE_USED",
            "CURRVAL", "LOCK_TIMEOUT", "LOCK_MODE", "UNIX_TIMESTAMP", "SYS_GUID", "NEWID", "UUID_SHORT",
            "ABORT_SESSION", "CANCEL_SESSION", "AUTOCOMMIT", "READONLY", "LAST_INSERT_ID", "DB_OBJECT_ID", "DB_OBJECT_SQL",
            "STATEMENT_TIMESTAMP", "TRANSACTION_TIMESTAMP", "CLOCK_TIMESTAMP");

    static final Set<String> REFUSED_BARE = Set.of("SYSDATE", "SYSTIME", "SYSTIMESTAMP", "TODAY");

    private Nondeterminism() {}
}
