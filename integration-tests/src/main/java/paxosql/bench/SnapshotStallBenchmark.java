package paxosql.bench;

import org.HdrHistogram.Histogram;
import paxosql.consensus.core.CommitMode;
import paxosql.driver.client.GroupClient;
import paxosql.driver.protocol.ExecResult;
import paxosql.driver.protocol.SqlValue;
import paxosql.replica.local.LocalCluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How long snapshots stall writes: two real 3-process groups on 127.0.0.1 with the same
 * preloaded table, one taking a snapshot every {@code every} instances and one never,
 * written to by one client in alternating rounds (so machine noise hits both alike).
 * Reports write latency p50/p99/p99.9/max for each and how many snapshots were taken.
 *
 * <p>Run: {@code bin/benchmark snapshot-stall [rows] [writes-per-round] [every]}; results in BENCHMARKS.md.
 */
public final class SnapshotStallBenchmark {

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int writes = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int every = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        int rounds = 3;
        Path dir = Files.createTempDirectory("paxosql-snapshot-stall");
        LocalCluster with = new LocalCluster(dir.resolve("with"));
        LocalCluster without = new LocalCluster(dir.resolve("without"));
        try {
            with.start(3, false, 0, CommitMode.SIMPLIFIED, List.of("--snapshot-every", String.valueOf(every)));
            without.start(3, false, 0, CommitMode.SIMPLIFIED, List.of("--snapshot-every", "1000000000", "--snapshot-seconds", "1000000"));
            with.awaitLeader(Duration.ofSeconds(60));
            without.awaitLeader(Duration.ofSeconds(60));
            Histogram hWith = new Histogram(3);
            Histogram hWithout = new Histogram(3);
            try (GroupClient a = GroupClient.connect(with.clientAddresses(), "sa", "", GroupClient.Options.defaults());
                 GroupClient b = GroupClient.connect(without.clientAddresses(), "sa", "", GroupClient.Options.defaults())) {
                for (GroupClient c : List.of(a, b)) {
                    c.execute("CREATE TABLE t(id INT PRIMARY KEY, v VARCHAR, n INT)");
                    System.out.println("filling " + (c == a ? "with" : "without"));
                    check(c.execute("INSERT INTO t SELECT X, 'row ' || X || REPEAT('x', 60), 0 FROM SYSTEM_RANGE(1, " + rows + ")"));
                }
                warm(a, rows, writes / 4);
                warm(b, rows, writes / 4);
                long snapshotsBefore = with.status(1).map(s -> s.snapshot()).orElse(0L);
                for (int r = 0; r < rounds; r++) {
                    measure(a, rows, writes, hWith);
                    measure(b, rows, writes, hWithout);
                }
                long snapshotAfter = with.status(1).map(s -> s.snapshot()).orElse(0L);
                System.out.printf(Locale.ROOT, "rows=%d writes=%d (x%d rounds, alternating) snapshot-every=%d; node 1's newest snapshot moved %d -> %d%n",
                        rows, writes, rounds, every, snapshotsBefore, snapshotAfter);
                print("with snapshots   ", hWith);
                print("without snapshots", hWithout);
                System.out.printf(Locale.ROOT, "ratio with/without: p99 %.2f, max %.2f%n",
                        (double) hWith.getValueAtPercentile(99) / hWithout.getValueAtPercentile(99),
                        (double) hWith.getMaxValue() / hWithout.getMaxValue());
            }
        } finally {
            with.stopAll();
            without.stopAll();
        }
    }

    private static void warm(GroupClient c, int rows, int writes) throws Exception {
        measure(c, rows, writes, new Histogram(3));
    }

    private static void measure(GroupClient c, int rows, int writes, Histogram h) throws Exception {
        for (int i = 0; i < writes; i++) {
            long start = System.nanoTime();
            check(c.execute("UPDATE t SET n = n + 1 WHERE id = ?", SqlValue.of(1 + (i * 7919) % rows)));
            h.recordValue((System.nanoTime() - start) / 1_000);
        }
    }

    private static void check(ExecResult r) {
        if (r instanceof ExecResult.Failure f) throw new IllegalStateException(f.sqlState() + " " + f.message());
    }

    private static void print(String label, Histogram h) {
        System.out.printf(Locale.ROOT, "%s  n=%d  p50 %.2f ms  p99 %.2f ms  p99.9 %.2f ms  max %.2f ms%n", label, h.getTotalCount(),
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getValueAtPercentile(99.9) / 1000.0,
                h.getMaxValue() / 1000.0);
    }
}
