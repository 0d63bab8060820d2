package paxosql.replica.state;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Computes {@link StateChecksum}s, part by part (see {@link StateParts}).
 *
 * <p>A table part's checksum is its {@link RowSum}: the row count and the exact sum of
 * the row hashes {@link TableScan} computes, over the rows of that bucket.
 *
 * <p>The catalog is read from INFORMATION_SCHEMA (schemas, tables, columns, indexes,
 * constraints, views, sequences, domains, constants, synonyms, triggers, routines, enum
 * values, element types and row fields, users with their admin flag, roles and rights),
 * leaving out the columns that describe storage rather than content
 * ({@code LAST_MODIFICATION}, {@code ROW_COUNT_ESTIMATE}), the catalog name, and the next
 * values of sequences and identity columns ({@code BASE_VALUE}, {@code IDENTITY_BASE}):
 * H2 keeps those outside transactions, so they are the {@value StateParts#SEQUENCES} part
 * instead, read from the transactional journal. Users' password salts and hashes are not
 * part of it (INFORMATION_SCHEMA does not show them): H2 draws a random salt on each
 * replica, so they differ between replicas that hold the same passwords.
 */
final class StateChecksums {

    /** INFORMATION_SCHEMA tables hashed as the catalog, with the column naming each row's schema (null: none). */
    private static final String[][] CATALOG = {
            {"SCHEMATA", "SCHEMA_NAME"}, {"TABLES", "TABLE_SCHEMA"}, {"COLUMNS", "TABLE_SCHEMA"},
            {"INDEXES", "TABLE_SCHEMA"}, {"INDEX_COLUMNS", "TABLE_SCHEMA"}, {"TABLE_CONSTRAINTS", "TABLE_SCHEMA"},
            {"KEY_COLUMN_USAGE", "TABLE_SCHEMA"}, {"REFERENTIAL_CONSTRAINTS", "CONSTRAINT_SCHEMA"},
            {"CHECK_CONSTRAINTS", "CONSTRAINT_SCHEMA"}, {"CONSTRAINT_COLUMN_USAGE", "TABLE_SCHEMA"},
            {"SEQUENCES", "SEQUENCE_SCHEMA"}, {"VIEWS", "TABLE_SCHEMA"}, {"DOMAINS", "DOMAIN_SCHEMA"},
            {"DOMAIN_CONSTRAINTS", "CONSTRAINT_SCHEMA"}, {"CONSTANTS", "CONSTANT_SCHEMA"}, {"SYNONYMS", "SYNONYM_SCHEMA"},
            {"TRIGGERS", "TRIGGER_SCHEMA"}, {"ROUTINES", "ROUTINE_SCHEMA"}, {"ENUM_VALUES", "OBJECT_SCHEMA"},
            {"ELEMENT_TYPES", "OBJECT_SCHEMA"}, {"FIELDS", "OBJECT_SCHEMA"},
            {"USERS", null}, {"ROLES", null}, {"RIGHTS", "TABLE_SCHEMA"},
    };

    private static final Set<String> VOLATILE_COLUMNS = Set.of("LAST_MODIFICATION", "ROW_COUNT_ESTIMATE", "BASE_VALUE",
            "IDENTITY_BASE");

    private static final String EXCLUDED_SCHEMAS = "('INFORMATION_SCHEMA', '" + H2StateMachine.META_SCHEMA + "')";

    private StateChecksums() {}

    /** Every part's checksum, read through {@code conn}, which must see one consistent state. */
    static StateChecksum compute(Connection conn, long appliedUpTo, StateParts.BucketCut cut) throws SQLException {
        SortedMap<String, String> parts = new TreeMap<>();
        parts.put(StateParts.CATALOG, catalog(conn));
        parts.put(StateParts.SEQUENCES, sequences(conn));
        parts.put(StateParts.META, meta(conn));
        for (UserTable table : UserTable.readAll(conn)) parts.putAll(table(conn, table, cut));
        return StateChecksum.of(appliedUpTo, parts);
    }

    /**
     * The checksum, with the {@value StateParts#SEQUENCES} part marked if H2's own sequence
     * values ({@code live}) have drifted from the journal. Between decisions they are equal
     * on a healthy replica, so the mark never shows there; a view cannot read live values
     * as of its instance, so only the state machine itself adds this check.
     */
    static StateChecksum withSequenceDrift(StateChecksum c, java.util.Map<SequenceValues.Key, Long> journal,
                                           java.util.Map<SequenceValues.Key, Long> live) {
        if (live.equals(journal)) return c;
        SortedMap<String, String> parts = new TreeMap<>(c.parts());
        parts.put(StateParts.SEQUENCES, parts.get(StateParts.SEQUENCES) + " drifted=" + new TreeMap<>(live));
        return StateChecksum.of(c.appliedUpTo(), parts);
    }

    /** The checksums of one table's parts, cut into as many buckets as {@code cut} says for its row count. */
    static SortedMap<String, String> table(Connection conn, UserTable table, StateParts.BucketCut cut) throws SQLException {
        long rows;
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table.sqlName())) {
            rs.next();
            rows = rs.getLong(1);
        }
        int buckets = cut.buckets(table, rows);
        RowSum[] sums = new RowSum[buckets];
        for (int b = 0; b < buckets; b++) sums[b] = new RowSum();
        boolean inJava = TableScan.scan(conn, table, false,
                (keyHash, rowHash, rs, first) -> sums[StateParts.bucket(keyHash, buckets)].add(rowHash));
        SortedMap<String, String> out = new TreeMap<>();
        for (int b = 0; b < buckets; b++) out.put(StateParts.tablePart(table, b, buckets), sums[b].digest(inJava));
        return out;
    }

    static String catalog(Connection conn) throws SQLException {
        MessageDigest md = sha256();
        for (String[] view : CATALOG) {
            List<String> rows = new ArrayList<>();
            try (Statement s = conn.createStatement();
                 ResultSet rs = s.executeQuery("SELECT * FROM INFORMATION_SCHEMA." + view[0] + (view[1] == null ? ""
                         : " WHERE COALESCE(" + view[1] + ", '') NOT IN " + EXCLUDED_SCHEMAS))) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    StringBuilder b = new StringBuilder();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        String name = meta.getColumnLabel(i);
                        if (name.endsWith("_CATALOG") || name.equals("CATALOG_NAME") || VOLATILE_COLUMNS.contains(name)) continue;
                        String v = rs.getString(i);
                        b.append(name).append(v == null ? "=N;" : "=V" + v.length() + ":" + v).append(' ');
                    }
                    rows.add(b.toString());
                }
            }
            rows.sort(null);
            md.update((view[0] + " " + rows.size() + "\n").getBytes(StandardCharsets.UTF_8));
            for (String r : rows) md.update((r + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The applied position and the client session table. */
    static String meta(Connection conn) throws SQLException {
        return rowsDigest(conn,
                "SELECT INSTANCE, COMMANDS, COMPLETE, DDL_INSTANCE, DDL_INDEX, DDL_CLIENT, DDL_SEQUENCE, OQ, CLOCK FROM "
                        + H2StateMachine.META_SCHEMA + ".APPLIED",
                "SELECT CLIENT_ID, USER_NAME, IS_OPEN, LAST_SEQUENCE, RAWTOHEX(LAST_RESULT), RAWTOHEX(SESSION_STATE), LAST_ACTIVE FROM "
                        + H2StateMachine.META_SCHEMA + ".SESSIONS ORDER BY CLIENT_ID");
    }

    /** The journal of sequence and identity next values (transactional, unlike H2's own sequences). */
    static String sequences(Connection conn) throws SQLException {
        return rowsDigest(conn, "SELECT KIND, SCHEMA_NAME, OBJECT_NAME, COLUMN_NAME, NEXT_VALUE FROM " + H2StateMachine.META_SCHEMA
                + ".SEQUENCES ORDER BY KIND, SCHEMA_NAME, OBJECT_NAME, COLUMN_NAME");
    }

    private static String rowsDigest(Connection conn, String... queries) throws SQLException {
        MessageDigest md = sha256();
        for (String sql : queries) {
            try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder b = new StringBuilder();
                    for (int i = 1; i <= n; i++) {
                        String v = rs.getString(i);
                        b.append(v == null ? "N;" : "V" + v.length() + ":" + v);
                    }
                    md.update((b + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            md.update((byte) 0);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
