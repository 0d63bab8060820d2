package paxosql.replica.state;

import paxosql.driver.protocol.ExecResult;
import paxosql.driver.protocol.JdbcValues;
import paxosql.driver.protocol.PayloadCodec;
import paxosql.driver.protocol.SqlValue;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a user table row by row with two hashes per row: the <em>row hash</em> (of every
 * column, the unit of the checksums) and the <em>key hash</em> (of the primary key, which
 * places the row in a bucket and a page; the row hash for a table without a key).
 *
 * <p>Both are computed inside H2: every column becomes an unambiguous text — {@code N} for
 * NULL or {@code V<text>} with '|' doubled, joined by '|'; large objects as the SHA-256 of
 * their content, binaries in hex — whose SHA-256 is cut to a signed 64-bit number. A table
 * whose column types defeat that SQL is hashed in Java instead (its checksums then say
 * {@code javasum}); which way a table goes depends only on its column types, so every
 * replica goes the same way.
 */
public final class TableScan {
    private TableScan() {}

    /** The row's hidden key, selected first among the values: it orders unkeyed scans and is visible as {@code _ROWID_}. */
    public static final String ROW_ID = "_ROWID_";

    /**
     * Receives each row; when values were asked for, {@value #ROW_ID} and then the table's
     * stored columns are at {@code firstValueColumn} onwards.
     */
    @FunctionalInterface
    public interface Sink {
        void row(long keyHash, long rowHash, ResultSet rs, int firstValueColumn) throws SQLException;
    }

    /**
     * Scans {@code table} through {@code conn} (in whatever transaction it has open).
     *
     * @param withValues also select {@value #ROW_ID} and the table's stored columns, for the sink to read
     * @return true if the rows were hashed in Java (see {@link RowSum#digest})
     */
    public static boolean scan(Connection conn, UserTable table, boolean withValues, Sink sink) throws SQLException {
        String values = withValues ? valueList(table) : "";
        String sql = "SELECT " + (table.hasPrimaryKey() ? hashSql(textOf(table, table.primaryKey())) : "0") + ", "
                + hashSql(textOf(table, table.columns().stream().map(UserTable.Column::name).toList())) + values
                + " FROM " + table.sqlName();
        boolean keyed = table.hasPrimaryKey();
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                long rowHash = rs.getLong(2);
                sink.row(keyed ? rs.getLong(1) : rowHash, rowHash, rs, 3);
            }
            return false;
        } catch (SQLException e) {
            if (!isTypeProblem(conn)) throw e;
        }
        scanInJava(conn, table, values, sink);
        return true;
    }

    /** True if the connection still works, so the failed hashing query was a problem of the column types. */
    private static boolean isTypeProblem(Connection conn) {
        try {
            return conn.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    private static String valueList(UserTable table) {
        StringBuilder b = new StringBuilder(", " + ROW_ID);
        for (UserTable.Column c : table.storedColumns()) b.append(", ").append(SequenceValues.q(c.name()));
        return b.toString();
    }

    private static String hashSql(String text) {
        return "CAST(SUBSTRING(HASH('SHA-256', " + text + ") FROM 1 FOR 8) AS BIGINT)";
    }

    private static String textOf(UserTable table, List<String> names) {
        StringBuilder row = new StringBuilder();
        for (String name : names) {
            String type = table.columns().stream().filter(c -> c.name().equals(name)).findFirst()
                    .map(UserTable.Column::dataType).orElse("");
            if (row.length() > 0) row.append(" || '|' || ");
            row.append("COALESCE('V' || ").append(text(SequenceValues.q(name), type)).append(", 'N')");
        }
        return row.length() == 0 ? "''" : row.toString();
    }

    /** Types whose text never contains '|'. */
    private static final Set<String> PLAIN_TEXT_TYPES = Set.of("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "NUMERIC", "DECIMAL",
            "REAL", "DOUBLE PRECISION", "DECFLOAT", "BOOLEAN", "DATE", "TIME", "TIME WITH TIME ZONE", "TIMESTAMP",
            "TIMESTAMP WITH TIME ZONE", "UUID");

    /**
     * A column as text that identifies its value, NULL for NULL. A '|' inside a text is
     * doubled and a field never starts with '|', so every row string reads back one way only.
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

    /** The same idea in Java: each row (and key) as its {@link PayloadCodec} encoding, SHA-256, first 8 bytes. */
    private static void scanInJava(Connection conn, UserTable table, String values, Sink sink) throws SQLException {
        List<String> all = table.columns().stream().map(UserTable.Column::name).toList();
        int n = all.size();
        StringBuilder cols = new StringBuilder();
        for (String c : all) cols.append(cols.length() == 0 ? "" : ", ").append(SequenceValues.q(c));
        String sql = "SELECT " + (n == 0 ? "1" : cols) + values + " FROM " + table.sqlName();
        int[] keyColumns = table.primaryKey().stream().mapToInt(all::indexOf).toArray();
        MessageDigest md = StateChecksums.sha256();
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<ExecResult.Column> columns = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                columns.add(new ExecResult.Column("", "", meta.getColumnType(i), meta.getColumnTypeName(i), 0, 0, true));
            }
            while (rs.next()) {
                List<SqlValue> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) row.add(JdbcValues.read(rs, i, meta.getColumnType(i), meta.getColumnTypeName(i)));
                long rowHash = hash(md, columns, row);
                long keyHash = rowHash;
                if (keyColumns.length > 0) {
                    List<ExecResult.Column> kc = new ArrayList<>();
                    List<SqlValue> kv = new ArrayList<>();
                    for (int k : keyColumns) {
                        kc.add(columns.get(k));
                        kv.add(row.get(k));
                    }
                    keyHash = hash(md, kc, kv);
                }
                sink.row(keyHash, rowHash, rs, (n == 0 ? 1 : n) + 1);
            }
        }
    }

    private static long hash(MessageDigest md, List<ExecResult.Column> columns, List<SqlValue> values) {
        return ByteBuffer.wrap(md.digest(PayloadCodec.encode(new ExecResult.Rows(columns, List.of(values))))).getLong();
    }
}
