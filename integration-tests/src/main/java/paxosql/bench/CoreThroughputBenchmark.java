package paxosql.bench;

import paxosql.consensus.core.Command;
import paxosql.consensus.core.CommitMode;
import paxosql.consensus.core.Envelope;
import paxosql.consensus.core.GroupConfig;
import paxosql.consensus.core.PaxosNode;
import paxosql.consensus.core.Step;
import paxosql.consensus.core.Timing;
import paxosql.consensus.core.Value;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Commands per second through the pure core: a whole three-voter group (leader and
 * both followers) driven on one thread, messages handed over in memory, every write
 * "durable" at once, batches of 64 commands per instance. Measures the protocol
 * logic alone, so the core is known never to be the bottleneck.
 *
 * <p>Run: see BENCHMARKS.md.
 */
public final class CoreThroughputBenchmark {
    private static final int BATCH = 64;

    private final PaxosNode[] nodes = new PaxosNode[4];
    private final ArrayDeque<Object[]> inbox = new ArrayDeque<>();
    private long applied;
    private long now;

    private CoreThroughputBenchmark(CommitMode mode) {
        GroupConfig cfg = GroupConfig.of(3, 0, mode);
        Timing t = Timing.defaults().withWindow(8, BATCH);
        for (int i = 1; i <= 3; i++) {
            nodes[i] = new PaxosNode(cfg, i, t, i);
            absorb(i, nodes[i].start(0));
        }
        while (nodes[1].isLeader() == false && now < 10_000) {
            now += 10;
            for (int i = 1; i <= 3; i++) absorb(i, nodes[i].tick(now));
            drain();
        }
        if (!nodes[1].isLeader()) throw new IllegalStateException("no leader elected");
    }

    private void absorb(int id, Step s) {
        for (Envelope e : s.sends()) inbox.add(new Object[] {id, e});
        if (id == 2) {
            for (var d : s.decisions()) if (d.value() instanceof Value.Batch b) applied += b.commands().size();
        }
        if (!s.writes().isEmpty()) absorb(id, nodes[id].onDurable(s.lastWriteSeq(), now));
    }

    private void drain() {
        Object[] x;
        while ((x = inbox.poll()) != null) {
            Envelope e = (Envelope) x[1];
            absorb(e.to(), nodes[e.to()].onMessage((Integer) x[0], e.message(), now));
        }
    }

    /**
     * Keeps one window's worth of batches queued at the leader and advances simulated
     * time by 1 ms a round (so non-urgent acknowledgements flush), until {@code commands}
     * commands are applied on a follower; returns commands applied per second of wall time.
     */
    private double run(long commands) {
        byte[] payload = new byte[32];
        long seq = 0;
        long start = System.nanoTime();
        List<Command> wave = new ArrayList<>(BATCH * 8);
        long rounds = 0;
        while (applied < commands && rounds++ < 50_000_000L) {
            if (nodes[1].queuedCommands() < BATCH * 8 && seq < commands) {
                wave.clear();
                for (int k = 0; k < BATCH * 8 && seq < commands; k++) wave.add(new Command(1 + (seq & 7), ++seq, payload));
                absorb(1, nodes[1].propose(wave, now));
            }
            now++;
            for (int i = 1; i <= 3; i++) absorb(i, nodes[i].tick(now));
            drain();
            if ((rounds & 0x3FF) == 0) for (int i = 1; i <= 3; i++) nodes[i].compact(nodes[i].deliveredUpTo());
        }
        if (applied < commands) throw new IllegalStateException("only " + applied + " of " + commands + " applied");
        return commands / ((System.nanoTime() - start) / 1e9);
    }

    public static void main(String[] args) {
        long commands = args.length > 0 ? Long.parseLong(args[0]) : 5_000_000L;
        for (CommitMode mode : CommitMode.values()) {
            new CoreThroughputBenchmark(mode).run(commands / 5); // warm-up
            CoreThroughputBenchmark b = new CoreThroughputBenchmark(mode);
            double rate = b.run(commands);
            System.out.printf(Locale.ROOT, "core %-14s 3 voters, batch %d: %,.0f commands/s applied (%d instances)%n",
                    mode.label(), BATCH, rate, b.nodes[2].deliveredUpTo());
        }
    }
}
