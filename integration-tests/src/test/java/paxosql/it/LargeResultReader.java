package paxosql.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Reads a whole large table through JDBC in a JVM of its own, so a test can give it a heap
 * too small for the result: {@code url sql fetchSize}. Prints one line,
 * {@code rows=N sum=S millis=M heapBeforeMb=B heapMaxMb=X}, where the heap figures are the
 * used heap after a GC before the query and the most seen after a GC while reading.
 */
public final class LargeResultReader {
    private LargeResultReader() {}

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String sql = args[1];
        int fetchSize = Integer.parseInt(args[2]);
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            long before = usedAfterGc();
            long max = before;
            long start = System.nanoTime();
            long rows = 0;
            long sum = 0;
            s.setFetchSize(fetchSize);
            try (ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    rows++;
                    sum += rs.getLong(2);
                    if (rows % 100_000 == 0) max = Math.max(max, usedAfterGc());
                }
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("rows=%d sum=%d millis=%d heapBeforeMb=%.1f heapMaxMb=%.1f%n", rows, sum, millis, before / 1e6, max / 1e6);
        }
    }

    private static long usedAfterGc() {
        Runtime r = Runtime.getRuntime();
        System.gc();
        return r.totalMemory() - r.freeMemory();
    }
}
