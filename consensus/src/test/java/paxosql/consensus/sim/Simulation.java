package paxosql.consensus.sim;

import paxosql.consensus.core.Command;
import paxosql.consensus.core.CommitMode;
import paxosql.consensus.core.Decision;
import paxosql.consensus.core.Envelope;
import paxosql.consensus.core.GroupConfig;
import paxosql.consensus.core.LogRecord;
import paxosql.consensus.core.Member;
import paxosql.consensus.core.Message;
import paxosql.consensus.core.Mutation;
import paxosql.consensus.core.PaxosNode;
import paxosql.consensus.core.Role;
import paxosql.consensus.core.Step;
import paxosql.consensus.core.Timing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;

/**
 * One seeded, single-threaded run of a whole group: the production {@link PaxosNode}
 * on every member, with a simulated network (loss, duplication, reordering, delay,
 * partitions), simulated disks (fsync latency, crash losing what was not synced and
 * possibly a torn last record) and simulated time. The same seed replays the same run.
 *
 * <p>Two phases, as in FoundationDB's and TigerBeetle's simulators: a fault phase of a
 * fixed number of events, then a liveness phase that heals every fault and demands
 * that every submitted command be chosen and applied within a bounded time.
 */
public final class Simulation {

    /** The knobs of one run; {@link #randomFor} draws them from the seed. */
    public record Params(GroupConfig config, Timing timing, int faultEvents, int clients, double loss,
                         double duplication, long minLatency, long maxLatency, long minDisk, long maxDisk,
                         double crashRate, double pauseRate, double partitionRate, double snapshotRate, Mutation mutation) {

        public static Params randomFor(long seed, int faultEvents, Mutation mutation) {
            Random r = new Random(seed ^ 0x5DEECE66DL);
            GroupConfig cfg = switch (r.nextInt(9)) {
                case 0 -> GroupConfig.of(3, r.nextInt(2), CommitMode.SIMPLIFIED);
                case 1 -> GroupConfig.of(3, r.nextInt(2), CommitMode.SIMPLIFIED_ONE);
                case 2 -> GroupConfig.of(3, r.nextInt(2), CommitMode.CLASSIC);
                case 3 -> GroupConfig.of(5, r.nextInt(2), CommitMode.SIMPLIFIED);
                case 4 -> GroupConfig.of(5, 0, CommitMode.CLASSIC);
                case 5 -> GroupConfig.of(7, 0, r.nextBoolean() ? CommitMode.SIMPLIFIED : CommitMode.CLASSIC);
                case 6 -> GroupConfig.witnessGroup(r.nextInt(2), CommitMode.SIMPLIFIED);
                case 7 -> GroupConfig.witnessGroup(0, CommitMode.SIMPLIFIED_ONE);
                default -> GroupConfig.witnessGroup(0, CommitMode.CLASSIC);
            };
            Timing t = new Timing(20, 100, 40, 8, 5, 8, 4, 32, r.nextInt(4) != 0);
            double loss = r.nextDouble() * 0.3;
            double dup = r.nextDouble() * 0.1;
            long maxDisk = r.nextInt(4);
            return new Params(cfg, t, faultEvents, 2 + r.nextInt(3), loss, dup, 1, 2 + r.nextInt(6), 0, maxDisk,
                    0.004 + r.nextDouble() * 0.01, 0.002 + r.nextDouble() * 0.004, 0.002 + r.nextDouble() * 0.004,
                    r.nextInt(3) == 0 ? 0 : r.nextDouble() * 0.01, mutation);
        }

        /** No faults, fixed latency {@code d} and disk latency {@code f}: for measuring message delays. */
        public static Params quiet(GroupConfig cfg, Timing timing, long d, long f, int events) {
            return new Params(cfg, timing, events, 1, 0, 0, d, d, f, f, 0, 0, 0, 0, Mutation.NONE);
        }
    }

    /** What a run found. */
    public record Result(long seed, long events, long chosen, List<String> violations, List<String> trace, Params params) {
        public boolean ok() { return violations.isEmpty(); }
    }

    private static final long TICK_MILLIS = 5;
    private static final long CLIENT_TIMEOUT = 150;
    private static final long LIVENESS_BOUND_MILLIS = 20_000;
    private static final int LIVENESS_MAX_EVENTS = 400_000;
    private static final int TRACE_KEPT = 400;

    private final long seed;
    private final Params p;
    private final Random rnd;
    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private final Map<Integer, Host> hosts = new HashMap<>();
    private final List<SimClient> clients = new ArrayList<>();
    private final Checker checker;
    private final ArrayList<String> trace = new ArrayList<>();
    private long now;
    private long eventSeq;
    private long events;
    private boolean faultsOn = true;
    private Set<Integer> partitionSide = Set.of();
    private boolean traceAll;

    public Simulation(long seed, Params params) {
        this.seed = seed;
        this.p = params;
        this.rnd = new Random(seed);
        this.checker = new Checker(params.config());
    }

    /** Keep every event in the trace, not only the last few hundred. */
    public Simulation traceAll() {
        this.traceAll = true;
        return this;
    }

    // ================================================================ events =========

    private abstract static class Event implements Comparable<Event> {
        long time;
        long seq;

        @Override
        public int compareTo(Event o) {
            int c = Long.compare(time, o.time);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }

        abstract void run();
    }

    private void at(long time, Event e) {
        e.time = time;
        e.seq = eventSeq++;
        queue.add(e);
    }

    private void at(long time, Runnable r) {
        at(time, new Event() {
            @Override void run() { r.run(); }
        });
    }

    private void note(String s) {
        if (trace.size() >= TRACE_KEPT && !traceAll) trace.remove(0);
        trace.add(now + "ms " + s);
    }

    // ================================================================ nodes ==========

    /** A node's process and disk. The disk outlives crashes; everything else does not. */
    private final class Host {
        final int id;
        final List<LogRecord> durable = new ArrayList<>();
        final List<LogRecord> unsynced = new ArrayList<>();
        long unsyncedFirstSeq = 1;
        PaxosNode node;
        StateMachine sm;
        boolean up;
        int incarnation;
        boolean syncing;
        /** A paused process (a long GC pause, SIGSTOP): everything that reaches it waits. */
        boolean paused;
        final List<Runnable> deferred = new ArrayList<>();
        /** The newest durable state machine snapshot; the log below it may be truncated. */
        StateMachine.Snapshot snapshot;
        boolean fetching;

        /** Runs {@code r} now, or when the pause ends. */
        void whenRunning(Runnable r) {
            if (paused) deferred.add(r);
            else r.run();
        }

        void pause() {
            paused = true;
            note("PAUSE n" + id);
        }

        void resume() {
            if (!paused) return;
            paused = false;
            note("RESUME n" + id + " (" + deferred.size() + " deferred events)");
            if (!up) {
                deferred.clear();
                return;
            }
            // The timer fires first after a pause, as it would in a frozen process: a stale
            // leader acts on its old view before it reads what happened meanwhile.
            handle(node.tick(now));
            List<Runnable> todo = new ArrayList<>(deferred);
            deferred.clear();
            todo.forEach(Runnable::run);
        }

        Host(int id) { this.id = id; }

        void boot() {
            incarnation++;
            up = true;
            syncing = false;
            unsynced.clear();
            unsyncedFirstSeq = 1;
            fetching = false;
            sm = snapshot == null ? new StateMachine(id) : StateMachine.restore(id, snapshot);
            node = new PaxosNode(p.config(), id, p.timing(), rnd.nextLong(), List.copyOf(durable), sm.appliedUpTo(), p.mutation());
            handle(node.start(now));
            int inc = incarnation;
            at(now + 1 + rnd.nextInt((int) TICK_MILLIS), () -> tickLoop(inc));
        }

        void tickLoop(int inc) {
            if (!up || inc != incarnation) return;
            if (!paused) handle(node.tick(now));
            at(now + TICK_MILLIS, () -> tickLoop(inc));
        }

        void crash() {
            up = false;
            paused = false;
            deferred.clear();
            incarnation++;
            // Writes not yet synced may or may not have reached the disk; the last one may be torn.
            int survive = unsynced.isEmpty() ? 0 : rnd.nextInt(unsynced.size() + 1);
            if (survive > 0 && rnd.nextBoolean()) survive--; // torn: recovery cuts it
            durable.addAll(unsynced.subList(0, survive));
            unsynced.clear();
            note("CRASH n" + id + " (kept " + survive + " unsynced records)");
        }

        void handle(Step s) {
            if (!s.writes().isEmpty()) {
                unsynced.addAll(s.writes());
                if (!syncing) startSync();
            }
            for (Envelope e : s.sends()) transmit(id, e.to(), e.message());
            for (Decision d : s.decisions()) {
                List<Command> fresh = sm.apply(d, checker, now);
                for (Command c : fresh) replyTo(c);
            }
            if (node.snapshotNeeded() > sm.appliedUpTo() && !fetching) fetchSnapshot();
        }

        /** Takes a durable snapshot of the state machine and truncates the log below it (DESIGN.md § Replica). */
        void takeSnapshot() {
            if (!up || paused || sm == null || node.role() == Role.WITNESS || !unsynced.isEmpty() || syncing) return;
            long at = sm.appliedUpTo();
            if (at == 0 || snapshot != null && snapshot.instance() >= at) return;
            snapshot = sm.snapshot(node.operationalQuorumAfter(at));
            List<LogRecord> base = node.compact(at);
            durable.clear();
            durable.addAll(base);
            note("SNAPSHOT n" + id + " at " + at + ", log truncated");
        }

        /** §[0079]: the instances this node lacks were truncated by its peers; fetch a peer's snapshot. */
        void fetchSnapshot() {
            fetching = true;
            int inc = incarnation;
            at(now + 2 * latency(), () -> whenRunning(() -> {
                if (!up || inc != incarnation) return;
                fetching = false;
                Host source = null;
                for (Host h : hosts.values()) {
                    if (h.snapshot != null && h.snapshot.instance() >= node.snapshotNeeded() && h.snapshot.instance() > sm.appliedUpTo()
                            && !cut(h.id, id) && (source == null || h.snapshot.instance() > source.snapshot.instance())) source = h;
                }
                if (source == null || !unsynced.isEmpty() || syncing) {
                    if (node.snapshotNeeded() > sm.appliedUpTo()) fetchSnapshot(); // retry later
                    return;
                }
                StateMachine.Snapshot s = source.snapshot;
                sm = StateMachine.restore(id, s);
                snapshot = s;
                List<LogRecord> base = node.installSnapshot(s.instance(), s.oqAfter());
                durable.clear();
                durable.addAll(base);
                note("INSTALL n" + id + " snapshot of n" + source.id + " at " + s.instance());
                handle(node.tick(now));
            }));
        }

        void startSync() {
            syncing = true;
            long covers = unsyncedFirstSeq + unsynced.size() - 1;
            int count = unsynced.size();
            int inc = incarnation;
            long latency = p.minDisk() + (p.maxDisk() > p.minDisk() ? rnd.nextInt((int) (p.maxDisk() - p.minDisk() + 1)) : 0);
            at(now + latency, () -> whenRunning(() -> {
                if (!up || inc != incarnation) return;
                durable.addAll(unsynced.subList(0, count));
                unsynced.subList(0, count).clear();
                unsyncedFirstSeq = covers + 1;
                syncing = false;
                handle(node.onDurable(covers, now));
                if (!unsynced.isEmpty() && !syncing) startSync();
            }));
        }

        void replyTo(Command c) {
            SimClient cl = clients.get((int) c.clientId() - 1);
            long lat = latency();
            if (faultsOn && rnd.nextDouble() < p.loss()) return;
            at(now + lat, () -> cl.onReply(c.sequence(), id));
        }
    }

    private long latency() {
        long span = p.maxLatency() - p.minLatency();
        return p.minLatency() + (span > 0 ? rnd.nextInt((int) span + 1) : 0);
    }

    private boolean cut(int a, int b) {
        return faultsOn && partitionSide.contains(a) != partitionSide.contains(b);
    }

    private void transmit(int from, int to, Message m) {
        if (faultsOn && rnd.nextDouble() < p.loss()) return;
        int copies = faultsOn && rnd.nextDouble() < p.duplication() ? 2 : 1;
        for (int i = 0; i < copies; i++) {
            long delay = latency() + (faultsOn && rnd.nextInt(20) == 0 ? rnd.nextInt(30) : 0);
            at(now + delay, new Event() {
                @Override
                void run() {
                    Host h = hosts.get(to);
                    if (!h.up || cut(from, to)) return;
                    int inc = h.incarnation;
                    h.whenRunning(() -> {
                        if (!h.up || inc != h.incarnation) return;
                        note("n" + from + "->n" + to + " " + m);
                        h.handle(h.node.onMessage(from, m, now));
                    });
                }
            });
        }
    }

    // ================================================================ clients ========

    /** A client issuing one command at a time, resending the same (id, seq) on timeout. */
    private final class SimClient {
        final int id;
        long seq;
        long sentAt;
        int target;
        boolean waiting;
        int attempts;

        SimClient(int id) { this.id = id; }

        void next() {
            seq++;
            byte[] payload = ("c" + id + "-" + seq).getBytes();
            Command c = new Command(id, seq, payload);
            checker.submitted(c);
            waiting = true;
            attempts = 0;
            sentAt = now;
            send(c);
        }

        void send(Command c) {
            attempts++;
            List<Integer> candidates = new ArrayList<>(p.config().fullVoterIds());
            if (attempts > 1 || target == 0) target = candidates.get(rnd.nextInt(candidates.size()));
            int to = target;
            long s = c.sequence();
            at(now + latency(), () -> {
                Host h = hosts.get(to);
                if (!h.up || faultsOn && rnd.nextDouble() < p.loss()) return;
                // A resend of a command already applied is answered from the session table, as a replica does.
                h.whenRunning(() -> {
                    if (!h.up) return;
                    if (h.sm.hasApplied(c)) h.replyTo(c);
                    else h.handle(h.node.propose(c, now));
                });
            });
            at(now + CLIENT_TIMEOUT, () -> {
                if (waiting && seq == s) send(c);
            });
        }

        Command current() { return new Command(id, seq, ("c" + id + "-" + seq).getBytes()); }

        void onReply(long s, int from) {
            if (!waiting || s != seq) return;
            waiting = false;
            checker.acknowledged(current(), now - sentAt);
            note("ACK c" + id + "#" + s + " from n" + from + " after " + (now - sentAt) + "ms");
            if (faultsOn) at(now + rnd.nextInt(5), this::next);
        }
    }

    // ================================================================ faults =========

    private void maybeInjectFault() {
        if (p.snapshotRate() > 0 && rnd.nextDouble() < p.snapshotRate()) {
            List<Host> candidates = hosts.values().stream().filter(h -> h.up && h.sm != null).toList();
            if (!candidates.isEmpty()) candidates.get(rnd.nextInt(candidates.size())).takeSnapshot();
        }
        double x = rnd.nextDouble();
        if (x < p.crashRate()) {
            List<Host> upHosts = hosts.values().stream().filter(h -> h.up).toList();
            if (upHosts.isEmpty()) return;
            Host victim = rnd.nextInt(3) == 0 ? leaderHost() : upHosts.get(rnd.nextInt(upHosts.size()));
            if (victim == null || !victim.up) victim = upHosts.get(rnd.nextInt(upHosts.size()));
            victim.crash();
            Host v = victim;
            at(now + 20 + rnd.nextInt(300), () -> {
                if (!v.up && faultsOn) {
                    note("RESTART n" + v.id);
                    v.boot();
                }
            });
        } else if (x < p.crashRate() + p.pauseRate()) {
            List<Host> running = hosts.values().stream().filter(h -> h.up && !h.paused).toList();
            if (running.isEmpty()) return;
            Host victim = rnd.nextBoolean() && leaderHost() != null ? leaderHost() : running.get(rnd.nextInt(running.size()));
            victim.pause();
            at(now + 50 + rnd.nextInt(500), victim::resume);
        } else if (x < p.crashRate() + p.pauseRate() + p.partitionRate() && partitionSide.isEmpty()) {
            Set<Integer> side = new HashSet<>();
            for (int id : hosts.keySet()) if (rnd.nextBoolean()) side.add(id);
            partitionSide = side;
            note("PARTITION " + side + " | rest");
            at(now + 50 + rnd.nextInt(400), () -> {
                partitionSide = Set.of();
                note("HEAL partition");
            });
        }
    }

    private Host leaderHost() {
        for (Host h : hosts.values()) if (h.up && h.node.isLeader()) return h;
        return null;
    }

    // ================================================================ run ============

    public Result run() {
        try {
            for (Member m : p.config().members()) hosts.put(m.id(), new Host(m.id()));
            for (Host h : hosts.values()) h.boot();
            for (int c = 1; c <= p.clients(); c++) clients.add(new SimClient(c));
            for (SimClient c : clients) at(now + 1 + rnd.nextInt(50), c::next);

            while (events < p.faultEvents() && !queue.isEmpty() && checker.violations().isEmpty()) {
                step();
                if (p.crashRate() > 0) maybeInjectFault();
            }
            heal();
            long deadline = now + LIVENESS_BOUND_MILLIS;
            long budget = events + LIVENESS_MAX_EVENTS;
            while (!queue.isEmpty() && checker.violations().isEmpty() && now < deadline && events < budget) {
                if (settled()) break;
                step();
            }
            if (checker.violations().isEmpty()) finalChecks();
        } catch (RuntimeException e) {
            checker.violation("exception at " + now + "ms: " + e);
            note("EXCEPTION " + e);
            for (StackTraceElement el : e.getStackTrace()) {
                if (el.getClassName().startsWith("paxosql")) note("   at " + el);
            }
        }
        return new Result(seed, events, checker.chosenInstances(), checker.violations(), List.copyOf(trace), p);
    }

    private void step() {
        Event e = queue.poll();
        now = Math.max(now, e.time);
        events++;
        e.run();
    }

    private void heal() {
        faultsOn = false;
        partitionSide = Set.of();
        note("HEAL all: restart every node, no more loss or partitions");
        for (Host h : hosts.values()) h.resume();
        for (Host h : hosts.values()) if (!h.up) h.boot();
        for (SimClient c : clients) if (c.waiting) c.send(c.current());
    }

    /** Every client's command applied, and every full replica and learner has applied everything chosen. */
    private boolean settled() {
        for (SimClient c : clients) if (c.waiting) return false;
        long max = 0;
        for (Host h : hosts.values()) max = Math.max(max, h.node.chosenPrefix());
        for (Host h : hosts.values()) {
            if (h.node.role() != Role.WITNESS && h.sm.appliedUpTo() < max) return false;
        }
        return true;
    }

    private void finalChecks() {
        for (SimClient c : clients) {
            if (c.waiting) checker.violation("liveness: client " + c.id + " command #" + c.seq + " not applied "
                    + LIVENESS_BOUND_MILLIS + "ms after the faults stopped");
        }
        List<StateMachine> replicas = new ArrayList<>();
        for (Host h : hosts.values()) if (h.node.role() != Role.WITNESS) replicas.add(h.sm);
        checker.checkAcknowledgedEverywhere(replicas);
        if (!settled() && checker.violations().isEmpty()) {
            checker.violation("liveness: replicas did not converge on the chosen prefix within the bound");
        }
    }

    // ------------------------------------------------ measurement helpers (tests) -----

    /** Runs the quiet group until {@code commands} commands were acknowledged; returns their latencies. */
    public List<Long> measureLatencies(int commands) {
        faultsOn = false;
        for (Member m : p.config().members()) hosts.put(m.id(), new Host(m.id()));
        for (Host h : hosts.values()) h.boot();
        SimClient c = new SimClient(1);
        clients.add(c);
        long guard = 2_000_000;
        // Let a leader be elected before measuring.
        while (leaderHost() == null && guard-- > 0 && !queue.isEmpty()) step();
        for (int k = 0; k < 200 && guard-- > 0; k++) step(); // settle phase 1
        List<Long> lat = new ArrayList<>();
        for (int i = 0; i < commands && guard > 0; i++) {
            Host leader = leaderHost();
            c.target = leader.id;
            c.seq++;
            Command cmd = c.current();
            checker.submitted(cmd);
            c.waiting = true;
            c.attempts = 1;
            c.sentAt = now;
            int to = leader.id;
            at(now + latency(), () -> hosts.get(to).handle(hosts.get(to).node.propose(cmd, now)));
            faultsOn = false;
            while (c.waiting && guard-- > 0 && !queue.isEmpty()) step();
            lat.add(checker.lastLatency());
            for (int k = 0; k < 50 && !queue.isEmpty(); k++) step(); // drain acks
        }
        return lat;
    }

    public Checker checker() { return checker; }
}
