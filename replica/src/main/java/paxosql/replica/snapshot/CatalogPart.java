package paxosql.replica.snapshot;

import paxosql.replica.state.StateView;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The catalog part's bytes: the statements that recreate the schema ({@link StateView#catalogScript()}),
 * then the name of the index behind each constraint.
 *
 * <p>Why the index names: {@code SCRIPT} recreates constraints without naming their
 * indexes, and H2 then names them otherwise than when the tables were first created
 * ({@code PRIMARY_KEY_A} instead of {@code PRIMARY_KEY_6}). Those names appear in
 * constraint-violation messages, which are replicated results; so loading renames the
 * indexes back.
 */
final class CatalogPart {
    private static final int MAGIC = 0x50584354; // "PXCT"
    private static final int MAX_ENTRIES = 10_000_000;
    private static final String CONSTRAINT_INDEXES = "SELECT CONSTRAINT_SCHEMA, CONSTRAINT_NAME, INDEX_NAME, TABLE_NAME FROM "
            + "INFORMATION_SCHEMA.TABLE_CONSTRAINTS WHERE INDEX_NAME IS NOT NULL AND CONSTRAINT_SCHEMA <> 'INFORMATION_SCHEMA' "
            + "ORDER BY CONSTRAINT_SCHEMA, CONSTRAINT_NAME";

    private CatalogPart() {}

    static byte[] read(StateView view) throws SQLException {
        List<String> statements = view.catalogScript();
        Map<List<String>, List<String>> indexes = constraintIndexes(view.connection());
        Bytes.Out out = new Bytes.Out().writeInt(MAGIC).writeInt(statements.size());
        for (String s : statements) out.writeString(s);
        out.writeInt(indexes.size());
        for (Map.Entry<List<String>, List<String>> e : indexes.entrySet()) {
            out.writeString(e.getKey().get(0)).writeString(e.getKey().get(1)).writeString(e.getValue().get(0));
        }
        return out.toByteArray();
    }

    /** (schema, constraint) → (name of the index it uses, its table). */
    private static Map<List<String>, List<String>> constraintIndexes(Connection conn) throws SQLException {
        Map<List<String>, List<String>> out = new LinkedHashMap<>();
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(CONSTRAINT_INDEXES)) {
            while (rs.next()) out.put(List.of(rs.getString(1), rs.getString(2)), List.of(rs.getString(3), rs.getString(4)));
        }
        return out;
    }

    /** Runs the statements on an empty database, then gives the constraints' indexes their original names. */
    static void load(Connection conn, byte[] bytes, String source) throws SQLException, SnapshotCorruptException {
        Bytes.In in = new Bytes.In(bytes, source);
        if (in.readInt() != MAGIC) throw in.corrupt("is not a catalog part");
        int n = in.count(MAX_ENTRIES);
        List<String> statements = new ArrayList<>(n);
        for (int i = 0; i < n; i++) statements.add(in.readString());
        int m = in.count(MAX_ENTRIES);
        Map<List<String>, String> wanted = new LinkedHashMap<>();
        for (int i = 0; i < m; i++) wanted.put(List.of(in.readString(), in.readString()), in.readString());
        in.expectEnd();
        try (Statement s = conn.createStatement()) {
            for (String statement : statements) s.execute(statement);
            Map<List<String>, List<String>> have = constraintIndexes(conn);
            // Two steps, through temporary names, so that no rename collides with a name still in use.
            record Rename(String schema, String temporary, String target) {}
            List<Rename> second = new ArrayList<>();
            Set<List<String>> moved = new HashSet<>();
            List<List<String>> touched = new ArrayList<>();
            for (Map.Entry<List<String>, String> e : wanted.entrySet()) {
                String schema = e.getKey().get(0);
                List<String> current = have.get(e.getKey());
                if (current == null || current.get(0).equals(e.getValue())) continue;
                touched.add(List.of(schema, current.get(1), e.getKey().get(1)));
                if (!moved.add(List.of(schema, current.get(0)))) continue;
                String temporary = "PAXOSQL_RENAMING_" + second.size();
                s.execute("ALTER INDEX " + q(schema) + "." + q(current.get(0)) + " RENAME TO " + q(temporary));
                second.add(new Rename(schema, temporary, e.getValue()));
            }
            for (Rename r : second) {
                s.execute("ALTER INDEX " + q(r.schema()) + "." + q(r.temporary()) + " RENAME TO " + q(r.target()));
            }
            // H2 does not rewrite a constraint's stored definition when its index is renamed, and after a restart it
            // would no longer own the index (dropping the constraint would keep it). Renaming the constraint there and
            // back rewrites it.
            for (List<String> c : touched) {
                String table = q(c.get(0)) + "." + q(c.get(1));
                s.execute("ALTER TABLE " + table + " RENAME CONSTRAINT " + q(c.get(0)) + "." + q(c.get(2)) + " TO "
                        + q("PAXOSQL_RENAMING"));
                s.execute("ALTER TABLE " + table + " RENAME CONSTRAINT " + q(c.get(0)) + "." + q("PAXOSQL_RENAMING") + " TO "
                        + q(c.get(2)));
            }
        }
    }

    private static String q(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
