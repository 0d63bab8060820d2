package paxosql.replica.state;

import paxosql.driver.protocol.JdbcValues;
import paxosql.driver.protocol.PayloadCodec;
import paxosql.driver.protocol.ExecResult;
import paxosql.driver.protocol.SqlValue;

import java.math.BigInteger;
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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Computes {@link StateChecksum}s.
 *
 * <p>User tables are hashed inside H2, one query per table (a few hundred ms per 100k
 * rows): every row becomes an unambiguous string — each column as {@code N} for NULL or
 * {@code V<text>} with '|' doubled, joined by '|'; large objects as the SHA-256 of their
 * content, binaries in hex — whose SHA-256 is cut to a signed 64-bit number, and the
 * table's part is its row count and the exact (NUMERIC) sum of those numbers. A sum is
 * order-independent and, unlike XOR, does not cancel duplicate rows. A table whose
 * columns defeat the SQL form falls back to the same idea computed in Java.
 *
 * <p>The catalog is read from INFORMATION_SCHEMA (schemas, tables, columns with their
 * identity state, indexes, constraints, views, sequences with their next values,
 * domains, constants, synonyms, triggers, routines, enum values, element types and row
 * fields, users with their admin flag, roles and rights), leaving out the columns that
 * describe storage rather than content ({@code LAST_MODIFICATION},
 * {@code ROW_COUNT_ESTIMATE}) and the catalog name. Users' password salts and hashes are
 * not part of it (INFORMATION_SCHEMA does not show them): H2 draws a random salt on each
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

    private static final Set<String> VOLATILE_COLUMNS = Set.of("LAST_MODIFICATION", "ROW_COUNT_ESTIMATE");

    private static final String EXCLUDED_SCHEMAS = "('INFORMATION_SCHEMA', '" + H2StateMachine.META_SCHEMA + "')";

    private StateChecksums() {}

    static StateChecksum compute(Connection conn, long appliedUpTo) throws SQLException {
        SortedMap<String, String> parts = new TreeMap<>();
        parts.put("catalog", catalog(conn));
        parts.put("meta", meta(conn));
        for (String[] table : userTables(conn)) {
            parts.put("table " + table[0] + "." + table[1], table(conn, table[0], table[1]));
        }
        MessageDigest md = sha256();
        for (Map.Entry<String, String> e : parts.entrySet()) {
            md.update((e.getKey() + "=" + e.getValue() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return new StateChecksum(appliedUpTo, HexFormat.of().formatHex(md.digest()), parts);
    }

    private static List<String[]> userTables(Connection conn) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_TYPE = 'BASE TABLE' "
                     + "AND TABLE_SCHEMA NOT IN " + EXCLUDED_SCHEMAS + " ORDER BY TABLE_SCHEMA, TABLE_NAME")) {
            while (rs.next()) out.add(new String[] {rs.getString(1), rs.getString(2)});
        }
        return out;
    }

    private static String table(Connection conn, String schema, String table) throws SQLException {
        List<String[]> columns = new ArrayList<>();
        try (var ps = conn.prepareStatement("SELECT COLUMN_NAME, DATA_TYPE FROM INFORMATION_SCHEMA.COLUMNS "
                + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) columns.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        String from = SequenceValues.q(schema) + "." + SequenceValues.q(table);
        StringBuilder row = new StringBuilder();
        for (String[] c : columns) {
            if (row.length() > 0) row.append(" || '|' || ");
            row.append("COALESCE('V' || ").append(text(SequenceValues.q(c[0]), c[1])).append(", 'N')");
        }
        if (row.length() == 0) row.append("''");
        String sql = "SELECT COUNT(*), COALESCE(SUM(CAST(SUBSTRING(HASH('SHA-256', " + row + ") FROM 1 FOR 8) AS BIGINT)), 0) FROM " + from;
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return "rows=" + rs.getLong(1) + " sum=" + rs.getBigDecimal(2).toPlainString();
        } catch (SQLException e) {
            return tableInJava(conn, from);
        }
    }

    /** Types whose text never contains '|'. */
    private static final Set<String> PLAIN_TEXT_TYPES = Set.of("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "NUMERIC", "DECIMAL",
            "REAL", "DOUBLE PRECISION", "DECFLOAT", "BOOLEAN", "DATE", "TIME", "TIME WITH TIME ZONE", "TIMESTAMP",
            "TIMESTAMP WITH TIME ZONE", "UUID");

    /**
     * A column as text that identifies its value, NULL for NULL. Row strings are
     * {@code V<text>} or {@code N} per column, joined by '|'; a '|' inside a text is doubled,
     * and a field never starts with '|', so every row string reads back one way only.
     */
    private static String text(String col, String dataType) {
        String t = dataType.toUpperCase(Locale.ROOT);
        if (t.equals("BINARY LARGE OBJECT") || t.equals("CHARACTER LARGE OBJECT")) {
            return "RAWTOHEX(HASH('SHA-256', " + col + "))";
        }
        if (t.equals("BINARY") || t.equals("BINARY VARYING") || t.equals("JAVA_OBJECT")) {
            return "RAWTOHEX(" + col + ")";
        }
        if (PLAIN_TEXT_TYPES.contains(t) || t.startsWith("INTERVAL")) {
            return "CAST(" + col + " AS VARCHAR)";
        }
        return "REPLACE(CAST(" + col + " AS VARCHAR), '|', '||')";
    }

    /** The same row hashing done in Java, for tables whose column types the SQL form cannot handle. */
    private static String tableInJava(Connection conn, String from) throws SQLException {
        long rows = 0;
        BigInteger sum = BigInteger.ZERO;
        MessageDigest md = sha256();
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + from)) {
            ResultSetMetaData meta = rs.getMetaData();
            int n = meta.getColumnCount();
            List<ExecResult.Column> columns = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                columns.add(new ExecResult.Column("", "", meta.getColumnType(i), meta.getColumnTypeName(i), 0, 0, true));
            }
            while (rs.next()) {
                List<SqlValue> values = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) values.add(JdbcValues.read(rs, i, meta.getColumnType(i), meta.getColumnTypeName(i)));
                byte[] h = md.digest(PayloadCodec.encode(new ExecResult.Rows(columns, List.of(values))));
                sum = sum.add(BigInteger.valueOf(java.nio.ByteBuffer.wrap(h).getLong()));
                rows++;
            }
        }
        return "rows=" + rows + " javasum=" + sum;
    }

    private static String catalog(Connection conn) throws SQLException {
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

    private static String meta(Connection conn) throws SQLException {
        MessageDigest md = sha256();
        for (String sql : new String[] {
                "SELECT INSTANCE, COMMANDS, COMPLETE, DDL_INSTANCE, DDL_INDEX, DDL_CLIENT, DDL_SEQUENCE FROM "
                        + H2StateMachine.META_SCHEMA + ".APPLIED",
                "SELECT CLIENT_ID, USER_NAME, IS_OPEN, LAST_SEQUENCE, RAWTOHEX(LAST_RESULT), RAWTOHEX(SESSION_STATE) FROM "
                        + H2StateMachine.META_SCHEMA + ".SESSIONS ORDER BY CLIENT_ID",
                "SELECT KIND, SCHEMA_NAME, OBJECT_NAME, COLUMN_NAME, NEXT_VALUE FROM " + H2StateMachine.META_SCHEMA
                        + ".SEQUENCES ORDER BY KIND, SCHEMA_NAME, OBJECT_NAME, COLUMN_NAME"}) {
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
