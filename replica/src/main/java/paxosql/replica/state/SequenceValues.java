package paxosql.replica.state;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.schema.Schema;
import org.h2.schema.Sequence;
import org.h2.table.Column;
import org.h2.table.Table;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads and restores the next value of every sequence and identity column in the user's
 * schemas: the state H2 keeps outside transactions.
 *
 * <p>Why this exists: H2 advances a sequence (and an identity column's sequence) in a
 * commit of its own, through its system session, before the statement that took the
 * value commits — with or without {@code NO CACHE}. A crash can therefore keep the
 * advanced sequence and lose the command that advanced it; replaying the command then
 * takes the next value again, and this replica's ids run ahead of the others'. With the
 * default cache of 32, H2 even persists the end of the cached range, so the next id
 * after a crash jumps by up to 32 (DEPENDENCIES.md §2b). The state machine therefore
 * journals these values in its own meta table, in the same transaction as each command's
 * effects, and on every open restarts any sequence whose value differs from the journal.
 *
 * <p>Reading is done after every command, so it has a fast path through H2's engine
 * objects (about a microsecond; querying {@code INFORMATION_SCHEMA.SEQUENCES} and
 * {@code COLUMNS} costs some 70 µs with a few dozen tables). That path uses H2 internals
 * of the pinned version 2.5.252; {@link #selfCheck} compares it with the public
 * {@code INFORMATION_SCHEMA} reading when the state machine opens, and if they disagree
 * or the internals changed, only the public reading is used.
 */
final class SequenceValues {

    /**
     * A sequence ({@code kind = "S"}, {@code column = ""}) or an identity column ({@code kind = "I"}).
     */
    record Key(String kind, String schema, String object, String column) implements Comparable<Key> {
        static Key sequence(String schema, String name) { return new Key("S", schema, name, ""); }
        static Key identity(String schema, String table, String column) { return new Key("I", schema, table, column); }

        @Override public int compareTo(Key o) {
            int c = kind.compareTo(o.kind);
            if (c == 0) c = schema.compareTo(o.schema);
            if (c == 0) c = object.compareTo(o.object);
            if (c == 0) c = column.compareTo(o.column);
            return c;
        }

        /** The DDL that makes the next value {@code next}. */
        String restartSql(long next) {
            if (kind.equals("S")) return "ALTER SEQUENCE " + q(schema) + "." + q(object) + " RESTART WITH " + next;
            return "ALTER TABLE " + q(schema) + "." + q(object) + " ALTER COLUMN " + q(column) + " RESTART WITH " + next;
        }

        @Override public String toString() {
            return kind.equals("S") ? "sequence " + schema + "." + object : "identity " + schema + "." + object + "." + column;
        }
    }

    static String q(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private boolean internals = true;

    /** The next value of every sequence and identity column outside INFORMATION_SCHEMA and the meta schema. */
    Map<Key, Long> read(Connection conn) throws SQLException {
        if (internals) {
            try {
                return readInternal(conn);
            } catch (RuntimeException | LinkageError e) {
                internals = false;
            }
        }
        return readPublic(conn);
    }

    /**
     * Compares the fast reading with the public one; on any difference keeps only the public one.
     *
     * @return true if the fast path is in use
     */
    boolean selfCheck(Connection conn) throws SQLException {
        if (!internals) return false;
        try {
            if (!readInternal(conn).equals(readPublic(conn))) internals = false;
        } catch (RuntimeException | LinkageError e) {
            internals = false;
        }
        return internals;
    }

    static Map<Key, Long> readPublic(Connection conn) throws SQLException {
        Map<Key, Long> out = new HashMap<>();
        try (Statement s = conn.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT SEQUENCE_SCHEMA, SEQUENCE_NAME, BASE_VALUE FROM INFORMATION_SCHEMA.SEQUENCES "
                    + "WHERE SEQUENCE_SCHEMA <> '" + H2StateMachine.META_SCHEMA + "'")) {
                while (rs.next()) out.put(Key.sequence(rs.getString(1), rs.getString(2)), rs.getLong(3));
            }
            try (ResultSet rs = s.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, IDENTITY_BASE FROM INFORMATION_SCHEMA.COLUMNS "
                    + "WHERE IS_IDENTITY = 'YES' AND TABLE_SCHEMA NOT IN ('INFORMATION_SCHEMA', '" + H2StateMachine.META_SCHEMA + "')")) {
                while (rs.next()) out.put(Key.identity(rs.getString(1), rs.getString(2), rs.getString(3)), rs.getLong(4));
            }
        }
        return out;
    }

    private static Map<Key, Long> readInternal(Connection conn) throws SQLException {
        SessionLocal session = (SessionLocal) conn.unwrap(JdbcConnection.class).getSession();
        Map<Key, Long> out = new HashMap<>();
        for (Schema schema : session.getDatabase().getAllSchemasNoMeta()) {
            String name = schema.getName();
            if (name.equals(H2StateMachine.META_SCHEMA) || name.equals("INFORMATION_SCHEMA")) continue;
            for (Sequence seq : schema.getAllSequences()) {
                if (!seq.getBelongsToTable()) out.put(Key.sequence(name, seq.getName()), seq.getBaseValue());
            }
            for (Table table : schema.getAllTablesAndViews(session)) {
                if (table.isView()) continue;
                for (Column column : table.getColumns()) {
                    if (column.isIdentity() && column.getSequence() != null) {
                        out.put(Key.identity(name, table.getName(), column.getName()), column.getSequence().getBaseValue());
                    }
                }
            }
        }
        return out;
    }

    /** The journal rows, as stored in the meta schema. */
    static Map<Key, Long> readJournal(Connection conn) throws SQLException {
        Map<Key, Long> out = new HashMap<>();
        try (Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT KIND, SCHEMA_NAME, OBJECT_NAME, COLUMN_NAME, NEXT_VALUE FROM "
                     + H2StateMachine.META_SCHEMA + ".SEQUENCES")) {
            while (rs.next()) out.put(new Key(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)), rs.getLong(5));
        }
        return out;
    }

    /** Where {@link #writeDifference} writes: the journal's MERGE and DELETE statements, prepared by the caller. */
    interface JournalStatements {
        /** {@code MERGE INTO … SEQUENCES KEY (KIND, SCHEMA_NAME, OBJECT_NAME, COLUMN_NAME) VALUES (?, ?, ?, ?, ?)} */
        PreparedStatement merge() throws SQLException;

        /** {@code DELETE FROM … SEQUENCES WHERE KIND = ? AND SCHEMA_NAME = ? AND OBJECT_NAME = ? AND COLUMN_NAME = ?} */
        PreparedStatement delete() throws SQLException;
    }

    static final String MERGE_SQL = "MERGE INTO " + H2StateMachine.META_SCHEMA
            + ".SEQUENCES KEY (KIND, SCHEMA_NAME, OBJECT_NAME, COLUMN_NAME) VALUES (?, ?, ?, ?, ?)";
    static final String DELETE_SQL = "DELETE FROM " + H2StateMachine.META_SCHEMA
            + ".SEQUENCES WHERE KIND = ? AND SCHEMA_NAME = ? AND OBJECT_NAME = ? AND COLUMN_NAME = ?";

    /**
     * Writes the difference between {@code journal} and {@code now} into the journal table,
     * inside the open transaction of the statements' connection.
     *
     * @return true if anything changed
     */
    static boolean writeDifference(JournalStatements out, Map<Key, Long> journal, Map<Key, Long> now) throws SQLException {
        if (journal.equals(now)) return false;
        for (Map.Entry<Key, Long> e : now.entrySet()) {
            if (e.getValue().equals(journal.get(e.getKey()))) continue;
            Key k = e.getKey();
            PreparedStatement merge = out.merge();
            merge.setString(1, k.kind());
            merge.setString(2, k.schema());
            merge.setString(3, k.object());
            merge.setString(4, k.column());
            merge.setLong(5, e.getValue());
            merge.executeUpdate();
        }
        for (Key k : journal.keySet()) {
            if (now.containsKey(k)) continue;
            PreparedStatement delete = out.delete();
            delete.setString(1, k.kind());
            delete.setString(2, k.schema());
            delete.setString(3, k.object());
            delete.setString(4, k.column());
            delete.executeUpdate();
        }
        return true;
    }
}
