package paxosql.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * The corpus of H2 statements ({@link Corpus}), each with the kind it must get and the
 * outcome it must have (OK, or the SQLState it is refused with). The accepted ones are rewritten and applied in
 * order to two fresh H2 databases with the same stamps: both must end identical.
 */
class CorpusTest {

    private static final AtomicInteger DB = new AtomicInteger();

    @Test
    void theCorpusIsClassifiedAndRewrittenAsExpectedAndAppliesIdenticallyTwice() throws Exception {
        List<Corpus.Entry> corpus = Corpus.read();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(200);
        SqlFrontend frontend = new SqlFrontend();
        List<Map.Entry<String, Stamp>> accepted = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        int replacedCalls = 0;
        for (int i = 0; i < corpus.size(); i++) {
            Corpus.Entry e = corpus.get(i);
            Stamp stamp = new Stamp(1_795_997_550_123L + i * 1_000L, 1_000 + i);
            String outcome;
            StatementKind kind;
            try {
                SqlFrontend.Prepared p = frontend.prepare(e.sql(), stamp);
                kind = p.kind();
                replacedCalls += p.rewritten().replaced().size();
                accepted.add(Map.entry(p.rewritten().sql(), stamp));
                outcome = "OK";
            } catch (SQLException ex) {
                outcome = ex.getSQLState();
                kind = new StatementClassifier().classify(e.sql());
            }
            if (kind != e.kind() || !outcome.equals(e.frontendOutcome())) {
                mismatches.add(kind + " | " + outcome + " | " + e.sql());
            }
        }
        assertThat(mismatches).as("entries whose kind or outcome differ (as they are)").isEmpty();
        assertThat(replacedCalls).isGreaterThanOrEqualTo(20);

        List<String> first = apply(accepted);
        List<String> second = apply(accepted);
        assertThat(first).isEqualTo(second);
        assertThat(String.join("\n", first)).contains("2026-11-30", "caf\u00e9", "\u00e9mile");
    }

    /** Applies the statements in order to a fresh database; returns every result and the final script. */
    private static List<String> apply(List<Map.Entry<String, Stamp>> statements) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:corpus" + DB.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
             Statement s = c.createStatement()) {
            s.execute("SET TIME ZONE 'UTC'");
            for (String d : StampFunctions.definitions()) s.execute(d);
            for (Map.Entry<String, Stamp> statement : statements) {
                String sql = statement.getKey();
                try {
                    if (StampFunctions.applying(statement.getValue(), () -> s.execute(sql))) {
                        out.addAll(DeterministicRewriterTest.rows(s.getResultSet()));
                    } else {
                        out.add(sql + " -> " + s.getUpdateCount());
                    }
                } catch (SQLException e) {
                    fail("H2 refused the rewritten " + sql + ": " + e.getMessage());
                }
            }
            try (ResultSet rs = s.executeQuery("SCRIPT")) {
                while (rs.next()) out.add(rs.getString(1));
            }
            s.execute("DROP ALL OBJECTS");
        }
        return out;
    }
}
