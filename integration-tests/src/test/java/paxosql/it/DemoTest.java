package paxosql.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import paxosql.replica.local.LocalCluster;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code paxosql demo --script}: three real replicas, the script through the JDBC URL, and the group stopped afterwards. */
class DemoTest {
    @TempDir
    Path dir;

    @Test
    void demoRunsAScriptOnALocalGroupAndStopsIt() throws Exception {
        Path script = dir.resolve("demo.sql");
        Files.writeString(script, "CREATE TABLE greeting(id INT PRIMARY KEY, text VARCHAR);\n"
                + "INSERT INTO greeting VALUES (1, 'hello'),\n (2, 'replicated world');\n"
                + "SELECT * FROM greeting ORDER BY id;\n");
        Path group = dir.resolve("group");
        Cli.Run run = Cli.run("demo", "--script", script.toString(), "--dir", group.toString());
        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).contains("2 rows affected").contains("replicated world").contains("(2 rows)");
        LocalCluster cluster = new LocalCluster(group);
        for (int id = 1; id <= 3; id++) assertThat(cluster.process(id)).as("node " + id + " stopped by the demo").isEmpty();
    }

    @Test
    void aFailingScriptExitsNonZeroAndStillStopsTheGroup() throws Exception {
        Path script = dir.resolve("bad.sql");
        Files.writeString(script, "CREATE TABLE t(id INT PRIMARY KEY);\nINSERT INTO t VALUES (1);\nINSERT INTO t VALUES (1);\nSELECT 1;\n");
        Path group = dir.resolve("group2");
        Cli.Run run = Cli.run("demo", "--script", script.toString(), "--dir", group.toString());
        assertThat(run.exit()).as(run.out()).isEqualTo(1);
        assertThat(run.out()).contains("ERROR 23505");
        LocalCluster cluster = new LocalCluster(group);
        for (int id = 1; id <= 3; id++) assertThat(cluster.process(id)).isEmpty();
    }
}
