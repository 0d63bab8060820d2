package paxosql.it;

import org.junit.jupiter.api.Test;
import paxosql.bench.Failover;
import paxosql.consensus.core.CommitMode;
import paxosql.driver.client.GroupClient;
import paxosql.driver.protocol.ExecResult;
import paxosql.driver.protocol.SqlValue;
import paxosql.replica.local.LocalCluster;
import paxosql.replica.node.NodeStatus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A crash can leave a node's H2 file behind its own newest snapshot (H2 writes in the
 * background and never fsyncs), while its log below that snapshot is already truncated.
 * Here the node's state directory is put back to an older one between a kill -9 and the
 * restart: the node must rebuild its state from its snapshot and replay the log after it,
 * not stop on a gap between its state and its log.
 */
class StateBehindSnapshotTest extends GroupTest {

    @Test
    void nodeWhoseStateFileFellBehindItsSnapshotRebuildsFromIt() throws Exception {
        cluster = new LocalCluster(dir.resolve("group"));
        cluster.start(3, false, 0, CommitMode.SIMPLIFIED, List.of("--snapshot-every", "20"));
        int leader = cluster.awaitLeader(Duration.ofSeconds(60));
        int node = Failover.otherVoters(cluster, leader).get(1);
        GroupClient.Options options = new GroupClient.Options(Duration.ofSeconds(1), Duration.ofSeconds(20), Duration.ofMillis(150));
        try (GroupClient c = GroupClient.connect(cluster.clientAddresses(), "sa", "", options)) {
            c.execute("CREATE TABLE t(k BIGINT NOT NULL)");
            insert(c, 1, 20);

            cluster.stop(node); // a clean stop: the state directory then holds a consistent older state
            long oldApplied = cluster.status(node).orElseThrow().applied();
            Path state = dir.resolve("group").resolve(String.valueOf(node)).resolve("state");
            Path old = dir.resolve("old-state");
            copyTree(state, old);
            long restartAt = System.currentTimeMillis();
            cluster.launch(node);
            Failover.awaitCaughtUp(cluster, node, restartAt, Duration.ofSeconds(60));

            insert(c, 21, 80); // past several snapshots (every 20 instances): the node's log is truncated past oldApplied
            NodeStatus before = awaitSnapshotPast(node, oldApplied + 20);
            ProcessHandle p = cluster.process(node).orElseThrow();
            cluster.signal(node, "KILL");
            Failover.awaitExit(p);
            // What a crash can leave: the state file far behind the snapshot the log was truncated to.
            deleteTree(state);
            copyTree(old, state);
            System.out.printf("node %d: snapshot at %d, applied %d; state put back to instance %d%n", node, before.snapshot(),
                    before.applied(), oldApplied);

            restartAt = System.currentTimeMillis();
            cluster.launch(node);
            NodeStatus after = Failover.awaitCaughtUp(cluster, node, restartAt, Duration.ofSeconds(60));
            insert(c, 81, 90);
            String log = Files.readString(dir.resolve("group").resolve(node + ".log"));
            assertThat(log).contains("rebuilding the state from");
            System.out.printf("node %d restarted: rebuilt from its snapshot, applied %d%n", node, after.applied());
            ExecResult count = c.execute("SELECT COUNT(*), COUNT(DISTINCT k) FROM t");
            assertThat(((ExecResult.Rows) count).rows().get(0)).containsExactly(SqlValue.of(90L), SqlValue.of(90L));
        }
        Checksums.assertAllEqual(cluster.jdbcUrl(), 3);
    }

    @Test
    void nodeThatCrashedMidDdlRebuildsFromItsSnapshotInsteadOfRefusingToStart() throws Exception {
        cluster = new LocalCluster(dir.resolve("ddl"));
        cluster.start(3, false, 0, CommitMode.SIMPLIFIED, List.of("--snapshot-every", "20"));
        int leader = cluster.awaitLeader(Duration.ofSeconds(60));
        int node = Failover.otherVoters(cluster, leader).get(1);
        GroupClient.Options options = new GroupClient.Options(Duration.ofSeconds(1), Duration.ofSeconds(20), Duration.ofMillis(150));
        try (GroupClient c = GroupClient.connect(cluster.clientAddresses(), "sa", "", options)) {
            c.execute("CREATE TABLE t(k BIGINT NOT NULL)");
            insert(c, 1, 25);
            awaitSnapshotPast(node, 20);
            cluster.stop(node);
            // What a crash between "DDL running" and its end leaves: the marker set (H2StateMachine, § DDL and crashes).
            Path state = dir.resolve("ddl").resolve(String.valueOf(node)).resolve("state");
            try (java.sql.Connection db = paxosql.replica.state.H2StateMachine.connectAdmin(state);
                 java.sql.Statement st = db.createStatement()) {
                assertThat(st.executeUpdate("UPDATE PAXOSQL_META.APPLIED SET DDL_INSTANCE = INSTANCE + 1, DDL_INDEX = 0, "
                        + "DDL_CLIENT = 1, DDL_SEQUENCE = 99 WHERE ID = 0")).isEqualTo(1);
            }
            insert(c, 26, 30);
            long restartAt = System.currentTimeMillis();
            cluster.launch(node);
            Failover.awaitCaughtUp(cluster, node, restartAt, Duration.ofSeconds(60));
            assertThat(Files.readString(dir.resolve("ddl").resolve(node + ".log"))).contains("half-applied DDL")
                    .contains("Rebuilding it from the node's snapshot");
            insert(c, 31, 35);
        }
        Checksums.assertAllEqual(cluster.jdbcUrl(), 3);
    }

    private void insert(GroupClient c, long from, long to) throws Exception {
        for (long k = from; k <= to; k++) {
            ExecResult r = c.execute("INSERT INTO t(k) VALUES (?)", SqlValue.of(k));
            assertThat(r).isInstanceOf(ExecResult.UpdateCount.class);
        }
    }

    private NodeStatus awaitSnapshotPast(int node, long instance) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            NodeStatus s = cluster.status(node).orElse(null);
            if (s != null && s.snapshot() >= instance) return s;
            Thread.sleep(50);
        }
        throw new AssertionError("node " + node + " took no snapshot past instance " + instance);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
