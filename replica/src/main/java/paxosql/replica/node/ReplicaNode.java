package paxosql.replica.node;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paxosql.consensus.core.Decision;
import paxosql.consensus.core.Role;
import paxosql.consensus.core.Timing;
import paxosql.consensus.loop.NodeLoop;
import paxosql.consensus.transport.PeerTransport;
import paxosql.replica.config.ClusterConfig;
import paxosql.replica.server.ClientServer;
import paxosql.replica.server.ClientService;
import paxosql.replica.state.Applied;
import paxosql.replica.state.H2StateMachine;
import paxosql.replica.state.ReplicaStateException;

import paxosql.replica.snapshot.SnapshotFile;
import paxosql.replica.snapshot.SnapshotStore;
import paxosql.replica.snapshot.StateInstaller;

import paxosql.driver.protocol.ClientRequest;
import paxosql.driver.protocol.PayloadCodec;

import java.io.IOException;
import java.time.Duration;
import java.io.UncheckedIOException;
import java.util.List;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One PaxoSQL node, embeddable: {@code paxosql serve} is a thin wrapper around it, and
 * tests or applications that want a replica in their own JVM start it directly.
 *
 * <p>Data directory layout: {@code log/} (the Paxos log, the node's durability),
 * {@code state/} (the H2 state; none on a witness), {@code snapshots/}, {@code status}
 * (what the node reports about itself, for local tools).
 *
 * <p>Threads: the {@link NodeLoop} thread applies decisions; the client server has its own
 * I/O threads; a status thread rewrites the status file.
 */
public final class ReplicaNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaNode.class);

    /**
     * @param id      this node's member id in {@code config}
     * @param dataDir where the node keeps its log, state and status
     * @param secret  the cluster secret shared by all members (at least 16 bytes)
     * @param tls     TLS on the client port and to the peers' client ports, or null for none
     */
    public record Options(int id, Path dataDir, byte[] secret, ClusterConfig config, Timing timing, SnapshotPolicy snapshots,
                          Duration sessionIdle, NodeTls tls) {
        public Options {
            if (!config.layout().isMember(id)) throw new IllegalArgumentException("node " + id + " is not a member of the configuration");
            if (sessionIdle.isNegative() || sessionIdle.isZero()) throw new IllegalArgumentException("the session idle limit must be positive");
        }

        public Options(int id, Path dataDir, byte[] secret, ClusterConfig config, Timing timing, SnapshotPolicy snapshots,
                       Duration sessionIdle) {
            this(id, dataDir, secret, config, timing, snapshots, sessionIdle, null);
        }

        public Options(int id, Path dataDir, byte[] secret, ClusterConfig config, Timing timing) {
            this(id, dataDir, secret, config, timing, SnapshotPolicy.defaults(), DEFAULT_SESSION_IDLE, null);
        }

        /** The same options with TLS ({@code null}: none). */
        public Options withTls(NodeTls settings) {
            return new Options(id, dataDir, secret, config, timing, snapshots, sessionIdle, settings);
        }

        /** What the node trusts on its peers' client ports; null without TLS. */
        paxosql.driver.wire.TlsSettings peerTls() {
            return tls == null ? null : tls.peers();
        }
    }

    /** Client sessions idle this long (by the leader's clock, through the log) are closed. */
    public static final Duration DEFAULT_SESSION_IDLE = Duration.ofMinutes(30);
    /** How often the leader proposes its clock tick (which also expires idle sessions). */
    static final Duration CLOCK_TICK = Duration.ofSeconds(10);

    private final Options options;
    private final Role role;
    private volatile H2StateMachine state;
    private final DivergenceDetector divergence;
    private volatile NodeLoop loop;
    /** Set just after the loop starts: the loop may apply decisions recovered from its log before that. */
    private volatile ClientGateway gateway;
    private ClientServer server;
    private SnapshotTaker snapshots;
    private SnapshotCatchUp catchUp;
    private PeerWatcher peers;
    private final ChecksumOnDemand checksums;
    private final Thread reporter;
    private final java.util.concurrent.ScheduledExecutorService clock;
    private final CountDownLatch closed = new CountDownLatch(1);

    private ReplicaNode(Options options, H2StateMachine state) {
        this.options = options;
        this.role = options.config().group().roleOf(options.id());
        this.state = state;
        int others = (int) options.config().group().members().stream()
                .filter(m -> m.id() != options.id() && m.role() != Role.WITNESS).count();
        this.divergence = new DivergenceDetector(options.id(), others);
        this.checksums = new ChecksumOnDemand(options.id(), () -> this.state, divergence);
        this.reporter = new Thread(this::reportStatus, "paxosql-status-" + options.id());
        reporter.setDaemon(true);
        this.clock = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "paxosql-clock-" + options.id());
            t.setDaemon(true);
            return t;
        });
    }

    /** Recovers and starts the node: its state, its log and consensus loop, its client port. */
    public static ReplicaNode start(Options options) throws IOException {
        Path data = options.dataDir();
        Files.createDirectories(data);
        Role role = options.config().group().roleOf(options.id());
        Path stateDir = data.resolve("state");
        H2StateMachine sm = null;
        if (role != Role.WITNESS) {
            StateInstaller.finishInterruptedInstall(stateDir);
            try {
                sm = H2StateMachine.open(stateDir);
            } catch (ReplicaStateException e) {
                if (e.kind() != ReplicaStateException.Kind.HALF_APPLIED_DDL) throw e;
                sm = rebuildAfterHalfAppliedDdl(options, stateDir, e);
            }
            sm = recoverFromOwnSnapshotIfBehind(options, sm, stateDir);
            // The log may be cut back to this state's instance below (when the state ran ahead of
            // the log's chosen marks): make the state durable first, as a snapshot would be.
            sm.syncToDisk();
        }
        ReplicaNode node = new ReplicaNode(options, sm);
        try {
            if (sm != null) {
                node.snapshots = new SnapshotTaker(options.id(), options.snapshots(), new SnapshotStore(data, options.snapshots().kept()),
                        () -> node.state, () -> node.loop, node.divergence);
                if (node.snapshots.latestInstance() < sm.appliedUpTo()) node.snapshots.requestSoon();
            }
            PeerTransport transport = new PeerTransport(options.config().layout(), options.id(), options.secret(),
                    PeerTransport.Options.defaults());
            node.loop = NodeLoop.start(options.config().group(), options.id(), options.timing(), data.resolve("log"), transport,
                    sm == null ? 0 : sm.appliedUpTo(), sm == null ? null : sm.operationalQuorum(), node::onDecision);
            node.gateway = new ClientGateway(options.id(), node.loop, () -> node.state,
                    () -> node.currentStatus().toText().getBytes(StandardCharsets.UTF_8),
                    () -> node.snapshots == null ? Optional.empty() : node.snapshots.source(), node.divergence);
            node.server = new ClientServer(options.config().layout(), options.id(), options.secret(), node.gateway,
                    ClientServer.Options.defaults().withTls(options.tls() == null ? null : options.tls().server()));
            node.gateway.attach(node.server);
            node.server.start();
            if (sm != null) {
                node.catchUp = new SnapshotCatchUp(options.id(), options.config(), options.secret(), options.peerTls(), stateDir, () -> node.loop,
                        () -> node.state, node::swapState);
                node.catchUp.start();
                node.peers = new PeerWatcher(options.id(), options.config(), options.secret(), options.peerTls(), node.divergence);
                node.peers.start();
            }
        } catch (IOException | RuntimeException e) {
            node.closeParts();
            throw e;
        }
        node.reporter.start();
        if (sm != null) {
            node.clock.scheduleWithFixedDelay(node::tickClock, CLOCK_TICK.toMillis(), CLOCK_TICK.toMillis(), TimeUnit.MILLISECONDS);
        }
        LOG.info("node {} ({}) started: data {}, commit mode {}, clients on {}{}, state applied up to {}", options.id(),
                role.name().toLowerCase(), data, options.config().mode().label(), node.server.address(),
                options.tls() == null ? "" : " (TLS)",
                sm == null ? "-" : node.loop.status().appliedUpTo());
        return node;
    }

    /**
     * H2 does not fsync and writes in the background, so after a crash its file may hold an
     * instance below the node's newest snapshot — and the log below that snapshot may be gone
     * (it is truncated once the snapshot is durable). The state is then rebuilt from that
     * snapshot (verified part by part) and the log replayed after it (DESIGN.md § Replica).
     */
    /**
     * A crash hit while a DDL statement ran (H2 commits DDL on its own, so whether it took
     * effect cannot be known): the state is rebuilt from the node's own newest snapshot and
     * the log replayed after it (DESIGN.md § Replica). Its own snapshot always covers its
     * log's truncation point (the log is truncated only behind a durable snapshot); without
     * one the node refuses to start, as before.
     */
    private static H2StateMachine rebuildAfterHalfAppliedDdl(Options options, Path stateDir, ReplicaStateException cause)
            throws IOException {
        Optional<SnapshotFile> newest = new SnapshotStore(options.dataDir(), options.snapshots().kept()).latest();
        if (newest.isEmpty()) throw cause;
        LOG.warn("node {}: {} Rebuilding it from the node's snapshot at instance {} and replaying the log after it.",
                options.id(), cause.getMessage(), newest.get().instance());
        return rebuild(stateDir, newest.get());
    }

    /** Replaces the state with the one in {@code snapshot}, verified part by part. */
    private static H2StateMachine rebuild(Path stateDir, SnapshotFile snapshot) throws IOException {
        Path staging = StateInstaller.stagingFor(stateDir);
        StateInstaller.build(snapshot.manifest(), snapshot, staging);
        StateInstaller.swapIn(staging, stateDir);
        H2StateMachine rebuilt = H2StateMachine.open(stateDir);
        if (rebuilt.appliedUpTo() != snapshot.instance()) {
            rebuilt.close();
            throw new IOException("the state rebuilt from " + snapshot.path() + " is at instance " + rebuilt.appliedUpTo()
                    + ", not " + snapshot.instance());
        }
        return rebuilt;
    }

    private static H2StateMachine recoverFromOwnSnapshotIfBehind(Options options, H2StateMachine sm, Path stateDir)
            throws IOException {
        SnapshotStore store = new SnapshotStore(options.dataDir(), options.snapshots().kept());
        List<Path> files = store.files();
        // Named by instance: a look at the newest name spares verifying a large file on every start.
        if (files.isEmpty() || SnapshotStore.instanceOf(files.get(files.size() - 1)) <= sm.appliedUpTo()) return sm;
        Optional<SnapshotFile> newest = store.latest();
        if (newest.isEmpty() || newest.get().instance() <= sm.appliedUpTo()) return sm;
        SnapshotFile snapshot = newest.get();
        LOG.warn("node {}: its state is at instance {}, behind its own snapshot at instance {} (the state file lost writes in a "
                + "crash); rebuilding the state from {}", options.id(), sm.appliedUpTo(), snapshot.instance(), snapshot.path());
        sm.close();
        return rebuild(stateDir, snapshot);
    }

    /** Loop thread, in instance order. */
    private void onDecision(Decision d) {
        H2StateMachine sm = state;
        if (sm == null) throw new IllegalStateException("a witness applies nothing, got instance " + d.instance());
        applying = new ApplyWatch(d.instance(), System.nanoTime(), Thread.currentThread());
        List<Applied> applied;
        try {
            applied = sm.apply(d);
        } finally {
            applying = null;
        }
        ClientGateway g = gateway;
        // Before the gateway exists no client port is open, so nobody waits for these results.
        if (g != null) g.deliver(d.instance(), applied);
        snapshots.afterApply(d.instance());
    }

    /**
     * Loop thread, between decisions: replaces the state with the one built and verified in
     * {@code staging}; returns the operational quorum it records.
     */
    private List<Integer> swapState(Path staging) {
        Path stateDir = options.dataDir().resolve("state");
        H2StateMachine old = state;
        old.close();
        try {
            StateInstaller.swapIn(staging, stateDir);
        } catch (IOException e) {
            state = H2StateMachine.open(stateDir); // the old state, still in place
            throw new UncheckedIOException("swapping in the caught-up state: " + e.getMessage(), e);
        }
        H2StateMachine fresh = H2StateMachine.open(stateDir);
        state = fresh;
        snapshots.requestSoon();
        return fresh.operationalQuorum();
    }

    /**
     * The leader proposes its clock now and then: the group's time advances through the
     * log, never by a replica's own clock, and idle client sessions expire by it. The stamp
     * never goes backwards across leaders (it is above the last one applied).
     */
    private void tickClock() {
        try {
            H2StateMachine sm = state;
            if (sm == null || loop.status().phase() != paxosql.consensus.core.PaxosNode.Phase.LEADING) return;
            long stamp = Math.max(System.currentTimeMillis(), sm.clock() + 1);
            loop.submit(new paxosql.consensus.core.Command(ClientRequest.SYSTEM_CLIENT, stamp, PayloadCodec.encode(
                    new ClientRequest.ExpireIdleSessions(stamp, options.sessionIdle().toMillis()))));
        } catch (RuntimeException e) {
            LOG.warn("node {}: clock tick not proposed: {}", options.id(), e.toString());
        }
    }

    /** The last checksum catch-up, if any: what it fetched. */
    public Optional<String> lastCatchUp() {
        return catchUp == null || catchUp.last() == null ? Optional.empty() : Optional.of(catchUp.last().toString());
    }

    /** What this node reports about itself, now. */
    public NodeStatus currentStatus() {
        NodeLoop.Status s = loop.status();
        if (state != null) checksums.refresh(s.appliedUpTo());
        var latest = divergence.latest();
        return new NodeStatus(s.id(), role.name().toLowerCase(), s.running() ? s.phase().name() : "STOPPED", s.leaderId(),
                s.ballot(), s.chosenPrefix(), s.appliedUpTo(), s.operationalQuorum().toString(),
                snapshots == null ? 0 : snapshots.latestInstance(),
                latest.map(e -> e.getKey()).orElse(0L), latest.map(e -> e.getValue()).orElse(""), divergence.diverged(),
                lastCatchUp().orElse(""), divergence.history(), System.currentTimeMillis());
    }

    public NodeLoop.Status status() { return loop.status(); }

    public NodeLoop loop() { return loop; }

    /** The client port's address. */
    public paxosql.consensus.transport.HostPort clientAddress() { return server.address(); }

    /** The decision being applied, for {@link #reportSlowApply}: a stuck apply thread stops the whole node. */
    private record ApplyWatch(long instance, long startNanos, Thread thread) {}

    private volatile ApplyWatch applying;
    private long reportedSlowApply = -1;

    /** Reporter thread: logs, once per instance, where the apply thread is when one decision takes over 10 s. */
    private void reportSlowApply() {
        ApplyWatch w = applying;
        if (w == null || w.instance() == reportedSlowApply || System.nanoTime() - w.startNanos() < SLOW_APPLY.toNanos()) return;
        reportedSlowApply = w.instance();
        StringBuilder stack = new StringBuilder();
        for (StackTraceElement e : w.thread().getStackTrace()) stack.append("\n\tat ").append(e);
        LOG.warn("node {}: applying instance {} has taken over {} s; the apply thread is at:{}", options.id(), w.instance(),
                SLOW_APPLY.toSeconds(), stack);
    }

    private static final java.time.Duration SLOW_APPLY = java.time.Duration.ofSeconds(10);

    private void reportStatus() {
        while (closed.getCount() > 0) {
            reportSlowApply();
            try {
                currentStatus().write(options.dataDir());
            } catch (IOException e) {
                LOG.warn("node {}: cannot write its status file: {}", options.id(), e.getMessage());
            }
            try {
                if (closed.await(200, TimeUnit.MILLISECONDS)) return;
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Blocks until {@link #close} has run. */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    @Override
    public void close() {
        if (closed.getCount() == 0) return;
        closeParts();
        closed.countDown();
        LOG.info("node {} stopped", options.id());
    }

    private void closeParts() {
        clock.shutdownNow();
        if (peers != null) peers.close();
        if (catchUp != null) catchUp.close();
        if (server != null) server.close();
        if (gateway != null) gateway.close();
        if (loop != null) loop.close();
        if (snapshots != null) snapshots.close();
        checksums.close();
        if (state != null) state.close();
    }
}
