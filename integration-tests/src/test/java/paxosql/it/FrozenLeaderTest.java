package paxosql.it;

import org.junit.jupiter.api.Test;
import paxosql.driver.client.GroupClient;
import paxosql.driver.protocol.ExecResult;
import paxosql.driver.protocol.SqlValue;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A leader that freezes (SIGSTOP: a long GC pause, a hung host) keeps its client
 * connections open, so nothing tells the client it is gone. Once the others elect a new
 * leader, every result names it, and the client's writes go there instead of waiting on
 * the frozen one first.
 */
class FrozenLeaderTest extends GroupTest {

    @Test
    void writesGoToTheNewLeaderOnceTheFrozenOneIsReplaced() throws Exception {
        startGroup();
        GroupClient.Options options = new GroupClient.Options(Duration.ofSeconds(2), Duration.ofSeconds(20), Duration.ofMillis(500));
        try (GroupClient client = GroupClient.connect(cluster.clientAddresses(), "sa", "", options)) {
            assertThat(client.execute("CREATE TABLE t(id INT PRIMARY KEY)")).isInstanceOf(ExecResult.UpdateCount.class);
            int leader = cluster.awaitLeader(Duration.ofSeconds(30));
            cluster.signal(leader, "STOP");
            try {
                assertThat(client.execute("INSERT INTO t VALUES (0)")).as("the first write waits for the election")
                        .isInstanceOf(ExecResult.UpdateCount.class);
                long slowest = 0;
                for (int i = 1; i <= 20; i++) {
                    long start = System.nanoTime();
                    assertThat(client.execute("INSERT INTO t VALUES (?)", SqlValue.of(i))).isInstanceOf(ExecResult.UpdateCount.class);
                    slowest = Math.max(slowest, System.nanoTime() - start);
                }
                assertThat(Duration.ofNanos(slowest)).as("the slowest of 20 writes after the election (resend after 500 ms)")
                        .isLessThan(Duration.ofMillis(400));
            } finally {
                cluster.signal(leader, "CONT");
            }
            assertThat(client.execute("INSERT INTO t VALUES (21)")).isInstanceOf(ExecResult.UpdateCount.class);
        }
        Checksums.assertAllEqual(cluster.jdbcUrl(), 3);
    }
}
