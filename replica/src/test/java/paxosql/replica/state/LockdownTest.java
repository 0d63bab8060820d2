package paxosql.replica.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import paxosql.consensus.core.Command;
import paxosql.driver.protocol.ExecResult;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static paxosql.replica.state.Cmds.batch;
import static paxosql.replica.state.Cmds.open;
import static paxosql.replica.state.Cmds.sql;

/** No client statement reaches the replica's file system or loads code: refused by the state machine, and by H2 behind it. */
class LockdownTest {

    @TempDir
    Path dir;

    private List<String> attacks(Path outside) {
        String f = outside.toString().replace('\\', '/');
        return List.of(
                "SELECT FILE_READ('/etc/hostname')",
                "CALL FILE_WRITE(X'41', '" + f + "/file_write.txt')",
                "CALL CSVWRITE('" + f + "/csvwrite.csv', 'SELECT 1')",
                "SELECT * FROM CSVREAD('" + f + "/csvwrite.csv')",
                "SCRIPT TO '" + f + "/script.sql'",
                "BACKUP TO '" + f + "/backup.zip'",
                "RUNSCRIPT FROM '" + f + "/script.sql'",
                "CALL LINK_SCHEMA('L', '', 'jdbc:h2:file:" + f + "/linked', 'sa', '', 'PUBLIC')",
                "CREATE LINKED TABLE LT('', 'jdbc:h2:file:" + f + "/linked2', 'sa', '', 'T')",
                "CREATE ALIAS WRITE_IT AS $$ void w(String p) throws Exception { java.nio.file.Files.writeString("
                        + "java.nio.file.Path.of(p), \"x\"); } $$",
                "CREATE TRIGGER TR BEFORE INSERT ON T FOR EACH ROW CALL 'org.example.Trigger'",
                "CREATE AGGREGATE AG FOR 'org.example.Aggregate'",
                "CREATE TABLE E(A INT) ENGINE \"org.example.Engine\"",
                "SET WRITE_DELAY 0",
                "SET TRACE_LEVEL_FILE 3",
                "SHUTDOWN",
                "CHECKPOINT SYNC",
                "SELECT DATABASE_PATH()",
                "DROP TABLE PAXOSQL_META.SESSIONS");
    }

    @Test
    void forbiddenStatementsFailWith42501AndTouchNoFile() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path state = dir.resolve("state");
        try (H2StateMachine sm = H2StateMachine.open(state)) {
            sm.apply(batch(1, open(1, 1), sql(1, 2, "CREATE TABLE T(A INT)")));
            List<String> before = Cmds.files(state);
            List<Command> commands = new ArrayList<>();
            long seq = 3;
            for (String attack : attacks(outside)) commands.add(sql(1, seq++, attack));
            List<Applied> applied = sm.apply(batch(2, commands.toArray(new Command[0])));
            for (Applied a : applied) {
                assertThat(a.result()).as("%s", a.command()).isInstanceOf(ExecResult.Failure.class);
                ExecResult.Failure f = (ExecResult.Failure) a.result();
                assertThat(f.sqlState()).as(f.message()).isEqualTo("42501");
            }
            // The state machine still works, and nothing was written anywhere.
            assertThat(Cmds.only(sm.apply(batch(3, sql(1, seq, "INSERT INTO T VALUES (1)"))))).isInstanceOf(ExecResult.UpdateCount.class);
            assertThat(Cmds.files(outside)).containsExactly("");
            assertThat(Cmds.files(state)).isEqualTo(before).containsExactly("", "state.mv.db");
        }
    }

    /** If a statement got past the state machine's check, H2 itself would refuse it: client sessions are not admins. */
    @Test
    void behindTheCheckH2RefusesTheClientUserEveryFileAndCodeFeature() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path state = dir.resolve("state");
        try (H2StateMachine sm = H2StateMachine.open(state)) {
            sm.apply(batch(1, open(1, 1), sql(1, 2, "CREATE TABLE T(A INT)")));
            try (Connection client = DriverManager.getConnection(sm.clientUrl(), H2StateMachine.CLIENT_USER, "");
                 Statement s = client.createStatement()) {
                for (String attack : attacks(outside)) {
                    if (attack.startsWith("DROP TABLE PAXOSQL_META") || attack.startsWith("SELECT DATABASE_PATH")) continue;
                    assertThatThrownBy(() -> s.execute(attack)).as(attack).isInstanceOf(SQLException.class)
                            .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).as(attack).isEqualTo(90040));
                }
            }
            assertThat(Cmds.files(outside)).containsExactly("");
            assertThat(Cmds.files(state)).containsExactly("", "state.mv.db");
        }
    }
}
