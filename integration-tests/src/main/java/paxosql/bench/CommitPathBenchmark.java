package paxosql.bench;

import paxosql.consensus.core.Command;
import paxosql.consensus.core.CommitMode;
import paxosql.consensus.core.Decision;
import paxosql.consensus.core.GroupConfig;
import paxosql.consensus.core.PaxosNode;
import paxosql.consensus.core.Timing;
import paxosql.consensus.core.Value;
import paxosql.consensus.loop.NodeLoop;
import paxosql.consensus.transport.ClusterLayout;
import paxosql.consensus.transport.HostPort;
import paxosql.consensus.transport.PeerTransport;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The whole commit path on one machine: three {@link NodeLoop}s with real segment logs
 * (fsync) and Netty on 127.0.0.1, clients that each submit one command to the leader
 * and wait until a replica has applied it. Reports commands/s, latency and fsyncs per
 * committed command on the leader and a follower (group commit: many commands share
 * one fsync). Runs the client counts side by side in one run, per commit mode.
 *
 * <p>Run: see BENCHMARKS.md.
 */
public final class CommitPathBenchmark {
    private static final byte[] SECRET = "benchmark-secret".getBytes(StandardCharsets.UTF_8);

    private record Outcome(String mode, int clients, long commands, double perSecond, double p50Micros, double p99Micros,
                           double leaderFsyncsPerCommand, double followerFsyncsPerCommand) {}

    private final Map<Integer, NodeLoop> loops = new HashMap<>();
    private final Map<String, CountDownLatch> waiting = new ConcurrentHashMap<>();

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private Outcome run(CommitMode mode, int clients, int perClient, Path dir) throws Exception {
        GroupConfig cfg = GroupConfig.of(3, 0, mode);
        Map<Integer, ClusterLayout.MemberAddresses> addrs = new HashMap<>();
        for (int i = 1; i <= 3; i++) {
            addrs.put(i, new ClusterLayout.MemberAddresses(new HostPort("127.0.0.1", freePort()), new HostPort("127.0.0.1", freePort())));
        }
        ClusterLayout layout = new ClusterLayout(cfg, addrs);
        Timing timing = new Timing(50, 500, 200, 32, 2, 64, 64, 256, !Boolean.getBoolean("serializedFsyncs"));
        for (int i = 1; i <= 3; i++) {
            PeerTransport t = new PeerTransport(layout, i, SECRET, PeerTransport.Options.defaults());
            loops.put(i, NodeLoop.start(cfg, i, timing, dir.resolve(mode.label() + "-" + clients + "/node" + i), t, 0, this::applied));
        }
        try {
            int leader = awaitLeader();
            int follower = leader == 1 ? 2 : 1;
            // Warm up the JIT and the connections before counting.
            drive(leader, clients, Math.max(50, perClient / 10), 1_000_000);
            long leaderFsyncs = loops.get(leader).fsyncCount();
            long followerFsyncs = loops.get(follower).fsyncCount();
            long start = System.nanoTime();
            long[] latencies = drive(leader, clients, perClient, 2_000_000);
            double secs = (System.nanoTime() - start) / 1e9;
            long commands = (long) clients * perClient;
            Arrays.sort(latencies);
            return new Outcome(mode.label(), clients, commands, commands / secs,
                    latencies[(int) (latencies.length * 0.50)] / 1e3, latencies[(int) (latencies.length * 0.99)] / 1e3,
                    (loops.get(leader).fsyncCount() - leaderFsyncs) / (double) commands,
                    (loops.get(follower).fsyncCount() - followerFsyncs) / (double) commands);
        } finally {
            loops.values().forEach(NodeLoop::close);
            loops.clear();
        }
    }

    private void applied(Decision d) {
        if (d.value() instanceof Value.Batch b) {
            for (Command c : b.commands()) {
                CountDownLatch l = waiting.get(c.clientId() + "#" + c.sequence());
                if (l != null) l.countDown();
            }
        }
    }

    private int awaitLeader() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            for (NodeLoop l : loops.values()) if (l.status().phase() == PaxosNode.Phase.LEADING) return l.status().id();
            Thread.sleep(10);
        }
        throw new IllegalStateException("no leader within 20 s");
    }

    /** Each client thread submits its commands one at a time, waiting for each to be applied. */
    private long[] drive(int leader, int clients, int perClient, long clientIdBase) throws InterruptedException {
        long[] lat = new long[clients * perClient];
        Thread[] threads = new Thread[clients];
        for (int c = 0; c < clients; c++) {
            int client = c;
            threads[c] = new Thread(() -> {
                byte[] payload = new byte[100];
                for (int i = 0; i < perClient; i++) {
                    long id = clientIdBase + client;
                    long seq = i + 1;
                    CountDownLatch done = new CountDownLatch(1);
                    waiting.put(id + "#" + seq, done);
                    long t0 = System.nanoTime();
                    loops.get(leader).submit(new Command(id, seq, payload));
                    try {
                        if (!done.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("command not applied within 10 s");
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    lat[client * perClient + i] = System.nanoTime() - t0;
                    waiting.remove(id + "#" + seq);
                }
            }, "client-" + c);
            threads[c].start();
        }
        for (Thread t : threads) t.join(TimeUnit.MINUTES.toMillis(5));
        return lat;
    }

    public static void main(String[] args) throws Exception {
        int perClient = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        Path dir = Files.createTempDirectory("paxosql-bench");
        try {
            // Warm the JIT on every mode first: otherwise the first mode measured pays for compilation.
            for (int round = 0; round < 2; round++) {
                for (CommitMode mode : CommitMode.values()) new CommitPathBenchmark().run(mode, 8, 400, dir.resolve("warmup" + round));
            }
            System.out.println("mode            clients  commands    cmds/s   p50 µs   p99 µs  leader fsync/cmd  follower fsync/cmd");
            for (CommitMode mode : CommitMode.values()) {
                for (int clients : new int[] {1, 8, 16}) {
                    Outcome o = new CommitPathBenchmark().run(mode, clients, clients == 1 ? perClient / 4 : perClient, dir);
                    System.out.printf(Locale.ROOT, "%-15s %7d %9d %9.0f %8.0f %8.0f %17.3f %19.3f%n", o.mode(), o.clients(),
                            o.commands(), o.perSecond(), o.p50Micros(), o.p99Micros(), o.leaderFsyncsPerCommand(),
                            o.followerFsyncsPerCommand());
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
