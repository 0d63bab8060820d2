package paxosql.replica.node;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paxosql.consensus.core.Member;
import paxosql.consensus.core.Role;
import paxosql.consensus.loop.NodeLoop;
import paxosql.driver.wire.ReplicaConnection;
import paxosql.driver.wire.TlsSettings;
import paxosql.driver.wire.WireMessage;
import paxosql.replica.config.ClusterConfig;
import paxosql.replica.snapshot.CatchUpPlan;
import paxosql.replica.snapshot.CatchUpSource;
import paxosql.replica.snapshot.Manifest;
import paxosql.replica.snapshot.StateInstaller;
import paxosql.replica.state.H2StateMachine;
import paxosql.replica.state.StateView;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Checksum catch-up (patent §[0079]; DESIGN.md § Replica): when the instances this node
 * lacks were truncated by its peers (the core reports "snapshot needed"), it fetches a
 * peer's snapshot manifest over the peer's client port (authenticated with the cluster
 * secret), compares part checksums with its own state, fetches only what differs, builds
 * and verifies the new state beside the old one, and swaps it in on the loop thread.
 * The log after the snapshot's instance then arrives through consensus as usual.
 */
final class SnapshotCatchUp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotCatchUp.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int CHUNK = 4 << 20;

    /** What the last catch-up moved, for status and tests. */
    record Report(long instance, int fromNode, long bytesFetched, long snapshotBytes) {
        @Override public String toString() {
            return "instance " + instance + " from node " + fromNode + ": fetched " + bytesFetched + " of " + snapshotBytes + " bytes";
        }
    }

    private final int self;
    private final ClusterConfig config;
    private final TlsSettings tls;
    private final PeerClientPort port;
    private final Path stateDir;
    private final Supplier<NodeLoop> loop;
    private final Supplier<H2StateMachine> state;
    private final Function<Path, List<Integer>> swapIn;
    private final Thread thread;
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile Report last;

    /**
     * @param swapIn on the loop thread: closes the state, moves the built state from the
     *               given staging directory into place, reopens it and returns its
     *               operational quorum
     * @param tls    TLS to the peers' client ports, or null when the group uses none
     */
    SnapshotCatchUp(int self, ClusterConfig config, byte[] secret, TlsSettings tls, Path stateDir, Supplier<NodeLoop> loop,
                    Supplier<H2StateMachine> state, Function<Path, List<Integer>> swapIn) {
        this.self = self;
        this.config = config;
        this.tls = tls;
        this.port = new PeerClientPort(config, secret, tls);
        this.stateDir = stateDir;
        this.loop = loop;
        this.state = state;
        this.swapIn = swapIn;
        this.thread = new Thread(this::run, "paxosql-catchup-" + self);
        thread.setDaemon(true);
    }

    void start() { thread.start(); }

    Report last() { return last; }

    private void run() {
        try {
            while (!stop.await(200, TimeUnit.MILLISECONDS)) {
                NodeLoop.Status s = loop.get().status();
                if (!s.running() || s.snapshotNeeded() <= s.appliedUpTo()) continue;
                for (int peer : peers(s.leaderId())) {
                    if (stop.getCount() == 0) return;
                    try {
                        if (catchUpFrom(peer, s.snapshotNeeded())) break;
                    } catch (Exception e) {
                        LOG.warn("node {}: catch-up from node {} failed: {}", self, peer, e.toString());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Full replicas other than this one, the leader first. */
    private List<Integer> peers(Integer leader) {
        List<Integer> out = new ArrayList<>();
        if (leader != null && leader != self) out.add(leader);
        for (Member m : config.group().members()) {
            if (m.id() != self && m.role() != Role.WITNESS && !out.contains(m.id())) out.add(m.id());
        }
        return out;
    }

    private boolean catchUpFrom(int peer, long needed) throws Exception {
        try (ReplicaConnection c = port.connect(peer, Duration.ofSeconds(5))) {
            WireMessage.SnapshotManifest m = c.snapshotManifest(TIMEOUT);
            if (m.instance() < needed) {
                LOG.info("node {}: node {}'s newest snapshot is at {}, below the {} needed", self, peer, m.instance(), needed);
                return false;
            }
            Manifest manifest = Manifest.decode(m.manifest(), "node " + peer + "'s snapshot manifest");
            Path staging = StateInstaller.stagingFor(stateDir);
            CatchUpSource source;
            CatchUpPlan plan;
            try (StateView local = state.get().openView()) {
                plan = CatchUpPlan.forLocal(local, manifest);
                source = new CatchUpSource(local, plan, (offset, length) -> fetch(c, m.instance(), offset, length));
                StateInstaller.build(manifest, source, staging);
            }
            long bytes = source.bytesFetched() + m.manifest().length;
            loop.get().installSnapshot(manifest.instance(), () -> swapIn.apply(staging)).get(2, TimeUnit.MINUTES);
            last = new Report(manifest.instance(), peer, bytes, plan.snapshotBytes());
            LOG.info("node {}: caught up by checksum parts to instance {} from node {}: {} ({})", self, manifest.instance(), peer,
                    last, source.summary());
            return true;
        }
    }

    private static byte[] fetch(ReplicaConnection c, long instance, long offset, int length) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(length);
        try {
            while (out.size() < length) {
                int want = Math.min(CHUNK, length - out.size());
                WireMessage.SnapshotChunk chunk = c.snapshotChunk(instance, SnapshotTaker.WHOLE_FILE, offset + out.size(), want, TIMEOUT);
                if (chunk.bytes().length == 0) throw new IOException("the peer's snapshot ended at " + (offset + out.size()));
                out.write(chunk.bytes());
            }
        } catch (SQLException e) {
            throw new IOException("fetching bytes " + offset + ".." + (offset + length) + " of the peer's snapshot: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        stop.countDown();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
