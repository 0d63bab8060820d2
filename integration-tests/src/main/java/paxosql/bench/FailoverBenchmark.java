package paxosql.bench;

import paxosql.consensus.core.CommitMode;
import paxosql.driver.client.GroupClient;
import paxosql.replica.local.LocalCluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Failover time under continuous writes: a 3-process group on 127.0.0.1 (default timeouts:
 * heartbeat 50 ms, election 500 ms), one client inserting unique keys one after another,
 * and N times: kill -9 the current leader, measure the time from the kill to the next
 * acknowledged write, restart the killed node and wait until it has caught up. Then checks
 * that no acknowledged write was lost or doubled and that every replica reports the same
 * state checksum at the same instance.
 *
 * <p>Run: {@code bin/benchmark failover [kills] [resend-after-ms]} (defaults 20 and 150);
 * see BENCHMARKS.md.
 */
public final class FailoverBenchmark {
    private FailoverBenchmark() {}

    public static void main(String[] args) throws Exception {
        int kills = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        long resendAfter = args.length > 1 ? Long.parseLong(args[1]) : 150;
        GroupClient.Options options = new GroupClient.Options(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMillis(resendAfter));
        Path dir = Files.createTempDirectory("paxosql-failover-");
        LocalCluster cluster = new LocalCluster(dir.resolve("group"));
        boolean ok = false;
        boolean keep = false;
        ContinuousWriter writer = null;
        try {
            cluster.start(3, false, 0, CommitMode.SIMPLIFIED);
            cluster.awaitLeader(Duration.ofSeconds(60));
            writer = ContinuousWriter.start(cluster.clientAddresses(), options, "w");
            System.out.printf(Locale.ROOT, "failover benchmark: 3 voters (simplified), %d kill -9 of the leader, client resend after %d ms; group in %s%n",
                    kills, resendAfter, cluster.dir());
            long started = System.nanoTime();
            List<Failover.Kill> done = new ArrayList<>();
            for (int i = 1; i <= kills; i++) {
                int leader = cluster.awaitLeader(Duration.ofSeconds(30));
                Failover.Kill k = Failover.killMeasureRestart(cluster, leader, writer, Duration.ofSeconds(20), Duration.ofSeconds(120));
                done.add(k);
                System.out.printf(Locale.ROOT, "kill %2d: node %d (leader) -> next ack %6.1f ms, first write sent after the kill acked %6.1f ms;"
                        + " new leader %d; restarted, caught up in %d ms%n", i, k.node(), k.failoverMillis(), k.resumedMillis(), k.newLeader(),
                        k.catchUpMillis());
                if (!k.wasLeader()) System.out.printf("         (node %d's status had not yet shown it leading)%n", k.node());
            }
            writer.stop(Duration.ofSeconds(15));
            double seconds = (System.nanoTime() - started) / 1e9;

            ContinuousWriter.Verification v;
            try (GroupClient reader = GroupClient.connect(cluster.clientAddresses(), "sa", "", GroupClient.Options.defaults())) {
                v = writer.verify(reader);
            }
            String checksums = Failover.awaitEqualChecksums(cluster, Duration.ofSeconds(60));

            System.out.println();
            System.out.println(summary("kill -9 of the leader -> next acknowledged write", done.stream().mapToDouble(Failover.Kill::failoverMillis)));
            System.out.println(summary("kill -9 of the leader -> ack of the first write sent after it",
                    done.stream().mapToDouble(Failover.Kill::resumedMillis)));
            System.out.printf(Locale.ROOT, "writes over %.0f s: %s%n", seconds, v);
            System.out.println("checksums: " + checksums);
            ok = v.ok();
            if (!v.ok()) System.out.println("FAILED: acknowledged writes lost or doubled");
            keep = done.stream().anyMatch(k -> k.resumedMillis() >= 2000);
        } finally {
            if (writer != null) writer.close();
            cluster.stopAll();
            if (ok && !keep) deleteTree(dir);
            else System.out.println("group directory kept for inspection (node logs): " + cluster.dir());
        }
        if (!ok) System.exit(1);
    }

    private static String summary(String what, java.util.stream.DoubleStream values) {
        double[] ms = values.sorted().toArray();
        return String.format(Locale.ROOT, "%s, %d kills: p50 %.0f ms, p99 %.0f ms, max %.0f ms, min %.0f ms, mean %.0f ms; 2 s or more: %d",
                what, ms.length, Failover.percentile(ms, 0.50), Failover.percentile(ms, 0.99), ms[ms.length - 1], ms[0],
                Arrays.stream(ms).average().orElse(0), Arrays.stream(ms).filter(x -> x >= 2000).count());
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
