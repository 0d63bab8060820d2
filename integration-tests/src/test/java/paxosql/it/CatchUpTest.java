package paxosql.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import paxosql.consensus.core.CommitMode;
import paxosql.driver.client.GroupClient;
import paxosql.driver.protocol.ExecResult;
import paxosql.driver.protocol.SqlValue;
import paxosql.replica.local.LocalCluster;
import paxosql.replica.node.NodeStatus;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checksum catch-up with real processes: a node stopped while its peers snapshot and
 * truncate their logs past it comes back and fetches only the parts of a peer's snapshot
 * that differ from its own state (issue: ≤ 5% of a full snapshot with 1% of rows changed).
 */
class CatchUpTest extends GroupTest {
    private static final int ROWS = 20_000;
    private static final Pattern FETCHED = Pattern.compile("fetched (\\d+) of (\\d+) bytes");

    @Test
    void nodeBehindATruncatedLogCatchesUpByChecksumParts() throws Exception {
        cluster = new LocalCluster(dir.resolve("group"));
        cluster.start(3, false, 0, CommitMode.SIMPLIFIED, List.of("--snapshot-every", "100"));
        cluster.awaitLeader(Duration.ofSeconds(60));
        try (GroupClient c = GroupClient.connect(cluster.clientAddresses(), "sa", "", GroupClient.Options.defaults())) {
            c.execute("CREATE TABLE t(id INT PRIMARY KEY, v VARCHAR, n INT)");
            ExecResult filled = c.execute("INSERT INTO t SELECT X, 'row ' || X || ' ' || REPEAT('x', 40), 0 FROM SYSTEM_RANGE(1, " + ROWS + ")");
            assertThat(filled).isInstanceOfSatisfying(ExecResult.UpdateCount.class, u -> assertThat(u.count()).isEqualTo(ROWS));
            for (int i = 0; i < 150; i++) c.execute("UPDATE t SET n = n + 1 WHERE id = ?", SqlValue.of(1 + i * 131)); // pass a snapshot
            awaitSnapshotsEverywhere(3, 100);

            int behind = followerOtherThan(cluster.awaitLeader(Duration.ofSeconds(10)));
            cluster.signal(behind, "KILL");
            // 1% of the rows change, spread over every key range, across several snapshots.
            for (int i = 0; i < ROWS / 100; i++) {
                c.execute("UPDATE t SET n = n + 1, v = 'changed' WHERE id = ?", SqlValue.of(1 + (i * 97) % ROWS));
            }
            awaitSnapshotsEverywhereBut(behind, 300);

            cluster.launch(behind);
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            String catchUp = "";
            while (System.nanoTime() < deadline && catchUp.isEmpty()) {
                catchUp = cluster.status(behind).map(NodeStatus::lastCatchUp).orElse("");
                Thread.sleep(100);
            }
            assertThat(catchUp).as("node " + behind + " caught up from a snapshot").isNotEmpty();
            Matcher m = FETCHED.matcher(catchUp);
            assertThat(m.find()).as(catchUp).isTrue();
            double fraction = Double.parseDouble(m.group(1)) / Double.parseDouble(m.group(2));
            System.out.printf("checksum catch-up with 1%% of %d rows changed: %s (%.2f%% of a full snapshot)%n", ROWS, catchUp,
                    100 * fraction);
            assertThat(fraction).as("bytes fetched / snapshot bytes").isLessThanOrEqualTo(0.05);

            ExecResult count = c.execute("SELECT COUNT(*), SUM(n) FROM t");
            assertThat(count).isInstanceOf(ExecResult.Rows.class);
        }
        Checksums.assertAllEqual(cluster.jdbcUrl(), 3);
    }

    private int followerOtherThan(int leader) {
        return leader == 3 ? 2 : 3;
    }

    private void awaitSnapshotsEverywhere(int nodes, long atLeast) throws InterruptedException {
        awaitSnapshotsEverywhereBut(-1, atLeast);
    }

    private void awaitSnapshotsEverywhereBut(int skip, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (int id = 1; id <= 3; id++) {
                if (id == skip) continue;
                all &= cluster.status(id).map(s -> s.snapshot() >= atLeast).orElse(false);
            }
            if (all) return;
            Thread.sleep(100);
        }
        throw new AssertionError("snapshots at or past instance " + atLeast + " were not taken in time");
    }
}
