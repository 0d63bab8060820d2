package paxosql.replica.node;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paxosql.consensus.loop.NodeLoop;
import paxosql.replica.server.ClientService;
import paxosql.replica.snapshot.SnapshotFile;
import paxosql.replica.snapshot.SnapshotStore;
import paxosql.replica.state.H2StateMachine;
import paxosql.replica.state.StateView;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Takes the node's snapshots (DESIGN.md § Replica): after every instance the
 * {@link SnapshotPolicy} names (the same instances on every replica, so the checksums
 * recorded with them can be compared for divergence), and at the latest
 * {@code policy.every()} after the previous one. The view is fixed on the loop thread
 * between two decisions (a few ms); reading it and writing the file happen on a
 * background thread while writes keep flowing. Once the file is durable, the log below it
 * is truncated (never before: the log is the only other copy) and old files are pruned.
 *
 * <p>Threads: {@link #afterApply} on the loop thread; the rest on any thread.
 */
final class SnapshotTaker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotTaker.class);

    private final int self;
    private final SnapshotPolicy policy;
    private final SnapshotStore store;
    private final Supplier<H2StateMachine> state;
    private final Supplier<NodeLoop> loop;
    private final DivergenceDetector divergence;
    private final ExecutorService writer;
    private volatile boolean busy;
    private volatile boolean soon;
    private volatile long lastTakenNanos = System.nanoTime();
    private volatile SnapshotFile latest;

    SnapshotTaker(int self, SnapshotPolicy policy, SnapshotStore store, Supplier<H2StateMachine> state, Supplier<NodeLoop> loop,
                  DivergenceDetector divergence) throws IOException {
        this.self = self;
        this.policy = policy;
        this.store = store;
        this.state = state;
        this.loop = loop;
        this.divergence = divergence;
        this.latest = store.latest().orElse(null);
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "paxosql-snapshot-" + self);
            t.setDaemon(true);
            return t;
        });
    }

    /** Take one at the next chance (after a restart whose state ran ahead of its log, or an install). */
    void requestSoon() { soon = true; }

    /** Called on the loop thread after each applied decision. */
    void afterApply(long instance) {
        boolean checkpoint = policy.isCheckpoint(instance);
        boolean due = soon || System.nanoTime() - lastTakenNanos > policy.every().toNanos();
        if (!checkpoint && !due) return;
        if (busy) {
            if (checkpoint) LOG.warn("node {}: skipped the snapshot at instance {}: the previous one is still being written", self, instance);
            return;
        }
        SnapshotFile l = latest;
        if (l != null && l.instance() >= instance) return;
        StateView view;
        try {
            view = state.get().openView();
        } catch (RuntimeException e) {
            LOG.warn("node {}: cannot open a view for a snapshot at instance {}: {}", self, instance, e.getMessage());
            return;
        }
        busy = true;
        soon = false;
        lastTakenNanos = System.nanoTime();
        writer.execute(() -> write(view, checkpoint));
    }

    private void write(StateView view, boolean checkpoint) {
        long instance = view.instance();
        long start = System.nanoTime();
        try (view) {
            SnapshotFile file = store.write(view);
            latest = file;
            if (checkpoint) divergence.recordOwn(instance, file.manifest().stateDigest());
            loop.get().compact(instance);
            LOG.info("node {}: snapshot at instance {} written ({} bytes, {} ms); log truncated below it", self, instance,
                    file.size(), (System.nanoTime() - start) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            // A DDL applied meanwhile (the catalog is not versioned), a full disk, ...: the next one will be taken.
            LOG.warn("node {}: snapshot at instance {} not taken: {}", self, instance, e.getMessage());
            soon = true;
        } finally {
            busy = false;
        }
    }

    /** The newest durable snapshot, to serve to peers and operators. */
    Optional<ClientService.SnapshotSource> source() {
        SnapshotFile f = latest;
        return f == null ? Optional.empty() : Optional.of(new FileSource(f));
    }

    long latestInstance() {
        SnapshotFile f = latest;
        return f == null ? 0 : f.instance();
    }

    /** Serves a snapshot file by byte ranges; its only part is the whole file ({@link #WHOLE_FILE}). */
    static final String WHOLE_FILE = ClientService.SnapshotSource.WHOLE_FILE;

    private record FileSource(SnapshotFile file) implements ClientService.SnapshotSource {
        @Override public long instance() { return file.instance(); }
        @Override public byte[] manifest() { return file.manifestBytes(); }

        @Override
        public byte[] chunk(String part, long offset, int max) throws IOException {
            if (!WHOLE_FILE.equals(part)) throw new IllegalArgumentException("unknown part '" + part + "'; use '" + WHOLE_FILE + "'");
            if (offset < 0) throw new IllegalArgumentException("negative offset " + offset);
            long left = Math.max(0, file.size() - offset);
            return left == 0 ? new byte[0] : file.read(offset, (int) Math.min(max, left));
        }
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(30, TimeUnit.SECONDS)) LOG.warn("node {}: a snapshot was still being written at shutdown", self);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
