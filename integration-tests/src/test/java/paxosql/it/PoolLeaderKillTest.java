package paxosql.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import paxosql.bench.ContinuousWriter;
import paxosql.bench.Failover;

/**
 * kill -9 of the leader while 4 threads insert unique ids through HikariCP and Spring's
 * {@link JdbcTemplate}, as an application would: the pool recovers without being restarted,
 * every acknowledged row is there exactly once, no row whose insert failed for sure is there,
 * and the replicas end with equal checksums.
 */
class PoolLeaderKillTest extends GroupTest {
    private static final int THREADS = 4;
    private static final long IDS_PER_THREAD = 1_000_000;
    private static final Duration WRITE_BEFORE_AND_AFTER = Duration.ofSeconds(2);

    /** What became of one insert: sent at {@code sentNanos}, answered at {@code doneNanos}; {@code sqlState} null when acknowledged. */
    record Outcome(long id, int thread, long sentNanos, long doneNanos, String sqlState, String message) {
        boolean acknowledged() { return sqlState == null && message == null; }
        boolean unknown() { return "08007".equals(sqlState); }
    }

    @Test
    void poolOfConnectionsSurvivesKillNineOfTheLeaderWithoutLosingOrDoublingRows() throws Exception {
        String url = startGroup();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("sa");
        config.setPassword("");
        config.setMaximumPoolSize(THREADS);
        config.setConnectionTimeout(10_000);
        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService writers = Executors.newFixedThreadPool(THREADS);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            JdbcTemplate jdbc = new JdbcTemplate(pool);
            // no key on id: an insert applied twice shows as two rows
            jdbc.execute("CREATE TABLE w(id BIGINT NOT NULL, thread INT NOT NULL)");

            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                running.add(writers.submit(() -> {
                    for (long n = 1; n < IDS_PER_THREAD && !stop.get(); n++) {
                        long id = thread * IDS_PER_THREAD + n;
                        long sent = System.nanoTime();
                        try {
                            jdbc.update("INSERT INTO w(id, thread) VALUES (?, ?)", id, thread);
                            outcomes.add(new Outcome(id, thread, sent, System.nanoTime(), null, null));
                        } catch (DataAccessException e) {
                            outcomes.add(new Outcome(id, thread, sent, System.nanoTime(), sqlState(e), String.valueOf(e.getMostSpecificCause())));
                        }
                    }
                }));
            }

            long started = System.nanoTime();
            awaitCondition("2 s of writes and 100 acknowledged inserts before the kill", Duration.ofSeconds(30),
                    () -> System.nanoTime() - started > WRITE_BEFORE_AND_AFTER.toNanos()
                            && outcomes.stream().filter(Outcome::acknowledged).count() >= 100);
            int leader = cluster.awaitLeader(Duration.ofSeconds(10));
            ProcessHandle leaderProcess = cluster.process(leader).orElseThrow();
            long killedAt = System.nanoTime();
            cluster.signal(leader, "KILL");
            Failover.awaitExit(leaderProcess);

            // every thread's connection works again: each has an insert sent after the kill acknowledged
            awaitCondition("an insert sent after the kill acknowledged on each of the " + THREADS + " threads", Duration.ofSeconds(30),
                    () -> outcomes.stream().filter(o -> o.acknowledged() && o.sentNanos() > killedAt).map(Outcome::thread).distinct().count() == THREADS);
            long recovered = outcomes.stream().filter(o -> o.acknowledged() && o.sentNanos() > killedAt)
                    .mapToLong(Outcome::doneNanos).min().orElseThrow();
            long ackedAfterKill = outcomes.stream().filter(o -> o.acknowledged() && o.sentNanos() > killedAt).count();
            awaitCondition("2 s of writes and 100 more acknowledged inserts after the recovery", Duration.ofSeconds(30),
                    () -> System.nanoTime() - recovered > WRITE_BEFORE_AND_AFTER.toNanos()
                            && outcomes.stream().filter(o -> o.acknowledged() && o.sentNanos() > killedAt).count() >= ackedAfterKill + 100);
            stop.set(true);
            for (Future<?> f : running) f.get(60, TimeUnit.SECONDS);

            List<Outcome> all = new ArrayList<>(outcomes);
            List<Long> acknowledged = all.stream().filter(Outcome::acknowledged).map(Outcome::id).toList();
            List<Long> unknown = all.stream().filter(Outcome::unknown).map(Outcome::id).toList();
            List<Outcome> failed = all.stream().filter(o -> !o.acknowledged() && !o.unknown()).toList();
            Map<String, Long> failedByState = new TreeMap<>();
            for (Outcome o : failed) failedByState.merge(o.sqlState() + ": " + o.message(), 1L, Long::sum);
            System.out.printf("kill -9 of leader node %d under %d pooled writers: %d inserts, %d acknowledged, %d unknown (08007), "
                            + "%d failed %s; first insert sent after the kill acknowledged %.0f ms after it%n",
                    leader, THREADS, all.size(), acknowledged.size(), unknown.size(), failed.size(), failedByState,
                    (recovered - killedAt) / 1e6);

            cluster.awaitLeader(Duration.ofSeconds(30));
            Map<Long, Long> counts = new ConcurrentHashMap<>();
            jdbc.query("SELECT id, COUNT(*) FROM w GROUP BY id", rs -> {
                counts.put(rs.getLong(1), rs.getLong(2));
            });
            List<String> problems = ContinuousWriter.keyProblems(acknowledged, unknown, counts);
            assertThat(problems).as("acknowledged rows exactly once, failed rows absent").isEmpty();
            assertThat(counts.size()).isGreaterThanOrEqualTo(acknowledged.size());
            assertThat(Duration.ofNanos(recovered - killedAt)).as("kill to the first acknowledged insert sent after it")
                    .isLessThan(Duration.ofSeconds(10));
        } finally {
            stop.set(true);
            writers.shutdownNow();
            assertThat(writers.awaitTermination(60, TimeUnit.SECONDS)).as("writer threads ended").isTrue();
        }

        long restartAt = System.currentTimeMillis();
        int killed = cluster.config().group().members().stream().mapToInt(m -> m.id())
                .filter(id -> uncheckedProcess(id).isEmpty()).findFirst().orElseThrow();
        cluster.launch(killed);
        Failover.awaitCaughtUp(cluster, killed, restartAt, Duration.ofSeconds(60));
        Checksums.assertAllEqual(url, 3);
    }

    private java.util.Optional<ProcessHandle> uncheckedProcess(int id) {
        try {
            return cluster.process(id);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    /** Polls {@code condition} every 20 ms until it holds; fails naming {@code what} after {@code timeout}. */
    static void awaitCondition(String what, Duration timeout, Condition condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
            Thread.sleep(20);
        }
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException && ((SQLException) t).getSQLState() != null) return ((SQLException) t).getSQLState();
        }
        return "none";
    }
}
