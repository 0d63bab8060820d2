package paxosql.consensus.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import paxosql.consensus.core.LogRecord;
import paxosql.consensus.log.SegmentLog.Options;

/**
 * How much group commit saves: client threads each submit one ~200-byte {@code VoteRecord} at a
 * time and wait until it is durable, through a {@link QueueFedLoop} (queue, one loop thread,
 * {@link GroupCommitLog}, real files, real fsync). Runs 1 client and then 8 clients in the same
 * process and prints fsyncs per command, throughput and append-to-durable latency.
 *
 * <p>Usage: {@code GroupCommitBenchmark [commands=20000] [timeBoundSeconds=60] [dir=java.io.tmpdir]}.
 * Each run stops at {@code commands} or at the time bound, whichever comes first.
 */
public final class GroupCommitBenchmark {

    private static final int RECORD_BYTES = 200;
    private static final int[] CLIENT_COUNTS = {1, 8};

    private record Result(int clients, int commands, long fsyncs, double seconds, long[] sortedLatencyNanos,
                          boolean timeBoundHit) {}

    private GroupCommitBenchmark() {}

    public static void main(String[] args) throws Exception {
        int commands = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        long timeBoundSeconds = args.length > 1 ? Long.parseLong(args[1]) : 60;
        Path parent = Path.of(args.length > 2 ? args[2] : System.getProperty("java.io.tmpdir"));

        LogRecord sample = TestRecords.vote(0, RECORD_BYTES - TestRecords.VOTE_OVERHEAD_BYTES);
        System.out.printf("GroupCommitBenchmark: JDK %s (%s), %s %s, %d CPUs%n", System.getProperty("java.version"),
                System.getProperty("java.vm.name"), System.getProperty("os.name"), System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors());
        System.out.printf("workload: VoteRecord of %d bytes encoded (%d-byte frame), one per command, each client"
                        + " waits for durability before its next; up to %d commands or %d s per run; log under %s%n",
                LogRecordCodec.encode(sample).length, TestRecords.frameSize(sample), commands, timeBoundSeconds, parent);
        System.out.printf("%7s %9s %8s %11s %10s %10s %10s %10s %10s%n", "clients", "commands", "fsyncs",
                "fsyncs/cmd", "cmds/s", "p50 us", "p99 us", "p99.9 us", "max us");
        for (int clients : CLIENT_COUNTS) {
            Result r = run(clients, commands, timeBoundSeconds, parent);
            long[] l = r.sortedLatencyNanos();
            System.out.printf("%7d %9d %8d %11.3f %10.0f %10.1f %10.1f %10.1f %10.1f%s%n", r.clients(), r.commands(),
                    r.fsyncs(), (double) r.fsyncs() / r.commands(), r.commands() / r.seconds(),
                    micros(percentile(l, 0.50)), micros(percentile(l, 0.99)), micros(percentile(l, 0.999)),
                    micros(l[l.length - 1]), r.timeBoundHit() ? "  (time bound reached)" : "");
        }
    }

    private static Result run(int clients, int commands, long timeBoundSeconds, Path parent) throws Exception {
        Path dir = Files.createTempDirectory(parent, "group-commit-bench-");
        try {
            SegmentLog segments = SegmentLog.open(dir, Options.defaults());
            long fsyncsAtStart = segments.fsyncCount();
            QueueFedLoop loop = QueueFedLoop.start(segments, (seq, highestAppended) -> {});
            long[] latencies = new long[commands];
            AtomicInteger issued = new AtomicInteger();
            AtomicInteger completed = new AtomicInteger();
            AtomicLong instances = new AtomicLong();
            long start = System.nanoTime();
            long deadline = start + TimeUnit.SECONDS.toNanos(timeBoundSeconds);

            ExecutorService pool = Executors.newFixedThreadPool(clients);
            Future<?>[] done = new Future<?>[clients];
            for (int c = 0; c < clients; c++) {
                done[c] = pool.submit(() -> {
                    while (System.nanoTime() < deadline && issued.getAndIncrement() < commands) {
                        LogRecord vote = TestRecords.vote(instances.incrementAndGet(),
                                RECORD_BYTES - TestRecords.VOTE_OVERHEAD_BYTES);
                        long latency = loop.submit(List.of(vote)).get(30, TimeUnit.SECONDS);
                        latencies[completed.getAndIncrement()] = latency;
                    }
                    return null;
                });
            }
            for (Future<?> f : done) f.get(timeBoundSeconds + 60, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            long fsyncs = loop.fsyncCount() - fsyncsAtStart;
            loop.close();

            int n = completed.get();
            long[] sorted = Arrays.copyOf(latencies, n);
            Arrays.sort(sorted);
            return new Result(clients, n, fsyncs, seconds, sorted, n < commands);
        } finally {
            deleteRecursively(dir);
        }
    }

    /** Nearest-rank percentile of a sorted array. */
    private static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static double micros(long nanos) {
        return nanos / 1000.0;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
