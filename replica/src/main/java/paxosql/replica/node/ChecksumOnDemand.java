package paxosql.replica.node;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paxosql.replica.state.H2StateMachine;
import paxosql.replica.state.StateParts;
import paxosql.replica.state.StateView;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The state checksum at the applied instance, for {@code paxosql status}: computed in the
 * background on a view of the state (writes keep flowing), at most one at a time, once
 * the applied instance has not moved for half a second, and
 * recorded with the {@link DivergenceDetector} so peers that report the same instance are
 * compared. On a quiet group every replica settles at the same instance with its checksum.
 */
final class ChecksumOnDemand implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChecksumOnDemand.class);

    private final int self;
    private final Supplier<H2StateMachine> state;
    private final DivergenceDetector divergence;
    private final ExecutorService worker;
    private final AtomicBoolean busy = new AtomicBoolean();
    private static final long QUIET_NANOS = 500_000_000L;
    private volatile long computedAt = -1;
    private volatile long lastSeen = -1;
    private volatile long seenSince;

    ChecksumOnDemand(int self, Supplier<H2StateMachine> state, DivergenceDetector divergence) {
        this.self = self;
        this.state = state;
        this.divergence = divergence;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "paxosql-checksum-" + self);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts computing the checksum at {@code applied} once the state has stayed there for
     * {@link #QUIET_NANOS}, unless it is known or being computed: a group under load does not
     * pay for it (its replicas compare checksums at the snapshot instances instead).
     */
    void refresh(long applied) {
        long now = System.nanoTime();
        if (applied != lastSeen) {
            lastSeen = applied;
            seenSince = now;
            return;
        }
        if (applied < 0 || computedAt == applied || now - seenSince < QUIET_NANOS || !busy.compareAndSet(false, true)) return;
        try {
            worker.execute(this::compute);
        } catch (RuntimeException e) {
            busy.set(false); // shut down
        }
    }

    private void compute() {
        try (StateView view = state.get().openView()) {
            String digest = view.checksum(StateParts.BucketCut.BY_ROW_COUNT).digest();
            divergence.recordOwn(view.instance(), digest);
            computedAt = view.instance();
        } catch (RuntimeException | java.sql.SQLException e) {
            LOG.debug("node {}: state checksum not computed: {}", self, e.getMessage());
        } finally {
            busy.set(false);
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
