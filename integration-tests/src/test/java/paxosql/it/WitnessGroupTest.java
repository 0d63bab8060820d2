package paxosql.it;

import org.junit.jupiter.api.Test;
import paxosql.bench.Failover;
import paxosql.consensus.core.CommitMode;
import paxosql.driver.client.GroupClient;
import paxosql.driver.protocol.ExecResult;
import paxosql.driver.protocol.SqlValue;
import paxosql.replica.local.LocalCluster;
import paxosql.replica.node.NodeStatus;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Two full replicas and a witness (issue 3, patent §[00105]–[00118]): the leader goes on
 * alone when the follower dies, the follower rejoins the operational quorum once caught
 * up, and when the leader dies while it is the whole operational quorum the others wait
 * (§[00116]) until it comes back, then nothing it acknowledged alone is lost.
 */
class WitnessGroupTest extends GroupTest {
    private static final GroupClient.Options CLIENT = new GroupClient.Options(Duration.ofSeconds(1), Duration.ofSeconds(20),
            Duration.ofMillis(150));
    private static final GroupClient.Options PROBE = new GroupClient.Options(Duration.ofSeconds(1), Duration.ofMillis(1500),
            Duration.ofMillis(150));

    private final List<Long> acknowledged = new ArrayList<>();
    private long nextKey = 1;

    @Test
    void leaderGoesOnAloneFollowerRejoinsAndALoneLeadersLossStallsTheOthers() throws Exception {
        cluster = new LocalCluster(dir.resolve("group"));
        cluster.start(2, true, 0, CommitMode.SIMPLIFIED);
        int leader = cluster.awaitLeader(Duration.ofSeconds(60));
        int follower = leader == 1 ? 2 : 1;
        String both = List.of(Math.min(leader, follower), Math.max(leader, follower)).toString();
        String alone = List.of(leader).toString();

        GroupClient c = GroupClient.connect(cluster.clientAddresses(), "sa", "", CLIENT);
        GroupClient probe = GroupClient.connect(cluster.clientAddresses(), "sa", "", PROBE);
        try {
            assertThat(c.execute("CREATE TABLE t(k BIGINT NOT NULL)")).isInstanceOf(ExecResult.UpdateCount.class);
            writeAcknowledged(c, 10);
            awaitStatus(leader, s -> both.equals(s.operationalQuorum()), "operational quorum " + both);

            // (a) The follower dies: the leader and the witness choose {leader}; writes go on.
            Failover.awaitExit(kill(follower));
            long killedAt = System.nanoTime();
            writeAcknowledged(c, 20);
            NodeStatus lone = awaitStatus(leader, s -> alone.equals(s.operationalQuorum()), "operational quorum " + alone);
            System.out.printf("follower %d killed: leader %d alone, operational quorum %s after %d ms (chosen %d)%n", follower,
                    leader, lone.operationalQuorum(), (System.nanoTime() - killedAt) / 1_000_000, lone.chosen());
            writeAcknowledged(c, 20);
            assertThat(cluster.status(leader).orElseThrow().leading()).isTrue();

            // (b) It comes back: catches up, and the operational quorum grows back to both.
            long restartAt = System.currentTimeMillis();
            cluster.launch(follower);
            NodeStatus caughtUp = Failover.awaitCaughtUp(cluster, follower, restartAt, Duration.ofSeconds(60));
            writeAcknowledged(c, 5);
            NodeStatus grown = awaitStatus(leader, s -> both.equals(s.operationalQuorum()), "operational quorum " + both + " again");
            System.out.printf("follower %d restarted: applied %d after %d ms; operational quorum %s again at chosen %d%n", follower,
                    caughtUp.applied(), caughtUp.updatedAtMillis() - restartAt, grown.operationalQuorum(), grown.chosen());
            writeAcknowledged(c, 5);
            awaitStatus(follower, s -> s.updatedAtMillis() >= restartAt && s.applied() >= grown.chosen(), "follower applies on");

            // (c) The follower dies again; the leader alone acknowledges writes no other node has.
            Failover.awaitExit(kill(follower));
            NodeStatus aloneAgain = awaitStatus(leader, s -> alone.equals(s.operationalQuorum()), "operational quorum " + alone + " again");
            long aloneFrom = aloneAgain.chosen();
            List<Long> byLoneLeader = writeAcknowledged(c, 25);
            Thread.sleep(600); // the status file catches up with the last write
            NodeStatus lost = cluster.status(leader).orElseThrow();
            assertThat(lost.operationalQuorum()).isEqualTo(alone);
            assertThat(lost.chosen()).as("the lone leader chose the writes").isGreaterThan(aloneFrom);
            System.out.printf("leader %d alone from instance %d, chose up to %d (applied %d) with %d acknowledged writes; killing it%n",
                    leader, aloneFrom, lost.chosen(), lost.applied(), byLoneLeader.size());
            Failover.awaitExit(kill(leader));

            // The follower and the witness must wait: what the lone leader chose is known only to it.
            long restartFollowerAt = System.currentTimeMillis();
            cluster.launch(follower);
            awaitStatus(follower, s -> s.updatedAtMillis() >= restartFollowerAt, "the restarted follower reports");
            long stallUntil = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            int probes = 0;
            long probeKey = 1_000_000;
            List<Long> probeKeys = new ArrayList<>();
            while (System.nanoTime() < stallUntil) {
                probeKeys.add(probeKey);
                try {
                    ExecResult r = probe.execute("INSERT INTO t(k) VALUES (?)", SqlValue.of(probeKey++));
                    fail("a write succeeded while the lone leader " + leader + " was down: " + r + "; statuses: " + statuses());
                } catch (SQLException e) {
                    assertThat(e.getSQLState()).as(e.getMessage()).isIn("08007", "08006");
                }
                probes++;
                for (int id = 1; id <= 3; id++) {
                    if (id == leader) continue;
                    NodeStatus s = cluster.status(id).orElse(null);
                    if (s == null) continue;
                    assertThat(s.chosen()).as("node %d chosen while the lone leader is down (%s)", id, s.toText().replace('\n', ' '))
                            .isLessThanOrEqualTo(aloneFrom).isLessThanOrEqualTo(lost.chosen());
                    assertThat(s.applied()).as("node %d applied while the lone leader is down", id)
                            .isLessThanOrEqualTo(aloneFrom).isLessThanOrEqualTo(lost.applied());
                }
            }
            System.out.printf("lone leader %d down: %d writes through the others failed over 4 s, no node passed instance %d; %s%n",
                    leader, probes, aloneFrom, statuses());

            // The lone leader returns: progress resumes and nothing it acknowledged is lost.
            long returnedAt = System.nanoTime();
            cluster.launch(leader);
            List<Long> after = writeAcknowledged(c, 5);
            System.out.printf("leader %d restarted: writes acknowledged again after %d ms%n", leader,
                    (System.nanoTime() - returnedAt) / 1_000_000);
            assertThat(after).hasSize(5);

            for (long k : byLoneLeader) assertThat(countOf(c, k)).as("row %d acknowledged by the lone leader", k).isEqualTo(1);
            for (long k : acknowledged) assertThat(countOf(c, k)).as("acknowledged row %d", k).isEqualTo(1);
            for (long k : probeKeys) assertThat(countOf(c, k)).as("row %d whose outcome was unknown", k).isLessThanOrEqualTo(1);
            ExecResult total = c.execute("SELECT COUNT(*) FROM t WHERE k < 1000000");
            assertThat(((ExecResult.Rows) total).rows().get(0).get(0).toJava()).isEqualTo((long) acknowledged.size());
        } finally {
            probe.close();
            c.close();
        }
        Checksums.assertAllEqual(cluster.jdbcUrl(), 2);
    }

    private ProcessHandle kill(int id) throws Exception {
        ProcessHandle p = cluster.process(id).orElseThrow();
        cluster.signal(id, "KILL");
        return p;
    }

    /** Writes {@code n} new keys, each of which must be acknowledged. */
    private List<Long> writeAcknowledged(GroupClient c, int n) throws SQLException {
        List<Long> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long k = nextKey++;
            ExecResult r;
            try {
                r = c.execute("INSERT INTO t(k) VALUES (?)", SqlValue.of(k));
            } catch (SQLException e) {
                throw new AssertionError("write of " + k + " not acknowledged: " + e.getSQLState() + " " + e.getMessage() + "; "
                        + statuses(), e);
            }
            assertThat(r).as("write of %d", k).isInstanceOfSatisfying(ExecResult.UpdateCount.class, u -> assertThat(u.count()).isEqualTo(1));
            keys.add(k);
            acknowledged.add(k);
        }
        return keys;
    }

    private static long countOf(GroupClient c, long k) throws SQLException {
        ExecResult r = c.execute("SELECT COUNT(*) FROM t WHERE k = ?", SqlValue.of(k));
        return ((Number) ((ExecResult.Rows) r).rows().get(0).get(0).toJava()).longValue();
    }

    private NodeStatus awaitStatus(int id, Predicate<NodeStatus> p, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Optional<NodeStatus> s = Optional.empty();
        while (System.nanoTime() < deadline) {
            s = cluster.status(id);
            if (s.isPresent() && p.test(s.get())) return s.get();
            Thread.sleep(50);
        }
        throw new AssertionError("node " + id + ": " + what + " not reached in 30 s; " + statuses());
    }

    private String statuses() {
        StringBuilder b = new StringBuilder();
        for (int id = 1; id <= 3; id++) {
            b.append("[node ").append(id).append(": ").append(cluster.status(id).map(s -> s.phase() + " leader=" + s.leaderId()
                    + " chosen=" + s.chosen() + " applied=" + s.applied() + " oq=" + s.operationalQuorum()).orElse("no status"));
            try {
                if (cluster.process(id).isEmpty()) b.append(" (down)");
            } catch (Exception e) {
                b.append(" (?)");
            }
            b.append("] ");
        }
        return b.toString();
    }
}
