package paxosql.consensus.loop;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paxosql.consensus.core.Command;
import paxosql.consensus.core.Decision;
import paxosql.consensus.core.Envelope;
import paxosql.consensus.core.GroupConfig;
import paxosql.consensus.core.Mutation;
import paxosql.consensus.core.PaxosNode;
import paxosql.consensus.core.Step;
import paxosql.consensus.core.Timing;
import paxosql.consensus.log.GroupCommitLog;
import paxosql.consensus.log.Recovery;
import paxosql.consensus.log.SegmentLog;
import paxosql.consensus.transport.PeerTransport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The one thread that drives a {@link PaxosNode}: it feeds the core the messages from
 * the {@link PeerTransport}, the client commands, the durability reports of the
 * {@link GroupCommitLog} and a tick every few milliseconds, and carries out each
 * {@link Step}: records to the log (group commit), messages to the transport,
 * decisions to the state machine, in that order.
 *
 * <p>Commands submitted while the loop was busy are proposed together, which is what
 * lets the leader batch many of them into one instance.
 *
 * <p>Threads: {@link #submit}, {@link #status} and {@link #close} may be called from
 * any thread; the {@code decisions} consumer runs on the loop thread, in instance order,
 * and must not block for long.
 */
public final class NodeLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeLoop.class);
    private static final long TICK_MILLIS = 5;
    private static final long GATHER_NANOS = 100_000;
    private static final long STRAGGLER_NANOS = 25_000;

    /** What the loop last saw of its core; safe to read from any thread. */
    public record Status(int id, PaxosNode.Phase phase, Integer leaderId, String ballot, long chosenPrefix, long appliedUpTo,
                         int queuedCommands, List<Integer> operationalQuorum, boolean running, long snapshotNeeded) {}

    private final PaxosNode core;
    private final SegmentLog segments;
    private final GroupCommitLog log;
    private final PeerTransport transport;
    private final Consumer<Decision> decisions;
    private final LinkedBlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<Command> submitted = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private final long origin = System.nanoTime();
    private volatile boolean running = true;
    private volatile Status status;

    private NodeLoop(PaxosNode core, SegmentLog segments, GroupCommitLog log, PeerTransport transport,
                     Consumer<Decision> decisions, int id) {
        this.core = core;
        this.segments = segments;
        this.log = log;
        this.transport = transport;
        this.decisions = decisions;
        this.thread = new Thread(this::run, "paxosql-node-" + id);
        this.status = snapshot();
    }

    /**
     * Recovers the node from the log in {@code logDir} and starts it.
     *
     * @param appliedUpTo the last instance the state machine has durably applied; decisions resume after it
     * @param transport   a transport not yet started; the loop starts it and owns it from now on
     */
    public static NodeLoop start(GroupConfig config, int self, Timing timing, Path logDir, PeerTransport transport,
                                 long appliedUpTo, Consumer<Decision> decisions) throws IOException {
        return start(config, self, timing, logDir, transport, appliedUpTo, null, decisions);
    }

    /**
     * As {@link #start(GroupConfig, int, Timing, Path, PeerTransport, long, Consumer)}, for a
     * state that records the operational quorum in force after {@code appliedUpTo}
     * ({@code null}: the initial one). A state ahead of the log's chosen prefix (restored
     * from a snapshot, or ahead of lazily written chosen marks after a crash) counts as
     * installed there: every instance up to it is chosen, and peers that truncated them
     * need not send them.
     */
    public static NodeLoop start(GroupConfig config, int self, Timing timing, Path logDir, PeerTransport transport,
                                 long appliedUpTo, List<Integer> appliedOq, Consumer<Decision> decisions) throws IOException {
        SegmentLog segments = SegmentLog.open(logDir, SegmentLog.Options.defaults());
        Recovery recovery = segments.recovered();
        recovery.tailCut().ifPresent(cut -> LOG.warn("node {}: cut a torn log tail: {} bytes at offset {} of {} ({})",
                self, cut.bytesCut(), cut.offset(), cut.file(), cut.reason()));
        PaxosNode core = new PaxosNode(config, self, timing, System.nanoTime() ^ self, recovery.records(), appliedUpTo, Mutation.NONE);
        if (appliedUpTo > core.chosenPrefix()) {
            try {
                segments.rewriteBase(core.installSnapshot(appliedUpTo, appliedOq));
            } catch (IOException | RuntimeException e) {
                try {
                    segments.close();
                } catch (IOException closing) {
                    e.addSuppressed(closing);
                }
                throw e;
            }
            LOG.info("node {}: its state is at instance {}, past its log's chosen prefix; continuing from there", self, appliedUpTo);
        }
        NodeLoop[] holder = new NodeLoop[1];
        GroupCommitLog log = GroupCommitLog.start(segments,
                seq -> holder[0].events.add(() -> holder[0].handle(holder[0].core.onDurable(seq, holder[0].millis()))),
                e -> holder[0].fail("log sync failed: " + e.getMessage()));
        NodeLoop loop = new NodeLoop(core, segments, log, transport, decisions, self);
        holder[0] = loop;
        LOG.info("node {}: recovered {} log records; promised {}, chosen up to {}", self, recovery.records().size(),
                core.promised(), core.chosenPrefix());
        try {
            transport.start((from, m) -> loop.events.add(() -> loop.handle(loop.core.onMessage(from, m, loop.millis()))));
        } catch (RuntimeException e) {
            log.close(); // release the log directory, so the node can be started again
            throw e;
        }
        loop.events.add(() -> loop.handle(loop.core.start(loop.millis())));
        loop.thread.start();
        return loop;
    }

    /** Queues a client command for proposal; a follower forwards it to the leader it knows. */
    public void submit(Command c) {
        submitted.add(c);
        events.add(this::proposeSubmitted);
    }

    /** The operator's §[00118] recovery: stop waiting for {@code lostNode}. Logged loudly. */
    public void forceRecovery(int lostNode) {
        LOG.warn("node {}: OPERATOR declared node {} lost for good; writes only it had chosen may be lost",
                status.id(), lostNode);
        events.add(() -> handle(core.forceRecovery(lostNode, millis())));
    }

    /**
     * The state machine has a durable snapshot covering every instance up to
     * {@code snapshotInstance}: drop those instances from memory and from the log
     * (DESIGN.md § Durable log: truncation only below a durable snapshot). Peers that
     * need them afterwards are told to fetch a snapshot instead.
     */
    public void compact(long snapshotInstance) {
        events.add(() -> {
            List<paxosql.consensus.core.LogRecord> base = core.compact(snapshotInstance);
            try {
                segments.rewriteBase(base);
                LOG.info("node {}: log truncated below snapshot at instance {} ({} records kept)",
                        core.id(), snapshotInstance, base.size());
            } catch (IOException e) {
                fail("log compaction failed: " + e.getMessage());
            }
        });
    }

    /**
     * Replaces the state with a snapshot taken at {@code instance} (fetched from a peer
     * after it answered that it truncated the instances this node needs): on the loop
     * thread, between decisions, runs {@code swapState} (which must leave the state
     * machine durably at {@code instance} and return the operational quorum it records,
     * null for the initial one), then tells the core and rewrites the log.
     * The future fails if {@code swapState} throws; the node then keeps its old state.
     */
    public CompletableFuture<Void> installSnapshot(long instance, java.util.concurrent.Callable<List<Integer>> swapState) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        events.add(() -> {
            List<Integer> oqAfter;
            try {
                oqAfter = swapState.call();
            } catch (Exception e) {
                done.completeExceptionally(e);
                return;
            }
            List<paxosql.consensus.core.LogRecord> base = core.installSnapshot(instance, oqAfter);
            try {
                segments.rewriteBase(base);
                LOG.info("node {}: installed a snapshot at instance {}; log rewritten ({} records kept)",
                        core.id(), instance, base.size());
                done.complete(null);
            } catch (IOException e) {
                fail("log rewrite after installing a snapshot failed: " + e.getMessage());
                done.completeExceptionally(e);
            }
            status = snapshot();
        });
        return done;
    }

    /**
     * The operational quorum after {@code instance}, to record with a snapshot taken
     * there. Only from the {@code decisions} consumer (the loop thread).
     */
    public List<Integer> operationalQuorumAfter(long instance) {
        if (Thread.currentThread() != thread) throw new IllegalStateException("only on the loop thread");
        return core.operationalQuorumAfter(instance);
    }

    public Status status() { return status; }

    /** fsyncs this node's log has done since it started (for benchmarks). */
    public long fsyncCount() { return log.fsyncCount(); }

    private long millis() { return (System.nanoTime() - origin) / 1_000_000; }

    private void proposeSubmitted() {
        List<Command> batch = new ArrayList<>();
        drainSubmitted(batch);
        if (batch.isEmpty()) return;
        if (core.isLeader()) gatherStragglers(batch);
        handle(core.propose(batch, millis()));
    }

    private void drainSubmitted(List<Command> into) {
        Command c;
        while ((c = submitted.poll()) != null) into.add(c);
    }

    /**
     * Clients released by one decision send their next commands within microseconds of
     * each other; proposing the first alone would split them into two instances (two
     * fsyncs) on every round. So the leader waits while commands keep arriving — at most
     * {@link #GATHER_NANOS} in all, and no longer than {@link #STRAGGLER_NANOS} after the
     * last one — which costs tens of microseconds against an fsync of hundreds.
     */
    private void gatherStragglers(List<Command> batch) {
        long start = System.nanoTime();
        long lastArrival = start;
        while (System.nanoTime() - start < GATHER_NANOS && System.nanoTime() - lastArrival < STRAGGLER_NANOS) {
            LockSupport.parkNanos(5_000);
            int before = batch.size();
            drainSubmitted(batch);
            if (batch.size() > before) lastArrival = System.nanoTime();
        }
    }

    private void run() {
        long nextTick = millis();
        try {
            while (running) {
                long wait = nextTick - millis();
                Runnable e = wait > 0 ? events.poll(wait, TimeUnit.MILLISECONDS) : null;
                if (e != null) e.run();
                if (millis() >= nextTick) {
                    handle(core.tick(millis()));
                    nextTick = millis() + TICK_MILLIS;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // A broken invariant stops this node on purpose: continuing could make replicas diverge.
            fail("stopped on an internal error: " + e);
            LOG.error("node " + status.id() + " internal error", e);
        }
    }

    private void handle(Step step) {
        if (!step.writes().isEmpty()) {
            try {
                log.append(step.writes(), step.lastWriteSeq());
            } catch (IOException e) {
                fail("log write failed: " + e.getMessage());
                return;
            }
        }
        for (Envelope e : step.sends()) transport.send(e.to(), e.message());
        for (Decision d : step.decisions()) decisions.accept(d);
        status = snapshot();
    }

    private Status snapshot() {
        return new Status(core.id(), core.phase(), core.leaderId(), core.promised().toString(), core.chosenPrefix(),
                core.deliveredUpTo(), core.queuedCommands(), core.operationalQuorum(), running, core.snapshotNeeded());
    }

    private void fail(String why) {
        if (!running) return;
        running = false;
        LOG.error("node {}: {}; stopping this node (restart it to recover from its log)", core.id(), why);
        status = snapshot();
    }

    /** Stops the loop, makes everything logged durable, and closes the transport. */
    @Override
    public void close() {
        running = false;
        events.add(() -> { });
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        transport.close();
        try {
            log.close();
        } catch (IOException e) {
            LOG.warn("node {}: closing the log: {}", core.id(), e.getMessage());
        }
        status = snapshot();
    }
}
