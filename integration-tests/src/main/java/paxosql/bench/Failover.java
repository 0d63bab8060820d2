package paxosql.bench;

import paxosql.consensus.core.Member;
import paxosql.consensus.core.Role;
import paxosql.replica.local.LocalCluster;
import paxosql.replica.node.NodeStatus;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Killing, restarting and watching the nodes of a {@link LocalCluster} under a {@link ContinuousWriter}. */
public final class Failover {
    private Failover() {}

    /**
     * What one kill -9 cost: {@code failoverNanos} from the kill to the next acknowledged
     * write (which may have been committed just before the kill), {@code resumedNanos} from
     * the kill to the acknowledgement of the first write sent after it.
     */
    public record Kill(int node, boolean wasLeader, long killedAtNanos, long failoverNanos, long resumedNanos, int newLeader,
                       long catchUpMillis) {
        public double failoverMillis() { return failoverNanos / 1e6; }
        public double resumedMillis() { return resumedNanos / 1e6; }
    }

    /**
     * Waits until the writer is acknowledged again (steady state), kill -9s {@code node},
     * waits for the next acknowledged write (the failover time), restarts the node and waits
     * until it has caught up with the others.
     *
     * @throws IllegalStateException when no write is acknowledged within {@code ackTimeout}
     */
    public static Kill killMeasureRestart(LocalCluster cluster, int node, ContinuousWriter writer, Duration ackTimeout,
                                          Duration catchUpTimeout) throws IOException, InterruptedException {
        if (writer.firstAckAfter(System.nanoTime(), ackTimeout) < 0) {
            throw new IllegalStateException("no write acknowledged before killing node " + node + "; see " + cluster.dir());
        }
        boolean wasLeader = cluster.status(node).map(NodeStatus::leading).orElse(false);
        ProcessHandle p = cluster.process(node).orElseThrow(() -> new IllegalStateException("node " + node + " is not running"));
        long killedAt = System.nanoTime();
        cluster.signal(node, "KILL");
        awaitExit(p);
        long ack = writer.firstAckAfter(killedAt, ackTimeout);
        if (ack < 0) {
            throw new IllegalStateException("no write acknowledged within " + ackTimeout.toMillis() + " ms of killing node " + node
                    + "; see the logs in " + cluster.dir());
        }
        long resumed = writer.firstAckOfWriteSentAfter(killedAt, ackTimeout);
        if (resumed < 0) throw new IllegalStateException("no write sent after killing node " + node + " was acknowledged within "
                + ackTimeout.toMillis() + " ms; see the logs in " + cluster.dir());
        int newLeader = cluster.awaitLeader(ackTimeout);
        long restartAt = System.currentTimeMillis();
        cluster.launch(node);
        awaitCaughtUp(cluster, node, restartAt, catchUpTimeout);
        return new Kill(node, wasLeader, killedAt, ack - killedAt, resumed - killedAt, newLeader, System.currentTimeMillis() - restartAt);
    }

    public static void awaitExit(ProcessHandle p) throws InterruptedException {
        try {
            p.onExit().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("process " + p.pid() + " did not exit", e);
        }
    }

    /** The full voters other than {@code node}. */
    public static List<Integer> otherVoters(LocalCluster cluster, int node) throws IOException {
        List<Integer> out = new ArrayList<>();
        for (Member m : cluster.config().group().members()) if (m.role() == Role.VOTER && m.id() != node) out.add(m.id());
        return out;
    }

    /**
     * Waits until {@code node}, restarted at {@code sinceMillis}, reports (in a status written
     * since then) an applied instance at least as high as the highest any other live
     * non-witness member reported once the node was up; fails at once if its loop stopped.
     */
    public static NodeStatus awaitCaughtUp(LocalCluster cluster, int node, long sinceMillis, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<NodeStatus> s = Optional.empty();
        long target = -1;
        while (System.nanoTime() < deadline) {
            s = cluster.status(node).filter(x -> x.updatedAtMillis() >= sinceMillis);
            if (s.isPresent()) {
                if ("STOPPED".equals(s.get().phase())) {
                    throw new IllegalStateException("node " + node + " stopped after its restart: " + s.get().toText().replace('\n', ' ')
                            + "; see " + cluster.dir().resolve(node + ".log"));
                }
                if (target < 0) target = othersApplied(cluster, node);
                if (s.get().applied() >= target) return s.get();
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("node " + node + " did not catch up to instance " + target + " within "
                + timeout.toSeconds() + " s; last status: " + s.map(NodeStatus::toText).orElse("none") + "; see " + cluster.dir());
    }

    private static long othersApplied(LocalCluster cluster, int node) throws IOException {
        long target = 0;
        for (Member m : cluster.config().group().members()) {
            if (m.id() == node || m.role() == Role.WITNESS || cluster.process(m.id()).isEmpty()) continue;
            target = Math.max(target, cluster.status(m.id()).map(NodeStatus::applied).orElse(0L));
        }
        return target;
    }

    /**
     * Waits until every running non-witness member reports the same applied instance and a
     * checksum computed at it (no writes may be running), and returns a line describing it;
     * throws when they settle with different checksums or do not settle.
     */
    public static String awaitEqualChecksums(LocalCluster cluster, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        StringBuilder last = new StringBuilder();
        while (System.nanoTime() < deadline) {
            last.setLength(0);
            long applied = -1;
            boolean settled = true;
            String sum = null;
            boolean same = true;
            for (Member m : cluster.config().group().members()) {
                if (m.role() == Role.WITNESS || cluster.process(m.id()).isEmpty()) continue;
                NodeStatus s = cluster.status(m.id()).orElse(null);
                if (s == null) {
                    settled = false;
                    continue;
                }
                last.append(" node ").append(m.id()).append(": applied=").append(s.applied())
                        .append(" checksum@").append(s.checksumInstance()).append('=').append(s.checksum());
                if (applied < 0) applied = s.applied();
                settled &= s.applied() == applied && s.checksumInstance() == s.applied() && !s.checksum().isEmpty();
                if (sum == null) sum = s.checksum();
                same &= sum.equals(s.checksum());
            }
            if (settled && applied >= 0) {
                if (!same) throw new IllegalStateException("replicas differ at instance " + applied + ":" + last);
                return "all replicas at instance " + applied + " with checksum " + sum;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("replicas did not settle at one instance with checksums:" + last);
    }

    /** Nearest-rank percentile of sorted values. */
    public static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
