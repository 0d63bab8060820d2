package paxosql.bench;

import org.HdrHistogram.Histogram;
import paxosql.consensus.core.CommitMode;
import paxosql.replica.local.LocalCluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one application thread sees through JDBC against a real 3-process group on
 * 127.0.0.1: the latency of a write (a PreparedStatement, and a new statement text with
 * {@code CURRENT_TIMESTAMP} that the front end parses and rewrites on every replica) and of
 * a point query under each {@code readConsistency}. The kinds take turns in rounds, so
 * machine noise hits them alike.
 *
 * <p>Run: {@code bin/benchmark jdbc [operations-per-kind-and-round]}; results in BENCHMARKS.md.
 */
public final class JdbcLatencyBenchmark {

    private interface Operation {
        void run(int i) throws SQLException;
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int rounds = 3;
        Path dir = Files.createTempDirectory("paxosql-jdbc-latency");
        LocalCluster group = new LocalCluster(dir.resolve("group"));
        try {
            group.start(3, false, 0, CommitMode.SIMPLIFIED, List.of());
            group.awaitLeader(Duration.ofSeconds(60));
            String url = group.jdbcUrl();
            try (Connection linearizable = DriverManager.getConnection(url, "sa", "");
                 Connection session = DriverManager.getConnection(url + "?readConsistency=session", "sa", "");
                 Connection stale = DriverManager.getConnection(url + "?readConsistency=stale", "sa", "");
                 Statement s = linearizable.createStatement();
                 PreparedStatement insert = linearizable.prepareStatement("INSERT INTO t(id, v, at) VALUES (?, ?, CURRENT_TIMESTAMP)");
                 PreparedStatement readL = linearizable.prepareStatement("SELECT v FROM t WHERE id = ?");
                 PreparedStatement readS = session.prepareStatement("SELECT v FROM t WHERE id = ?");
                 PreparedStatement readT = stale.prepareStatement("SELECT v FROM t WHERE id = ?")) {
                s.execute("CREATE TABLE t(id INT PRIMARY KEY, v VARCHAR(100), at TIMESTAMP)");
                int[] next = {0};
                Map<String, Operation> kinds = new LinkedHashMap<>();
                kinds.put("write, prepared", i -> {
                    insert.setInt(1, ++next[0]);
                    insert.setString(2, "value " + i);
                    insert.executeUpdate();
                });
                kinds.put("write, new text + CURRENT_TIMESTAMP", i -> s.executeUpdate(
                        "INSERT INTO t(id, v, at) VALUES (" + (++next[0]) + ", 'text " + i + "', CURRENT_TIMESTAMP)"));
                kinds.put("read, linearizable", i -> query(readL, 1 + i % next[0]));
                kinds.put("read, session", i -> query(readS, 1 + i % next[0]));
                kinds.put("read, stale", i -> query(readT, 1 + i % next[0]));
                Map<String, Histogram> latency = new LinkedHashMap<>();
                for (String k : kinds.keySet()) latency.put(k, new Histogram(3));
                for (Map.Entry<String, Operation> k : kinds.entrySet()) measure(k.getValue(), n / 4, new Histogram(3)); // warm-up
                for (int r = 0; r < rounds; r++) {
                    for (Map.Entry<String, Operation> k : kinds.entrySet()) measure(k.getValue(), n, latency.get(k.getKey()));
                }
                System.out.printf(Locale.ROOT, "%d operations of each kind (%d rounds of %d), one thread, microseconds:%n", rounds * n, rounds, n);
                System.out.printf(Locale.ROOT, "%-38s %8s %8s %8s %8s%n", "", "p50", "p99", "p99.9", "max");
                for (Map.Entry<String, Histogram> e : latency.entrySet()) {
                    Histogram h = e.getValue();
                    System.out.printf(Locale.ROOT, "%-38s %8d %8d %8d %8d%n", e.getKey(), h.getValueAtPercentile(50),
                            h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue());
                }
            }
        } finally {
            group.stopAll();
        }
    }

    private static void query(PreparedStatement ps, int id) throws SQLException {
        ps.setInt(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) throw new IllegalStateException("row " + id + " missing");
        }
    }

    private static void measure(Operation op, int n, Histogram h) throws SQLException {
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            op.run(i);
            h.recordValue((System.nanoTime() - start) / 1_000);
        }
    }
}
