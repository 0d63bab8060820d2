package paxosql.consensus.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * One member of a Paxos group as pure logic: no threads, sockets, clocks or files.
 * It is fed messages, client commands, {@link #tick} and {@link #onDurable}, and
 * answers each with a {@link Step}. The same class runs in a replica and in the
 * deterministic simulator (DESIGN.md § Consensus).
 *
 * <p>Roles in one object: acceptor (promises, votes), learner (chosen values,
 * delivery in instance order) and, on full voters, proposer/leader.
 *
 * <p>Durability order (DESIGN.md § Durability order) is enforced here, not by the
 * caller: a promise or vote is sent, counted or acted on only after
 * {@link #onDurable} has covered its record. The one exception is the leader's vote,
 * which rides with its accept before it is durable (the fsyncs overlap); followers
 * count it only once a {@link Message.LeaderDurable} naming the same ballot covers
 * the instance.
 */
public final class PaxosNode {

    /** One vote held by this acceptor. */
    private static final class Vote {
        final Ballot ballot;
        final Value value;
        final long seq;

        Vote(Ballot ballot, Value value, long seq) {
            this.ballot = ballot;
            this.value = value;
            this.seq = seq;
        }
    }

    /** An instance this leader proposed and does not yet know chosen. */
    private static final class InFlight {
        final Value value;
        long sentAt;

        InFlight(Value value, long sentAt) {
            this.value = value;
            this.sentAt = sentAt;
        }
    }

    private record Gated(long seq, Runnable action) {}

    private record CommandKey(long clientId, long sequence) {
        static CommandKey of(Command c) { return new CommandKey(c.clientId(), c.sequence()); }
    }

    /** Where this node stands as a proposer. */
    public enum Phase { FOLLOWER, PREPARING, LEADING }

    // --- identity -----------------------------------------------------------------
    private final GroupConfig config;
    private final int self;
    private final Role role;
    private final Timing timing;
    private QuorumRule quorum;
    private final Mutation mutation;
    private final SplittableRandom random;
    private final List<Integer> voting;
    private final List<Integer> fullVoters;

    // --- durability ---------------------------------------------------------------
    private long writeSeq;
    private long durableSeq;
    private final ArrayDeque<Gated> gated = new ArrayDeque<>();

    // --- acceptor -----------------------------------------------------------------
    private Ballot promised = Ballot.ZERO;
    private final TreeMap<Long, Vote> votes = new TreeMap<>();

    // --- learner ------------------------------------------------------------------
    private final TreeMap<Long, Value> chosen = new TreeMap<>();
    private long chosenPrefix;
    private long deliveredUpTo;
    private long durableChosenUpTo;
    private long truncatedUpTo;
    /** The operational quorum in force just after {@code truncatedUpTo} (null: the initial one). */
    private List<Integer> truncatedOq;
    /** The operational quorum governing instance {@code chosenPrefix + 1}. */
    private List<Integer> oq;
    private final Map<Long, Map<Ballot, Set<Integer>>> tally = new HashMap<>();
    /** Leader durability notices received: ballot → instance its votes are durable up to. */
    private final TreeMap<Ballot, Long> leaderDurable = new TreeMap<>();
    private int lastNoticeFrom;
    private long lastNoticeUpTo;
    private long lastCatchUpAt = Long.MIN_VALUE / 2;
    private long snapshotNeeded = -1;
    private final NonUrgentOutbox outbox;
    private final SessionTable sessions = new SessionTable();
    private Integer forcedLost;

    // --- leadership ---------------------------------------------------------------
    private Phase phase = Phase.FOLLOWER;
    private Ballot myBallot = Ballot.ZERO;
    private Ballot highestSeen = Ballot.ZERO;
    /** The highest ballot this node ever campaigned with (durable): never to be used again. */
    private Ballot campaigned = Ballot.ZERO;
    private boolean selfPromiseAsked;
    private long campaignSeq;
    private Integer leaderId;
    private long lastLeaderContact;
    private long jitter;
    private final Map<Integer, Long> lastHeard = new HashMap<>();
    private final Map<Integer, Long> peerDurableChosen = new HashMap<>();
    private final Map<Integer, Message.Promise> promises = new TreeMap<>();
    private final Map<Long, List<Message.Entry>> promisedEntries = new HashMap<>();
    private long promisedChosenUpTo;
    private int promisedChosenSource;
    private long prepareStartedAt;
    private long lastPrepareSentAt;
    private long walkEnd;
    private long nextInstance;
    private List<Integer> oqForNext;
    private long pendingOqInstance = -1;
    /** A voter is catching up to rejoin the operational quorum: new commands wait so it can. */
    private boolean growthPending;
    private final TreeMap<Long, InFlight> inFlight = new TreeMap<>();
    private final ArrayDeque<Command> queue = new ArrayDeque<>();
    private final Set<CommandKey> queuedKeys = new HashSet<>();
    private long myDurableUpTo;
    private long lastProposed;
    private boolean noticeDirty;
    private long lastHeartbeatAt = Long.MIN_VALUE / 2;
    private long lastCommitSent;

    // --- output of the current call -------------------------------------------------
    private long now;
    private List<LogRecord> writes = new ArrayList<>();
    private List<Envelope> sends = new ArrayList<>();
    private List<Decision> decisions = new ArrayList<>();
    private final List<LogRecord> lazyMarks = new ArrayList<>();
    private long lastWriteAt;

    /**
     * @param recovered    the records of this node's durable log, in order (empty for a new node)
     * @param appliedUpTo  the last instance the state machine has applied durably; delivery resumes after it
     */
    public PaxosNode(GroupConfig config, int self, Timing timing, long seed, List<LogRecord> recovered,
                     long appliedUpTo, Mutation mutation) {
        this.config = config;
        this.self = self;
        this.role = config.roleOf(self);
        this.timing = timing;
        this.quorum = new QuorumRule(config);
        this.mutation = mutation;
        this.random = new SplittableRandom(seed);
        this.voting = config.votingIds();
        this.fullVoters = config.fullVoterIds();
        this.outbox = new NonUrgentOutbox(timing.learnerFlushCount(), timing.learnerFlushMillis());
        this.oq = quorum.initialOq();
        recover(recovered);
        this.deliveredUpTo = Math.max(appliedUpTo, truncatedUpTo);
        this.jitter = random.nextLong(Math.max(1, timing.electionMillis() / 2));
    }

    public PaxosNode(GroupConfig config, int self, Timing timing, long seed) {
        this(config, self, timing, seed, List.of(), 0, Mutation.NONE);
    }

    // ================================================================ recovery ======

    private void recover(List<LogRecord> records) {
        for (LogRecord r : records) {
            if (r instanceof LogRecord.PromiseRecord p) {
                promised = max(promised, p.ballot());
            } else if (r instanceof LogRecord.VoteRecord v) {
                Vote old = votes.get(v.instance());
                if (old == null || v.ballot().atLeast(old.ballot)) votes.put(v.instance(), new Vote(v.ballot(), v.value(), 0));
                promised = max(promised, v.ballot());
            } else if (r instanceof LogRecord.ChosenMark m) {
                Vote v = votes.get(m.instance());
                if (v != null && v.ballot.equals(m.ballot())) chosen.put(m.instance(), v.value);
            } else if (r instanceof LogRecord.ChosenRecord c) {
                chosen.put(c.instance(), c.value());
            } else if (r instanceof LogRecord.SnapshotMark sm) {
                truncatedUpTo = Math.max(truncatedUpTo, sm.instance());
                truncatedOq = List.copyOf(sm.operationalQuorum());
                oq = truncatedOq;
            } else if (r instanceof LogRecord.ForcedRecoveryRecord f) {
                forget(f.lostNode());
            } else if (r instanceof LogRecord.CampaignRecord c) {
                campaigned = max(campaigned, c.ballot());
            }
        }
        highestSeen = max(promised, campaigned);
        chosenPrefix = truncatedUpTo;
        chosen.headMap(truncatedUpTo, true).clear();
        votes.headMap(truncatedUpTo, true).clear();
        advancePrefixOverKnown();
        durableChosenUpTo = chosenPrefix;
    }

    // ================================================================ public API =====

    /** Starts the node's clock; call once before anything else. */
    public Step start(long now) {
        begin(now);
        lastLeaderContact = now;
        return finish();
    }

    public Step tick(long now) {
        begin(now);
        // Marks normally ride with the next vote; when no vote comes for a heartbeat, write them alone.
        if (!lazyMarks.isEmpty() && now - lastWriteAt >= timing.heartbeatMillis()) flushChosenMarks();
        outbox.flushDue(now, sends, chosenPrefix);
        switch (phase) {
            case LEADING -> tickLeader();
            case PREPARING -> tickCandidate();
            case FOLLOWER -> tickFollower();
        }
        return finish();
    }

    /** Everything written up to {@code seq} (as numbered by {@link Step#lastWriteSeq}) is durable. */
    public Step onDurable(long seq, long now) {
        begin(now);
        if (seq > writeSeq) throw new IllegalArgumentException("seq " + seq + " was never written (last " + writeSeq + ")");
        durableSeq = Math.max(durableSeq, seq);
        while (!gated.isEmpty() && gated.peekFirst().seq <= durableSeq) gated.pollFirst().action.run();
        return finish();
    }

    /** A client command arrived here; a follower passes it to the leader it knows. */
    public Step propose(Command c, long now) {
        return propose(List.of(c), now);
    }

    /** Commands that arrived together: the leader packs them into as few instances as it may. */
    public Step propose(List<Command> commands, long now) {
        begin(now);
        if (phase == Phase.LEADING) {
            commands.forEach(this::enqueue);
        } else if (leaderId != null && leaderId != self && !commands.isEmpty()) {
            sends.add(new Envelope(leaderId, new Message.Forward(List.copyOf(commands))));
        }
        return finish();
    }

    public Step onMessage(int from, Message m, long now) {
        begin(now);
        if (from != self) lastHeard.put(from, now);
        dispatch(from, m);
        return finish();
    }

    /**
     * Operator command for the case of patent §[00118]: the single node of the
     * operational quorum is lost for good. This node stops waiting for it and may lose
     * the writes that node alone chose. Logged durably; the caller logs it loudly.
     */
    public Step forceRecovery(int lostNode, long now) {
        begin(now);
        if (!fullVoters.contains(lostNode)) throw new IllegalArgumentException("node " + lostNode + " is not a voter");
        if (lostNode == self) throw new IllegalArgumentException("a node cannot declare itself lost");
        forget(lostNode);
        write(new LogRecord.ForcedRecoveryRecord(lostNode, chosenPrefix + 1));
        return finish();
    }

    private void forget(int lostNode) {
        forcedLost = lostNode;
        quorum = new QuorumRule(config).forgetting(lostNode);
    }

    /**
     * Drops chosen values up to {@code upTo} from memory once a durable snapshot covers
     * them. Returns what the log must keep (for {@code rewriteBase}): the promise, a
     * snapshot mark, and the votes and chosen values above it.
     */
    public List<LogRecord> compact(long upTo) {
        if (upTo > deliveredUpTo) throw new IllegalArgumentException("cannot compact past the applied instance " + deliveredUpTo);
        if (upTo <= truncatedUpTo) return retainedRecords();
        List<Integer> oqAfter = oqAfter(upTo);
        truncatedUpTo = upTo;
        truncatedOq = oqAfter;
        chosen.headMap(upTo, true).clear();
        votes.headMap(upTo, true).clear();
        return retainedRecords();
    }

    /**
     * The replica's state is durably at {@code instance}: it replaced its state with a
     * snapshot fetched from a peer after {@link Message.SnapshotNeeded} (patent §[0079]: a
     * replica too far behind gets the state instead of the log), or it was restored from a
     * snapshot, or after a crash its state ran ahead of the chosen marks in its log. Everything up to {@code instance} is
     * chosen and applied; delivery resumes after it and the operational quorum after it is
     * {@code oqAfter} (the source's, recorded with the snapshot; null: the initial one).
     * Returns what the log must keep, as {@link #compact} does; the caller rewrites the log
     * with it before the next input.
     */
    public List<LogRecord> installSnapshot(long instance, List<Integer> oqAfter) {
        if (instance <= chosenPrefix && instance <= truncatedUpTo) return retainedRecords();
        // A proposer's phase-1 walk and pipeline were planned from the old prefix; a leader
        // this far behind steps down and campaigns afresh from the new one.
        if (instance > chosenPrefix && phase != Phase.FOLLOWER) stepDown();
        if (instance > truncatedUpTo) {
            truncatedUpTo = instance;
            truncatedOq = oqAfter == null ? null : List.copyOf(oqAfter);
            chosen.headMap(instance, true).clear();
            votes.headMap(instance, true).clear();
        }
        deliveredUpTo = Math.max(deliveredUpTo, instance);
        if (chosenPrefix < instance) {
            chosenPrefix = instance;
            oq = truncatedOq != null ? truncatedOq : quorum.initialOq();
        }
        if (snapshotNeeded <= instance) snapshotNeeded = -1;
        advancePrefixOverKnown();
        // The caller makes the returned records (every chosen value held) durable before the next input.
        durableChosenUpTo = Math.max(durableChosenUpTo, chosenPrefix);
        return retainedRecords();
    }

    /**
     * The operational quorum in force after {@code instance}, for a snapshot taken there;
     * valid from the truncation point up to the chosen prefix.
     */
    public List<Integer> operationalQuorumAfter(long instance) {
        if (instance < truncatedUpTo || instance > chosenPrefix) {
            throw new IllegalArgumentException("instance " + instance + " is outside " + truncatedUpTo + ".." + chosenPrefix);
        }
        return List.copyOf(oqAfter(instance));
    }

    private List<LogRecord> retainedRecords() {
        List<LogRecord> base = new ArrayList<>();
        base.add(new LogRecord.PromiseRecord(promised));
        base.add(new LogRecord.SnapshotMark(truncatedUpTo, truncatedOq != null ? truncatedOq : quorum.initialOq()));
        if (forcedLost != null) base.add(new LogRecord.ForcedRecoveryRecord(forcedLost, truncatedUpTo + 1));
        for (var e : votes.entrySet()) base.add(new LogRecord.VoteRecord(e.getKey(), e.getValue().ballot, e.getValue().value));
        for (var e : chosen.entrySet()) base.add(new LogRecord.ChosenRecord(e.getKey(), e.getValue()));
        return base;
    }

    /** The operational quorum in force after instance {@code upTo}, from the chosen values. */
    private List<Integer> oqAfter(long upTo) {
        List<Integer> result = truncatedOq != null ? truncatedOq : quorum.initialOq();
        for (var e : chosen.headMap(upTo, true).entrySet()) {
            if (e.getValue() instanceof Value.OqChange c) result = c.members();
        }
        return result;
    }

    // ------------------------------------------------------------ observers ---------

    public int id() { return self; }
    public Role role() { return role; }
    public Phase phase() { return phase; }
    public boolean isLeader() { return phase == Phase.LEADING; }
    /** The leader this node currently follows, or null. */
    public Integer leaderId() { return leaderId; }
    public Ballot promised() { return promised; }
    public Ballot ballot() { return myBallot; }
    public long chosenPrefix() { return chosenPrefix; }
    public long deliveredUpTo() { return deliveredUpTo; }
    public List<Integer> operationalQuorum() { return oq; }
    /** The instance of a snapshot a peer said we need, or -1. */
    public long snapshotNeeded() { return snapshotNeeded; }
    /** A chosen value this node still holds, or null. */
    public Value chosenValue(long instance) { return chosen.get(instance); }
    public int queuedCommands() { return queue.size(); }

    // ================================================================ plumbing =======

    private void begin(long now) {
        this.now = now;
        writes = new ArrayList<>();
        sends = new ArrayList<>();
        decisions = new ArrayList<>();
    }

    private Step finish() {
        if (phase == Phase.PREPARING) tryFinishPhase1();
        advanceChosen();
        deliver();
        if (phase == Phase.LEADING) {
            inFlight.headMap(chosenPrefix, true).clear();
            fillPipeline();
            announce();
        }
        Step step = new Step(writes, writeSeq, sends, decisions);
        writes = List.of();
        sends = List.of();
        decisions = List.of();
        return step;
    }

    private long write(LogRecord r) {
        flushChosenMarks();
        lastWriteAt = now;
        writes.add(r);
        return ++writeSeq;
    }

    /**
     * Chosen marks need not be durable before anything is done (a node that loses one
     * learns the value again), so they wait for the next record that must be written or
     * the next tick, instead of costing an fsync of their own.
     */
    private void flushChosenMarks() {
        if (lazyMarks.isEmpty()) return;
        for (LogRecord m : lazyMarks) {
            writes.add(m);
            ++writeSeq;
        }
        lazyMarks.clear();
        long prefix = chosenPrefix;
        afterDurable(writeSeq, () -> durableChosenUpTo = Math.max(durableChosenUpTo, prefix));
    }

    /** Runs {@code action} once everything up to {@code seq} is durable. */
    private void afterDurable(long seq, Runnable action) {
        if (seq <= durableSeq) action.run();
        else gated.addLast(new Gated(seq, action));
    }

    private void send(int to, Message m) {
        if (to == self) dispatch(self, m);
        else sends.add(new Envelope(to, m));
    }

    private void dispatch(int from, Message m) {
        if (m instanceof Message.Prepare p) onPrepare(from, p);
        else if (m instanceof Message.Promise p) onPromise(from, p);
        else if (m instanceof Message.Nack n) onNack(n);
        else if (m instanceof Message.Accept a) onAccept(from, a);
        else if (m instanceof Message.Accepted a) onAccepted(from, a);
        else if (m instanceof Message.LeaderDurable n) onLeaderDurable(from, n);
        else if (m instanceof Message.Commit c) onCommit(from, c.ballot(), c.upTo());
        else if (m instanceof Message.Learn l) onLearn(from, l);
        else if (m instanceof Message.CatchUpRequest r) onCatchUpRequest(from, r);
        else if (m instanceof Message.SnapshotNeeded sn) snapshotNeeded = Math.max(snapshotNeeded, sn.snapshotInstance());
        else if (m instanceof Message.Heartbeat h) onHeartbeat(from, h);
        else if (m instanceof Message.HeartbeatReply r) peerDurableChosen.merge(from, r.durableChosenUpTo(), Math::max);
        else if (m instanceof Message.Forward f) {
            if (phase == Phase.LEADING) f.commands().forEach(this::enqueue);
            else if (leaderId != null && leaderId != self && leaderId != from) sends.add(new Envelope(leaderId, f));
        }
    }

    private static Ballot max(Ballot a, Ballot b) { return a.compareTo(b) >= 0 ? a : b; }

    private void observe(Ballot b) { highestSeen = max(highestSeen, b); }

    private boolean isWitness() { return role == Role.WITNESS; }

    private boolean heardRecently(int node, long within) {
        if (node == self) return true;
        Long t = lastHeard.get(node);
        return t != null && now - t <= within;
    }

    // ================================================================ acceptor =======

    /** Pre-vote (patent §[0064]): while a live leader is heard, another node's Prepare is ignored. */
    private boolean hearsLiveLeaderOtherThan(int from) {
        return leaderId != null && leaderId != from && now - lastLeaderContact < timing.electionMillis();
    }

    private void onPrepare(int from, Message.Prepare p) {
        if (role == Role.LEARNER) return;
        observe(p.ballot());
        if (hearsLiveLeaderOtherThan(from)) return;
        if (p.ballot().compareTo(promised) < 0) {
            send(from, new Message.Nack(promised));
            return;
        }
        long seq = writeSeq;
        if (p.ballot().greaterThan(promised)) {
            promised = p.ballot();
            seq = write(new LogRecord.PromiseRecord(promised));
            if (phase != Phase.FOLLOWER && p.ballot().greaterThan(myBallot) && from != self) stepDown();
        }
        afterDurable(seq, () -> {
            if (promised.equals(p.ballot())) send(from, buildPromise(p));
        });
    }

    private Message.Promise buildPromise(Message.Prepare p) {
        List<Message.Entry> entries = new ArrayList<>();
        long lowest = isWitness() ? p.fromInstance() : Math.max(p.fromInstance(), chosenPrefix + 1);
        for (var e : votes.tailMap(lowest, true).entrySet()) {
            Value c = chosen.get(e.getKey());
            entries.add(new Message.Entry(e.getKey(), e.getValue().ballot, c != null ? c : e.getValue().value, c != null));
        }
        for (var e : chosen.tailMap(lowest, true).entrySet()) {
            if (!votes.containsKey(e.getKey())) entries.add(new Message.Entry(e.getKey(), Ballot.ZERO, e.getValue(), true));
        }
        return new Message.Promise(p.ballot(), isWitness() ? 0 : chosenPrefix, entries);
    }

    private void onAccept(int from, Message.Accept a) {
        if (role == Role.LEARNER) return;
        observe(a.ballot());
        boolean allowed = a.ballot().atLeast(promised) || mutation == Mutation.IGNORE_PROMISE;
        if (!allowed) {
            send(from, new Message.Nack(promised));
            return;
        }
        if (from != self) followLeader(from, a.ballot());
        promised = max(promised, a.ballot());
        if (mutation == Mutation.ACT_BEFORE_DURABLE && from != self) noteLeaderDurable(from, a.ballot(), a.instance());
        Vote existing = votes.get(a.instance());
        long seq;
        if (existing != null && existing.ballot.equals(a.ballot())) {
            seq = existing.seq;
        } else if (existing == null || a.ballot().greaterThan(existing.ballot) || mutation == Mutation.IGNORE_PROMISE) {
            Value stored = isWitness() && !(a.value() instanceof Value.OqChange) ? Value.digestOf(a.value()) : a.value();
            seq = write(new LogRecord.VoteRecord(a.instance(), a.ballot(), stored));
            votes.put(a.instance(), new Vote(a.ballot(), stored, seq));
        } else {
            return;
        }
        long instance = a.instance();
        Ballot ballot = a.ballot();
        boolean urgent = a.voteUrgently();
        afterDurable(seq, () -> onOwnVoteDurable(instance, ballot, from, urgent));
    }

    private void onOwnVoteDurable(long instance, Ballot ballot, int leader, boolean urgent) {
        addVote(instance, ballot, self);
        if (leader == self) {
            if (phase == Phase.LEADING && ballot.equals(myBallot) && instance > myDurableUpTo) {
                myDurableUpTo = instance;
                noticeDirty = true;
            }
            return;
        }
        Message.Accepted single = new Message.Accepted(ballot, List.of(instance));
        if (config.mode() == CommitMode.SIMPLIFIED && voting.size() > 3 && !isWitness()) {
            // 5 or 7 voters: the leader's vote plus one follower's is no majority, so
            // followers tell each other (DESIGN.md § Commit modes).
            for (int v : voting) if (v != self) send(v, single);
        } else if (urgent || isWitness() || config.mode() == CommitMode.CLASSIC) {
            send(leader, single);
        } else {
            outbox.ack(leader, ballot, instance, now, sends, chosenPrefix);
        }
    }

    private void addVote(long instance, Ballot ballot, int voter) {
        if (instance <= chosenPrefix) return;
        tally.computeIfAbsent(instance, k -> new HashMap<>()).computeIfAbsent(ballot, k -> new HashSet<>()).add(voter);
    }

    private void onAccepted(int from, Message.Accepted a) {
        observe(a.ballot());
        for (long i : a.instances()) addVote(i, a.ballot(), from);
    }

    private void onLeaderDurable(int from, Message.LeaderDurable n) {
        observe(n.ballot());
        noteLeaderDurable(from, n.ballot(), n.upTo());
    }

    private void noteLeaderDurable(int from, Ballot ballot, long upTo) {
        if (ballot.nodeId() != from) return;
        leaderDurable.merge(ballot, upTo, Math::max);
        if (from == lastNoticeFrom) lastNoticeUpTo = Math.max(lastNoticeUpTo, upTo);
        else {
            lastNoticeFrom = from;
            lastNoticeUpTo = upTo;
        }
    }

    /** The node whose vote a durability notice vouches for at (instance, ballot), or -1. */
    private int vouchedLeaderVote(long instance, Ballot ballot) {
        if (mutation == Mutation.BALLOTLESS_DURABLE) {
            return lastNoticeUpTo >= instance ? lastNoticeFrom : -1;
        }
        Long upTo = leaderDurable.get(ballot);
        return upTo != null && upTo >= instance ? ballot.nodeId() : -1;
    }

    // ================================================================ learner ========

    /** Marks chosen every next instance this node can prove chosen, in order. */
    private void advanceChosen() {
        if (isWitness()) return;
        boolean progressed = false;
        while (true) {
            if (advancePrefixOverKnown()) {
                progressed = true;
                continue;
            }
            long next = chosenPrefix + 1;
            Vote v = votes.get(next);
            if (v == null || v.value instanceof Value.Digest) break;
            Set<Integer> voters = new HashSet<>(tally.getOrDefault(next, Map.of()).getOrDefault(v.ballot, Set.of()));
            int leaderVote = vouchedLeaderVote(next, v.ballot);
            if (leaderVote > 0) voters.add(leaderVote);
            if (!quorum.chooses(voters, v.value, oq)) break;
            markChosen(next, v.value, v.ballot);
            if (config.mode() == CommitMode.SIMPLIFIED_ONE && phase != Phase.LEADING) forwardChosen(next, v.value);
            progressed = true;
        }
        if (progressed) pruneBelowPrefix();
    }

    /** Moves the prefix over values already known chosen; true if it moved. */
    private boolean advancePrefixOverKnown() {
        boolean moved = false;
        Value v;
        while ((v = chosen.get(chosenPrefix + 1)) != null) {
            chosenPrefix++;
            if (v instanceof Value.OqChange c) oq = c.members();
            moved = true;
        }
        return moved;
    }

    private void pruneBelowPrefix() {
        tally.keySet().removeIf(i -> i <= chosenPrefix);
        votes.headMap(chosenPrefix, true).clear();
        while (leaderDurable.size() > 4) leaderDurable.pollFirstEntry();
    }

    private void markChosen(long instance, Value value, Ballot ownBallot) {
        if (instance <= chosenPrefix || chosen.containsKey(instance) || instance <= truncatedUpTo) return;
        chosen.put(instance, value);
        lazyMarks.add(ownBallot != null ? new LogRecord.ChosenMark(instance, ownBallot) : new LogRecord.ChosenRecord(instance, value));
        if (phase == Phase.LEADING && config.mode() != CommitMode.SIMPLIFIED_ONE) {
            for (int l : config.learnerIds()) outbox.learned(l, entry(instance, value), now, sends, chosenPrefix);
        }
    }

    private static Message.Entry entry(long instance, Value value) {
        return new Message.Entry(instance, Ballot.ZERO, value, true);
    }

    /** Patent Fig. 8: the one follower that decided tells the others, without hurry. */
    private void forwardChosen(long instance, Value value) {
        for (Member m : config.members()) {
            if (m.id() != self && m.role() != Role.WITNESS) outbox.learned(m.id(), entry(instance, value), now, sends, chosenPrefix);
        }
    }

    private void deliver() {
        if (isWitness()) return;
        while (deliveredUpTo < chosenPrefix) {
            long i = ++deliveredUpTo;
            Value v = chosen.get(i);
            decisions.add(new Decision(i, v));
            if (v instanceof Value.Batch b) {
                for (Command c : b.commands()) {
                    sessions.admit(c);
                    queuedKeys.remove(CommandKey.of(c));
                }
            }
        }
    }

    private void onCommit(int from, Ballot ballot, long upTo) {
        if (isWitness() || upTo <= chosenPrefix) return;
        for (var e : votes.subMap(chosenPrefix, false, upTo, true).entrySet()) {
            if (e.getValue().ballot.equals(ballot)) markChosen(e.getKey(), e.getValue().value, ballot);
        }
        advancePrefixOverKnown();
        if (upTo > chosenPrefix) requestCatchUp(from, upTo);
    }

    private void onLearn(int from, Message.Learn l) {
        if (isWitness()) return;
        for (Message.Entry e : l.entries()) {
            if (e.chosen() && !(e.value() instanceof Value.Digest)) markChosen(e.instance(), e.value(), null);
        }
        advancePrefixOverKnown();
        if (l.senderChosenUpTo() > chosenPrefix) requestCatchUp(from, l.senderChosenUpTo());
    }

    private void requestCatchUp(int from, long upTo) {
        if (isWitness() || from == self || upTo <= chosenPrefix) return;
        if (now - lastCatchUpAt < timing.retransmitMillis() / 2) return;
        lastCatchUpAt = now;
        long to = Math.min(upTo, chosenPrefix + timing.catchUpChunk());
        sends.add(new Envelope(from, new Message.CatchUpRequest(chosenPrefix + 1, to)));
    }

    private void onCatchUpRequest(int from, Message.CatchUpRequest r) {
        if (isWitness()) return;
        if (r.from() <= truncatedUpTo) {
            sends.add(new Envelope(from, new Message.SnapshotNeeded(truncatedUpTo)));
            return;
        }
        long to = Math.min(r.to(), r.from() + timing.catchUpChunk() - 1);
        List<Message.Entry> entries = new ArrayList<>();
        for (var e : chosen.subMap(r.from(), true, to, true).entrySet()) entries.add(entry(e.getKey(), e.getValue()));
        if (!entries.isEmpty()) sends.add(new Envelope(from, new Message.Learn(entries, chosenPrefix)));
    }

    // ================================================================ following ======

    private void followLeader(int from, Ballot ballot) {
        if (ballot.compareTo(promised) < 0) return;
        // A campaign that has not even won our own promise yields to a live leader.
        boolean idleCampaign = phase == Phase.PREPARING && !selfPromiseAsked;
        if (phase != Phase.FOLLOWER && (ballot.greaterThan(myBallot) || idleCampaign)) stepDown();
        if (phase == Phase.FOLLOWER) {
            if (leaderId == null || leaderId != from) jitter = random.nextLong(Math.max(1, timing.electionMillis() / 2));
            leaderId = from;
            lastLeaderContact = now;
        }
    }

    private void onHeartbeat(int from, Message.Heartbeat h) {
        observe(h.ballot());
        if (h.ballot().compareTo(promised) < 0) {
            send(from, new Message.Nack(promised));
            return;
        }
        followLeader(from, h.ballot());
        if (config.mode() != CommitMode.CLASSIC) noteLeaderDurable(from, h.ballot(), h.durableUpTo());
        if (isWitness()) votes.headMap(h.stableUpTo(), true).clear();
        else onCommit(from, h.ballot(), h.chosenUpTo());
        send(from, new Message.HeartbeatReply(h.ballot(), isWitness() ? 0 : durableChosenUpTo));
    }

    private void onNack(Message.Nack n) {
        observe(n.promised());
        if (phase != Phase.FOLLOWER && n.promised().greaterThan(myBallot)) stepDown();
    }

    private void stepDown() {
        phase = Phase.FOLLOWER;
        leaderId = null;
        lastLeaderContact = now;
        promises.clear();
        promisedEntries.clear();
        inFlight.clear();
        queue.clear();
        queuedKeys.clear();
        pendingOqInstance = -1;
        jitter = random.nextLong(Math.max(1, timing.electionMillis() / 2));
    }

    private void tickFollower() {
        if (role != Role.VOTER) return;
        if (now - lastLeaderContact <= suspicionTimeout()) return;
        campaign();
    }

    /**
     * Lowest id first: each voter waits the election timeout plus half a timeout for
     * every voter with a lower id (other than the leader it suspects), plus jitter, so
     * the lowest surviving id normally campaigns alone. Followers do not hear each other
     * in steady state, so a dead lower id is not known dead: it costs half a timeout.
     */
    private long suspicionTimeout() {
        int rank = 0;
        for (int v : fullVoters) {
            if (v == self) break;
            if (leaderId == null || v != leaderId) rank++;
        }
        return timing.electionMillis() + rank * timing.electionMillis() / 2 + jitter;
    }

    // ================================================================ candidate ======

    private void campaign() {
        phase = Phase.PREPARING;
        leaderId = null;
        myBallot = Ballot.next(max(promised, highestSeen), self);
        observe(myBallot);
        promises.clear();
        promisedEntries.clear();
        promisedChosenUpTo = 0;
        prepareStartedAt = now;
        lastPrepareSentAt = now;
        selfPromiseAsked = false;
        campaigned = myBallot;
        // The ballot is recorded before it is used: after a crash the node would otherwise
        // pick the same ballot again and propose a different value with it. Our own promise
        // as an acceptor waits until another voter has promised (a pre-vote, §[0064]): a node
        // that reaches nobody must not raise its promise above the live leader's ballot.
        long seq = write(new LogRecord.CampaignRecord(myBallot));
        campaignSeq = seq;
        Ballot b = myBallot;
        afterDurable(seq, () -> {
            if (phase == Phase.PREPARING && myBallot.equals(b)) {
                sendPrepares(voting.stream().filter(v -> v != self).toList());
                promiseSelfOnceOthersDid();
            }
        });
    }

    /** Gives our own promise once it and the others' make a quorum; see {@link #campaign}. */
    private void promiseSelfOnceOthersDid() {
        if (selfPromiseAsked || !voting.contains(self)) return;
        Set<Integer> wouldBe = new HashSet<>(promises.keySet());
        wouldBe.add(self);
        if (!quorum.isMajority(wouldBe)) return;
        selfPromiseAsked = true;
        send(self, new Message.Prepare(myBallot, chosenPrefix + 1));
    }

    private void sendPrepares(List<Integer> to) {
        lastPrepareSentAt = now;
        Message.Prepare p = new Message.Prepare(myBallot, chosenPrefix + 1);
        for (int v : to) send(v, p);
    }

    private void tickCandidate() {
        if (now - prepareStartedAt > 2 * timing.electionMillis() + jitter) {
            stepDown();
            campaign();
        } else if (now - lastPrepareSentAt >= timing.retransmitMillis() && durableSeq >= campaignSeq) {
            sendPrepares(voting.stream().filter(v -> v != self && !promises.containsKey(v)).toList());
        }
    }

    private void onPromise(int from, Message.Promise p) {
        if (phase == Phase.FOLLOWER || !p.ballot().equals(myBallot) || promises.containsKey(from)) return;
        promises.put(from, p);
        if (phase == Phase.PREPARING) promiseSelfOnceOthersDid();
        if (p.chosenUpTo() > promisedChosenUpTo) {
            promisedChosenUpTo = p.chosenUpTo();
            promisedChosenSource = from;
        }
        for (Message.Entry e : p.entries()) promisedEntries.computeIfAbsent(e.instance(), k -> new ArrayList<>()).add(e);
        if (phase == Phase.LEADING) walkEnd = Math.max(walkEnd, maxEntryInstance(p));
    }

    private static long maxEntryInstance(Message.Promise p) {
        long m = 0;
        for (Message.Entry e : p.entries()) m = Math.max(m, e.instance());
        return m;
    }

    private void tryFinishPhase1() {
        if (!quorum.isMajority(promises.keySet())) return;
        if (chosenPrefix < promisedChosenUpTo) {
            // Chosen values come as catch-up, not inside promises (patent §[0079]).
            requestCatchUp(promisedChosenSource, promisedChosenUpTo);
            return;
        }
        phase = Phase.LEADING;
        leaderId = self;
        lastLeaderContact = now;
        nextInstance = chosenPrefix + 1;
        oqForNext = oq;
        walkEnd = chosenPrefix;
        for (Message.Promise p : promises.values()) walkEnd = Math.max(walkEnd, maxEntryInstance(p));
        inFlight.clear();
        myDurableUpTo = 0;
        lastProposed = 0;
        lastCommitSent = 0;
        pendingOqInstance = -1;
        lastHeartbeatAt = Long.MIN_VALUE / 2;
        for (int v : voting) if (v != self) lastHeard.putIfAbsent(v, now);
    }

    /**
     * The value phase 1 forces at {@code instance} (patent §[0076]): a value known
     * chosen, else the highest-ballot vote, else NO-OP; null while it cannot be known yet.
     */
    private Value forcedValue(long instance) {
        Value known = chosen.get(instance);
        if (known != null) return known;
        List<Message.Entry> entries = promisedEntries.getOrDefault(instance, List.of());
        Message.Entry highest = null;
        for (Message.Entry e : entries) {
            if (e.chosen() && !(e.value() instanceof Value.Digest)) return e.value();
            if (highest == null || e.ballot().greaterThan(highest.ballot())) highest = e;
        }
        if (highest == null || mutation == Mutation.OWN_VALUE) return Value.NoOp.INSTANCE;
        if (!(highest.value() instanceof Value.Digest d)) return highest.value();
        // A witness's digest is the highest vote: the full value must come from a full replica.
        for (Message.Entry e : entries) {
            if (e.ballot().equals(highest.ballot()) && !(e.value() instanceof Value.Digest)) return e.value();
        }
        if (!promises.keySet().containsAll(voting)) return null;
        // Every voter answered and no full replica holds a value with that digest at or
        // above the digest's ballot: had one been chosen, a full voter would hold it.
        for (Message.Entry e : entries) {
            if (!(e.value() instanceof Value.Digest) && Value.digestOf(e.value()).equals(d)) return e.value();
        }
        return Value.NoOp.INSTANCE;
    }

    // ================================================================ leader =========

    private void enqueue(Command c) {
        CommandKey k = CommandKey.of(c);
        if (sessions.applied(c) || !queuedKeys.add(k)) return;
        queue.addLast(c);
    }

    private void fillPipeline() {
        int guard = timing.window() + 1;
        while (guard-- > 0 && phase == Phase.LEADING) {
            if (nextInstance - 1 - chosenPrefix >= timing.window()) return;
            if (pendingOqInstance >= 0 && chosenPrefix < pendingOqInstance) return;
            if (!quorum.canRead(promises.keySet(), oqForNext)) {
                return; // §[00116]: nobody proceeds past a single-node OQ until it learns what that node chose
            }
            if (nextInstance <= promisedChosenUpTo && !chosen.containsKey(nextInstance)) {
                // A promise that arrived after we took over says this is chosen: learn it, don't guess.
                requestCatchUp(promisedChosenSource, promisedChosenUpTo);
                return;
            }
            Value v;
            if (nextInstance <= walkEnd || nextInstance <= promisedChosenUpTo) {
                v = forcedValue(nextInstance);
                if (v == null) return;
            } else {
                v = operationalQuorumChange();
                if (v == null) {
                    if (queue.isEmpty() || growthPending) return;
                    // While our last vote is still being made durable, let commands gather: they
                    // could not be durable before the next fsync anyway, and one instance for all
                    // of them costs one record and one fsync (group commit at the proposer).
                    if (myDurableUpTo < lastProposed && queue.size() < timing.maxBatch()) return;
                    List<Command> batch = new ArrayList<>();
                    while (!queue.isEmpty() && batch.size() < timing.maxBatch()) batch.add(queue.pollFirst());
                    v = new Value.Batch(batch);
                }
            }
            propose(nextInstance, v);
            if (v instanceof Value.OqChange c) {
                pendingOqInstance = nextInstance;
                oqForNext = c.members();
            }
            nextInstance++;
        }
    }

    private boolean isForcedLost(List<Integer> oqMembers) {
        return forcedLost != null && oqMembers.size() == 1 && oqMembers.get(0).equals(forcedLost);
    }

    private void propose(long instance, Value v) {
        inFlight.put(instance, new InFlight(v, now));
        lastProposed = instance;
        boolean urgent = config.mode() == CommitMode.CLASSIC || v instanceof Value.OqChange;
        Message.Accept accept = new Message.Accept(myBallot, instance, v, urgent);
        send(self, accept);
        if (phase != Phase.LEADING) return; // our own acceptor had promised a higher ballot
        List<Integer> targets = acceptTargets(v);
        if (timing.voteBeforeDurable()) {
            for (int t : targets) send(t, accept);
        } else {
            afterDurable(writeSeq, () -> {
                if (phase == Phase.LEADING && accept.ballot().equals(myBallot)) for (int t : targets) send(t, accept);
            });
        }
    }

    /** Who gets an accept first time round; retransmits go to every voter that has not voted. */
    private List<Integer> acceptTargets(Value v) {
        List<Integer> targets = new ArrayList<>();
        if (v instanceof Value.OqChange || isForcedLost(oqForNext)) {
            for (int x : voting) if (x != self) targets.add(x);
            return targets;
        }
        for (int x : oqForNext) if (x != self) targets.add(x);
        if (config.mode() == CommitMode.SIMPLIFIED_ONE && targets.size() > 1) {
            Integer pick = null;
            for (int x : targets) if (heardRecently(x, timing.electionMillis())) { pick = x; break; }
            return List.of(pick != null ? pick : targets.get(0));
        }
        return targets;
    }

    private List<Integer> noticeTargets() {
        if (config.mode() == CommitMode.CLASSIC) return List.of();
        List<Integer> t = new ArrayList<>();
        for (int x : voting) if (x != self) t.add(x);
        return t;
    }

    /** Durability notices and, in classic mode, chosen announcements, once per step. */
    private void announce() {
        if (noticeDirty) {
            noticeDirty = false;
            Message.LeaderDurable n = new Message.LeaderDurable(myBallot, myDurableUpTo);
            for (int t : noticeTargets()) send(t, n);
        }
        if (config.mode() == CommitMode.CLASSIC && chosenPrefix > lastCommitSent) {
            lastCommitSent = chosenPrefix;
            Message.Commit c = new Message.Commit(myBallot, chosenPrefix);
            for (int x : voting) if (x != self) send(x, c);
        }
    }

    private void tickLeader() {
        lastLeaderContact = now;
        if (now - lastHeartbeatAt >= timing.heartbeatMillis()) {
            lastHeartbeatAt = now;
            Message.Heartbeat h = new Message.Heartbeat(myBallot, chosenPrefix,
                    config.mode() == CommitMode.CLASSIC ? 0 : myDurableUpTo, stableUpTo());
            for (int m : config.allIds()) if (m != self) send(m, h);
            if (!hearsQuorum()) {
                stepDown();
                return;
            }
        }
        boolean missingPromises = nextInstance <= walkEnd || !quorum.canRead(promises.keySet(), oqForNext);
        if (missingPromises && now - lastPrepareSentAt >= timing.retransmitMillis()) {
            // Still missing promises a later instance needs (a single-node OQ's member, or a full value).
            sendPrepares(voting.stream().filter(v -> !promises.containsKey(v)).toList());
        }
        retransmit();
    }

    /** Check-quorum: a leader that hears no quorum steps down, so a half-cut leader cannot stall the group. */
    private boolean hearsQuorum() {
        Set<Integer> heard = new HashSet<>();
        for (int v : voting) if (heardRecently(v, 2 * timing.electionMillis())) heard.add(v);
        return quorum.chooses(heard, Value.NoOp.INSTANCE, oqForNext);
    }

    private long stableUpTo() {
        long stable = durableChosenUpTo;
        for (int v : fullVoters) if (v != self) stable = Math.min(stable, peerDurableChosen.getOrDefault(v, 0L));
        return stable;
    }

    private void retransmit() {
        int budget = timing.window();
        for (var e : inFlight.entrySet()) {
            if (budget <= 0) break;
            long i = e.getKey();
            InFlight f = e.getValue();
            if (i <= chosenPrefix || now - f.sentAt < timing.retransmitMillis()) continue;
            f.sentAt = now;
            budget--;
            Set<Integer> voted = tally.getOrDefault(i, Map.of()).getOrDefault(myBallot, Set.of());
            Message.Accept a = new Message.Accept(myBallot, i, f.value, true);
            if (!voted.contains(self)) send(self, a);
            for (int v : voting) if (v != self && !voted.contains(v)) send(v, a);
        }
    }

    // ------------------------------------------------ operational quorum (witness) ---

    /**
     * Witness groups only (patent §[00112]–[00116]): drop a failed member from the
     * operational quorum, and let a member back in only once it has durably logged
     * everything chosen so far and nothing is in flight.
     */
    private Value operationalQuorumChange() {
        growthPending = false;
        if (!config.hasWitness() || pendingOqInstance >= 0 && chosenPrefix < pendingOqInstance) return null;
        List<Integer> current = oqForNext;
        Set<Integer> target = new LinkedHashSet<>();
        for (int m : current) if (heardRecently(m, timing.electionMillis())) target.add(m);
        if (target.isEmpty()) return null;
        if (!quorum.chooses(heardVoters(), new Value.OqChange(List.copyOf(target)), current)) {
            return null;
        }
        for (int v : fullVoters) {
            if (target.contains(v) || !heardRecently(v, timing.electionMillis())) continue;
            long logged = v == self ? durableChosenUpTo : peerDurableChosen.getOrDefault(v, 0L);
            if (logged >= nextInstance - 1 && chosenPrefix == nextInstance - 1) target.add(v);
            else if (logged + timing.window() >= chosenPrefix) growthPending = true; // let it drain, then grow
        }
        if (target.size() == current.size() && target.containsAll(current)) return null;
        growthPending = false;
        return new Value.OqChange(List.copyOf(target));
    }

    private Set<Integer> heardVoters() {
        Set<Integer> heard = new HashSet<>();
        for (int v : voting) if (heardRecently(v, timing.electionMillis())) heard.add(v);
        return heard;
    }
}
