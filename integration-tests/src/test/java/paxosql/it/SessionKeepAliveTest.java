package paxosql.it;

import org.junit.jupiter.api.Test;
import paxosql.consensus.core.CommitMode;
import paxosql.driver.client.GroupClient;
import paxosql.driver.protocol.ExecResult;
import paxosql.replica.local.LocalCluster;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions expire through the log, by the group's clock; a session that only reads from
 * replicas' states (readConsistency session or stale) sends nothing through the log, so the
 * client keeps it alive with a no-op now and then. Shown against a control session without
 * the keep-alive, which the group does close.
 */
class SessionKeepAliveTest extends GroupTest {

    @Test
    void aSessionThatOnlyReadsFromReplicasIsKeptAliveAndOneWithoutKeepAliveExpires() throws Exception {
        cluster = new LocalCluster(dir.resolve("group"));
        cluster.start(3, false, 0, CommitMode.SIMPLIFIED, List.of("--session-idle-seconds", "15"));
        cluster.awaitLeader(Duration.ofSeconds(60));
        GroupClient.Options base = new GroupClient.Options(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofMillis(300));
        try (GroupClient kept = GroupClient.connect(cluster.clientAddresses(), "sa", "", base.withKeepAlive(Duration.ofSeconds(1)));
             GroupClient control = GroupClient.connect(cluster.clientAddresses(), "sa", "", base.withKeepAlive(Duration.ofHours(1)))) {
            assertThat(kept.execute("CREATE TABLE t(id INT PRIMARY KEY)")).isInstanceOf(ExecResult.UpdateCount.class);
            assertThat(control.execute("INSERT INTO t VALUES (1)")).isInstanceOf(ExecResult.UpdateCount.class);
            int node = kept.memberIds().get(0);
            String controlFailure = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(50).toNanos();
            int reads = 0;
            // The leader ticks every 10 s; a session idle for 15 s of the group's time is closed at the next
            // tick. (A session counts as active at the group's time of its last command, which lags the
            // wall clock by up to a tick: idle limits must be well above the tick.)
            while (System.nanoTime() < deadline && (controlFailure == null || reads < 60)) {
                ExecResult r = kept.readFrom(node, "SELECT COUNT(*) FROM t").result();
                assertThat(r).as("read %d of the kept-alive session", reads).isInstanceOf(ExecResult.Rows.class);
                reads++;
                if (controlFailure == null) {
                    try {
                        ExecResult c = control.readFrom(node, "SELECT COUNT(*) FROM t").result();
                        if (c instanceof ExecResult.Failure f) controlFailure = f.sqlState() + " " + f.message();
                    } catch (SQLException e) {
                        controlFailure = e.getSQLState() + " " + e.getMessage();
                    }
                }
                Thread.sleep(500);
            }
            assertThat(controlFailure).as("the session without keep-alive was closed as idle").isNotNull().contains("closed");
            assertThat(reads).isGreaterThanOrEqualTo(60);
        }
        Checksums.assertAllEqual(cluster.jdbcUrl(), 3);
    }
}
