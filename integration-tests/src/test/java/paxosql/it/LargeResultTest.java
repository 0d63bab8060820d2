package paxosql.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;


/**
 * A result far larger than one answer may be, read through JDBC page by page: a million
 * rows under {@code linearizable} reads, by a client whose heap could not hold them.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class LargeResultTest extends GroupTest {
    private static final int ROWS = 1_000_000;
    private static final int PER_INSERT = 200_000;
    /** Each row is two BIGINTs and 40 characters: about 65 bytes encoded, 65 MB in all (the old cap on a result was 16 MB). */
    private static final String QUERY = "SELECT ID, V, PAD FROM T";
    private static final Pattern REPORT = Pattern.compile(
            "rows=(\\d+) sum=(-?\\d+) millis=(\\d+) heapBeforeMb=([\\d.]+) heapMaxMb=([\\d.]+)");

    @Test
    void aMillionRowsStreamToAClientWithA64MbHeap() throws Exception {
        String url = startGroup();
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE T(ID BIGINT PRIMARY KEY, V BIGINT, PAD VARCHAR(40))");
            for (int from = 1; from <= ROWS; from += PER_INSERT) {
                int to = from + PER_INSERT - 1;
                assertThat(s.executeUpdate("INSERT INTO T SELECT X, MOD(X, 1000), REPEAT('p', 40) FROM SYSTEM_RANGE(" + from + ", " + to + ")"))
                        .isEqualTo(PER_INSERT);
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(V) FROM T")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(ROWS);
            }
        }

        String line = readInOwnJvm(url, "64m");
        Matcher m = REPORT.matcher(line);
        assertThat(m.find()).as(line).isTrue();
        long expectedSum = (long) (ROWS / 1000) * (999L * 1000 / 2);
        assertThat(Long.parseLong(m.group(1))).isEqualTo(ROWS);
        assertThat(Long.parseLong(m.group(2))).isEqualTo(expectedSum);
        double before = Double.parseDouble(m.group(4));
        double max = Double.parseDouble(m.group(5));
        // The result is ~65 MB encoded and several times that as Java objects; a page is ~65 kB.
        assertThat(max - before).as("heap growth while reading, MB: %s", line).isLessThan(65.0 / 4);
        System.out.println("LargeResultTest: " + line);
    }

    /** Runs {@link LargeResultReader} with heap {@code xmx}; its report line. Bounded in time, stopped by PID. */
    private static String readInOwnJvm(String url, String xmx) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-Xmx" + xmx, "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp",
                System.getProperty("java.class.path"), LargeResultReader.class.getName(), url, QUERY, "1000");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            boolean done = p.waitFor(5, TimeUnit.MINUTES);
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(done).as("the reader finished: %s", out).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            return out;
        } finally {
            if (p.isAlive()) p.destroyForcibly();
        }
    }
}
