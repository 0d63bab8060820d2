package paxosql.it;

import org.junit.jupiter.api.Test;
import paxosql.consensus.core.Ballot;
import paxosql.consensus.core.Command;
import paxosql.consensus.core.CommitMode;
import paxosql.consensus.core.LogRecord;
import paxosql.consensus.core.Value;
import paxosql.consensus.log.SegmentLog;
import paxosql.driver.protocol.ClientRequest;
import paxosql.driver.protocol.PayloadCodec;
import paxosql.replica.local.LocalCluster;
import paxosql.replica.state.H2StateMachine;
import paxosql.replica.state.StateView;
import paxosql.sql.Corpus;
import paxosql.sql.SqlFrontend;
import paxosql.sql.Stamp;
import paxosql.sql.StampFunctions;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The front end's corpus of H2 statements (DDL, DML, MERGE, sequences, identity columns,
 * views, constraints, window functions, CTEs, every non-deterministic function, column
 * defaults that call them, refused constructs) through a real 3-process group: each
 * statement gets the outcome the corpus names; afterwards every replica's state checksum
 * is equal, and a node's tables equal those of a plain H2 database that applied, in log
 * order, the statements as the front end rewrites them for the stamps the log holds.
 */
class CorpusThroughGroupTest extends GroupTest {

    @Test
    void everyReplicaEndsEqualAndEqualToAReferenceH2() throws Exception {
        cluster = new LocalCluster(dir.resolve("group"));
        // No snapshot, so no log truncation: the whole log is read back below.
        cluster.start(3, false, 0, CommitMode.SIMPLIFIED, List.of("--snapshot-every", "1000000", "--snapshot-seconds", "100000"));
        cluster.awaitLeader(Duration.ofSeconds(60));
        String url = cluster.jdbcUrl();

        List<Corpus.Entry> corpus = Corpus.read();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(200);
        Map<String, String> expected = new HashMap<>();
        List<String> mismatches = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            for (Corpus.Entry e : corpus) {
                expected.put(e.sql(), e.groupOutcome());
                String outcome;
                try {
                    s.execute(e.sql());
                    outcome = "OK";
                } catch (SQLException ex) {
                    outcome = ex.getSQLState();
                    assertThat(ex.getMessage()).as(e.sql()).isNotBlank();
                }
                if (!outcome.equals(e.groupOutcome())) mismatches.add(outcome + " instead of " + e.groupOutcome() + ": " + e.sql());
            }
            assertThat(c.isValid(5)).isTrue();
        }
        assertThat(mismatches).as("statements whose outcome in the group differs from the corpus").isEmpty();
        Checksums.assertAllEqual(url, 3);
        cluster.stopAll();

        Path node = cluster.dir().resolve("1");
        Map<String, List<String>> replica;
        try (H2StateMachine sm = H2StateMachine.open(node.resolve("state")); StateView view = sm.openView()) {
            replica = contents(view.connection());
        }
        List<Command> log = chosenCommands(node.resolve("log"));
        Map<String, List<String>> reference = reference(log, expected, 0);
        assertThat(replica.keySet()).contains("PUBLIC.ACCT", "PUBLIC.ORDERS", "PUBLIC.TZ_DEFAULT", "ARCHIVE.NOTES", "sequences");
        assertThat(replica).isEqualTo(reference);
        // The comparison sees the stamps: a reference one millisecond off differs.
        assertThat(replica).isNotEqualTo(reference(log, expected, 1));
        // The stamp reached the defaults: rows inserted without a value for them have one.
        assertThat(String.join("\n", replica.get("PUBLIC.TZ_DEFAULT"))).doesNotContain("null");
    }

    /** The client commands the log of a stopped node holds as chosen, in instance order. */
    private static List<Command> chosenCommands(Path logDir) throws Exception {
        Map<Long, Map<Ballot, Value>> votes = new HashMap<>();
        TreeMap<Long, Value> chosen = new TreeMap<>();
        try (SegmentLog log = SegmentLog.open(logDir, SegmentLog.Options.defaults())) {
            for (LogRecord r : log.recovered().records()) {
                if (r instanceof LogRecord.VoteRecord v) {
                    votes.computeIfAbsent(v.instance(), i -> new HashMap<>()).put(v.ballot(), v.value());
                } else if (r instanceof LogRecord.ChosenMark m) {
                    chosen.put(m.instance(), votes.get(m.instance()).get(m.ballot()));
                } else if (r instanceof LogRecord.ChosenRecord cr) {
                    chosen.put(cr.instance(), cr.value());
                }
            }
        }
        assertThat(chosen.firstKey()).isEqualTo(1);
        assertThat(chosen.lastKey()).isEqualTo(chosen.size());
        List<Command> out = new ArrayList<>();
        for (Value v : chosen.values()) {
            assertThat(v).isNotInstanceOf(Value.Digest.class);
            if (v instanceof Value.Batch b) out.addAll(b.commands());
        }
        return out;
    }

    /**
     * A plain H2 database that applied the client statements the group accepted, as the
     * front end rewrites them for the stamp each command carries (shifted by {@code skewMillis},
     * to show the comparison catches a wrong stamp); the group's clock (the later of a stamp
     * and every earlier stamp or clock tick) as the state machine keeps it.
     */
    private static Map<String, List<String>> reference(List<Command> commands, Map<String, String> expected, long skewMillis)
            throws Exception {
        SqlFrontend frontend = new SqlFrontend();
        Map<Long, Long> lastSequence = new HashMap<>();
        long clock = 0;
        int applied = 0;
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:corpus-reference-" + skewMillis + ";DB_CLOSE_DELAY=-1", "sa", "");
             Statement s = c.createStatement()) {
            s.execute("SET TIME ZONE 'UTC'");
            for (String d : StampFunctions.definitions()) s.execute(d);
            for (Command cmd : commands) {
                ClientRequest r = PayloadCodec.decodeRequest(cmd.payload());
                if (r instanceof ClientRequest.ExpireIdleSessions tick) {
                    clock = Math.max(clock, tick.leaderMillis());
                    continue;
                }
                if (cmd.sequence() <= lastSequence.getOrDefault(cmd.clientId(), 0L)) continue; // a resend, applied once
                lastSequence.put(cmd.clientId(), cmd.sequence());
                if (!(r instanceof ClientRequest.StampedExecute x)) continue;
                Stamp stamp = new Stamp(Math.max(x.millis() + skewMillis, clock), x.seed());
                clock = stamp.millis();
                String sql = x.execute().sql();
                if (!"OK".equals(expected.get(sql))) continue; // refused or failed in the group: changed nothing
                String rewritten = frontend.prepare(sql, stamp).rewritten().sql();
                StampFunctions.applying(stamp, () -> s.execute(rewritten));
                applied++;
            }
            assertThat(applied).isGreaterThanOrEqualTo(150);
            Map<String, List<String>> out = contents(c);
            s.execute("DROP ALL OBJECTS");
            return out;
        }
    }

    /** Every user table's rows (as sorted text) and every user sequence's next value. */
    private static Map<String, List<String>> contents(Connection c) throws SQLException {
        Map<String, List<String>> out = new TreeMap<>();
        List<String> tables = new ArrayList<>();
        String userSchemas = "NOT IN ('INFORMATION_SCHEMA', 'PAXOSQL_META', '" + StampFunctions.SCHEMA + "')";
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_TYPE = 'BASE TABLE' "
                     + "AND TABLE_SCHEMA " + userSchemas)) {
            while (rs.next()) tables.add("\"" + rs.getString(1) + "\".\"" + rs.getString(2) + "\"");
        }
        for (String t : tables) {
            List<String> rows = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + t)) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= n; i++) row.append(rs.getString(i)).append('|');
                    rows.add(row.toString());
                }
            }
            rows.sort(null);
            out.put(t.replace("\"", ""), rows);
        }
        List<String> sequences = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT SEQUENCE_SCHEMA, SEQUENCE_NAME, BASE_VALUE FROM INFORMATION_SCHEMA.SEQUENCES "
                     + "WHERE SEQUENCE_SCHEMA " + userSchemas + " AND SEQUENCE_NAME NOT LIKE 'SYSTEM_SEQUENCE%'")) {
            while (rs.next()) sequences.add(rs.getString(1) + "." + rs.getString(2) + "=" + rs.getLong(3));
        }
        sequences.sort(null);
        out.put("sequences", sequences);
        return out;
    }
}
