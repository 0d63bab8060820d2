package paxosql.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DeterministicRewriterTest {

    /** 2026-11-30T00:12:30.123Z */
    static final Stamp STAMP = new Stamp(1_795_997_550_123L, 0x5EEDL);

    private static final AtomicInteger DB = new AtomicInteger();

    private final DeterministicRewriter rewriter = new DeterministicRewriter();

    static Connection freshDatabase() throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:h2:mem:rw" + DB.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
        try (Statement s = c.createStatement()) {
            s.execute("SET TIME ZONE 'UTC'");
            s.execute("CREATE TABLE t(id INT PRIMARY KEY, v VARCHAR(100), ts TIMESTAMP WITH TIME ZONE, lts TIMESTAMP, "
                    + "d DATE, tm TIME WITH TIME ZONE, ltm TIME, r DOUBLE PRECISION, u UUID)");
            s.execute("INSERT INTO t(id, v) VALUES (1, 'one'), (2, 'two'), (3, 'three')");
        }
        return c;
    }

    @ParameterizedTest(name = "{0} in {2}")
    @CsvSource(delimiter = '|', textBlock = """
            CURRENT_TIMESTAMP    | ts  | VALUES
            CURRENT_TIMESTAMP(3) | ts  | VALUES
            NOW()                | lts | VALUES
            LOCALTIMESTAMP       | lts | VALUES
            CURRENT_DATE         | d   | VALUES
            CURRENT_TIME         | tm  | VALUES
            LOCALTIME            | ltm | VALUES
            RAND()               | r   | VALUES
            RANDOM()             | r   | VALUES
            RANDOM_UUID()        | u   | VALUES
            UUID()               | u   | VALUES
            CURRENT_TIMESTAMP    | ts  | SET
            NOW()                | lts | SET
            LOCALTIMESTAMP       | lts | SET
            CURRENT_DATE         | d   | SET
            CURRENT_TIME         | tm  | SET
            LOCALTIME            | ltm | SET
            RAND()               | r   | SET
            RANDOM()             | r   | SET
            RANDOM_UUID()        | u   | SET
            UUID()               | u   | SET
            CURRENT_TIMESTAMP    | ts  | WHERE
            NOW()                | lts | WHERE
            LOCALTIMESTAMP       | lts | WHERE
            CURRENT_DATE         | d   | WHERE
            CURRENT_TIME         | tm  | WHERE
            LOCALTIME            | ltm | WHERE
            RAND()               | r   | WHERE
            RANDOM()             | r   | WHERE
            RANDOM_UUID()        | u   | WHERE
            UUID()               | u   | WHERE
            CURRENT_TIMESTAMP    | ts  | SUBQUERY
            NOW()                | lts | SUBQUERY
            LOCALTIMESTAMP       | lts | SUBQUERY
            CURRENT_DATE         | d   | SUBQUERY
            CURRENT_TIME         | tm  | SUBQUERY
            LOCALTIME            | ltm | SUBQUERY
            RAND()               | r   | SUBQUERY
            RANDOM()             | r   | SUBQUERY
            RANDOM_UUID()        | u   | SUBQUERY
            UUID()               | u   | SUBQUERY
            """)
    void eachFunctionIsReplacedAndTheResultRunsTheSameTwice(String function, String column, String where) throws Exception {
        String sql = switch (where) {
            case "VALUES" -> "INSERT INTO t(id, " + column + ") VALUES (10, " + function + ")";
            case "SET" -> "UPDATE t SET " + column + " = " + function + " WHERE id = 2";
            case "WHERE" -> "UPDATE t SET v = 'hit' WHERE " + column + " IS NULL AND " + function + " IS NOT NULL";
            default -> "INSERT INTO t(id, " + column + ") SELECT 20, (SELECT MAX(" + function + ") FROM t WHERE id < 3) FROM t WHERE id = 1";
        };
        Rewritten r = rewriter.rewrite(sql, STAMP);
        assertThat(r.replaced()).containsExactly(function);
        assertThat(r.sql().toUpperCase()).doesNotContain(function.toUpperCase().replace("()", "(").replace("(3)", "("));
        assertThat(rewriter.rewrite(sql, STAMP).sql()).isEqualTo(r.sql());
        assertThat(rewriter.rewrite(sql, new Stamp(STAMP.millis() + 86_401_001L, STAMP.seed() + 1)).sql()).isNotEqualTo(r.sql());
        List<List<String>> results = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            try (Connection c = freshDatabase(); Statement s = c.createStatement()) {
                s.executeUpdate(r.sql());
                results.add(rows(s, "SELECT * FROM t ORDER BY id"));
            }
        }
        assertThat(results.get(0)).isEqualTo(results.get(1));
        assertThat(String.join("\n", results.get(0))).contains(where.equals("WHERE") ? "hit" : "");
    }

    /** The rows of a query as text. */
    static List<String> rows(Statement s, String query) throws SQLException {
        return rows(s.executeQuery(query));
    }

    static List<String> rows(ResultSet results) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = results) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) row.append(rs.getString(i)).append('|');
                out.add(row.toString());
            }
        }
        return out;
    }

    @Test
    void theValuesComeFromTheStamp() throws Exception {
        Rewritten r = rewriter.rewrite("INSERT INTO t(id, ts, lts, d, tm, ltm, r, u) VALUES (10, CURRENT_TIMESTAMP, NOW(), "
                + "CURRENT_DATE, CURRENT_TIME, LOCALTIME, RAND(), RANDOM_UUID())", STAMP);
        assertThat(r.replaced()).containsExactly("CURRENT_TIMESTAMP", "NOW()", "CURRENT_DATE", "CURRENT_TIME", "LOCALTIME",
                "RAND()", "RANDOM_UUID()");
        try (Connection c = freshDatabase(); Statement s = c.createStatement()) {
            s.executeUpdate(r.sql());
            try (ResultSet rs = s.executeQuery("SELECT ts, lts, d, tm, ltm, r, u FROM t WHERE id = 10")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getObject(1, OffsetDateTime.class).toInstant()).isEqualTo(STAMP.instant());
                assertThat(rs.getString(2)).isEqualTo("2026-11-30 00:12:30.123");
                assertThat(rs.getString(3)).isEqualTo("2026-11-30");
                assertThat(rs.getString(4)).isEqualTo("00:12:30+00");
                assertThat(rs.getString(5)).isEqualTo("00:12:30");
                assertThat(rs.getDouble(6)).isBetween(0.0, 1.0);
                UUID u = rs.getObject(7, UUID.class);
                assertThat(u.version()).isEqualTo(4);
                assertThat(u).isEqualTo(DeterministicRewriter.uuid(4, STAMP, 6));
            }
        }
    }

    @Test
    void eachOccurrenceGetsItsOwnRandomValue() throws Exception {
        Rewritten r = rewriter.rewrite("SELECT RAND(), RAND(), RANDOM_UUID(), RANDOM_UUID(7), RANDOM_UUID() FROM t", STAMP);
        try (Connection c = freshDatabase(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(r.sql())) {
            rs.next();
            assertThat(rs.getDouble(1)).isNotEqualTo(rs.getDouble(2));
            assertThat(rs.getString(3)).isNotEqualTo(rs.getString(5));
            UUID v7 = rs.getObject(4, UUID.class);
            assertThat(v7.version()).isEqualTo(7);
            assertThat(v7.getMostSignificantBits() >>> 16).isEqualTo(STAMP.millis());
        }
    }

    @Test
    void parameterMarkersSurviveAndBind() throws Exception {
        Rewritten r = rewriter.rewrite("UPDATE t SET v = CAST(RANDOM_UUID() AS VARCHAR), ts = CURRENT_TIMESTAMP WHERE id = ? OR id = ?", STAMP);
        assertThat(r.sql()).endsWith(" WHERE id = ? OR id = ?").startsWith("UPDATE t SET v = CAST(CAST('");
        try (Connection c = freshDatabase(); PreparedStatement p = c.prepareStatement(r.sql())) {
            p.setInt(1, 1);
            p.setInt(2, 3);
            assertThat(p.executeUpdate()).isEqualTo(2);
        }
    }

    @Test
    void identifiersKeepTheirCaseAndQuotingAndTheRestIsUntouched() throws Exception {
        String sql = "INSERT INTO \"MixedCase\"(\"Id\", lower_col, \"CURRENT_DATE\") VALUES (1, /* NOW() */ 'CURRENT_TIMESTAMP', LOCALTIMESTAMP) -- RAND()";
        Rewritten r = rewriter.rewrite(sql, STAMP);
        assertThat(r.replaced()).containsExactly("LOCALTIMESTAMP");
        assertThat(r.sql()).isEqualTo("INSERT INTO \"MixedCase\"(\"Id\", lower_col, \"CURRENT_DATE\") VALUES (1, /* NOW() */ "
                + "'CURRENT_TIMESTAMP', CAST(TIMESTAMP WITH TIME ZONE '2026-11-30 00:12:30.123000+00:00' AS TIMESTAMP(6))) -- RAND()");
        try (Connection c = freshDatabase(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE \"MixedCase\"(\"Id\" INT, lower_col VARCHAR(20), \"CURRENT_DATE\" TIMESTAMP)");
            s.executeUpdate(r.sql());
            assertThat(rows(s, "SELECT * FROM \"MixedCase\"")).containsExactly("1|CURRENT_TIMESTAMP|2026-11-30 00:12:30.123|");
        }
    }

    @Test
    void unicodeEscapedLiteralsSurvive() throws Exception {
        Rewritten r = rewriter.rewrite("INSERT INTO t(id, v, d) VALUES (7, U&'\\00e9t\\00e9', CURRENT_DATE)", STAMP);
        assertThat(r.sql()).isEqualTo("INSERT INTO t(id, v, d) VALUES (7, U&'\\00e9t\\00e9', CAST(TIMESTAMP WITH TIME ZONE '2026-11-30 00:12:30+00:00' AS DATE))");
        try (Connection c = freshDatabase(); Statement s = c.createStatement()) {
            s.executeUpdate(r.sql());
            assertThat(rows(s, "SELECT v, d FROM t WHERE id = 7")).containsExactly("été|2026-11-30|");
        }
    }

    @Test
    void positionsHoldAcrossLinesTabsAndLowerCase() throws Exception {
        String sql = "UPDATE t\r\n\tSET ts =\tcurrent_timestamp,\n\t\tr = rand()\r\tWHERE id = 1";
        Rewritten r = rewriter.rewrite(sql, STAMP);
        assertThat(r.replaced()).containsExactly("current_timestamp", "rand()");
        assertThat(r.sql()).startsWith("UPDATE t\r\n\tSET ts =\t(TIMESTAMP WITH TIME ZONE '2026-11-30 00:12:30.123000+00:00' AT LOCAL),\n\t\tr = CAST(")
                .endsWith(" AS DOUBLE PRECISION)\r\tWHERE id = 1");
    }

    @Test
    void precisionIsHonoured() throws Exception {
        assertThat(rewriter.rewrite("SELECT CURRENT_TIMESTAMP(0), LOCALTIME(2)", STAMP).sql())
                .isEqualTo("SELECT (TIMESTAMP WITH TIME ZONE '2026-11-30 00:12:30+00:00' AT LOCAL), "
                        + "CAST(TIMESTAMP WITH TIME ZONE '2026-11-30 00:12:30.12+00:00' AS TIME(2))");
    }

    @Test
    void deterministicStatementsComeBackUnchanged() throws Exception {
        String sql = "SELECT id, RAND(42) FROM t WHERE v LIKE 'now%' ORDER BY id";
        Rewritten r = rewriter.rewrite(sql, STAMP);
        assertThat(r.sql()).isSameAs(sql);
        assertThat(r.replaced()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "CREATE INDEX i_v ON t(v)",
        "CREATE UNIQUE INDEX IF NOT EXISTS i_u ON t(u)",
        "ALTER TABLE t ADD COLUMN extra VARCHAR(10) DEFAULT 'x'",
        "CREATE SEQUENCE s START WITH 5 NO CACHE",
        "CREATE TABLE a(id INT PRIMARY KEY AUTO_INCREMENT, v VARCHAR(10))",
        "MERGE INTO t KEY(id) VALUES (1, 'x', NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
        "DELETE FROM t WHERE id IN (SELECT id FROM t ORDER BY id LIMIT 1)",
    })
    void unparseableButDeterministicStatementsPassUnchanged(String sql) throws Exception {
        Rewritten r = rewriter.rewrite(sql, STAMP);
        assertThat(r.sql()).isEqualTo(sql);
        try (Connection c = freshDatabase(); Statement s = c.createStatement()) {
            s.execute(r.sql());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            DELETE FROM t WHERE id IN (SELECT id FROM t LIMIT 3)                           | LIMIT
            INSERT INTO t(id) SELECT id + 10 FROM t FETCH FIRST 2 ROWS ONLY                | FETCH
            UPDATE t SET v = 'x' WHERE id IN (SELECT id FROM t OFFSET 1 ROWS)              | OFFSET
            DELETE FROM t LIMIT 1                                                          | LIMIT
            UPDATE TOP (1) t SET v = 'x'                                                   | TOP
            INSERT INTO t(id, r) VALUES (1, SECURE_RAND(8))                                | SECURE_RAND()
            SELECT SESSION_ID()                                                            | SESSION_ID()
            SELECT SYSDATE                                                                 | SYSDATE
            INSERT INTO t(id, ts) VALUES (1, SYSTIMESTAMP)                                 | SYSTIMESTAMP
            SELECT 1; SELECT 2                                                             | one statement
            INSERT INTO t(id, v) VALUES (1, CAST(AUTOCOMMIT() AS VARCHAR))                 | AUTOCOMMIT()
            UPDATE t SET v = CAST(LAST_INSERT_ID() AS VARCHAR)                             | LAST_INSERT_ID()
            INSERT INTO t(id) VALUES (CURRENT VALUE FOR s)                                 | CURRENT VALUE FOR
            SELECT CURRVAL('s')                                                            | CURRVAL()
            """)
    void refusedWith0A000NamingTheConstruct(String sql, String construct) {
        assertThatThrownBy(() -> rewriter.rewrite(sql, STAMP))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining(construct)
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("0A000");
    }

    @Test
    void limitWithOrderByInDmlAndLimitInQueriesPass() throws Exception {
        String delete = "DELETE FROM t WHERE id IN (SELECT id FROM t ORDER BY id FETCH FIRST 2 ROWS ONLY)";
        assertThat(rewriter.rewrite(delete, STAMP).sql()).isEqualTo(delete);
        String query = "SELECT id FROM t LIMIT 2";
        assertThat(rewriter.rewrite(query, STAMP).sql()).isEqualTo(query);
    }

    @Test
    void aNewStampReusesTheParse() throws Exception {
        ParsedStatements cache = new ParsedStatements(100);
        DeterministicRewriter r = new DeterministicRewriter(cache);
        String sql = "INSERT INTO t(id, ts) VALUES (?, CURRENT_TIMESTAMP)";
        String first = r.rewrite(sql, new Stamp(0, 1)).sql();
        String second = r.rewrite(sql, new Stamp(86_400_000L, 2)).sql();
        assertThat(first).contains("1970-01-01 00:00:00");
        assertThat(second).contains("1970-01-02 00:00:00");
        assertThat(cache.stats().missCount()).isEqualTo(1);
        assertThat(cache.stats().hitCount()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            MERGE INTO t KEY(id) VALUES (1, 'x', NOW(), NULL, NULL, NULL, NULL, NULL, NULL) | NOW()
            CREATE TABLE a(id INT, ts TIMESTAMP DEFAULT CURRENT_TIMESTAMP)                | CURRENT_TIMESTAMP
            ALTER TABLE t ADD COLUMN u2 UUID DEFAULT RANDOM_UUID()                         | RANDOM_UUID()
            CREATE TABLE a(id INT, ts TIMESTAMP DEFAULT (LOCALTIMESTAMP))                  | LOCALTIMESTAMP
            CREATE TABLE a(id INT, ts TIMESTAMP ON UPDATE CURRENT_TIMESTAMP)               | CURRENT_TIMESTAMP
            SELECT CURRENT_TIMESTAMP FOR UPDATE                                            | CURRENT_TIMESTAMP
            CREATE VIEW w AS SELECT CURRENT_DATE AS d                                      | CURRENT_DATE
            CREATE TABLE a(d DATE, CHECK (d <= CURRENT_DATE))                              | CURRENT_DATE
            """)
    void whatCalciteCannotParseCallsTheStampFunctions(String sql, String construct) throws Exception {
        Rewritten r = rewriter.rewrite(sql, STAMP);
        assertThat(r.replaced()).containsExactly(construct);
        assertThat(r.sql()).contains("PAXOSQL.STAMP_").doesNotContain(construct);
        try (Connection c = freshDatabase(); Statement s = c.createStatement()) {
            for (String d : StampFunctions.definitions()) s.execute(d);
            StampFunctions.applying(STAMP, () -> s.execute(r.sql()));
        }
    }

    @Test
    void localValuesFollowTheSessionTimeZoneLikeH2sOwnFunctions() throws Exception {
        Rewritten r = rewriter.rewrite("SELECT CURRENT_TIMESTAMP, LOCALTIMESTAMP(3), CURRENT_DATE, CURRENT_TIME, LOCALTIME", STAMP);
        try (Connection c = freshDatabase(); Statement s = c.createStatement()) {
            s.execute("SET TIME ZONE 'Europe/Paris'");
            assertThat(rows(s, r.sql())).containsExactly(
                    "2026-11-30 01:12:30.123+01|2026-11-30 01:12:30.123|2026-11-30|01:12:30+01|01:12:30|");
            s.execute("SET TIME ZONE 'America/Los_Angeles'");
            assertThat(rows(s, r.sql())).containsExactly(
                    "2026-11-29 16:12:30.123-08|2026-11-29 16:12:30.123|2026-11-29|16:12:30-08|16:12:30|");
        }
    }

    @Test
    void aStatementCalciteCannotParseGetsCallsThatReadTheStampOfTheCommandBeingApplied() throws Exception {
        Rewritten r = rewriter.rewrite("CREATE TABLE a(id INT PRIMARY KEY, ts TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP, "
                + "lts TIMESTAMP DEFAULT (LOCALTIMESTAMP(2)), u UUID DEFAULT RANDOM_UUID(7), r DOUBLE DEFAULT RAND(), "
                + "up TIMESTAMP ON UPDATE NOW(), k INT DEFAULT RAND(5))", STAMP);
        assertThat(r.replaced()).containsExactly("CURRENT_TIMESTAMP", "LOCALTIMESTAMP(2)", "RANDOM_UUID(7)", "RAND()", "NOW()");
        assertThat(r.sql()).contains("DEFAULT (PAXOSQL.STAMP_TIMESTAMP(6) AT LOCAL)", "DEFAULT RAND(5)",
                "DEFAULT PAXOSQL.STAMP_UUID(7)", "DEFAULT PAXOSQL.STAMP_RAND()");
        List<List<String>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            try (Connection c = freshDatabase(); Statement s = c.createStatement()) {
                for (String d : StampFunctions.definitions()) s.execute(d);
                s.execute(r.sql());
                StampFunctions.applying(STAMP, () -> s.executeUpdate("INSERT INTO a(id) VALUES (1), (2)"));
                StampFunctions.applying(new Stamp(STAMP.millis() + 1000, 7), () -> s.executeUpdate("UPDATE a SET k = 99 WHERE id = 2"));
                runs.add(rows(s, "SELECT * FROM a ORDER BY id"));
            }
        }
        assertThat(runs.get(0)).isEqualTo(runs.get(1));
        assertThat(runs.get(0).get(0)).startsWith("1|2026-11-30 00:12:30.123|2026-11-30 00:12:30.12|");
        assertThat(runs.get(0).get(1)).startsWith("2|2026-11-30 00:12:30.123|").contains("|2026-11-30 00:12:31.123|99|");
        assertThat(runs.get(0).get(0).split("\\|")[3]).isNotEqualTo(runs.get(0).get(1).split("\\|")[3]); // a UUID per row
    }
}
