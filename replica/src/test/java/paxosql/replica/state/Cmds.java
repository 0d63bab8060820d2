package paxosql.replica.state;

import paxosql.consensus.core.Command;
import paxosql.consensus.core.Decision;
import paxosql.consensus.core.Value;
import paxosql.driver.protocol.ClientRequest;
import paxosql.driver.protocol.ExecResult;
import paxosql.driver.protocol.PayloadCodec;
import paxosql.driver.protocol.SqlValue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Builds commands and decisions for state machine tests, and crashes a state machine. */
public final class Cmds {
    private Cmds() {}

    /** Opens a session as SA, the admin user every new state has. */
    public static Command open(long client, long seq) {
        return open(client, seq, Users.BOOTSTRAP_ADMIN);
    }

    public static Command open(long client, long seq, String user) {
        return new Command(client, seq, PayloadCodec.encode(new ClientRequest.OpenSession(user)));
    }

    public static Command close(long client, long seq) {
        return new Command(client, seq, PayloadCodec.encode(new ClientRequest.CloseSession()));
    }

    public static Command sql(long client, long seq, String sql, Object... params) {
        List<SqlValue> values = new ArrayList<>();
        for (Object p : params) values.add(SqlValue.of(p));
        return new Command(client, seq, PayloadCodec.encode(new ClientRequest.Execute(sql, values, 0)));
    }

    /** A statement as the group proposes it: stamped by the replica that took it ({@link ClientRequest.StampedExecute}). */
    public static Command stamped(long client, long seq, long millis, long seed, String sql) {
        return new Command(client, seq, PayloadCodec.stamp(PayloadCodec.encode(new ClientRequest.Execute(sql)), millis, seed));
    }

    public static Decision batch(long instance, Command... commands) {
        return new Decision(instance, new Value.Batch(List.of(commands)));
    }

    public static Decision noop(long instance) {
        return new Decision(instance, Value.NoOp.INSTANCE);
    }

    public static List<Applied> applyAll(H2StateMachine sm, List<Decision> decisions) {
        List<Applied> out = new ArrayList<>();
        for (Decision d : decisions) out.addAll(sm.apply(d));
        return out;
    }

    public static List<Decision> from(List<Decision> decisions, long afterInstance) {
        return decisions.stream().filter(d -> d.instance() > afterInstance).toList();
    }

    public static ExecResult only(List<Applied> applied) {
        if (applied.size() != 1) throw new AssertionError("expected one result, got " + applied);
        return applied.get(0).result();
    }

    /** Options with a write delay long enough that H2 writes only at checkpoints: crash points are then exact. */
    public static H2StateMachine.Options exactCrashPoints() {
        return new H2StateMachine.Options(H2StateMachine.Options.DEFAULT_MAX_RESULT_BYTES, 60_000);
    }

    static Connection side(H2StateMachine sm) throws SQLException {
        return DriverManager.getConnection(sm.adminUrl(), H2StateMachine.ADMIN_USER, "");
    }

    /** Makes everything committed so far reach the file (as H2's background writer would). */
    static void checkpoint(H2StateMachine sm) throws SQLException {
        try (Connection c = side(sm); Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
        }
    }

    /** Kills the database the way a process crash would: nothing unwritten is written, nothing is cleaned up. */
    static void crash(H2StateMachine sm) throws SQLException {
        try (Connection c = side(sm); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN IMMEDIATELY");
        }
    }

    static List<String> files(Path dir) throws java.io.IOException {
        try (var s = java.nio.file.Files.walk(dir)) {
            return s.map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }
}
