package paxosql.it;

import org.junit.jupiter.api.Test;
import paxosql.consensus.core.CommitMode;
import paxosql.replica.local.LocalCluster;
import paxosql.replica.node.NodeStatus;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code paxosql local}: real {@code serve} processes on 127.0.0.1, started, crashed, paused, restarted and stopped by PID. */
class LocalClusterTest extends GroupTest {

    @Test
    void groupStartsElectsSurvivesAKilledLeaderAndStopsByPid() throws Exception {
        cluster = new LocalCluster(dir.resolve("group"));
        cluster.start(3, false, 0, CommitMode.SIMPLIFIED);
        int leader = cluster.awaitLeader(Duration.ofSeconds(60));
        assertThat(cluster.jdbcUrl()).startsWith("jdbc:paxosql://127.0.0.1:").endsWith("/paxosql");

        cluster.signal(leader, "KILL");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int next = -1;
        while (System.nanoTime() < deadline) {
            for (int id = 1; id <= 3; id++) {
                Optional<NodeStatus> s = cluster.status(id);
                if (id != leader && s.isPresent() && s.get().leading()) next = id;
            }
            if (next > 0) break;
            Thread.sleep(50);
        }
        assertThat(next).as("a surviving node took over").isPositive();

        cluster.launch(leader);
        deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && cluster.status(leader).map(s -> s.leaderId() == null).orElse(true)) Thread.sleep(50);
        assertThat(cluster.status(leader).orElseThrow().leaderId()).as("the restarted node follows a leader").isNotNull();

        cluster.signal(next, "STOP");
        cluster.signal(next, "CONT");
        assertThat(cluster.stopAll()).isEqualTo(3);
        for (int id = 1; id <= 3; id++) assertThat(cluster.process(id)).as("node " + id + " stopped").isEmpty();
    }
}
