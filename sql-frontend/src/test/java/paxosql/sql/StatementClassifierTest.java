package paxosql.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatementClassifierTest {

    private final StatementClassifier classifier = new StatementClassifier();

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            SELECT * FROM t WHERE id = ?                              | QUERY
            select 1                                                  | QUERY
            WITH x AS (SELECT 1 AS a) SELECT a FROM x                 | QUERY
            VALUES (1), (2)                                           | QUERY
            SELECT a FROM t UNION ALL SELECT b FROM u ORDER BY 1      | QUERY
            (SELECT 1)                                                | QUERY
            EXPLAIN SELECT * FROM t                                   | QUERY
            SHOW TABLES                                               | QUERY
            SELECT NEXT VALUE FOR s                                   | DML
            SELECT * FROM t FOR UPDATE                                | DML
            SELECT * FROM FINAL TABLE (INSERT INTO t VALUES (1))      | DML
            SELECT SET(@v, 1)                                         | DML
            EXPLAIN ANALYZE DELETE FROM t                             | UNKNOWN
            INSERT INTO t VALUES (1)                                  | DML
            UPDATE t SET a = 1                                        | DML
            DELETE FROM t                                             | DML
            MERGE INTO t KEY(id) VALUES (1)                           | DML
            MERGE INTO t USING u ON t.id = u.id WHEN MATCHED THEN DELETE | DML
            CREATE TABLE t(id INT)                                    | DDL
            CREATE INDEX i ON t(a)                                    | DDL
            ALTER TABLE t ADD COLUMN b INT                            | DDL
            DROP TABLE t                                              | DDL
            TRUNCATE TABLE t                                          | DDL
            CREATE SEQUENCE s                                         | DDL
            COMMIT                                                    | TRANSACTION_CONTROL
            ROLLBACK TO SAVEPOINT sp                                  | TRANSACTION_CONTROL
            SAVEPOINT sp                                              | TRANSACTION_CONTROL
            BEGIN                                                     | TRANSACTION_CONTROL
            START TRANSACTION                                         | TRANSACTION_CONTROL
            SET AUTOCOMMIT FALSE                                      | TRANSACTION_CONTROL
            SET SCHEMA s                                              | SESSION_SETTING
            SET TIME ZONE 'UTC'                                       | SESSION_SETTING
            SET @v = 1                                                | SESSION_SETTING
            USE s                                                     | SESSION_SETTING
            CALL ABS(-1)                                              | UNKNOWN
            WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x        | UNKNOWN
            -- only a comment                                        | UNKNOWN
            FROBNICATE t                                              | UNKNOWN
            """)
    void classifies(String sql, StatementKind kind) {
        assertThat(classifier.classify(sql)).isEqualTo(kind);
    }

    @Test
    void aQueryThatTakesASequenceValueIsNeverAQuery() {
        assertThat(classifier.classify("SELECT id, NEXT VALUE FOR s FROM t")).isEqualTo(StatementKind.DML);
        assertThat(classifier.classify("SELECT id FROM t")).isEqualTo(StatementKind.QUERY);
    }

    @Test
    void theFrontEndChecksSecurityBeforeAnythingElse() {
        SqlFrontend frontend = new SqlFrontend();
        assertThatThrownBy(() -> frontend.prepare("INSERT INTO t VALUES (NOW(), FILE_READ('/etc/passwd'))", new Stamp(0, 0)))
                .isInstanceOf(SQLException.class)
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("42501");
    }
}
