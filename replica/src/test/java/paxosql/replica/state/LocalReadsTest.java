package paxosql.replica.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import paxosql.consensus.core.Command;
import paxosql.driver.protocol.ClientRequest;
import paxosql.driver.protocol.ExecResult;
import paxosql.driver.protocol.SqlValue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static paxosql.replica.state.Cmds.batch;
import static paxosql.replica.state.Cmds.close;
import static paxosql.replica.state.Cmds.only;
import static paxosql.replica.state.Cmds.open;
import static paxosql.replica.state.Cmds.sql;

/** Read-only queries on the committed state, outside the log, tagged with the instance they saw. */
class LocalReadsTest {

    @TempDir
    Path dir;

    private static final long C1 = 1, C2 = 2, C3 = 3;

    static ClientRequest.Execute query(String sql, Object... params) {
        return query(0, sql, params);
    }

    static ClientRequest.Execute query(int maxRows, String sql, Object... params) {
        List<SqlValue> values = new ArrayList<>();
        for (Object p : params) values.add(SqlValue.of(p));
        return new ClientRequest.Execute(sql, values, maxRows);
    }

    private static ExecResult.Rows rows(ReadResult r) {
        assertThat(r.result()).as("%s", r).isInstanceOf(ExecResult.Rows.class);
        return (ExecResult.Rows) r.result();
    }

    private static Object cell(ReadResult r) {
        ExecResult.Rows rows = rows(r);
        assertThat(rows.rows()).hasSize(1);
        return rows.rows().get(0).get(0).toJava();
    }

    private static ExecResult.Failure failure(ReadResult r, String sqlState) {
        assertThat(r.result()).as("%s", r).isInstanceOf(ExecResult.Failure.class);
        ExecResult.Failure f = (ExecResult.Failure) r.result();
        assertThat(f.sqlState()).as("%s", f).isEqualTo(sqlState);
        return f;
    }

    @Test
    void aReadSeesTheCommittedDataAndTheInstanceItWasAppliedUpTo() {
        try (H2StateMachine sm = H2StateMachine.open(dir.resolve("s"))) {
            sm.apply(batch(1, open(C1, 1), sql(C1, 2, "CREATE TABLE T(ID INT PRIMARY KEY, NAME VARCHAR)")));
            sm.apply(batch(2, sql(C1, 3, "INSERT INTO T VALUES (1, 'a'), (2, 'b')")));
            sm.apply(Cmds.noop(3));

            ReadResult r = sm.read(C1, query("SELECT ID, NAME FROM T WHERE ID >= ? ORDER BY ID", 1));
            assertThat(r.appliedAt()).isEqualTo(3).isEqualTo(sm.appliedUpTo());
            assertThat(rows(r).rows()).containsExactly(List.of(new SqlValue.Int(1), new SqlValue.Text("a")),
                    List.of(new SqlValue.Int(2), new SqlValue.Text("b")));
            assertThat(rows(r).columns()).extracting(ExecResult.Column::label).containsExactly("ID", "NAME");
            // Non-determinism is allowed here: nothing is replicated.
            assertThat(sm.read(C1, query("SELECT RAND(), CURRENT_TIMESTAMP, RANDOM_UUID()")).result())
                    .isInstanceOf(ExecResult.Rows.class);
            // A query that fails reports H2's SQLState.
            failure(sm.read(C1, query("SELECT * FROM NO_SUCH_TABLE")), "42S02");
            failure(sm.read(C1, query("SELEC 1")), "42001");
        }
    }

    /**
     * Three commands per instance each insert one row, so a state between instances holds
     * exactly 3 × (instance − 2) rows; some instances also rewrite the table (ALTER TABLE …
     * ADD COLUMN). Every read, while apply runs on, must see a count that matches its appliedAt.
     */
    @Test
    void readsWhileApplyRunsSeeExactlyTheStateOfTheInstanceTheyReport() throws Exception {
        try (H2StateMachine sm = H2StateMachine.open(dir.resolve("s"))) {
            sm.apply(batch(1, open(C1, 1), open(C2, 1), open(C3, 1)));
            sm.apply(batch(2, sql(C1, 2, "CREATE TABLE COUNTER(ID INT PRIMARY KEY, K INT)")));
            int last = 400;
            AtomicBoolean stop = new AtomicBoolean();
            AtomicBoolean applying = new AtomicBoolean(); // reads that began before the applies did are not counted
            AtomicReference<Throwable> error = new AtomicReference<>();
            AtomicLong reads = new AtomicLong(), retries = new AtomicLong(), partial = new AtomicLong();
            List<Thread> readers = new ArrayList<>();
            for (long client : new long[] {C1, C2, C3}) {
                Thread t = new Thread(() -> {
                    long seen = 0;
                    try {
                        while (!stop.get()) {
                            ReadResult r = sm.read(client, query("SELECT COUNT(*), COUNT(DISTINCT K) FROM COUNTER"));
                            if (r.result() instanceof ExecResult.Failure f && f.sqlState().equals("40001")) {
                                retries.incrementAndGet();
                                continue;
                            }
                            List<SqlValue> row = rows(r).rows().get(0);
                            long count = (Long) row.get(0).toJava();
                            assertThat(count).as("rows at instance %d", r.appliedAt()).isEqualTo(3 * (r.appliedAt() - 2));
                            if (count % 3 != 0) partial.incrementAndGet();
                            assertThat(r.appliedAt()).as("reads of one thread never go back").isGreaterThanOrEqualTo(seen);
                            seen = r.appliedAt();
                            reads.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        error.compareAndSet(null, e);
                    }
                }, "reader-" + client);
                readers.add(t);
                t.start();
            }
            long seq = 3;
            for (int i = 3; i <= last; i++) {
                List<Command> commands = new ArrayList<>();
                commands.add(sql(C1, seq, "INSERT INTO COUNTER(ID, K) VALUES (?, ?)", 3 * i, i));
                commands.add(sql(C2, seq, "INSERT INTO COUNTER(ID, K) VALUES (?, ?)", 3 * i + 1, i));
                if (i % 40 == 0) commands.add(sql(C1, seq + 1, "ALTER TABLE COUNTER ADD COLUMN X" + i + " INT DEFAULT " + i));
                commands.add(sql(C3, seq, "INSERT INTO COUNTER(ID, K) VALUES (?, ?)", 3 * i + 2, i));
                seq += 2;
                for (Applied a : sm.apply(batch(i, commands.toArray(Command[]::new)))) {
                    assertThat(a.result()).as("%s", a).isInstanceOf(ExecResult.UpdateCount.class);
                }
            }
            stop.set(true);
            for (Thread t : readers) t.join();
            assertThat(error.get()).isNull();
            System.out.printf("consistent reads while applying %d instances: %d reads, %d retried for DDL (40001)%n",
                    last - 2, reads.get(), retries.get());
            assertThat(reads.get()).isGreaterThan(30);
            assertThat(partial.get()).isZero();
            ReadResult end = sm.read(C1, query("SELECT COUNT(*) FROM COUNTER"));
            assertThat(end.appliedAt()).isEqualTo(last);
            assertThat(cell(end)).isEqualTo(3L * (last - 2));
        }
    }

    private static final String SLOW_COUNT = "SELECT (SELECT COUNT(*) FROM COUNTER), COUNT(*) FROM SYSTEM_RANGE(1, 2000000) "
            + "WHERE MOD(X, 7) = 1";

    /**
     * H2's catalog is not versioned: a read overlapping DDL is run again, on the state after it.
     * The overlap is arranged, not timed: the read's first attempt takes its snapshot at
     * instance 1, then waits until apply has recorded the DDL of instance 2 (the catalog epoch
     * has moved) before its query runs, alongside the ALTER TABLE. (A sleep before apply was
     * not enough: once warm, the query ends before the sleep does and the read, rightly,
     * reports instance 1.)
     */
    @Test
    void aReadOverlappingDdlIsRunAgainOnTheStateAfterIt() throws Exception {
        try (H2StateMachine sm = H2StateMachine.open(dir.resolve("s"))) {
            sm.apply(batch(1, open(C1, 1), sql(C1, 2, "CREATE TABLE COUNTER(ID INT PRIMARY KEY)"),
                    sql(C1, 3, "INSERT INTO COUNTER VALUES (1)")));
            CountDownLatch snapshotTaken = new CountDownLatch(1), ddlRecorded = new CountDownLatch(1);
            List<Long> snapshots = Collections.synchronizedList(new ArrayList<>());
            sm.setReadHooks(new LocalReads.Hooks() {
                @Override
                public void afterSnapshot(int attempt, long appliedAt) {
                    snapshots.add(appliedAt);
                    if (attempt > 1) return;
                    snapshotTaken.countDown();
                    try {
                        assertThat(ddlRecorded.await(30, TimeUnit.SECONDS)).as("apply recorded the DDL").isTrue();
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                }
            });
            sm.setHooks(new H2StateMachine.Hooks() {
                @Override
                public void afterDdlRecorded(long instance, int index) {
                    ddlRecorded.countDown();
                }
            });
            AtomicReference<ReadResult> read = new AtomicReference<>();
            AtomicReference<Throwable> readerFailed = new AtomicReference<>();
            Thread reader = new Thread(() -> read.set(sm.read(C1, query(SLOW_COUNT))));
            reader.setUncaughtExceptionHandler((t, e) -> readerFailed.set(e));
            long start = System.nanoTime();
            reader.start();
            assertThat(snapshotTaken.await(30, TimeUnit.SECONDS)).as("the read took its snapshot").isTrue();
            sm.apply(batch(2, sql(C1, 4, "ALTER TABLE COUNTER ADD COLUMN V INT DEFAULT 0"),
                    sql(C1, 5, "INSERT INTO COUNTER(ID) VALUES (2)")));
            reader.join();
            System.out.printf("a read overlapping DDL took %d ms in all%n", (System.nanoTime() - start) / 1_000_000);
            assertThat(readerFailed.get()).isNull();
            assertThat(snapshots).as("snapshots of the read's attempts").containsExactly(1L, 2L);
            ReadResult r = read.get();
            assertThat(r.appliedAt()).isEqualTo(2);
            assertThat(rows(r).rows().get(0).get(0).toJava()).isEqualTo(2L);
        }
    }

    @Test
    void aReadThatKeepsOverlappingDdlGivesUpWith40001() throws Exception {
        try (H2StateMachine sm = H2StateMachine.open(dir.resolve("s"))) {
            sm.apply(batch(1, open(C1, 1), open(C2, 1), sql(C1, 2, "CREATE TABLE COUNTER(ID INT PRIMARY KEY)")));
            AtomicReference<ReadResult> read = new AtomicReference<>();
            Thread reader = new Thread(() -> read.set(sm.read(C1, query(SLOW_COUNT))));
            reader.start();
            long seq = 2;
            for (int instance = 2; reader.isAlive(); instance++) {
                sm.apply(batch(instance, sql(C2, seq++, "CREATE TABLE T" + instance + "(A INT)")));
                Thread.sleep(20);
            }
            ExecResult.Failure f = failure(read.get(), "40001");
            assertThat(f.message()).contains("DDL was applied while the read ran, 3 times");
            // Without DDL the same read goes through.
            assertThat(rows(sm.read(C1, query(SLOW_COUNT))).rows().get(0).get(0).toJava()).isEqualTo(0L);
        }
    }

    @Test
    void anythingButAReadOnlyQueryIsRefusedAndChangesNothing() {
        try (H2StateMachine sm = H2StateMachine.open(dir.resolve("s"))) {
            sm.apply(batch(1, open(C1, 1), sql(C1, 2, "CREATE TABLE T(ID INT PRIMARY KEY, V INT)"),
                    sql(C1, 3, "INSERT INTO T VALUES (1, 1), (2, 2)"), sql(C1, 4, "CREATE SEQUENCE S"),
                    sql(C1, 5, "CREATE SCHEMA S2"), sql(C1, 6, "CREATE VIEW PLAIN_VIEW AS SELECT ID FROM T")));
            StateChecksum before = sm.stateChecksum();

            Map<String, String> refusedAs = new TreeMap<>();
            for (String s : List.of("INSERT INTO T VALUES (100, 1)", "UPDATE T SET V = 0", "DELETE FROM T",
                    "MERGE INTO T KEY(ID) VALUES (1, 5)", "CREATE TABLE X(A INT)", "DROP TABLE T", "TRUNCATE TABLE T",
                    "ALTER TABLE T ADD COLUMN W INT", "CREATE INDEX I ON T(V)", "SET SCHEMA S2", "SET @X = 1",
                    "USE S2", "CREATE USER EVE PASSWORD 'secret-pw'", "GRANT SELECT ON T TO SA",
                    "SELECT NEXT VALUE FOR S", "SELECT * FROM (SELECT NEXT VALUE FOR S) X", "VALUES (NEXT VALUE FOR S)",
                    "CALL NEXT VALUE FOR S", "SELECT NEXTVAL('S')", "WITH X AS (SELECT NEXT VALUE FOR S AS N) SELECT * FROM X",
                    "SELECT * FROM FINAL TABLE (INSERT INTO T VALUES (101, 1))",
                    "SELECT * FROM OLD TABLE (DELETE FROM T WHERE ID = 1)",
                    "EXPLAIN ANALYZE SELECT * FROM NEW TABLE (INSERT INTO T VALUES (102, 1))",
                    "EXPLAIN ANALYZE INSERT INTO T VALUES (103, 1)", "EXPLAIN DELETE FROM T",
                    "SELECT * FROM T FOR UPDATE", "SELECT * FROM T WHERE ID = 1 FOR UPDATE", "SELECT SET(@X, 1)",
                    "SELECT @X := 1")) {
                ExecResult.Failure f = failure(sm.read(C1, query(s)), "25006");
                refusedAs.put(s, f.message());
            }
            assertThat(refusedAs.get("INSERT INTO T VALUES (100, 1)")).startsWith("INSERT is not a query: ");
            assertThat(refusedAs.get("CREATE TABLE X(A INT)")).startsWith("CREATE TABLE is not a query");
            assertThat(refusedAs.get("DROP TABLE T")).startsWith("DROP TABLE is not a query");
            assertThat(refusedAs.get("SET SCHEMA S2")).startsWith("SET is not a query");
            assertThat(refusedAs.get("CREATE USER EVE PASSWORD 'secret-pw'")).startsWith("CREATE USER is not a query")
                    .doesNotContain("secret-pw");
            assertThat(refusedAs.get("SELECT NEXT VALUE FOR S")).contains("NEXT VALUE FOR");
            assertThat(refusedAs.get("SELECT * FROM FINAL TABLE (INSERT INTO T VALUES (101, 1))")).contains("FINAL TABLE");
            assertThat(refusedAs.get("SELECT * FROM T FOR UPDATE")).contains("FOR UPDATE");
            assertThat(refusedAs.get("EXPLAIN ANALYZE INSERT INTO T VALUES (103, 1)")).contains("not read-only");

            // What StatementGuard refuses in any command, it refuses here too.
            failure(sm.read(C1, query("SELECT FILE_READ('/etc/hostname')")), "42501");
            failure(sm.read(C1, query("SELECT * FROM " + H2StateMachine.META_SCHEMA + ".SESSIONS")), "42501");
            failure(sm.read(C1, query("SCRIPT TO 'dump.sql'")), "42501");
            failure(sm.read(C1, query("SELECT SESSION_ID()")), "0A000");
            failure(sm.read(C1, query("COMMIT")), "0A000");
            failure(sm.read(C1, query("SELECT 1; DELETE FROM T")), "0A000");

            assertThat(sm.stateChecksum()).isEqualTo(before);
            // The sequence was never advanced, and a plain view reads fine.
            ExecResult.Rows next = (ExecResult.Rows) only(sm.apply(batch(2, sql(C1, 7, "SELECT NEXT VALUE FOR S"))));
            assertThat(next.rows()).containsExactly(List.of(new SqlValue.BigInt(1)));
            assertThat(rows(sm.read(C1, query("SELECT * FROM PLAIN_VIEW ORDER BY ID"))).rows()).hasSize(2);
        }
    }

    @Test
    void aViewThatWouldChangeSomethingWhenReadCannotBeCreated() {
        try (H2StateMachine sm = H2StateMachine.open(dir.resolve("s"))) {
            sm.apply(batch(1, open(C1, 1), sql(C1, 2, "CREATE TABLE T(ID INT PRIMARY KEY)"), sql(C1, 3, "CREATE SEQUENCE S")));
            long seq = 4;
            int instance = 2;
            for (String view : List.of("CREATE VIEW V1 AS SELECT NEXT VALUE FOR S AS N",
                    "CREATE OR REPLACE VIEW V2 AS SELECT * FROM (SELECT NEXTVAL('S') AS N) X",
                    "CREATE FORCE VIEW V3 AS SELECT * FROM FINAL TABLE (INSERT INTO T VALUES (7))",
                    "CREATE VIEW V4 AS SELECT * FROM T FOR UPDATE", "CREATE VIEW V5 AS SELECT SET(@X, 1) AS Q")) {
                ExecResult r = only(sm.apply(batch(instance++, sql(C1, seq++, view))));
                assertThat(r).as(view).isInstanceOf(ExecResult.Failure.class);
                assertThat(((ExecResult.Failure) r).sqlState()).as(view).isEqualTo("0A000");
                assertThat(((ExecResult.Failure) r).message()).as(view).startsWith("a view may not use ");
            }
            assertThat(rows(sm.read(C1, query("SELECT COUNT(*) FROM INFORMATION_SCHEMA.VIEWS WHERE TABLE_SCHEMA = 'PUBLIC'")))
                    .rows().get(0).get(0).toJava()).isEqualTo(0L);
        }
    }

    @Test
    void aReadRunsInItsSessionsSchemaTimeZoneAndVariables() {
        try (H2StateMachine sm = H2StateMachine.open(dir.resolve("s"))) {
            sm.apply(batch(1, open(C1, 1), open(C2, 1), open(C3, 1)));
            sm.apply(batch(2, sql(C1, 2, "CREATE SCHEMA SALES"), sql(C1, 3, "CREATE TABLE ITEMS(NAME VARCHAR)"),
                    sql(C1, 4, "INSERT INTO ITEMS VALUES ('public')"), sql(C1, 5, "CREATE TABLE SALES.ITEMS(NAME VARCHAR)"),
                    sql(C1, 6, "INSERT INTO SALES.ITEMS VALUES ('sales')"), sql(C1, 7, "CREATE TABLE SALES.ONLY_SALES(X INT)")));
            sm.apply(batch(3, sql(C2, 2, "SET SCHEMA SALES"), sql(C2, 3, "SET @MAX_N = 3"), sql(C2, 4, "SET TIME ZONE '+05:30'"),
                    sql(C3, 2, "SET SCHEMA_SEARCH_PATH SALES, PUBLIC")));
            String localTime = "SELECT CAST(TIMESTAMP WITH TIME ZONE '2026-01-01 10:00:00+00' AS TIMESTAMP)";
            for (int round = 0; round < 3; round++) {
                // One connection serves these reads in turn: it must take each session's state, and lose the other's.
                ReadResult r1 = sm.read(C1, query("SELECT NAME, CURRENT_SCHEMA, @MAX_N FROM ITEMS"));
                assertThat(rows(r1).rows().get(0)).extracting(SqlValue::toJava).containsExactly("public", "PUBLIC", null);
                ReadResult r2 = sm.read(C2, query("SELECT NAME, CURRENT_SCHEMA, @MAX_N FROM ITEMS"));
                assertThat(rows(r2).rows().get(0)).extracting(SqlValue::toJava).containsExactly("sales", "SALES", 3);
                assertThat(cell(sm.read(C2, query(localTime)))).hasToString("2026-01-01T15:30");
                assertThat(cell(sm.read(C1, query(localTime)))).hasToString("2026-01-01T10:00");
                assertThat(cell(sm.read(C3, query("SELECT COUNT(*) FROM ONLY_SALES")))).isEqualTo(0L);
                failure(sm.read(C1, query("SELECT COUNT(*) FROM ONLY_SALES")), "42S02");
            }
            sm.apply(batch(4, sql(C2, 5, "SET SCHEMA PUBLIC")));
            assertThat(cell(sm.read(C2, query("SELECT NAME FROM ITEMS")))).isEqualTo("public");

            assertThat(failure(sm.read(99, query("SELECT 1")), "08003").message()).contains("does not exist");
            sm.apply(batch(5, close(C2, 6)));
            assertThat(failure(sm.read(C2, query("SELECT 1")), "08003").message()).contains("is closed");
            assertThat(sm.read(C2, query("SELECT 1")).appliedAt()).isEqualTo(5);
        }
    }

    @Test
    void maxRowsAndTheResultSizeLimitApplyAsInApply() {
        try (H2StateMachine sm = H2StateMachine.open(dir.resolve("s"), new H2StateMachine.Options(4096, 500))) {
            sm.apply(batch(1, open(C1, 1), sql(C1, 2, "CREATE TABLE T(ID INT PRIMARY KEY)"),
                    sql(C1, 3, "INSERT INTO T SELECT X FROM SYSTEM_RANGE(1, 100)")));
            assertThat(rows(sm.read(C1, query(5, "SELECT ID FROM T ORDER BY ID"))).rows()).hasSize(5)
                    .last().isEqualTo(List.of(new SqlValue.Int(5)));
            assertThat(rows(sm.read(C1, query("SELECT ID FROM T"))).rows()).hasSize(100);
            ExecResult.Failure tooLarge = failure(sm.read(C1, query("SELECT REPEAT('x', 5000)")), "54000");
            assertThat(tooLarge.message()).contains("larger than 4096 bytes");
            failure(sm.read(C1, query("SELECT ID, REPEAT('x', 100) FROM T")), "54000");
            assertThat(rows(sm.read(C1, query(10, "SELECT ID, REPEAT('x', 100) FROM T"))).rows()).hasSize(10);
        }
    }

    @Test
    void aQueryTimeoutCancelsTheReadWith57014AndDoesNotOutliveIt() {
        try (H2StateMachine sm = H2StateMachine.open(dir.resolve("s"))) {
            sm.apply(batch(1, open(C1, 1)));
            String slow = "SELECT COUNT(*) FROM SYSTEM_RANGE(1, 2000000000) WHERE MOD(X, 7) = 1";
            long start = System.nanoTime();
            ExecResult.Failure f = failure(sm.read(C1, query(slow), 1), "57014");
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("a read with a 1 s timeout was cancelled after %d ms: %s%n", millis, f.message().lines().findFirst().orElse(""));
            assertThat(millis).isBetween(900L, 30_000L);
            // H2 keeps the timeout per connection: the next read on it has none.
            assertThat(cell(sm.read(C1, query("SELECT COUNT(*) FROM SYSTEM_RANGE(1, 3000000) WHERE MOD(X, 7) = 1"))))
                    .isEqualTo(428_572L);
        }
    }

    /**
     * Four threads scan a big table (200k rows) over and over while apply keeps updating it. Apply must
     * never wait for a query: during every read, apply must have finished decisions. The
     * longest apply call with and without readers is printed (CPU contention on a small
     * machine shows in it; a read holding up apply would show as an apply call as long as a read).
     */
    @Test
    void readsDoNotStallApply() throws Exception {
        try (H2StateMachine sm = H2StateMachine.open(dir.resolve("s"))) {
            sm.apply(batch(1, open(C1, 1), sql(C1, 2, "CREATE TABLE BIG(ID INT PRIMARY KEY, V INT, PAYLOAD VARCHAR)")));
            for (int part = 0; part < 2; part++) { // 100k rows a command: H2 fails reading far more generated keys at once
                ExecResult filled = only(sm.apply(batch(2 + part, sql(C1, 3 + part, "INSERT INTO BIG SELECT X, 0, REPEAT('p', 50) || X "
                        + "FROM SYSTEM_RANGE(?, ?)", part * 100_000 + 1, (part + 1) * 100_000))));
                assertThat(filled).isInstanceOf(ExecResult.UpdateCount.class);
            }
            long[] seq = {5};
            int[] instance = {4};
            Runnable applyOne = () -> sm.apply(batch(instance[0]++, sql(C1, seq[0]++, "UPDATE BIG SET V = V + 1 WHERE ID = ?",
                    1 + (instance[0] * 7919) % 200_000)));
            List<Long> alone = timeApplies(applyOne, 1000, () -> false);

            AtomicBoolean stop = new AtomicBoolean();
            AtomicBoolean applying = new AtomicBoolean(); // reads that began before the applies did are not counted
            AtomicReference<Throwable> error = new AtomicReference<>();
            AtomicLong applied = new AtomicLong();
            ConcurrentLinkedQueue<long[]> readSpans = new ConcurrentLinkedQueue<>(); // {nanos, applies finished meanwhile}
            List<Thread> readers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread reader = new Thread(() -> {
                    try {
                        while (!stop.get()) {
                            boolean counted = applying.get();
                            long before = applied.get();
                            long start = System.nanoTime();
                            ReadResult r = sm.read(C1, query("SELECT COUNT(*), SUM(V), SUM(LENGTH(PAYLOAD)) FROM BIG"));
                            long nanos = System.nanoTime() - start;
                            assertThat(rows(r).rows().get(0).get(1).toJava().toString()).isEqualTo(String.valueOf(r.appliedAt() - 3));
                            if (counted) readSpans.add(new long[] {nanos, applied.get() - before});
                        }
                    } catch (Throwable e) {
                        error.compareAndSet(null, e);
                    }
                }, "big-reader-" + t);
                readers.add(reader);
                reader.start();
            }
            Thread.sleep(200);
            Runnable counted = () -> {
                applyOne.run();
                applied.incrementAndGet();
            };
            applying.set(true);
            long until = System.nanoTime() + 120_000_000_000L;
            List<Long> withReads = timeApplies(counted, 1_000_000,
                    () -> error.get() != null || readSpans.size() >= 16 || System.nanoTime() > until);
            stop.set(true);
            for (Thread t : readers) t.join();
            assertThat(error.get()).isNull();

            List<Long> readNanos = readSpans.stream().map(s -> s[0]).sorted().toList();
            System.out.printf("apply alone: %s; with 4 threads scanning 200k rows: %s; reads: %d, p50 %.0f ms, max %.0f ms%n",
                    stats(alone), stats(withReads), readNanos.size(), readNanos.get(readNanos.size() / 2) / 1e6,
                    readNanos.get(readNanos.size() - 1) / 1e6);
            assertThat(readNanos).hasSizeGreaterThanOrEqualTo(8);
            // A read that lasted more than 0.2 s saw apply finish decisions meanwhile: apply never waited for it.
            for (long[] span : readSpans) {
                if (span[0] > 200_000_000L) assertThat(span[1]).as("applies during a read of %d ms", span[0] / 1_000_000).isPositive();
            }
        }
    }

    private static List<Long> timeApplies(Runnable apply, int count, java.util.function.BooleanSupplier abort) {
        List<Long> nanos = new ArrayList<>(count);
        for (int i = 0; i < count && !abort.getAsBoolean(); i++) {
            long start = System.nanoTime();
            apply.run();
            nanos.add(System.nanoTime() - start);
        }
        return nanos;
    }

    private static String stats(List<Long> nanos) {
        List<Long> s = new ArrayList<>(nanos);
        Collections.sort(s);
        return String.format("%d applies, p50 %.2f ms, p99 %.2f ms, max %.1f ms", s.size(), s.get(s.size() / 2) / 1e6,
                s.get((int) (s.size() * 0.99)) / 1e6, s.get(s.size() - 1) / 1e6);
    }

    @Test
    void readsNeedAnOpenStateMachine() {
        H2StateMachine sm = H2StateMachine.open(dir.resolve("s"));
        sm.apply(batch(1, open(C1, 1)));
        assertThat(sm.read(C1, query("SELECT 1")).appliedAt()).isEqualTo(1);
        sm.close();
        assertThatThrownBy(() -> sm.read(C1, query("SELECT 1")))
                .isInstanceOf(IllegalStateException.class);
    }
}
