package paxosql.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import paxosql.consensus.core.CommitMode;
import paxosql.driver.client.GroupClient;
import paxosql.driver.protocol.ExecResult;
import paxosql.driver.protocol.SqlValue;
import paxosql.replica.local.LocalCluster;

import java.sql.SQLException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A real 3-process group on 127.0.0.1 answering clients through its client ports. */
class ReplicaGroupTest extends GroupTest {

    @Test
    void clientWritesReadsAndEveryReplicaReportsTheSameState() throws Exception {
        cluster = new LocalCluster(dir.resolve("group"));
        cluster.start(3, false, 0, CommitMode.SIMPLIFIED);
        cluster.awaitLeader(Duration.ofSeconds(60));

        try (GroupClient c = GroupClient.connect(cluster.clientAddresses(), "sa", "", GroupClient.Options.defaults())) {
            assertThat(c.connectedReplicas()).isEqualTo(3);
            assertThat(c.execute("CREATE TABLE t(id INT PRIMARY KEY, v VARCHAR)")).isInstanceOf(ExecResult.UpdateCount.class);
            for (int i = 1; i <= 50; i++) {
                ExecResult r = c.execute("INSERT INTO t VALUES (?, ?)", SqlValue.of(i), SqlValue.of("v" + i));
                assertThat(r).isInstanceOfSatisfying(ExecResult.UpdateCount.class, u -> assertThat(u.count()).isEqualTo(1));
            }
            ExecResult dup = c.execute("INSERT INTO t VALUES (1, 'again')");
            assertThat(dup).isInstanceOfSatisfying(ExecResult.Failure.class, f -> assertThat(f.sqlState()).isEqualTo("23505"));
            GroupClient.ReadResult session = c.readSession("SELECT COUNT(*) FROM t");
            assertThat(session.applied()).as("read at or after the last write's instance").isGreaterThanOrEqualTo(c.lastApplied())
                    .isPositive();
            assertThat(session.result()).as("read-your-writes outside the log").isInstanceOfSatisfying(ExecResult.Rows.class,
                    rows -> assertThat(rows.rows().get(0).get(0)).isEqualTo(SqlValue.of(50L)));
            ExecResult count = c.execute("SELECT COUNT(*) FROM t");
            assertThat(count).isInstanceOfSatisfying(ExecResult.Rows.class,
                    rows -> assertThat(rows.rows().get(0).get(0)).isEqualTo(SqlValue.of(50L)));
        }

        assertThatThrownBy(() -> GroupClient.connect(cluster.clientAddresses(), "sa", "wrong", GroupClient.Options.defaults()))
                .isInstanceOf(SQLException.class).extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("28P01");

        JsonNode status = Cli.statusJson(cluster.jdbcUrl());
        assertThat(status.get("members").size()).isEqualTo(3);
        long applied = -1;
        for (JsonNode m : status.get("members")) {
            assertThat(m.get("up").asBoolean()).isTrue();
            if (applied < 0) applied = m.get("applied").asLong();
        }
        assertThat(status.get("leader").isNull()).isFalse();
        Checksums.assertAllEqual(cluster.jdbcUrl(), 3);
    }

    @Test
    void aLearnerReceivesEveryCommandAndServesStaleReads() throws Exception {
        cluster = new LocalCluster(dir.resolve("learners"));
        cluster.start(3, false, 1, CommitMode.SIMPLIFIED);
        cluster.awaitLeader(Duration.ofSeconds(60));
        int learner = 4;
        try (GroupClient c = GroupClient.connect(cluster.clientAddresses(), "sa", "", GroupClient.Options.defaults())) {
            assertThat(c.connectedReplicas()).as("voters and the learner").isEqualTo(4);
            c.execute("CREATE TABLE t(id INT PRIMARY KEY)");
            for (int i = 1; i <= 20; i++) c.execute("INSERT INTO t VALUES (?)", SqlValue.of(i));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            GroupClient.ReadResult read = null;
            while (System.nanoTime() < deadline) {
                read = c.readFrom(learner, "SELECT COUNT(*) FROM t");
                if (read.result() instanceof ExecResult.Rows rows && SqlValue.of(20L).equals(rows.rows().get(0).get(0))) break;
                Thread.sleep(50);
            }
            assertThat(read.result()).as("the learner's own state").isInstanceOfSatisfying(ExecResult.Rows.class,
                    rows -> assertThat(rows.rows().get(0).get(0)).isEqualTo(SqlValue.of(20L)));
            assertThat(read.applied()).isPositive();
            ExecResult write = c.readFrom(learner, "DELETE FROM t").result();
            assertThat(write).as("a write sent as a read").isInstanceOfSatisfying(ExecResult.Failure.class,
                    f -> assertThat(f.sqlState()).isEqualTo("25006"));
        }
        assertThat(cluster.status(learner).orElseThrow().role()).isEqualTo("learner");
        Checksums.assertAllEqual(cluster.jdbcUrl(), 4);
    }
}
