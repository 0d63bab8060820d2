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
    private String diverged = "";

    public DivergenceDetector(int self) { this.self = self; }

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
     * for that instance. Returns true on a mismatch.
     */
    public synchronized boolean comparePeer(int peer, long instance, String checksum) {
        if (instance <= 0 || checksum == null || checksum.isEmpty()) return false;
        String mine = own.get(instance);
        if (mine == null || mine.equals(checksum)) return false;
        if (diverged.isEmpty()) {
            diverged = "state checksum at instance " + instance + " is " + mine + " on node " + self + " but " + checksum
                    + " on node " + peer;
            LOG.error("DIVERGENCE: {}. This replica stops serving reads; restore the diverged replica from a healthy "
                    + "one's snapshot (paxosql snapshot / paxosql restore).", diverged);
        }
        return true;
    }

    /** What was seen, or empty when no mismatch was ever seen. */
    public synchronized String diverged() { return diverged; }

    public synchronized boolean hasDiverged() { return !diverged.isEmpty(); }
}
