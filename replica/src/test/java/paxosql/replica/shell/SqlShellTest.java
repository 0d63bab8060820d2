package paxosql.replica.shell;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;

import static org.assertj.core.api.Assertions.assertThat;

class SqlShellTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int script(Connection c, String text) throws Exception {
        SqlShell shell = new SqlShell(c, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                () -> "STATUS TABLE\n", 0);
        return shell.runScript(new BufferedReader(new StringReader(text)));
    }

    @Test
    void aScriptRunsStatementsAndPrintsTablesCountsAndTimes() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:shell1")) {
            int exit = script(c, "CREATE TABLE t(id INT PRIMARY KEY,\n v VARCHAR);\nINSERT INTO t VALUES (1, 'a'), (2, 'b');\n"
                    + "\\status\nSELECT * FROM t ORDER BY id;");
            assertThat(exit).isZero();
            String printed = out.toString(StandardCharsets.UTF_8);
            assertThat(printed).contains("2 rows affected").contains("STATUS TABLE").contains("ID | V").contains("(2 rows)")
                    .containsPattern("\\d+\\.\\d ms");
            assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        }
    }

    @Test
    void aScriptStopsAtTheFirstErrorWithANonZeroExit() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:shell2")) {
            int exit = script(c, "CREATE TABLE t(id INT PRIMARY KEY);\nINSERT INTO t VALUES (1);\nINSERT INTO t VALUES (1);\n"
                    + "INSERT INTO t VALUES (2);");
            assertThat(exit).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("ERROR 23505");
            try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM t")) {
                rs.next();
                assertThat(rs.getInt(1)).as("nothing after the failing statement ran").isEqualTo(1);
            }
        }
    }

    @Test
    void interactiveErrorsAreNotFatalAndQuitEnds() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:shell3")) {
            SqlShell shell = new SqlShell(c, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), () -> "", 0);
            java.util.Iterator<String> lines = java.util.List.of("SELEKT 1;", "\\nope", "SELECT 41 + 1;", "\\q", "SELECT 2;").iterator();
            int exit = shell.runInteractive(prompt -> lines.hasNext() ? lines.next() : null);
            assertThat(exit).isZero();
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("ERROR 42").contains("unknown command \\nope");
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("42").doesNotContain("(1 row)\n2");
            assertThat(lines.next()).as("\\q stopped reading").isEqualTo("SELECT 2;");
        }
    }
}
