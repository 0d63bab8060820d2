package paxosql.driver.jdbc;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.UUID;

import paxosql.driver.protocol.SqlValue;

/** Reads a result's {@link SqlValue}s as the Java types JDBC getters return. Null values are handled by the caller. */
final class ValueConversions {
    private ValueConversions() {}

    private static SQLException cannot(SqlValue v, String to) {
        return new SQLException("cannot convert " + v + " to " + to, "22018");
    }

    static String toStringValue(SqlValue v) {
        if (v instanceof SqlValue.Text t) return t.value();
        if (v instanceof SqlValue.Decimal d) return d.value().toPlainString();
        if (v instanceof SqlValue.Binary b) return HexFormat.of().formatHex(b.value());
        if (v instanceof SqlValue.Timestamp t) return t.value().toString().replace('T', ' ');
        return String.valueOf(v.toJava());
    }

    static BigDecimal toBigDecimal(SqlValue v) throws SQLException {
        if (v instanceof SqlValue.Decimal d) return d.value();
        if (v instanceof SqlValue.Int i) return BigDecimal.valueOf(i.value());
        if (v instanceof SqlValue.BigInt l) return BigDecimal.valueOf(l.value());
        if (v instanceof SqlValue.Double d) return BigDecimal.valueOf(d.value());
        if (v instanceof SqlValue.Bool b) return b.value() ? BigDecimal.ONE : BigDecimal.ZERO;
        if (v instanceof SqlValue.Text t) {
            try {
                return new BigDecimal(t.value().trim());
            } catch (NumberFormatException e) {
                throw cannot(v, "a number");
            }
        }
        throw cannot(v, "a number");
    }

    static long toLong(SqlValue v, long min, long max, String type) throws SQLException {
        long n;
        if (v instanceof SqlValue.Int i) n = i.value();
        else if (v instanceof SqlValue.BigInt l) n = l.value();
        else {
            BigDecimal d = toBigDecimal(v);
            try {
                n = d.setScale(0, java.math.RoundingMode.DOWN).longValueExact();
            } catch (ArithmeticException e) {
                throw new SQLException("numeric value out of range for " + type + ": " + v, "22003");
            }
        }
        if (n < min || n > max) throw new SQLException("numeric value out of range for " + type + ": " + v, "22003");
        return n;
    }

    static double toDouble(SqlValue v) throws SQLException {
        if (v instanceof SqlValue.Double d) return d.value();
        return toBigDecimal(v).doubleValue();
    }

    static boolean toBoolean(SqlValue v) throws SQLException {
        if (v instanceof SqlValue.Bool b) return b.value();
        if (v instanceof SqlValue.Text t) {
            String s = t.value().trim().toLowerCase(java.util.Locale.ROOT);
            if (s.equals("true") || s.equals("1")) return true;
            if (s.equals("false") || s.equals("0")) return false;
            throw cannot(v, "a boolean");
        }
        return toBigDecimal(v).signum() != 0;
    }

    static byte[] toBytes(SqlValue v) throws SQLException {
        if (v instanceof SqlValue.Binary b) return b.value();
        if (v instanceof SqlValue.Uuid u) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(16);
            buf.putLong(u.value().getMostSignificantBits()).putLong(u.value().getLeastSignificantBits());
            return buf.array();
        }
        throw cannot(v, "bytes");
    }

    static LocalDate toLocalDate(SqlValue v) throws SQLException {
        if (v instanceof SqlValue.Date d) return d.value();
        if (v instanceof SqlValue.Timestamp t) return t.value().toLocalDate();
        if (v instanceof SqlValue.TimestampTz t) return t.value().toLocalDate();
        throw cannot(v, "a date");
    }

    static LocalTime toLocalTime(SqlValue v) throws SQLException {
        if (v instanceof SqlValue.Time t) return t.value();
        if (v instanceof SqlValue.Timestamp t) return t.value().toLocalTime();
        if (v instanceof SqlValue.TimestampTz t) return t.value().toLocalTime();
        throw cannot(v, "a time");
    }

    static LocalDateTime toLocalDateTime(SqlValue v) throws SQLException {
        if (v instanceof SqlValue.Timestamp t) return t.value();
        if (v instanceof SqlValue.Date d) return d.value().atStartOfDay();
        if (v instanceof SqlValue.TimestampTz t) return t.value().toLocalDateTime();
        throw cannot(v, "a timestamp");
    }

    static OffsetDateTime toOffsetDateTime(SqlValue v) throws SQLException {
        if (v instanceof SqlValue.TimestampTz t) return t.value();
        throw cannot(v, "a timestamp with time zone");
    }

    static UUID toUuid(SqlValue v) throws SQLException {
        if (v instanceof SqlValue.Uuid u) return u.value();
        if (v instanceof SqlValue.Text t) {
            try {
                return UUID.fromString(t.value().trim());
            } catch (IllegalArgumentException e) {
                throw cannot(v, "a UUID");
            }
        }
        throw cannot(v, "a UUID");
    }

    /** {@code getObject(int)}: JDBC's default Java class for the value. */
    static Object toDefaultObject(SqlValue v) {
        if (v instanceof SqlValue.Date d) return java.sql.Date.valueOf(d.value());
        if (v instanceof SqlValue.Time t) return java.sql.Time.valueOf(t.value());
        if (v instanceof SqlValue.Timestamp t) return java.sql.Timestamp.valueOf(t.value());
        return v.toJava();
    }

    /** {@code getObject(int, Class)}. */
    static <T> T toClass(SqlValue v, Class<T> type) throws SQLException {
        Object o;
        if (type == String.class) o = toStringValue(v);
        else if (type == Integer.class) o = (int) toLong(v, Integer.MIN_VALUE, Integer.MAX_VALUE, "INTEGER");
        else if (type == Long.class) o = toLong(v, Long.MIN_VALUE, Long.MAX_VALUE, "BIGINT");
        else if (type == Short.class) o = (short) toLong(v, Short.MIN_VALUE, Short.MAX_VALUE, "SMALLINT");
        else if (type == Byte.class) o = (byte) toLong(v, Byte.MIN_VALUE, Byte.MAX_VALUE, "TINYINT");
        else if (type == Double.class) o = toDouble(v);
        else if (type == Float.class) o = (float) toDouble(v);
        else if (type == BigDecimal.class) o = toBigDecimal(v);
        else if (type == Boolean.class) o = toBoolean(v);
        else if (type == byte[].class) o = toBytes(v);
        else if (type == LocalDate.class) o = toLocalDate(v);
        else if (type == LocalTime.class) o = toLocalTime(v);
        else if (type == LocalDateTime.class) o = toLocalDateTime(v);
        else if (type == OffsetDateTime.class) o = toOffsetDateTime(v);
        else if (type == java.time.Instant.class) o = toOffsetDateTime(v).toInstant();
        else if (type == UUID.class) o = toUuid(v);
        else if (type == java.sql.Date.class) o = java.sql.Date.valueOf(toLocalDate(v));
        else if (type == java.sql.Time.class) o = java.sql.Time.valueOf(toLocalTime(v));
        else if (type == java.sql.Timestamp.class) o = java.sql.Timestamp.valueOf(toLocalDateTime(v));
        else if (type == Object.class) o = toDefaultObject(v);
        else throw PaxoSqlErrors.unsupported("getObject as " + type.getName());
        return type.cast(o);
    }
}
