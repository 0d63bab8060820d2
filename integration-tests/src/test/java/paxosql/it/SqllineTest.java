package paxosql.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * sqlline, a generic JDBC shell, as its own process whose class path is sqlline's own
 * dependencies (JLine 3) and the self-contained driver jar: nothing of this build's class path,
 * where the JLine 4 of {@code paxosql shell} lives.
 */
class SqllineTest extends GroupTest {
    private static final String CREATE_FRUIT = "CREATE TABLE fruit(id INT PRIMARY KEY, name VARCHAR(20) NOT NULL);";

    @Test
    void sqllineRunsAScriptThatCreatesInsertsAndSelects() throws Exception {
        assertThatThrownBy(() -> Class.forName("sqlline.SqlLine")).as("sqlline is not on the test class path")
                .isInstanceOf(ClassNotFoundException.class);
        String url = startGroup();
        Cli.Run run = sqlline(url, script(
                CREATE_FRUIT,
                "INSERT INTO fruit VALUES (1, 'apple'), (2, 'banana');",
                "SELECT id, name FROM fruit ORDER BY id;"));
        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).contains("2 rows affected")
                .contains("'ID','NAME'\n'1','apple'\n'2','banana'\n2 rows selected")
                .doesNotContain("Aborting command set");
        Checksums.assertAllEqual(url, 3);
    }

    @Test
    void sqllineListsTablesAndColumnsThroughDatabaseMetaData() throws Exception {
        String url = startGroup();
        Cli.Run run = sqlline(url, script(CREATE_FRUIT, "!tables", "!columns FRUIT"));
        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).doesNotContain("Error:")
                .contains("'PUBLIC','FRUIT','TABLE'")
                .contains("'PUBLIC','FRUIT','ID','4','INTEGER'")
                .contains("'PUBLIC','FRUIT','NAME','12','CHARACTER VARYING'");
    }

    @Test
    void sqllineExitsNonZeroWhenAStatementOfItsScriptFails() throws Exception {
        String url = startGroup();
        Cli.Run run = sqlline(url, script("CREATE TABLE once(id INT PRIMARY KEY);", "INSERT INTO once VALUES (1);",
                "INSERT INTO once VALUES (1);", "SELECT 'not reached';"));
        assertThat(run.exit()).as(run.out()).isNotZero();
        assertThat(run.out()).contains("state=23505").contains("Aborting command set").doesNotContain("not reached");
    }

    private Path script(String... lines) throws Exception {
        return Files.writeString(Files.createTempFile(dir, "script", ".sql"), String.join("\n", lines) + "\n");
    }

    /** sqlline -f SCRIPT against the group, CSV output; prints what it printed. */
    private static Cli.Run sqlline(String url, Path script) throws Exception {
        List<Path> classPath = new ArrayList<>(ClientJars.sqlline());
        classPath.add(ClientJars.shadedDriver());
        classPath.add(ClientJars.slf4jApi());
        Cli.Run run = Cli.java(ClientJars.classPath(classPath), List.of("sqlline.SqlLine", "-u", url, "-n", "sa", "-p", "",
                "--outputformat=csv", "--showWarnings=false", "-f", script.toString()));
        System.out.println("sqlline -f " + script.getFileName() + ": exit " + run.exit() + "\n" + run.out().strip());
        return run;
    }
}
