package paxosql.driver.protocol;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Moves {@link SqlValue}s across a JDBC boundary: binds them as statement parameters and
 * reads result columns by their JDBC type.
 *
 * <p>Date-time values go through the {@code java.time} accessors
 * ({@code getObject(i, LocalDateTime.class)}), never through {@code java.sql.Timestamp}, so
 * the JVM's default time zone plays no part: two replicas in different zones read the same
 * values. JAVA_OBJECT columns are read as bytes and never deserialized.
 */
public final class JdbcValues {
    private JdbcValues() {}

    /** Binds {@code value} as parameter {@code index} (1-based). */
    public static void bind(PreparedStatement ps, int index, SqlValue value) throws SQLException {
        if (value instanceof SqlValue.Null n) {
            ps.setNull(index, n.jdbcType());
        } else if (value instanceof SqlValue.Bool b) {
            ps.setBoolean(index, b.value());
        } else if (value instanceof SqlValue.Int i) {
            ps.setInt(index, i.value());
        } else if (value instanceof SqlValue.BigInt l) {
            ps.setLong(index, l.value());
        } else if (value instanceof SqlValue.Decimal d) {
            ps.setBigDecimal(index, d.value());
        } else if (value instanceof SqlValue.Double d) {
            ps.setDouble(index, d.value());
        } else if (value instanceof SqlValue.Text t) {
            ps.setString(index, t.value());
        } else if (value instanceof SqlValue.Binary b) {
            ps.setBytes(index, b.unsafeBytes());
        } else if (value instanceof SqlValue.Date d) {
            ps.setObject(index, d.value());
        } else if (value instanceof SqlValue.Time t) {
            ps.setObject(index, t.value());
        } else if (value instanceof SqlValue.Timestamp t) {
            ps.setObject(index, t.value());
        } else if (value instanceof SqlValue.TimestampTz t) {
            ps.setObject(index, t.value());
        } else if (value instanceof SqlValue.Uuid u) {
            ps.setObject(index, u.value());
        } else {
            throw new IllegalArgumentException("unknown SqlValue " + value);
        }
    }

    /**
     * Reads column {@code column} (1-based) of the current row.
     *
     * @param jdbcType the column's {@link java.sql.Types} code from the result set's metadata
     * @param typeName the column's database type name (tells a UUID from other BINARY columns)
     */
    public static SqlValue read(ResultSet rs, int column, int jdbcType, String typeName) throws SQLException {
        SqlValue v = readNonNull(rs, column, jdbcType, typeName);
        return rs.wasNull() || v == null ? new SqlValue.Null(jdbcType) : v;
    }

    private static SqlValue readNonNull(ResultSet rs, int column, int jdbcType, String typeName) throws SQLException {
        if ("UUID".equalsIgnoreCase(typeName)) {
            UUID u = rs.getObject(column, UUID.class);
            return u == null ? null : new SqlValue.Uuid(u);
        }
        switch (jdbcType) {
            case Types.NULL:
                rs.getObject(column);
                return null;
            case Types.BOOLEAN:
            case Types.BIT: {
                boolean b = rs.getBoolean(column);
                return new SqlValue.Bool(b);
            }
            case Types.TINYINT:
            case Types.SMALLINT:
            case Types.INTEGER:
                return new SqlValue.Int(rs.getInt(column));
            case Types.BIGINT:
                return new SqlValue.BigInt(rs.getLong(column));
            case Types.DECIMAL:
            case Types.NUMERIC: {
                var d = rs.getBigDecimal(column);
                return d == null ? null : new SqlValue.Decimal(d);
            }
            case Types.REAL:
            case Types.FLOAT:
            case Types.DOUBLE:
                return new SqlValue.Double(rs.getDouble(column));
            case Types.CHAR:
            case Types.VARCHAR:
            case Types.LONGVARCHAR:
            case Types.NCHAR:
            case Types.NVARCHAR:
            case Types.LONGNVARCHAR:
            case Types.CLOB:
            case Types.NCLOB: {
                String s = rs.getString(column);
                return s == null ? null : new SqlValue.Text(s);
            }
            case Types.BINARY:
            case Types.VARBINARY:
            case Types.LONGVARBINARY:
            case Types.BLOB:
            case Types.JAVA_OBJECT: {
                byte[] b = rs.getBytes(column);
                return b == null ? null : new SqlValue.Binary(b);
            }
            case Types.DATE: {
                LocalDate d = rs.getObject(column, LocalDate.class);
                return d == null ? null : new SqlValue.Date(d);
            }
            case Types.TIME: {
                LocalTime t = rs.getObject(column, LocalTime.class);
                return t == null ? null : new SqlValue.Time(t);
            }
            case Types.TIMESTAMP: {
                LocalDateTime t = rs.getObject(column, LocalDateTime.class);
                return t == null ? null : new SqlValue.Timestamp(t);
            }
            case Types.TIMESTAMP_WITH_TIMEZONE: {
                OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
                return t == null ? null : new SqlValue.TimestampTz(t);
            }
            default: {
                // ARRAY, JSON, INTERVAL, ENUM, ROW, TIME WITH TIME ZONE, ...: their text form.
                String s = rs.getString(column);
                return s == null ? null : new SqlValue.Text(s);
            }
        }
    }
}
