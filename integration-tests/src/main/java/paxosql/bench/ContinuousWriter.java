package paxosql.bench;

import paxosql.driver.client.GroupClient;
import paxosql.driver.protocol.ExecResult;
import paxosql.driver.protocol.SqlValue;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client session that inserts unique keys ({@code INSERT INTO table(k) VALUES (?)},
 * k = 1, 2, 3, ...) one after another for as long as it runs, and records what became of
 * each: acknowledged, outcome unknown ({@code 08007}), never sent ({@code 08006}: no
 * replica reachable) or failed otherwise. The table has no key on {@code k}, so a command
 * applied twice would show as a doubled row; {@link #verify} checks the table against the
 * record.
 */
public final class ContinuousWriter implements AutoCloseable {
    private final GroupClient client;
    private final String table;
    private final Thread thread;
    private volatile boolean stopping;
    private final AtomicLong attempted = new AtomicLong();
    private final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
    private final Set<Long> unknown = ConcurrentHashMap.newKeySet();
    private final Set<Long> notSent = ConcurrentHashMap.newKeySet();
    private final Map<Long, String> failed = new ConcurrentHashMap<>();
    /** Acknowledgement time (System.nanoTime) → key, in order: one writer thread. */
    private final ConcurrentSkipListMap<Long, Long> ackTimes = new ConcurrentSkipListMap<>();
    /** Send time (System.nanoTime) → key, and key → acknowledgement time. */
    private final ConcurrentSkipListMap<Long, Long> sendTimes = new ConcurrentSkipListMap<>();
    private final Map<Long, Long> ackOf = new ConcurrentHashMap<>();
    private final Set<Long> finished = ConcurrentHashMap.newKeySet();
    private volatile Throwable crashed;

    private ContinuousWriter(GroupClient client, String table) {
        this.client = client;
        this.table = table;
        this.thread = new Thread(this::run, "continuous-writer");
        thread.setDaemon(true);
    }

    /** Connects, creates {@code table(k BIGINT)} (no key: doubles would show) and starts writing. */
    public static ContinuousWriter start(List<GroupClient.Address> addresses, GroupClient.Options options, String table)
            throws SQLException {
        GroupClient c = GroupClient.connect(addresses, "sa", "", options);
        ExecResult created = c.execute("CREATE TABLE " + table + "(k BIGINT NOT NULL)");
        if (created instanceof ExecResult.Failure f) {
            c.close();
            throw new SQLException("CREATE TABLE " + table + ": " + f.message(), f.sqlState());
        }
        ContinuousWriter w = new ContinuousWriter(c, table);
        w.thread.start();
        return w;
    }

    private void run() {
        String sql = "INSERT INTO " + table + "(k) VALUES (?)";
        try {
            while (!stopping) {
                long k = attempted.incrementAndGet();
                sendTimes.put(System.nanoTime(), k);
                try {
                    ExecResult r = client.execute(sql, SqlValue.of(k));
                    if (r instanceof ExecResult.UpdateCount u && u.count() == 1) {
                        long at = System.nanoTime();
                        acknowledged.add(k);
                        ackOf.put(k, at);
                        ackTimes.put(at, k);
                    } else {
                        failed.put(k, String.valueOf(r));
                    }
                } catch (SQLException e) {
                    if ("08007".equals(e.getSQLState())) unknown.add(k);
                    else if ("08006".equals(e.getSQLState())) notSent.add(k);
                    else failed.put(k, e.getSQLState() + " " + e.getMessage());
                } finally {
                    finished.add(k);
                }
            }
        } catch (Throwable t) {
            crashed = t;
        }
    }

    /**
     * The time (System.nanoTime) of the first acknowledgement after {@code afterNanos},
     * waiting up to {@code timeout}; -1 if none came.
     */
    public long firstAckAfter(long afterNanos, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Long t = ackTimes.higherKey(afterNanos);
            if (t != null) return t;
            if (System.nanoTime() > deadline || crashed != null || !thread.isAlive()) return -1;
            Thread.sleep(2);
        }
    }

    /**
     * The time (System.nanoTime) at which the first write sent after {@code afterNanos} and
     * acknowledged was acknowledged — unlike {@link #firstAckAfter}, never a write the group
     * had already committed before that moment — waiting up to {@code timeout}; -1 if none.
     */
    public long firstAckOfWriteSentAfter(long afterNanos, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (long k : sendTimes.tailMap(afterNanos, false).values()) {
                Long at = ackOf.get(k);
                if (at != null) return at;
                if (!finished.contains(k)) break; // still waiting for its answer
            }
            if (System.nanoTime() > deadline || crashed != null || !thread.isAlive()) return -1;
            Thread.sleep(2);
        }
    }

    /** Stops writing after the command in progress (which may take up to the request timeout). */
    public void stop(Duration wait) throws InterruptedException {
        stopping = true;
        thread.join(wait.toMillis());
        if (thread.isAlive()) throw new IllegalStateException("the writer did not stop within " + wait.toMillis() + " ms");
    }

    public long attempted() { return attempted.get(); }
    public int acknowledgedCount() { return acknowledged.size(); }
    public Set<Long> unknown() { return Set.copyOf(unknown); }
    public Set<Long> notSent() { return Set.copyOf(notSent); }
    public Map<Long, String> failed() { return new TreeMap<>(failed); }

    /** What the table holds, compared with what the writer recorded. */
    public record Verification(long attempted, long acknowledged, long unknown, long unknownPresent, long notSent,
                               long rows, List<String> problems) {
        public boolean ok() { return problems.isEmpty(); }

        @Override
        public String toString() {
            return "attempted=" + attempted + " acknowledged=" + acknowledged + " unknown=" + unknown + " (present: "
                    + unknownPresent + ") notSent=" + notSent + " rows=" + rows
                    + (problems.isEmpty() ? " OK" : " PROBLEMS: " + problems);
        }
    }

    /**
     * Reads the table back through {@code reader} (after {@link #stop}) and checks: every
     * acknowledged key is there exactly once, no key is there twice, a key whose outcome is
     * unknown at most once, a key never sent or never attempted not at all.
     */
    public Verification verify(GroupClient reader) throws SQLException {
        if (thread.isAlive()) throw new IllegalStateException("stop the writer first");
        List<String> problems = new ArrayList<>();
        if (crashed != null) problems.add("writer thread died: " + crashed);
        if (!failed.isEmpty()) problems.add(failed.size() + " writes failed: " + first(new TreeMap<>(failed).entrySet()));
        long last = attempted.get();
        Map<Long, Long> counts = new TreeMap<>();
        long rows = 0;
        int page = 5_000;
        for (long from = 1; from <= last; from += page) {
            ExecResult r = reader.execute("SELECT k, COUNT(*) FROM " + table + " WHERE k BETWEEN ? AND ? GROUP BY k",
                    SqlValue.of(from), SqlValue.of(from + page - 1));
            if (!(r instanceof ExecResult.Rows rs)) throw new SQLException("reading " + table + " back: " + r);
            for (List<SqlValue> row : rs.rows()) {
                long k = ((Number) row.get(0).toJava()).longValue();
                long n = ((Number) row.get(1).toJava()).longValue();
                counts.put(k, n);
                rows += n;
            }
        }
        ExecResult total = reader.execute("SELECT COUNT(*) FROM " + table);
        if (!(total instanceof ExecResult.Rows t)) throw new SQLException("counting " + table + ": " + total);
        long all = ((Number) t.rows().get(0).get(0).toJava()).longValue();
        if (all != rows) problems.add(all + " rows in " + table + " but " + rows + " with keys 1.." + last);

        problems.addAll(keyProblems(acknowledged, unknown, counts));
        long unknownPresent = 0;
        for (long k : unknown) if (counts.containsKey(k)) unknownPresent++;
        return new Verification(last, acknowledged.size(), unknown.size(), unknownPresent, notSent.size(), rows, problems);
    }

    /**
     * The checks of a write history against the keys read back ({@code counts}: key to the number
     * of rows with it): every acknowledged key is there, no key is there twice, and a key that is
     * there was acknowledged or its outcome is unknown (a key whose write failed for sure, or was
     * never sent, is not there). Empty when the history holds.
     */
    public static List<String> keyProblems(Collection<Long> acknowledged, Collection<Long> unknown, Map<Long, Long> counts) {
        List<String> problems = new ArrayList<>();
        Set<Long> acked = new HashSet<>(acknowledged);
        Set<Long> maybe = new HashSet<>(unknown);
        List<Long> lost = new ArrayList<>();
        for (long k : acked) if (!counts.containsKey(k)) lost.add(k);
        List<String> doubled = new ArrayList<>();
        for (var e : counts.entrySet()) if (e.getValue() > 1) doubled.add(e.getKey() + "x" + e.getValue());
        List<Long> ghosts = new ArrayList<>();
        for (long k : counts.keySet()) {
            if (!acked.contains(k) && !maybe.contains(k)) ghosts.add(k); // never sent, failed or not attempted
        }
        if (!lost.isEmpty()) problems.add(lost.size() + " acknowledged writes lost: " + first(sorted(lost)));
        if (!doubled.isEmpty()) problems.add(doubled.size() + " keys doubled: " + first(doubled));
        if (!ghosts.isEmpty()) problems.add(ghosts.size() + " keys present that were never acknowledged nor possibly sent: "
                + first(sorted(ghosts)));
        return problems;
    }

    private static List<Long> sorted(List<Long> l) {
        List<Long> s = new ArrayList<>(l);
        s.sort(null);
        return s;
    }

    private static String first(Iterable<?> items) {
        StringBuilder b = new StringBuilder("[");
        int n = 0;
        for (Object o : items) {
            if (n++ == 10) {
                b.append(", ...");
                break;
            }
            if (n > 1) b.append(", ");
            b.append(o);
        }
        return b.append(']').toString();
    }

    @Override
    public void close() {
        stopping = true;
        client.close();
    }
}
