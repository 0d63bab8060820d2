package paxosql.replica.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import paxosql.consensus.core.Command;
import paxosql.consensus.core.Decision;
import paxosql.consensus.core.Value;
import paxosql.driver.protocol.ExecResult;
import paxosql.driver.protocol.SqlValue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static paxosql.replica.state.Cmds.applyAll;
import static paxosql.replica.state.Cmds.batch;
import static paxosql.replica.state.Cmds.close;
import static paxosql.replica.state.Cmds.noop;
import static paxosql.replica.state.Cmds.only;
import static paxosql.replica.state.Cmds.open;
import static paxosql.replica.state.Cmds.sql;

class H2StateMachineTest {

    @TempDir
    Path dir;

    private H2StateMachine openAt(String name) {
        return H2StateMachine.open(dir.resolve(name), Cmds.exactCrashPoints());
    }

    @Test
    void twoReplicasFedTheSameDecisionsGiveTheSameResultsAndChecksums() {
        try (H2StateMachine a = openAt("a"); H2StateMachine b = openAt("b")) {
            List<Decision> all = Workload.decisions();
            List<Applied> ra = applyAll(a, all);
            List<Applied> rb = applyAll(b, all);
            assertThat(ra).isEqualTo(rb);
            assertThat(a.appliedUpTo()).isEqualTo(18);
            assertThat(a.stateChecksum()).isEqualTo(b.stateChecksum());
            assertThat(applyAll(a, Workload.probe(19))).isEqualTo(applyAll(b, Workload.probe(19)));
            assertThat(a.stateChecksum()).isEqualTo(b.stateChecksum());

            // The workload did what it says: spot checks of its results.
            assertThat(ra.get(0).result()).isEqualTo(ExecResult.Ok.INSTANCE);
            ExecResult unique = resultOf(ra, Workload.C2, 4);
            assertThat(unique).isInstanceOf(ExecResult.Failure.class);
            assertThat(((ExecResult.Failure) unique).sqlState()).isEqualTo("23505");
            ExecResult syntax = resultOf(ra, Workload.C2, 12);
            assertThat(((ExecResult.Failure) syntax).sqlState()).isEqualTo("42001");
            ExecResult fk = resultOf(ra, Workload.C2, 13);
            assertThat(((ExecResult.Failure) fk).sqlState()).isEqualTo("23506");
            // Session C1 is in time zone +05:30, session C2 in schema SALES with @LIMIT = 6.
            ExecResult.Rows tz = (ExecResult.Rows) resultOf(ra, Workload.C1, 7);
            assertThat(tz.rows().get(0).get(0).toJava()).hasToString("2026-01-01T15:30");
            assertThat(tz.rows().get(0).get(1)).isEqualTo(new SqlValue.Text("PUBLIC"));
            ExecResult.Rows orders = (ExecResult.Rows) resultOf(ra, Workload.C2, 11);
            assertThat(orders.rows()).hasSize(1);
            // Inserting alice and bob took ids 1 and 2, the failed insert took 3: carol and dave got 4 and 5.
            ExecResult.UpdateCount carolAndDave = (ExecResult.UpdateCount) resultOf(ra, Workload.C1, 10);
            assertThat(carolAndDave.generatedKeys()).containsExactly(List.of(new SqlValue.BigInt(4)), List.of(new SqlValue.BigInt(5)));
        }
    }

    @Test
    void stampedStatementsAndColumnDefaultsTakeTheirTimeAndRandomValuesFromTheStampOnEveryReplica() {
        long t0 = 1_795_997_550_123L; // 2026-11-30T00:12:30.123Z
        List<Decision> log = List.of(
                batch(1, open(1, 1)),
                batch(2, Cmds.stamped(1, 2, t0, 11, "CREATE TABLE ev(id INT PRIMARY KEY, at TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP, "
                        + "r DOUBLE PRECISION DEFAULT RAND(), u UUID DEFAULT RANDOM_UUID(), note VARCHAR(40))")),
                batch(3, Cmds.stamped(1, 3, t0 + 1_000, 12, "INSERT INTO ev(id) VALUES (1), (2)"),
                        // stamped earlier by a replica whose clock lags: the group's time does not go back
                        Cmds.stamped(1, 4, t0 - 60_000, 13, "INSERT INTO ev(id, note) VALUES (3, CAST(LOCALTIMESTAMP(3) AS VARCHAR))")),
                batch(4, Cmds.stamped(1, 5, t0 + 2_000, 14, "SELECT id, at, r, u, note FROM ev ORDER BY id")),
                batch(5, Cmds.stamped(1, 6, t0 + 3_000, 15, "SELECT PAXOSQL.STAMP_RAND()")),
                batch(6, Cmds.stamped(1, 7, t0 + 3_000, 16, "DROP ALIAS \"PAXOSQL\".STAMP_TIMESTAMP")),
                batch(7, Cmds.stamped(1, 8, t0 + 3_000, 17, "INSERT INTO ev(id, r) VALUES (9, SECURE_RAND(2))")));
        try (H2StateMachine a = openAt("sa"); H2StateMachine b = openAt("sb")) {
            List<Applied> ra = applyAll(a, log);
            assertThat(applyAll(b, log)).isEqualTo(ra);
            assertThat(a.stateChecksum()).isEqualTo(b.stateChecksum());
            assertThat(a.clock()).isEqualTo(t0 + 3_000);

            ExecResult.Rows rows = (ExecResult.Rows) resultOf(ra, 1, 5);
            List<String> text = rows.rows().stream().map(r -> r.stream().map(v -> String.valueOf(v.toJava())).toList().toString()).toList();
            assertThat(text.get(0)).startsWith("[1, 2026-11-30T00:12:31.123, ");
            assertThat(text.get(1)).startsWith("[2, 2026-11-30T00:12:31.123, ");
            assertThat(text.get(2)).startsWith("[3, 2026-11-30T00:12:31.123, ").endsWith(", 2026-11-30 00:12:31.123]");
            assertThat(rows.rows().get(0).get(2)).isNotEqualTo(rows.rows().get(1).get(2)); // a random value per row
            assertThat(rows.rows().get(0).get(3)).isNotEqualTo(rows.rows().get(1).get(3));

            assertThat(((ExecResult.Failure) resultOf(ra, 1, 6)).sqlState()).isEqualTo("42501");
            assertThat(((ExecResult.Failure) resultOf(ra, 1, 7)).sqlState()).isEqualTo("42501");
            ExecResult.Failure secure = (ExecResult.Failure) resultOf(ra, 1, 8);
            assertThat(secure.sqlState()).isEqualTo("0A000");
            assertThat(secure.message()).contains("SECURE_RAND");
        }
    }

    private static ExecResult resultOf(List<Applied> applied, long client, long seq) {
        return applied.stream().filter(x -> x.command().clientId() == client && x.command().sequence() == seq)
                .findFirst().orElseThrow().result();
    }

    @Test
    @org.junit.jupiter.api.DisplayName("results larger than H2's in-memory row limit do not depend on the JVM's heap (H2 spills them, and fails reading spilled generated keys)")
    void largeResultsTakeTheSamePathOnEveryReplica() {
        try (H2StateMachine sm = openAt("big")) {
            sm.apply(batch(1, open(1, 1)));
            sm.apply(batch(2, sql(1, 2, "CREATE TABLE big(id INT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, v INT)")));
            int rows = H2StateMachine.MAX_MEMORY_ROWS + 10_000;
            ExecResult many = only(sm.apply(batch(3, sql(1, 3, "INSERT INTO big(v) SELECT X FROM SYSTEM_RANGE(1, " + rows + ")"))));
            assertThat(many).isEqualTo(new ExecResult.UpdateCount(rows));
            ExecResult few = only(sm.apply(batch(4, sql(1, 4, "INSERT INTO big(v) VALUES (1), (2)"))));
            assertThat(few).isInstanceOfSatisfying(ExecResult.UpdateCount.class, u -> assertThat(u.generatedKeys()).hasSize(2));
            ExecResult sorted = only(sm.apply(batch(5, sql(1, 5, "SELECT id FROM big ORDER BY v DESC, id"))));
            assertThat(sorted).isInstanceOfSatisfying(ExecResult.Rows.class, r -> assertThat(r.rows()).hasSize(rows + 2));
            ExecResult setting = only(sm.apply(batch(6, sql(1, 6,
                    "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'MAX_MEMORY_ROWS'"))));
            assertThat(setting).isInstanceOfSatisfying(ExecResult.Rows.class, r -> assertThat(r.rows().get(0).get(0).toJava())
                    .isEqualTo(String.valueOf(H2StateMachine.MAX_MEMORY_ROWS)));
        }
    }

    private static Command tick(long client, long millis, long idle) {
        return new Command(client, millis, paxosql.driver.protocol.PayloadCodec.encode(
                new paxosql.driver.protocol.ClientRequest.ExpireIdleSessions(millis, idle)));
    }

    @Test
    @org.junit.jupiter.api.DisplayName("client sessions expire by the leader's clock in the log, identically on every replica and across a restart")
    void idleSessionsExpireByTheLogsClock() {
        List<Decision> log = List.of(
                batch(1, open(1, 1), open(2, 1)),
                batch(2, tick(0, 1_000_000, 60_000)),           // first tick: both count as active at it
                batch(3, sql(1, 2, "CREATE TABLE k(i INT)")),
                batch(4, tick(0, 1_050_000, 60_000)),           // nobody idle for a minute yet
                batch(5, sql(1, 3, "INSERT INTO k VALUES (1)")),
                batch(6, tick(0, 1_070_000, 60_000)),           // session 2 idle since 1,000,000: closed
                batch(7, sql(2, 2, "SELECT 1"), sql(1, 4, "SELECT 1")),
                batch(8, tick(0, 900_000, 60_000)));            // a lagging clock never goes backwards
        try (H2StateMachine a = openAt("clock-a"); H2StateMachine b = openAt("clock-b")) {
            List<Applied> ra = applyAll(a, log);
            assertThat(applyAll(b, log)).isEqualTo(ra);
            assertThat(a.stateChecksum()).isEqualTo(b.stateChecksum());
            ExecResult expired = ra.get(ra.size() - 3).result();
            assertThat(expired).isInstanceOfSatisfying(ExecResult.Failure.class, f -> assertThat(f.sqlState()).isEqualTo("08003"));
            assertThat(ra.get(ra.size() - 2).result()).as("the active session goes on").isInstanceOf(ExecResult.Rows.class);
            assertThat(a.clock()).isEqualTo(1_070_000);
        }
        try (H2StateMachine again = openAt("clock-a")) {
            assertThat(again.clock()).as("kept across a restart").isEqualTo(1_070_000);
        }
        try (H2StateMachine c = openAt("clock-c")) {
            ExecResult forged = only(c.apply(batch(1, tick(7, 2_000_000, 1))));
            assertThat(forged).as("a client's tick").isInstanceOfSatisfying(ExecResult.Failure.class,
                    f -> assertThat(f.sqlState()).isEqualTo("42501"));
            assertThat(c.clock()).isZero();
        }
    }

    @Test
    void sessionsOpenedBeforeTheGroupHadAClockAreNotExpiredByItsFirstTick() {
        long now = 1_795_997_550_123L;
        List<Decision> log = List.of(
                batch(1, open(1, 1), open(2, 1)),                                  // the group has no clock yet
                batch(2, Cmds.stamped(1, 2, now, 1, "CREATE TABLE k(i INT)")),     // a stamp sets it
                batch(3, tick(0, now + 10_000, 60_000)),                           // the first tick
                batch(4, Cmds.stamped(2, 2, now + 11_000, 2, "SELECT 1")),
                batch(5, tick(0, now + 65_000, 60_000)),                           // session 1 last active at +0 s: idle
                batch(6, Cmds.stamped(1, 3, now + 66_000, 3, "SELECT 1"), Cmds.stamped(2, 3, now + 66_000, 4, "SELECT 1")));
        try (H2StateMachine a = openAt("unclocked-a"); H2StateMachine b = openAt("unclocked-b")) {
            List<Applied> ra = applyAll(a, log);
            assertThat(applyAll(b, log)).isEqualTo(ra);
            assertThat(resultOf(ra, 2, 2)).as("session 2 survived the first tick").isInstanceOf(ExecResult.Rows.class);
            assertThat(resultOf(ra, 1, 3)).as("session 1, idle for 65 s of the group's time, is closed")
                    .isInstanceOfSatisfying(ExecResult.Failure.class, f -> assertThat(f.sqlState()).isEqualTo("08003"));
            assertThat(resultOf(ra, 2, 3)).isInstanceOf(ExecResult.Rows.class);
        }
    }

    @Test
    void aStatementNestedTooDeeplyIsRefusedTheSameWayEverywhereAndTheStateMachineGoesOn() throws Exception {
        String parens = "SELECT " + "(".repeat(5_000) + "1" + ")".repeat(5_000);
        String cases = "SELECT " + "CASE WHEN 1 = 1 THEN ".repeat(2_000) + "1" + " END".repeat(2_000);
        String unions = "SELECT 1" + " UNION ALL SELECT 1".repeat(5_000);
        List<Decision> log = List.of(batch(1, open(1, 1)), batch(2, sql(1, 2, parens)), batch(3, sql(1, 3, cases)),
                batch(4, sql(1, 4, unions)), batch(5, sql(1, 5, "SELECT " + "(".repeat(StatementGuard.MAX_NESTING) + "1"
                        + ")".repeat(StatementGuard.MAX_NESTING))),
                batch(6, sql(1, 6, "SELECT " + "CASE WHEN 1 = 1 THEN ".repeat(StatementGuard.MAX_NESTING) + "1"
                        + " END".repeat(StatementGuard.MAX_NESTING))),
                batch(7, sql(1, 7, "SELECT 1" + " UNION ALL SELECT 1".repeat(StatementGuard.MAX_SET_OPERATORS))));
        try (H2StateMachine a = openAt("deep-a"); H2StateMachine b = openAt("deep-b")) {
            // On a thread with a small stack, where H2 itself would overflow on every one of them.
            List<Applied> ra = onSmallStack(() -> applyAll(a, log));
            assertThat(applyAll(b, log)).isEqualTo(ra);
            for (long seq = 2; seq <= 4; seq++) {
                assertThat(resultOf(ra, 1, seq)).isInstanceOfSatisfying(ExecResult.Failure.class, f -> {
                    assertThat(f.sqlState()).isEqualTo("54001");
                    assertThat(f.message()).contains("nest");
                });
            }
            for (long seq = 5; seq <= 7; seq++) {
                assertThat(resultOf(ra, 1, seq)).as("nesting up to the limits runs, even on a small stack").isInstanceOf(ExecResult.Rows.class);
            }
            assertThat(a.appliedUpTo()).isEqualTo(7);
        }
    }

    private static <T> T onSmallStack(java.util.concurrent.Callable<T> work) throws Exception {
        java.util.concurrent.atomic.AtomicReference<Object> out = new java.util.concurrent.atomic.AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                out.set(work.call());
            } catch (Throwable e) {
                out.set(e);
            }
        }, "small-stack", 512 * 1024);
        t.start();
        t.join();
        if (out.get() instanceof Throwable e) throw new AssertionError("failed on the small stack: " + e, e);
        @SuppressWarnings("unchecked") T result = (T) out.get();
        return result;
    }

    @Test
    void aResentCommandReturnsTheStoredResultAndChangesNothing() {
        try (H2StateMachine sm = openAt("r")) {
            applyAll(sm, Workload.decisions());
            Command insert = sql(Workload.C1, 200, "INSERT INTO ACCOUNTS(NAME) VALUES ('once')");
            ExecResult first = only(sm.apply(batch(19, insert)));
            assertThat(first).isInstanceOf(ExecResult.UpdateCount.class);
            StateChecksum before = sm.stateChecksum();

            ExecResult again = only(sm.apply(batch(20, insert)));
            assertThat(again).isEqualTo(first);
            // Even a different statement under an applied sequence number is not executed.
            ExecResult other = only(sm.apply(batch(21, sql(Workload.C1, 200, "DELETE FROM ACCOUNTS"))));
            assertThat(other).isEqualTo(first);
            ExecResult older = only(sm.apply(batch(22, sql(Workload.C1, 3, "DELETE FROM ACCOUNTS"))));
            assertThat(((ExecResult.Failure) older).sqlState()).isEqualTo(H2StateMachine.SQLSTATE_OUTCOME_UNKNOWN);

            StateChecksum after = sm.stateChecksum();
            assertThat(after.appliedUpTo()).isEqualTo(22);
            assertThat(after.parts()).containsAllEntriesOf(withoutMeta(before));
            assertThat(countAccounts(sm)).isEqualTo(6);
        }
    }

    private static java.util.Map<String, String> withoutMeta(StateChecksum c) {
        java.util.Map<String, String> m = new java.util.TreeMap<>(c.parts());
        m.remove("meta"); // the applied instance moved on
        return m;
    }

    private static long countAccounts(H2StateMachine sm) {
        try (Connection c = Cmds.side(sm); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM ACCOUNTS")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aDecisionAtOrBelowTheAppliedInstanceIsNotAppliedAgainAndGapsAreRefused() {
        try (H2StateMachine sm = openAt("o")) {
            List<Decision> all = Workload.decisions();
            applyAll(sm, all);
            StateChecksum before = sm.stateChecksum();
            List<Applied> again = sm.apply(all.get(3));
            assertThat(again).hasSize(2);
            assertThat(sm.stateChecksum()).isEqualTo(before);
            assertThatThrownBy(() -> sm.apply(noop(20))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("out of order");
        }
    }

    @Test
    void noOpsAndQuorumChangesAdvanceTheAppliedInstanceAndSurviveARestart() {
        Path d = dir.resolve("n");
        try (H2StateMachine sm = H2StateMachine.open(d)) {
            assertThat(sm.apply(noop(1))).isEmpty();
            assertThat(sm.apply(new Decision(2, new Value.OqChange(List.of(1))))).isEmpty();
            assertThat(sm.apply(batch(3))).isEmpty();
            assertThat(sm.appliedUpTo()).isEqualTo(3);
        }
        try (H2StateMachine sm = H2StateMachine.open(d)) {
            assertThat(sm.appliedUpTo()).isEqualTo(3);
        }
    }

    @Test
    void oneDirectoryCannotBeOpenedTwiceInOneProcess() {
        try (H2StateMachine sm = openAt("twice")) {
            assertThatThrownBy(() -> openAt("twice")).isInstanceOf(ReplicaStateException.class).hasMessageContaining("already open");
            assertThatThrownBy(() -> H2StateMachine.open(dir.resolve("twice/../twice"))).isInstanceOf(ReplicaStateException.class);
        }
        try (H2StateMachine again = openAt("twice")) {
            assertThat(again.appliedUpTo()).isZero();
        }
    }

    @Test
    void aDigestCannotBeAppliedAndStopsTheStateMachine() {
        try (H2StateMachine sm = openAt("g")) {
            Decision digest = new Decision(1, Value.digestOf(new Value.Batch(List.of(open(1, 1)))));
            assertThatThrownBy(() -> sm.apply(digest)).isInstanceOf(ReplicaStateException.class).hasMessageContaining("digest");
            assertThatThrownBy(() -> sm.apply(noop(1))).isInstanceOf(ReplicaStateException.class)
                    .hasMessageContaining("stopped after an earlier failure");
        }
    }

    @Test
    void aMalformedPayloadBecomesAFailureAndTheStateMachineGoesOn() {
        try (H2StateMachine sm = openAt("m")) {
            sm.apply(batch(1, open(1, 1)));
            List<Applied> applied = sm.apply(batch(2, new Command(1, 2, new byte[] {1, 0x02, 0, 0, 0, 99}),
                    new Command(1, 3, new byte[0]), new Command(1, 4, new byte[] {9, 9}), sql(1, 5, "SELECT 42")));
            assertThat(applied).hasSize(4);
            for (int i = 0; i < 3; i++) {
                ExecResult.Failure f = (ExecResult.Failure) applied.get(i).result();
                assertThat(f.sqlState()).isEqualTo(H2StateMachine.SQLSTATE_MALFORMED);
                assertThat(f.message()).contains("malformed request");
            }
            assertThat(((ExecResult.Rows) applied.get(3).result()).rows()).containsExactly(List.of(new SqlValue.Int(42)));
            assertThat(sm.appliedUpTo()).isEqualTo(2);
        }
    }

    @Test
    void sessionsMustBeOpenAndCannotBeOpenedTwice() {
        try (H2StateMachine sm = openAt("s")) {
            ExecResult unknown = only(sm.apply(batch(1, sql(7, 1, "SELECT 1"))));
            assertThat(((ExecResult.Failure) unknown).sqlState()).isEqualTo(H2StateMachine.SQLSTATE_NO_SESSION);
            assertThat(only(sm.apply(batch(2, open(7, 2))))).isEqualTo(ExecResult.Ok.INSTANCE);
            ExecResult twice = only(sm.apply(batch(3, open(7, 3))));
            assertThat(((ExecResult.Failure) twice).sqlState()).isEqualTo(H2StateMachine.SQLSTATE_SESSION_EXISTS);
            assertThat(only(sm.apply(batch(4, close(7, 4))))).isEqualTo(ExecResult.Ok.INSTANCE);
            // A resent close gets the same answer; later requests find the session closed.
            assertThat(only(sm.apply(batch(5, close(7, 4))))).isEqualTo(ExecResult.Ok.INSTANCE);
            ExecResult closed = only(sm.apply(batch(6, sql(7, 5, "SELECT 1"))));
            assertThat(((ExecResult.Failure) closed).sqlState()).isEqualTo(H2StateMachine.SQLSTATE_NO_SESSION);
            ExecResult reopen = only(sm.apply(batch(7, open(7, 6))));
            assertThat(((ExecResult.Failure) reopen).sqlState()).isEqualTo(H2StateMachine.SQLSTATE_SESSION_EXISTS);
        }
    }

    @Test
    void aResultOverTheLimitFailsWith54000AndIsRolledBack() {
        try (H2StateMachine sm = H2StateMachine.open(dir.resolve("l"), new H2StateMachine.Options(4096, 500))) {
            sm.apply(batch(1, open(1, 1), sql(1, 2, "CREATE TABLE T(ID INT GENERATED BY DEFAULT AS IDENTITY, S VARCHAR)")));
            ExecResult big = only(sm.apply(batch(2, sql(1, 3, "INSERT INTO T(S) SELECT REPEAT('x', 10) FROM SYSTEM_RANGE(1, 1000)"))));
            assertThat(((ExecResult.Failure) big).sqlState()).isEqualTo(H2StateMachine.SQLSTATE_TOO_LARGE);
            ExecResult count = only(sm.apply(batch(3, sql(1, 4, "SELECT COUNT(*) FROM T"))));
            assertThat(((ExecResult.Rows) count).rows()).containsExactly(List.of(new SqlValue.BigInt(0)));
            ExecResult query = only(sm.apply(batch(4, sql(1, 5, "SELECT REPEAT('y', 100) FROM SYSTEM_RANGE(1, 100)"))));
            assertThat(((ExecResult.Failure) query).sqlState()).isEqualTo(H2StateMachine.SQLSTATE_TOO_LARGE);
            ExecResult limited = only(sm.apply(batch(5, new Command(1, 6, paxosql.driver.protocol.PayloadCodec.encode(
                    new paxosql.driver.protocol.ClientRequest.Execute("SELECT REPEAT('y', 100) FROM SYSTEM_RANGE(1, 100)",
                            List.of(), 3))))));
            assertThat(((ExecResult.Rows) limited).rows()).hasSize(3);
        }
    }

    @Test
    void sessionStateSurvivesACleanRestart() {
        Path d = dir.resolve("st");
        try (H2StateMachine sm = H2StateMachine.open(d)) {
            sm.apply(batch(1, open(1, 1), sql(1, 2, "CREATE SCHEMA S1"), sql(1, 3, "SET SCHEMA S1"),
                    sql(1, 4, "SET @V = 'it''s'"), sql(1, 5, "SET TIME ZONE 'Europe/Paris'"),
                    sql(1, 6, "SET SCHEMA_SEARCH_PATH S1, PUBLIC")));
        }
        try (H2StateMachine sm = H2StateMachine.open(d)) {
            ExecResult r = only(sm.apply(batch(2, sql(1, 7, "SELECT CURRENT_SCHEMA, @V, CURRENT_PATH, "
                    + "CAST(TIMESTAMP WITH TIME ZONE '2026-07-01 00:00:00+00' AS TIMESTAMP)"))));
            List<SqlValue> row = ((ExecResult.Rows) r).rows().get(0);
            assertThat(row.get(0)).isEqualTo(new SqlValue.Text("S1"));
            assertThat(row.get(1)).isEqualTo(new SqlValue.Text("it's"));
            assertThat(row.get(2).toJava().toString()).contains("S1");
            assertThat(row.get(3).toJava()).hasToString("2026-07-01T02:00");
        }
    }

    @Test
    void aSessionWhoseSchemaIsDroppedMovesToPublicOnEveryReplica() {
        Path d = dir.resolve("ds");
        List<Decision> history = List.of(
                batch(1, open(1, 1), open(2, 1), sql(1, 2, "CREATE SCHEMA GONE"), sql(1, 3, "SET SCHEMA GONE")),
                batch(2, sql(2, 2, "DROP SCHEMA GONE")));
        Decision next = batch(3, sql(1, 4, "SELECT CURRENT_SCHEMA"));
        ExecResult running;
        try (H2StateMachine a = openAt("ds-running")) {
            applyAll(a, history);
            running = only(a.apply(next));
        }
        try (H2StateMachine b = H2StateMachine.open(d)) {
            applyAll(b, history);
        }
        try (H2StateMachine b = H2StateMachine.open(d)) {
            assertThat(only(b.apply(next))).isEqualTo(running);
        }
        assertThat(((ExecResult.Rows) running).rows()).containsExactly(List.of(new SqlValue.Text("PUBLIC")));
    }

    @Test
    void theChecksumSeesARowChangedBehindTheStateMachinesBack() throws SQLException {
        try (H2StateMachine a = openAt("ca"); H2StateMachine b = openAt("cb")) {
            applyAll(a, Workload.decisions());
            applyAll(b, Workload.decisions());
            assertThat(a.stateChecksum()).isEqualTo(b.stateChecksum());
            try (Connection c = Cmds.side(b); Statement s = c.createStatement()) {
                assertThat(s.executeUpdate("UPDATE ACCOUNTS SET BALANCE = BALANCE + 0.01 WHERE NAME = 'bob'")).isEqualTo(1);
            }
            StateChecksum ca = a.stateChecksum();
            StateChecksum cb = b.stateChecksum();
            assertThat(cb.digest()).isNotEqualTo(ca.digest());
            assertThat(cb.parts().get("table PUBLIC.ACCOUNTS#0/1")).isNotEqualTo(ca.parts().get("table PUBLIC.ACCOUNTS#0/1"));
            assertThat(cb.parts().get("table SALES.ORDERS#0/1")).isEqualTo(ca.parts().get("table SALES.ORDERS#0/1"));
            assertThat(cb.parts().get("catalog")).isEqualTo(ca.parts().get("catalog"));

            // The same change on the other replica makes the tables agree again; a catalog change is seen too.
            try (Connection c = Cmds.side(a); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE ACCOUNTS SET BALANCE = BALANCE + 0.01 WHERE NAME = 'bob'");
                s.execute("ALTER SEQUENCE ORDER_NO RESTART WITH 500");
            }
            assertThat(a.stateChecksum().parts().get("table PUBLIC.ACCOUNTS#0/1")).isEqualTo(cb.parts().get("table PUBLIC.ACCOUNTS#0/1"));
            // A sequence moved away from its journaled value shows in the sequences part.
            assertThat(a.stateChecksum().parts().get("sequences")).isNotEqualTo(cb.parts().get("sequences"));
        }
    }

    @Test
    void theChecksumDoesNotDependOnRowOrderOrStorage() throws SQLException {
        try (H2StateMachine a = openAt("oa"); H2StateMachine b = openAt("ob")) {
            a.apply(batch(1, open(1, 1), sql(1, 2, "CREATE TABLE T(K INT, V VARCHAR)"),
                    sql(1, 3, "INSERT INTO T VALUES (1, 'a'), (2, NULL), (2, NULL), (3, '')")));
            b.apply(batch(1, open(1, 1), sql(1, 2, "CREATE TABLE T(K INT, V VARCHAR)"),
                    sql(1, 3, "INSERT INTO T VALUES (3, ''), (2, NULL), (1, 'a'), (2, NULL)")));
            assertThat(a.stateChecksum().parts().get("table PUBLIC.T")).isEqualTo(b.stateChecksum().parts().get("table PUBLIC.T"));
            // A duplicate row counts: removing one of the two equal rows changes the checksum.
            try (Connection c = Cmds.side(b); Statement s = c.createStatement()) {
                s.execute("DELETE FROM T WHERE K = 2 LIMIT 1");
            }
            assertThat(a.stateChecksum().parts().get("table PUBLIC.T")).isNotEqualTo(b.stateChecksum().parts().get("table PUBLIC.T"));
        }
    }

    @Test
    void theChecksumTellsApartRowsWhoseValuesConcatenateAlike() {
        try (H2StateMachine a = openAt("aa"); H2StateMachine b = openAt("ab")) {
            String create = "CREATE TABLE T(X VARCHAR, Y VARCHAR)";
            a.apply(batch(1, open(1, 1), sql(1, 2, create), sql(1, 3, "INSERT INTO T VALUES ('a|', 'b'), (NULL, ''), ('N', 'x')")));
            b.apply(batch(1, open(1, 1), sql(1, 2, create), sql(1, 3, "INSERT INTO T VALUES ('a', '|b'), ('', NULL), (NULL, 'x')")));
            assertThat(a.stateChecksum().parts().get("table PUBLIC.T")).isNotEqualTo(b.stateChecksum().parts().get("table PUBLIC.T"));
        }
    }

    @Test
    void aLargeResultIsStoredAndReturnedAgainOnResend() {
        try (H2StateMachine sm = openAt("big")) {
            Command query = sql(1, 2, "SELECT REPEAT('x', 3000000) AS BIG, X FROM SYSTEM_RANGE(1, 2)");
            List<Applied> first = sm.apply(batch(1, open(1, 1), query));
            ExecResult.Rows rows = (ExecResult.Rows) first.get(1).result();
            assertThat(((String) rows.rows().get(1).get(0).toJava())).hasSize(3_000_000);
            assertThat(only(sm.apply(batch(2, query)))).isEqualTo(rows);
        }
    }
}
