package paxosql.bench;

import paxosql.sql.SqlFrontend;
import paxosql.sql.Stamp;

import java.sql.SQLException;
import java.util.function.IntFunction;

/**
 * What the SQL front end costs each replica's apply thread per statement (every replica
 * rewrites every statement from its stamp): a statement seen before (a PreparedStatement's
 * text, from the parse cache), new statements with and without a non-deterministic call,
 * and new DDL in H2's own syntax. Usage: {@code bin/benchmark frontend [statements-per-kind]}.
 */
public final class FrontendCostBenchmark {
    private FrontendCostBenchmark() {}

    public static void main(String[] args) throws SQLException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        SqlFrontend frontend = new SqlFrontend();
        long t0 = System.nanoTime();
        frontend.prepare("SELECT 1", new Stamp(1, 1));
        System.out.printf("first statement (loads the parser): %.0f ms%n", (System.nanoTime() - t0) / 1e6);
        for (int round = 1; round <= 3; round++) {
            int base = round * n;
            System.out.printf("round %d, %d statements each, microseconds per statement:%n", round, n);
            report("  seen before (parameters)      ", measure(frontend, n, i -> "INSERT INTO t(id, v, at) VALUES (?, ?, CURRENT_TIMESTAMP)"));
            report("  new, with CURRENT_TIMESTAMP   ", measure(frontend, n, i -> "INSERT INTO t(id, v, at) VALUES (" + (base + i)
                    + ", 'v-" + i + "', CURRENT_TIMESTAMP)"));
            report("  new, deterministic            ", measure(frontend, n, i -> "INSERT INTO t(id, v) VALUES (" + (base + i) + ", 'v-" + i + "')"));
            report("  new DDL in H2 syntax          ", measure(frontend, n, i -> "CREATE INDEX i" + (base + i) + " ON t(v)"));
            report("  new DDL with DEFAULT NOW()    ", measure(frontend, n, i -> "CREATE TABLE t" + (base + i)
                    + "(id INT PRIMARY KEY AUTO_INCREMENT, at TIMESTAMP DEFAULT NOW())"));
        }
    }

    private static double measure(SqlFrontend frontend, int n, IntFunction<String> sql) throws SQLException {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) frontend.prepare(sql.apply(i), new Stamp(1_795_997_550_123L + i, i));
        return (System.nanoTime() - t0) / 1e3 / n;
    }

    private static void report(String what, double micros) {
        System.out.printf("%s %8.1f%n", what, micros);
    }
}
