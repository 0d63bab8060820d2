package paxosql.sql;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SecurityCheckTest {

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            SELECT FILE_READ('/etc/passwd')                                          | FILE_READ
            SELECT file_read('/etc/passwd', NULL)                                    | FILE_READ
            CALL FILE_WRITE('x', '/tmp/x')                                           | FILE_WRITE
            SELECT * FROM CSVREAD('/tmp/a.csv')                                      | CSVREAD
            CREATE TABLE t AS SELECT * FROM csvread('/tmp/a.csv')                    | CSVREAD
            CALL CSVWRITE('/tmp/a.csv', 'SELECT 1')                                  | CSVWRITE
            RUNSCRIPT FROM '/tmp/x.sql'                                              | RUNSCRIPT
            SCRIPT TO '/tmp/x.sql'                                                   | SCRIPT TO
            BACKUP TO '/tmp/x.zip'                                                   | BACKUP TO
            CALL LINK_SCHEMA('S', '', 'jdbc:h2:mem:x', 'sa', '', 'PUBLIC')            | LINK_SCHEMA
            CREATE LINKED TABLE l('', 'jdbc:h2:mem:x', 'sa', '', 'T')                | CREATE LINKED TABLE
            CREATE FORCE LINKED TABLE l('', 'jdbc:h2:mem:x', 'sa', '', 'T')          | CREATE LINKED TABLE
            CREATE ALIAS my_exec AS $$ String e(String c) { return c; } $$           | CREATE ALIAS ... AS
            CREATE ALIAS IF NOT EXISTS gc FOR 'java.lang.System.gc'                  | CREATE ALIAS ... FOR
            CREATE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW CALL 'com.evil.Trg'   | CREATE TRIGGER ... CALL
            CREATE TRIGGER trg BEFORE INSERT ON t AS $$ org.h2.api.Trigger x; $$     | CREATE TRIGGER ... AS
            CREATE AGGREGATE agg FOR 'com.evil.Agg'                                  | CREATE AGGREGATE
            CREATE TABLE t(id INT) ENGINE "com.evil.Engine"                          | ENGINE
            SHUTDOWN                                                                 | SHUTDOWN
            CHECKPOINT SYNC                                                          | CHECKPOINT
            EXECUTE IMMEDIATE CONCAT('CALL FILE', '_READ(''x'')')                     | EXECUTE IMMEDIATE
            LOAD 'x'                                                                 | LOAD
            ANALYZE                                                                  | ANALYZE
            SELECT DATABASE_PATH()                                                   | DATABASE_PATH
            SELECT * FROM PAXOSQL_META.applied                                       | PAXOSQL_META
            DROP ALL OBJECTS                                                         | DROP ALL OBJECTS
            SET WRITE_DELAY 0                                                        | SET WRITE_DELAY
            SET EXCLUSIVE 1                                                          | SET EXCLUSIVE
            SELECT U&"FIL\\0045_READ"('x')                                           | U&"
            SELECT 1 /* FILE_READ hides in a comment */                              | FILE_READ
            """)
    void refusedWith42501NamingTheConstruct(String sql, String construct) {
        assertThatThrownBy(() -> SecurityCheck.check(sql))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining(construct)
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("42501");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT * FROM t WHERE name = 'file'",
        "INSERT INTO t VALUES (1, 'x')",
        "CREATE TABLE backup_log(id INT PRIMARY KEY, script VARCHAR(100))",
        "CREATE INDEX i_script ON backup_log(script)",
        "CREATE SEQUENCE s NO CACHE",
        "SET SCHEMA PUBLIC",
        "SET TIME ZONE 'UTC'",
        "SET @v = 1",
        "DROP TABLE t",
        "CREATE VIEW v AS SELECT 1 AS one",
        "UPDATE t SET name = 'linked' WHERE id = ?",
    })
    void ordinaryStatementsPass(String sql) {
        assertThatCode(() -> SecurityCheck.check(sql)).doesNotThrowAnyException();
    }
}
