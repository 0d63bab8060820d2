package paxosql.consensus.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tiny deterministic driver for protocol tests: every message is delivered at once
 * and in order between nodes that are up, every write is durable at once, and time
 * moves in 5 ms ticks. Crashing a node keeps its log and forgets everything else.
 */
final class Cluster {
    final GroupConfig config;
    final Timing timing = new Timing(20, 100, 40, 4, 5, 8, 4, 32, true);
    final Map<Integer, PaxosNode> nodes = new HashMap<>();
    final Map<Integer, List<LogRecord>> logs = new HashMap<>();
    final Map<Integer, List<Decision>> applied = new HashMap<>();
    final Set<Integer> up = new HashSet<>();
    final List<Envelope> sent = new ArrayList<>();
    private final ArrayDeque<Object[]> inbox = new ArrayDeque<>();
    long now;

    Cluster(GroupConfig config) {
        this.config = config;
        for (Member m : config.members()) {
            logs.put(m.id(), new ArrayList<>());
            boot(m.id());
        }
    }

    void boot(int id) {
        boot(id, 0);
    }

    /** Starts {@code id} from its log, its state machine having applied up to {@code appliedUpTo}. */
    void boot(int id, long appliedUpTo) {
        PaxosNode n = new PaxosNode(config, id, timing, id * 7919L, List.copyOf(logs.get(id)), appliedUpTo, Mutation.NONE);
        nodes.put(id, n);
        applied.put(id, new ArrayList<>());
        up.add(id);
        absorb(id, n.start(now));
    }

    void crash(int id) { up.remove(id); }

    /** Truncates {@code id}'s log below its applied instance, as after a durable snapshot. */
    long compact(int id) {
        long upTo = nodes.get(id).deliveredUpTo();
        List<LogRecord> base = nodes.get(id).compact(upTo);
        logs.put(id, new ArrayList<>(base));
        return upTo;
    }

    PaxosNode node(int id) { return nodes.get(id); }

    void absorb(int id, Step s) {
        logs.get(id).addAll(s.writes());
        applied.get(id).addAll(s.decisions());
        for (Envelope e : s.sends()) {
            sent.add(e);
            inbox.add(new Object[] {id, e});
        }
        if (!s.writes().isEmpty()) absorb(id, nodes.get(id).onDurable(s.lastWriteSeq(), now));
    }

    void drain() {
        int guard = 100_000;
        while (!inbox.isEmpty() && guard-- > 0) {
            Object[] x = inbox.poll();
            int from = (Integer) x[0];
            Envelope e = (Envelope) x[1];
            if (!up.contains(from) || !up.contains(e.to())) continue;
            absorb(e.to(), nodes.get(e.to()).onMessage(from, e.message(), now));
        }
    }

    /** Advances time by {@code millis}, ticking every node that is up. */
    void run(long millis) {
        long end = now + millis;
        while (now < end) {
            now += 5;
            for (int id : List.copyOf(up)) absorb(id, nodes.get(id).tick(now));
            drain();
        }
    }

    Integer leader() {
        for (int id : up) if (nodes.get(id).isLeader()) return id;
        return null;
    }

    void propose(int at, Command c) {
        absorb(at, nodes.get(at).propose(c, now));
        drain();
    }

    static Command cmd(long client, long seq) {
        return new Command(client, seq, ("c" + client + "#" + seq).getBytes());
    }

    List<Command> appliedCommands(int id) {
        List<Command> out = new ArrayList<>();
        for (Decision d : applied.get(id)) if (d.value() instanceof Value.Batch b) out.addAll(b.commands());
        return out;
    }
}
