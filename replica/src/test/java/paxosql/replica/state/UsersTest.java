package paxosql.replica.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import paxosql.consensus.core.Decision;
import paxosql.driver.protocol.ExecResult;
import paxosql.driver.protocol.PayloadCodec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static paxosql.replica.state.Cmds.applyAll;
import static paxosql.replica.state.Cmds.batch;
import static paxosql.replica.state.Cmds.only;
import static paxosql.replica.state.Cmds.open;
import static paxosql.replica.state.Cmds.sql;

/** Client users: bootstrap, authentication, statements on users and rights through the log, checksums, crashes. */
class UsersTest {

    @TempDir
    Path dir;

    private H2StateMachine openAt(String name) {
        return H2StateMachine.open(dir.resolve(name), Cmds.exactCrashPoints());
    }

    private static final long ADMIN = 1, BOB = 2;

    /** SA creates BOB (not an admin); BOB's session tries to create a user. */
    private static List<Decision> bobAndHisAttempt() {
        return List.of(
                batch(1, open(ADMIN, 1), sql(ADMIN, 2, "CREATE USER BOB PASSWORD 'hunter2'")),
                batch(2, open(BOB, 1, "bob"), sql(BOB, 2, "CREATE USER EVE PASSWORD 'x' ADMIN")));
    }

    private static ExecResult.Failure failure(ExecResult r) {
        assertThat(r).isInstanceOf(ExecResult.Failure.class);
        return (ExecResult.Failure) r;
    }

    private static void assertFails(ExecResult r, String sqlState) {
        assertThat(failure(r).sqlState()).as(failure(r).message()).isEqualTo(sqlState);
    }

    private static List<String> query(H2StateMachine sm, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = Cmds.side(sm); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) b.append(i > 1 ? " " : "").append(rs.getString(i));
                out.add(b.toString());
            }
        }
        return out;
    }

    @Test
    void aNewStateHasTheAdminSaWithAnEmptyPasswordAndKeepsItsChangedPasswordAcrossARestart() {
        try (H2StateMachine sm = openAt("a")) {
            assertThat(sm.authenticate("SA", "")).isTrue();
            assertThat(sm.authenticate("sa", "")).as("login names are upper-cased, as in H2").isTrue();
            assertThat(sm.authenticate("SA", "x")).isFalse();
            assertThat(sm.isAdmin("SA")).isTrue();
            assertThat(sm.authenticate("NOBODY", "")).isFalse();
            assertThat(sm.isAdmin("NOBODY")).isFalse();
            assertThat(only(sm.apply(batch(1, open(ADMIN, 1))))).isEqualTo(ExecResult.Ok.INSTANCE);
            assertThat(only(sm.apply(batch(2, sql(ADMIN, 2, "ALTER USER SA SET PASSWORD 'changed'")))))
                    .isInstanceOf(ExecResult.UpdateCount.class);
            assertThat(sm.authenticate("SA", "")).isFalse();
            assertThat(sm.authenticate("SA", "changed")).isTrue();
        }
        try (H2StateMachine sm = openAt("a")) {
            assertThat(sm.authenticate("SA", "changed")).as("SA is created for a new state only").isTrue();
            assertThat(sm.authenticate("SA", "")).isFalse();
        }
    }

    @Test
    void theReplicasOwnUsersNeverAuthenticateNorOpenSessions() {
        try (H2StateMachine sm = openAt("a")) {
            for (String internal : List.of(H2StateMachine.ADMIN_USER, H2StateMachine.CLIENT_USER, "paxosql_admin")) {
                assertThat(sm.authenticate(internal, "")).as(internal).isFalse();
                assertThat(sm.isAdmin(internal)).as(internal).isFalse();
            }
            List<Applied> r = sm.apply(batch(1, open(1, 1, H2StateMachine.ADMIN_USER), open(2, 1, "paxosql_client"),
                    open(3, 1, "NOBODY"), sql(1, 2, "SELECT 1")));
            assertFails(r.get(0).result(), "28000");
            assertThat(failure(r.get(0).result()).message()).contains("belongs to the replica");
            assertFails(r.get(1).result(), "28000");
            assertFails(r.get(2).result(), "28000");
            assertThat(failure(r.get(2).result()).message()).contains("\"NOBODY\" does not exist");
            assertFails(r.get(3).result(), "08003");
            assertThat(sm.authenticate(null, "")).isFalse();
            assertThat(sm.authenticate("SA", null)).isFalse();
        }
    }

    @Test
    void twoReplicasFedTheSameUserCommandsAuthenticateAlikeRefuseAlikeAndHaveEqualChecksums() throws SQLException {
        try (H2StateMachine a = openAt("a"); H2StateMachine b = openAt("b")) {
            StateChecksum before = a.stateChecksum();
            List<Applied> ra = applyAll(a, bobAndHisAttempt());
            List<Applied> rb = applyAll(b, bobAndHisAttempt());
            assertThat(ra).isEqualTo(rb);
            assertThat(ra.get(1).result()).isInstanceOf(ExecResult.UpdateCount.class);
            assertThat(ra.get(2).result()).isEqualTo(ExecResult.Ok.INSTANCE);
            ExecResult.Failure refused = failure(ra.get(3).result());
            assertThat(refused.sqlState()).isEqualTo("42501");
            assertThat(refused.message()).contains("CREATE USER", "\"BOB\"", "not an admin");

            for (H2StateMachine sm : List.of(a, b)) {
                assertThat(sm.authenticate("BOB", "hunter2")).isTrue();
                assertThat(sm.authenticate("bob", "hunter2")).isTrue();
                assertThat(sm.authenticate("BOB", "hunter3")).isFalse();
                assertThat(sm.authenticate("BOB", "")).isFalse();
                assertThat(sm.isAdmin("BOB")).isFalse();
                assertThat(sm.authenticate("EVE", "x")).isFalse();
            }
            assertThat(a.stateChecksum()).isEqualTo(b.stateChecksum());
            assertThat(a.stateChecksum().parts().get("catalog")).as("users are part of the catalog")
                    .isNotEqualTo(before.parts().get("catalog"));

            // Equal checksums although H2 salted BOB's password differently on each replica.
            String saltA = query(a, "SCRIPT NODATA").stream().filter(l -> l.contains("\"BOB\"")).findFirst().orElseThrow();
            String saltB = query(b, "SCRIPT NODATA").stream().filter(l -> l.contains("\"BOB\"")).findFirst().orElseThrow();
            assertThat(saltA).contains("SALT");
            assertThat(saltA).isNotEqualTo(saltB);
        }
    }

    @Test
    void theAdminFlagIsReadWhenEachStatementIsAppliedAndTheLastAdminStays() {
        try (H2StateMachine a = openAt("a"); H2StateMachine b = openAt("b")) {
            List<Decision> decisions = new ArrayList<>(bobAndHisAttempt());
            decisions.add(batch(3, sql(ADMIN, 3, "ALTER USER BOB ADMIN TRUE"),
                    sql(BOB, 3, "CREATE USER EVE PASSWORD ? ADMIN", "pw")));  // BOB's session, opened as non-admin
            decisions.add(batch(4, sql(BOB, 4, "ALTER USER SA ADMIN FALSE"), sql(BOB, 5, "DROP USER EVE"),
                    sql(ADMIN, 4, "CREATE USER CAROL PASSWORD 'c'")));       // SA is no admin any more
            decisions.add(batch(5, sql(BOB, 6, "ALTER USER BOB ADMIN FALSE"), sql(BOB, 7, "DROP USER BOB")));
            List<Applied> ra = applyAll(a, decisions);
            assertThat(applyAll(b, decisions)).isEqualTo(ra);
            assertThat(ra.get(4).result()).isInstanceOf(ExecResult.UpdateCount.class);
            assertThat(ra.get(5).result()).as("BOB is an admin now").isInstanceOf(ExecResult.UpdateCount.class);
            assertThat(ra.get(6).result()).isInstanceOf(ExecResult.UpdateCount.class);
            assertThat(ra.get(7).result()).isInstanceOf(ExecResult.UpdateCount.class);
            assertFails(ra.get(8).result(), "42501");
            ExecResult.Failure demote = failure(ra.get(9).result());
            assertThat(demote.sqlState()).isEqualTo("42501");
            assertThat(demote.message()).contains("last admin user");
            assertThat(failure(ra.get(10).result()).message()).contains("last admin user");
            assertThat(a.isAdmin("BOB")).isTrue();
            assertThat(a.isAdmin("SA")).isFalse();
            assertThat(a.authenticate("EVE", "pw")).isFalse();
            assertThat(a.stateChecksum()).isEqualTo(b.stateChecksum());
        }
    }

    @Test
    void droppingAUserClosesItsSessionsAndItCannotOpenOneAgainWhileRenamingCarriesThemAlong() {
        try (H2StateMachine a = openAt("a"); H2StateMachine b = openAt("b")) {
            List<Decision> decisions = List.of(
                    batch(1, open(ADMIN, 1), sql(ADMIN, 2, "CREATE USER BOB PASSWORD 'b'"),
                            sql(ADMIN, 3, "CREATE USER CAROL PASSWORD 'c' ADMIN")),
                    batch(2, open(BOB, 1, "BOB"), open(3, 1, "CAROL")),
                    batch(3, sql(ADMIN, 4, "ALTER USER CAROL RENAME TO caroline"), sql(3, 2, "CREATE USER DAN PASSWORD 'd'")),
                    batch(4, sql(ADMIN, 5, "DROP USER BOB"), sql(BOB, 2, "SELECT 1"), open(4, 1, "BOB")),
                    batch(5, sql(3, 3, "DROP USER \"Caroline\""), sql(3, 4, "SELECT 1"), sql(ADMIN, 6, "SELECT 1")));
            List<Applied> ra = applyAll(a, decisions);
            assertThat(applyAll(b, decisions)).isEqualTo(ra);
            assertThat(ra.get(5).result()).isInstanceOf(ExecResult.UpdateCount.class);
            assertThat(ra.get(6).result()).as("the renamed admin's session keeps its user")
                    .isInstanceOf(ExecResult.UpdateCount.class);
            assertThat(ra.get(7).result()).isInstanceOf(ExecResult.UpdateCount.class);
            assertFails(ra.get(8).result(), "08003");
            assertFails(ra.get(9).result(), "28000");
            assertThat(ra.get(10).result()).as("an admin may drop itself if another admin remains")
                    .isInstanceOf(ExecResult.UpdateCount.class);
            assertFails(ra.get(11).result(), "08003");
            assertThat(ra.get(12).result()).isInstanceOf(ExecResult.Rows.class);
            assertThat(a.authenticate("DAN", "d")).isTrue();
            assertThat(a.authenticate("CAROLINE", "c")).as("dropped under a quoted name, which H2 upper-cases").isFalse();
            assertThat(a.authenticate("BOB", "b")).isFalse();
            assertThat(a.stateChecksum()).isEqualTo(b.stateChecksum());
        }
        // The closed sessions stay closed after a restart.
        try (H2StateMachine a = openAt("a")) {
            assertFails(only(a.apply(batch(6, sql(BOB, 3, "SELECT 1")))), "08003");
        }
    }

    @Test
    void grantAndRevokeNameTablesFromTheSessionsSchemaAndReplicate() throws SQLException {
        try (H2StateMachine a = openAt("a"); H2StateMachine b = openAt("b")) {
            List<Decision> decisions = List.of(
                    batch(1, open(ADMIN, 1), sql(ADMIN, 2, "CREATE USER BOB PASSWORD 'b'"), sql(ADMIN, 3, "CREATE SCHEMA S"),
                            sql(ADMIN, 4, "SET SCHEMA S"), sql(ADMIN, 5, "CREATE TABLE T(A INT)"),
                            sql(ADMIN, 6, "CREATE TABLE PUBLIC.T(A INT)")),
                    batch(2, sql(ADMIN, 7, "GRANT SELECT, INSERT ON T TO BOB"), sql(ADMIN, 8, "GRANT ALL ON PUBLIC.T TO PUBLIC"),
                            sql(ADMIN, 9, "SELECT CURRENT_SCHEMA")),
                    batch(3, sql(ADMIN, 10, "GRANT SELECT ON NOPE TO BOB")));
            List<Applied> ra = applyAll(a, decisions);
            assertThat(applyAll(b, decisions)).isEqualTo(ra);
            assertThat(((ExecResult.Rows) ra.get(8).result()).rows().get(0).get(0).toJava())
                    .as("the session's schema is unchanged").isEqualTo("S");
            assertFails(ra.get(9).result(), "42S02");
            List<String> rights = List.of("BOB SELECT, INSERT S T", "PUBLIC ALL PUBLIC T");
            String q = "SELECT GRANTEE, RIGHTS, TABLE_SCHEMA, TABLE_NAME FROM INFORMATION_SCHEMA.RIGHTS "
                    + "WHERE TABLE_SCHEMA IN ('S', 'PUBLIC') ORDER BY GRANTEE";
            assertThat(query(a, q)).containsExactlyElementsOf(rights);
            assertThat(query(b, q)).containsExactlyElementsOf(rights);
            StateChecksum granted = a.stateChecksum();
            assertThat(b.stateChecksum()).isEqualTo(granted);

            Decision revoke = batch(4, sql(ADMIN, 11, "REVOKE INSERT ON S.T FROM BOB"));
            assertThat(a.apply(revoke)).isEqualTo(b.apply(revoke));
            assertThat(query(a, q)).containsExactly("BOB SELECT S T", rights.get(1));
            assertThat(a.stateChecksum()).isEqualTo(b.stateChecksum());
            assertThat(a.stateChecksum().parts().get("catalog")).as("rights are part of the catalog")
                    .isNotEqualTo(granted.parts().get("catalog"));
        }
    }

    @Test
    void aFailedStatementOnUsersDoesNotShowThePasswordInItsResultNorInTheStoredResult() throws SQLException {
        try (H2StateMachine sm = openAt("a")) {
            List<Applied> r = sm.apply(batch(1, open(ADMIN, 1), sql(ADMIN, 2, "CREATE USER BOB PASSWORD 'hunter2'"),
                    sql(ADMIN, 3, "CREATE USER BOB PASSWORD 'hunter2'"),
                    sql(ADMIN, 4, "ALTER USER NOBODY SET PASSWORD 'swordfish'"),
                    sql(ADMIN, 5, "CREATE USER BOB PASSWORD ?", "opensesame")));
            ExecResult.Failure exists = failure(r.get(2).result());
            assertThat(exists.sqlState()).isEqualTo("90033");
            assertThat(exists.message()).contains("\"BOB\" already exists").doesNotContain("hunter2", "SQL statement");
            ExecResult.Failure missing = failure(r.get(3).result());
            assertThat(missing.message()).contains("\"NOBODY\" not found").doesNotContain("swordfish");
            assertThat(failure(r.get(4).result()).message()).doesNotContain("opensesame");

            try (Connection c = Cmds.side(sm); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT LAST_RESULT FROM " + H2StateMachine.META_SCHEMA + ".SESSIONS")) {
                rs.next();
                String decoded = PayloadCodec.decodeResult(rs.getBytes(1)).toString();
                assertThat(decoded).contains("BOB").doesNotContain("opensesame");
                assertThat(new String(rs.getBytes(1), StandardCharsets.UTF_8)).doesNotContain("opensesame");
            }
        }
        assertThat(Users.redact("Syntax error in SQL statement \"CREATE USER X PASSWORD 'pw4' [*]FOO\"; SQL statement:\n"
                + "CREATE USER X PASSWORD 'pw4' FOO [42000-252]", List.of("pw4"))).doesNotContain("pw4");
        // What the state machine logs when the database itself fails under such a statement.
        Users.Statement st = StatementGuard.check("CREATE USER X PASSWORD 'pw5'").users();
        SQLException logged = Users.withoutSecrets(new SQLException("General error: \"java.lang.IllegalStateException\"; "
                + "SQL statement:\nCREATE USER X PASSWORD 'pw5' [50000-252]", "HY000", 50000), st, List.of());
        assertThat(logged.getMessage()).startsWith("CREATE USER failed: General error").doesNotContain("pw5");
        assertThat(logged.getCause()).isNull();
        assertThat(logged.getErrorCode()).isEqualTo(50000);
    }

    @Test
    void aCrashWhileAStatementOnUsersRunsIsDetectedLikeAnyDdl() throws SQLException {
        for (boolean afterTheStatement : new boolean[] {false, true}) {
            Path d = dir.resolve("crash-" + afterTheStatement);
            H2StateMachine sm = H2StateMachine.open(d, Cmds.exactCrashPoints());
            sm.apply(batch(1, open(ADMIN, 1)));
            sm.setHooks(new H2StateMachine.Hooks() {
                @Override public void afterDdlRecorded(long instance, int index) throws SQLException {
                    if (!afterTheStatement) crash(sm);
                }

                @Override public void beforeCommit(long instance, int index) throws SQLException {
                    if (afterTheStatement) crash(sm);
                }
            });
            assertThatThrownBy(() -> sm.apply(batch(2, sql(ADMIN, 2, "CREATE USER BOB PASSWORD 'b'"))))
                    .isInstanceOf(ReplicaStateException.class);
            sm.close();
            assertThatThrownBy(() -> H2StateMachine.open(d, Cmds.exactCrashPoints()))
                    .isInstanceOf(ReplicaStateException.class)
                    .hasMessageContaining("half-applied DDL")
                    .hasMessageContaining("instance 2 command 0 (client session 1, sequence 2)");
        }
    }

    private static void crash(H2StateMachine sm) throws SQLException {
        Cmds.checkpoint(sm);
        Cmds.crash(sm);
    }

    @Test
    void aCrashAfterAStatementOnUsersKeepsItAndReplaysWhatFollowsLikeAReplicaThatNeverCrashed() throws SQLException {
        List<Decision> decisions = List.of(
                batch(1, open(ADMIN, 1), sql(ADMIN, 2, "CREATE TABLE T(A INT)")),
                batch(2, sql(ADMIN, 3, "CREATE USER BOB PASSWORD 'b'"), sql(ADMIN, 4, "INSERT INTO T VALUES (1)")),
                batch(3, sql(ADMIN, 5, "INSERT INTO T VALUES (2)"), open(BOB, 1, "BOB")),
                batch(4, sql(BOB, 2, "SELECT * FROM T ORDER BY A")));
        List<Applied> expected;
        StateChecksum checksum;
        try (H2StateMachine ref = openAt("ref")) {
            expected = applyAll(ref, decisions);
            checksum = ref.stateChecksum();
        }
        Path d = dir.resolve("crashed");
        H2StateMachine sm = H2StateMachine.open(d, Cmds.exactCrashPoints());
        applyAll(sm, decisions.subList(0, 3));
        Cmds.crash(sm);
        sm.close();
        try (H2StateMachine back = H2StateMachine.open(d, Cmds.exactCrashPoints())) {
            // The checkpoint after CREATE USER kept instance 1 and the first command of instance 2.
            assertThat(back.appliedUpTo()).isEqualTo(1);
            assertThat(back.authenticate("BOB", "b")).isTrue();
            List<Applied> replayed = applyAll(back, Cmds.from(decisions, 1));
            assertThat(replayed).isEqualTo(expected.subList(2, expected.size()));
            assertThat(back.stateChecksum()).isEqualTo(checksum);
        }
    }

    @Test
    void authenticationRunsOnOtherThreadsWhileCommandsAreApplied() throws Exception {
        try (H2StateMachine sm = openAt("a")) {
            sm.apply(batch(1, open(ADMIN, 1), sql(ADMIN, 2, "CREATE USER BOB PASSWORD 'b'")));
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> error = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        if (!sm.authenticate("SA", "")) throw new AssertionError("SA did not authenticate");
                        sm.authenticate("BOB", "b");
                        sm.isAdmin("BOB");
                    }
                } catch (Throwable e) {
                    error.set(e);
                }
            });
            t.start();
            long seq = 3;
            for (int i = 0; i < 20; i++) {
                sm.apply(batch(2 + i, sql(ADMIN, seq++, "ALTER USER BOB SET PASSWORD '" + i + "'"),
                        sql(ADMIN, seq++, "ALTER USER BOB ADMIN " + (i % 2 == 0))));
            }
            stop.set(true);
            t.join();
            assertThat(error.get()).isNull();
            assertThat(sm.authenticate("BOB", "19")).isTrue();
            assertThat(sm.isAdmin("BOB")).isFalse();
        }
    }
}
