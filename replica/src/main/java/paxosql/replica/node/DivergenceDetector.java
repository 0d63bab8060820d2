package paxosql.replica.node;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Detects that replicas diverged (issue: divergence detection; DESIGN.md § Replica):
 * every replica computes its state checksum at the same instances (the deterministic
 * snapshot instances), keeps the last few, and compares them with what its peers report
 * for the same instance. Checksums at different instances say nothing and are not
 * compared. Once a mismatch is seen it is kept (and logged once, loudly): a diverged
 * replica must not serve reads until an operator restores it.
 *
 * <p>Thread safety: all methods synchronize on the instance.
 */
public final class DivergenceDetector {
    private static final Logger LOG = LoggerFactory.getLogger(DivergenceDetector.class);
    private static final int KEPT = 16;

    private final int self;
    private final TreeMap<Long, String> own = new TreeMap<>();
    private final TreeMap<Long, TreeMap<Integer, String>> reports = new TreeMap<>();
    private final java.util.Set<Integer> reportedPeers = new java.util.HashSet<>();
    private String diverged = "";

    private final int others;

    /** @param others how many other replicas hold state (voters and learners, not witnesses) */
    public DivergenceDetector(int self, int others) {
        this.self = self;
        this.others = others;
    }

    /** This replica's state checksum at {@code instance}. */
    public synchronized void recordOwn(long instance, String checksum) {
        own.put(instance, checksum);
        while (own.size() > KEPT) own.pollFirstEntry();
    }

    /** The newest own checksum, as (instance, checksum). */
    public synchronized Optional<Map.Entry<Long, String>> latest() {
        return Optional.ofNullable(own.lastEntry());
    }

    /**
     * Compares a peer's checksum at {@code instance} with this replica's own, if it has one
     * for that instance. Returns true on a mismatch. This replica counts itself diverged
     * when its checksum at an instance disagrees with a majority of the other replicas
     * (whatever order their reports come in); otherwise the disagreeing peer is the
     * diverged one and is only reported. With one other replica both count themselves
     * diverged: nobody can tell which one is right.
     */
    public synchronized boolean comparePeer(int peer, long instance, String checksum) {
        if (instance <= 0 || checksum == null || checksum.isEmpty()) return false;
        String mine = own.get(instance);
        if (mine == null) return false;
        reports.computeIfAbsent(instance, i -> new TreeMap<>()).put(peer, checksum);
        while (reports.size() > KEPT) reports.pollFirstEntry();
        boolean mismatch = !mine.equals(checksum);
        long disagree = reports.get(instance).values().stream().filter(c -> !mine.equals(c)).count();
        if (mismatch && disagree * 2 > others && diverged.isEmpty()) {
            diverged = "state checksum at instance " + instance + " is " + mine + " on node " + self + " but " + checksum
                    + " on node " + peer;
            LOG.error("DIVERGENCE: {}. This replica stops serving reads; restore it from a healthy replica's snapshot "
                    + "(paxosql snapshot / paxosql restore).", diverged);
        } else if (mismatch && disagree * 2 <= others && reportedPeers.add(peer)) {
            LOG.error("DIVERGENCE: node {}'s state checksum at instance {} is {}, but {} here; unless most replicas agree "
                    + "with node {}, it has diverged and must be restored from a snapshot", peer, instance, checksum, mine, peer);
        }
        return mismatch;
    }

    /** The checksums kept, as {@code instance:checksum,...}, oldest first. */
    public synchronized String history() {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<Long, String> e : own.entrySet()) {
            if (b.length() > 0) b.append(',');
            b.append(e.getKey()).append(':').append(e.getValue());
        }
        return b.toString();
    }

    /** Compares every checksum of a peer's {@link #history()}; true if any differs from this replica's. */
    public boolean comparePeerHistory(int peer, String history) {
        boolean mismatch = false;
        if (history == null || history.isEmpty()) return false;
        for (String item : history.split(",")) {
            int colon = item.indexOf(':');
            if (colon <= 0) continue;
            try {
                mismatch |= comparePeer(peer, Long.parseLong(item.substring(0, colon)), item.substring(colon + 1));
            } catch (NumberFormatException e) {
                // not from a node of this build: ignore the item
            }
        }
        return mismatch;
    }

    /** What was seen, or empty when no mismatch was ever seen. */
    public synchronized String diverged() { return diverged; }

    public synchronized boolean hasDiverged() { return !diverged.isEmpty(); }
}
