package paxosql.replica.state;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StatementGuardTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT FILE_READ('/etc/passwd')",
            "select file_read('/etc/passwd')",
            "SELECT \"FILE_READ\"('/etc/passwd')",
            "SELECT `file_read`('/etc/passwd')",
            "CALL FILE_WRITE(X'00', '/tmp/x')",
            "SELECT * FROM CSVREAD('/etc/hosts')",
            "CALL CSVWRITE('/tmp/x.csv', 'SELECT 1')",
            "CALL LINK_SCHEMA('L', '', 'jdbc:h2:mem:', '', '', 'PUBLIC')",
            "RUNSCRIPT FROM '/tmp/x.sql'",
            "SCRIPT TO '/tmp/x.sql'",
            "SCRIPT",
            "  /* leading comment */ BACKUP TO '/tmp/b.zip'",
            "LOAD DATA",
            "SHUTDOWN",
            "SHUTDOWN IMMEDIATELY",
            "CHECKPOINT SYNC",
            "EXECUTE IMMEDIATE 'SELECT 1'",
            "ANALYZE",
            "GRANT ADMIN TO PUBLIC",
            "GRANT R TO U",
            "GRANT ALTER ANY SCHEMA TO U",
            "REVOKE ALTER ANY SCHEMA FROM U",
            "GRANT SELECT ON T TO PAXOSQL_CLIENT",
            "REVOKE ALL ON T FROM \"paxosql_client\"",
            "GRANT SELECT ON T TO U, V",
            "GRANT SELECT ON T",
            "CREATE ALIAS F FOR 'java.lang.Runtime.getRuntime'",
            "CREATE OR REPLACE FORCE ALIAS F AS $$ String f() { return \"\"; } $$",
            "CREATE TRIGGER TR BEFORE INSERT ON T FOR EACH ROW CALL 'x.Y'",
            "CREATE FORCE TRIGGER TR BEFORE INSERT ON T CALL 'x.Y'",
            "CREATE AGGREGATE A FOR 'x.Y'",
            "CREATE LINKED TABLE L('', 'jdbc:h2:mem:', '', '', 'T')",
            "CREATE FORCE LINKED TABLE L('', 'jdbc:h2:mem:', '', '', 'T')",
            "CREATE ROLE R",
            "DROP ROLE R",
            "ALTER ROLE R RENAME TO S",
            "CREATE OR REPLACE USER U PASSWORD 'p'",
            "CREATE USER PAXOSQL_ADMIN PASSWORD 'p'",
            "CREATE USER \"PAXOSQL_CLIENT\" PASSWORD 'p'",
            "DROP USER PAXOSQL_ADMIN",
            "DROP USER IF EXISTS paxosql_client",
            "ALTER USER PAXOSQL_CLIENT ADMIN TRUE",
            "ALTER USER PAXOSQL_ADMIN SET PASSWORD 'x'",
            "ALTER USER U RENAME TO PAXOSQL_ADMIN",
            "ALTER USER U RENAME TO \"Bob\"",
            "CREATE USER U SALT X'00' HASH X'00'",
            "ALTER USER U SET SALT X'00' HASH X'00'",
            "CREATE USER U PASSWORD RANDOM_UUID()",
            "CREATE USER U PASSWORD 'a' || 'b'",
            "CREATE USER U PASSWORD @P",
            "CREATE USER U PASSWORD 1234",
            "CREATE USER U",
            "CREATE USER U PASSWORD 'p' ADMIN EXTRA",
            "CREATE USER U PASSWORD 'p' COMMENT 'c'",
            "ALTER USER U ADMIN",
            "ALTER USER U ADMIN YES",
            "ALTER USER U SET SOMETHING 1",
            "DROP USER U CASCADE",
            "DROP USER U, V",
            "DROP ALL OBJECTS",
            "CREATE TABLE T(A INT) ENGINE \"org.example.Engine\"",
            "SET WRITE_DELAY 0",
            "SET AUTOCOMMIT TRUE",
            "SET EXCLUSIVE 1",
            "SET MODE MySQL",
            "SET QUERY_TIMEOUT 1",
            "SET LOCK_TIMEOUT 1",
            "SET BUILTIN_ALIAS_OVERRIDE TRUE",
            "SELECT DATABASE_PATH()",
            "SELECT * FROM PAXOSQL_META.SESSIONS",
            "DELETE FROM \"PAXOSQL_META\".\"APPLIED\"",
            "SET SCHEMA paxosql_meta",
            "INSERT INTO T VALUES ('about FILE_READ')", // conservative: the name anywhere
    })
    void refusedAs42501(String sql) {
        StatementGuard.Verdict v = StatementGuard.check(sql);
        assertThat(v.kind()).as(sql).isEqualTo(StatementGuard.Kind.REFUSED);
        assertThat(v.sqlState()).as(sql).isEqualTo("42501");
        assertThat(v.message()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "CREATE USER U PASSWORD 'p'",
            "create user if not exists \"Mixed Case\" password 'p' admin;",
            "CREATE USER U PASSWORD ?",
            "CREATE USER U PASSWORD N'p'",
            "CREATE USER U PASSWORD $$p$$",
            "ALTER USER U SET PASSWORD 'it''s'",
            "ALTER USER U SET PASSWORD ?",
            "ALTER USER U ADMIN TRUE",
            "ALTER USER U ADMIN FALSE",
            "ALTER USER U RENAME TO V",
            "ALTER USER U RENAME TO \"V W\"",
            "ALTER USER \"u\" RENAME TO v",
            "DROP USER U",
            "DROP USER IF EXISTS U",
            "GRANT SELECT ON T TO U",
            "GRANT SELECT, INSERT, UPDATE, DELETE ON S.T, T2 TO U",
            "GRANT ALL ON T TO PUBLIC",
            "GRANT ALL PRIVILEGES ON SCHEMA S TO U",
            "REVOKE SELECT ON T FROM PUBLIC",
            "REVOKE INSERT, DELETE ON \"s\".\"t\" FROM U",
    })
    void statementsOnUsersAndTableRightsAreForAdminsOnlyAndRunAsDdl(String sql) {
        StatementGuard.Verdict v = StatementGuard.check(sql);
        assertThat(v.kind()).as(sql).isEqualTo(StatementGuard.Kind.ADMIN_ONLY);
        assertThat(v.autoCommits()).as(sql).isTrue();
        assertThat(v.users()).as(sql).isNotNull();
    }

    @Test
    void statementsOnUsersAreParsedWithH2sNames() {
        Users.Statement create = StatementGuard.check("create user if not exists \"Mixed Case\" password 'p' admin").users();
        assertThat(create.op()).isEqualTo(Users.Op.CREATE_USER);
        assertThat(create.user()).as("H2 upper-cases user names, quoted or not").isEqualTo("MIXED CASE");
        assertThat(create.admin()).isTrue();
        assertThat(create.secrets()).contains("p");
        Users.Statement rename = StatementGuard.check("ALTER USER \"alice\" RENAME TO bob").users();
        assertThat(rename.op()).isEqualTo(Users.Op.ALTER_USER_RENAME);
        assertThat(rename.user()).isEqualTo("ALICE");
        assertThat(rename.newName()).isEqualTo("BOB");
        assertThat(StatementGuard.check("ALTER USER u ADMIN FALSE").users().admin()).isFalse();
        assertThat(StatementGuard.check("ALTER USER u SET PASSWORD 'it''s'").users().secrets()).contains("it''s", "it's");
        assertThat(StatementGuard.check("REVOKE ALL ON T FROM public").users().user()).isEqualTo("PUBLIC");
    }

    @Test
    void refusalsOfStatementsOnUsersSayWhy() {
        assertThat(StatementGuard.check("CREATE USER U SALT X'00' HASH X'00'").message()).contains("SALT", "PASSWORD");
        assertThat(StatementGuard.check("CREATE USER U PASSWORD RANDOM_UUID()").message()).contains("string literal or a parameter");
        assertThat(StatementGuard.check("DROP USER PAXOSQL_ADMIN").message()).contains("PAXOSQL_ADMIN", "belongs to the replica");
        assertThat(StatementGuard.check("GRANT ALTER ANY SCHEMA TO U").message()).contains("table rights only");
        assertThat(StatementGuard.check("DROP USER U CASCADE").message()).contains("DROP USER [IF EXISTS] name");
        assertThat(StatementGuard.check("ALTER USER U RENAME TO \"Bob\"").message()).contains("upper case");
    }

    @Test
    void theMessageNamesTheConstruct() {
        assertThat(StatementGuard.check("select csvwrite('/x', 'select 1')").message()).contains("CSVWRITE");
        assertThat(StatementGuard.check("create trigger t before insert on x call 'a'").message()).contains("CREATE TRIGGER");
        assertThat(StatementGuard.check("set write_delay 0").message()).contains("SET WRITE_DELAY");
        assertThat(StatementGuard.check("backup to 'x'").message()).contains("BACKUP");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT 1; SELECT 2",
            "INSERT INTO T VALUES (1); SET AUTOCOMMIT TRUE",
            "SELECT 1 /* a /* nested */ still comment */; DROP TABLE T",
            "COMMIT",
            "ROLLBACK",
            "SAVEPOINT S",
            "BEGIN",
            "START TRANSACTION",
            "PREPARE COMMIT TX",
            "CREATE LOCAL TEMPORARY TABLE T(A INT)",
            "CREATE GLOBAL TEMPORARY TABLE T(A INT)",
            "CREATE MEMORY LOCAL TEMPORARY TABLE T(A INT)",
            "CREATE MEMORY TABLE T(A INT) NOT PERSISTENT",
            "DECLARE LOCAL TEMPORARY TABLE T(A INT)",
            "SELECT CURRVAL('S')",
            "SELECT CURRENT VALUE FOR S",
            "SELECT SESSION_ID()",
            "SELECT TRANSACTION_ID()",
            "SELECT MEMORY_FREE(), MEMORY_USED()",
            "CALL DISK_SPACE_USED('T')",
            "SELECT U&\"FILE\\005FREAD\"('/etc/passwd')",
            "SELECT 'unterminated",
            "SELECT 1 /* unterminated",
            "SELECT \"unterminated",
            "SELECT $$unterminated",
    })
    void refusedAs0A000Or42000(String sql) {
        StatementGuard.Verdict v = StatementGuard.check(sql);
        assertThat(v.kind()).as(sql).isEqualTo(StatementGuard.Kind.REFUSED);
        assertThat(v.sqlState()).as(sql).isIn("0A000", "42000");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT 1",
            "SELECT 1;",
            "SELECT 1 ; -- trailing comment",
            "select * from t where name = 'SCRIPT; BACKUP; SET AUTOCOMMIT TRUE'",
            "SELECT $$ ; $$",
            "SELECT 1 /* ; SHUTDOWN */",
            "SELECT a$$b FROM t",
            "INSERT INTO t(id, name) VALUES (?, ?)",
            "UPDATE t SET script = 1, backup = 2, load = 3, engine = 4 WHERE id = ?",
            "DELETE FROM t WHERE id = 1",
            "MERGE INTO t KEY(id) VALUES (1, 'x')",
            "WITH x AS (SELECT 1) SELECT * FROM x",
            "(SELECT 1) UNION (SELECT 2)",
            "VALUES (1, 2)",
            "TABLE t",
            "CALL ABS(-1)",
            "EXPLAIN SELECT 1",
            "SELECT NEXT VALUE FOR s",
            "SELECT \"current\" FROM t",
            "SELECT 'the current value for s'",
    })
    void queriesAndDmlRunInTheCommandsTransaction(String sql) {
        StatementGuard.Verdict v = StatementGuard.check(sql);
        assertThat(v.kind()).as(sql).isEqualTo(StatementGuard.Kind.TRANSACTIONAL);
        assertThat(v.mayChangeSessionState()).as(sql).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SET SCHEMA s", "SET SCHEMA_SEARCH_PATH a, b", "SET TIME ZONE 'UTC'", "SET TIME ZONE LOCAL", "SET @x = 1",
            "USE s", "SELECT SET(@x, 2)", "SELECT @x := 3",
    })
    void replicatedSessionSettingsAreAllowedAndMarked(String sql) {
        StatementGuard.Verdict v = StatementGuard.check(sql);
        assertThat(v.kind()).as(sql).isEqualTo(StatementGuard.Kind.TRANSACTIONAL);
        assertThat(v.mayChangeSessionState()).as(sql).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "CREATE TABLE t(id INT PRIMARY KEY, script VARCHAR, engine VARCHAR, \"TRIGGER\" INT)",
            "CREATE TABLE IF NOT EXISTS t(a INT)",
            "CREATE CACHED TABLE t(a INT)",
            "CREATE UNIQUE INDEX alias ON t(a)",
            "CREATE SEQUENCE s NO CACHE",
            "CREATE VIEW v AS SELECT * FROM t",
            "CREATE SCHEMA s",
            "ALTER TABLE t ADD COLUMN b INT",
            "DROP TABLE t",
            "TRUNCATE TABLE t",
            "COMMENT ON TABLE t IS 'x'",
            "SOMETHING_UNKNOWN",
    })
    void ddlAndUnknownStatementsAreTreatedAsCommittingOnTheirOwn(String sql) {
        assertThat(StatementGuard.check(sql).kind()).as(sql).isEqualTo(StatementGuard.Kind.AUTO_COMMITTING);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "CREATE VIEW v AS SELECT NEXT VALUE FOR s AS n",
            "create or replace force view v as select * from (select nextval('s')) x",
            "CREATE VIEW v AS SELECT \"NEXTVAL\"('S')",
            "CREATE VIEW v AS SELECT * FROM FINAL TABLE (INSERT INTO t VALUES (1))",
            "CREATE VIEW v AS SELECT * FROM OLD TABLE (DELETE FROM t)",
            "CREATE VIEW v AS SELECT * FROM t FOR UPDATE",
            "CREATE VIEW v AS SELECT SET(@x, 1) AS q",
            "CREATE VIEW v AS SELECT @x := 1 AS q",
            "CREATE VIEW v AS SELECT CANCEL_SESSION(1)",
    })
    void viewsThatWouldChangeSomethingWhenReadAreRefused(String sql) {
        StatementGuard.Verdict v = StatementGuard.check(sql);
        assertThat(v.kind()).as(sql).isEqualTo(StatementGuard.Kind.REFUSED);
        assertThat(v.sqlState()).as(sql).isEqualTo("0A000");
        assertThat(v.message()).as(sql).startsWith("a view may not use ");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "CREATE VIEW v AS SELECT next_id, final, \"FOR\" FROM t WHERE \"UPDATE\" = 1",
            "CREATE VIEW v AS SELECT 'NEXT VALUE FOR s' AS note",
            "CREATE VIEW v AS SELECT @x AS q",
            // A table filled once, by apply, on every replica alike.
            "CREATE TABLE t2 AS SELECT NEXT VALUE FOR s AS n",
    })
    void viewsThatOnlyReadAndOtherStatementsWithTheseWordsAreAllowed(String sql) {
        assertThat(StatementGuard.check(sql).kind()).as(sql).isEqualTo(StatementGuard.Kind.AUTO_COMMITTING);
    }

    @Test
    void theWriteConstructIsNamed() {
        assertThat(StatementGuard.writeConstruct(StatementGuard.tokens("SELECT * FROM (SELECT NEXT VALUE FOR s) x")))
                .isEqualTo("NEXT VALUE FOR");
        assertThat(StatementGuard.writeConstruct(StatementGuard.tokens("SELECT * FROM FINAL TABLE (UPDATE t SET a = 1)")))
                .isEqualTo("FINAL TABLE (a data change delta table)");
        assertThat(StatementGuard.writeConstruct(StatementGuard.tokens("select nextval('s')"))).isEqualTo("NEXTVAL()");
        assertThat(StatementGuard.writeConstruct(StatementGuard.tokens("SELECT * FROM t WHERE id = 1 FOR UPDATE")))
                .isEqualTo("FOR UPDATE");
        assertThat(StatementGuard.writeConstruct(StatementGuard.tokens("SELECT a, b FROM t ORDER BY a"))).isNull();
    }

    /**
     * What the state machine runs inside the command's transaction must really be
     * transactional in H2 (else a crash could keep its effect and lose its bookkeeping).
     * Asks H2's own parser, through its internals.
     */
    @Test
    void everythingClassifiedTransactionalIsTransactionalInH2() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:guard" + System.nanoTime(), "SA", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE T(ID INT PRIMARY KEY, NAME VARCHAR, SCRIPT INT, BACKUP INT, LOAD INT, ENGINE INT)");
            s.execute("CREATE SEQUENCE S");
            s.execute("CREATE SCHEMA S2");
            SessionLocal session = (SessionLocal) c.unwrap(JdbcConnection.class).getSession();
            List<String> statements = List.of(
                    "SELECT 1", "SELECT * FROM T WHERE NAME = ?", "INSERT INTO T(ID, NAME) VALUES (?, ?)",
                    "UPDATE T SET SCRIPT = 1, BACKUP = 2, LOAD = 3, ENGINE = 4 WHERE ID = ?", "DELETE FROM T WHERE ID = 1",
                    "MERGE INTO T KEY(ID) VALUES (1, 'x', 1, 1, 1, 1)", "WITH X AS (SELECT 1) SELECT * FROM X",
                    "(SELECT 1) UNION (SELECT 2)", "VALUES (1, 2)", "TABLE T", "CALL ABS(-1)", "EXPLAIN SELECT 1",
                    "SELECT NEXT VALUE FOR S", "SET SCHEMA S2", "SET SCHEMA_SEARCH_PATH S2, PUBLIC", "SET TIME ZONE 'UTC'",
                    "SET @X = 1", "USE PUBLIC", "SELECT SET(@X, 2)");
            for (String sql : statements) {
                assertThat(StatementGuard.check(sql).kind()).as(sql).isEqualTo(StatementGuard.Kind.TRANSACTIONAL);
                org.h2.command.Command command = session.prepareLocal(sql);
                assertThat(command.isTransactional()).as("H2 runs %s in the transaction", sql).isTrue();
            }
        }
    }
}
