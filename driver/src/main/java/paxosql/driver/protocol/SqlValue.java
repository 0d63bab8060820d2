package paxosql.driver.protocol;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;

/**
 * A typed SQL value as it travels between client and replica: statement parameters,
 * result cells and generated keys.
 *
 * <p>Values are immutable and compare by content, so two replicas that produce the same
 * result produce equal values (and {@link PayloadCodec} equal bytes). Types outside this
 * set (ARRAY, JSON, INTERVAL, ENUM, ROW, TIME WITH TIME ZONE, ...) are carried as their
 * text form ({@link Text}) until the protocol grows a dedicated record for them; new
 * records get new codec tags, so old payloads stay readable.
 */
public sealed interface SqlValue {

    /** The value as a plain Java object: {@code null}, Integer, Long, BigDecimal, Double, String, byte[], Boolean, java.time types or UUID. */
    Object toJava();

    /** SQL NULL; {@code jdbcType} is the {@link java.sql.Types} code it was bound or read as ({@link Types#NULL} if unknown). */
    record Null(int jdbcType) implements SqlValue {
        public static final Null UNTYPED = new Null(Types.NULL);
        @Override public Object toJava() { return null; }
    }

    /** BOOLEAN. */
    record Bool(boolean value) implements SqlValue {
        @Override public Object toJava() { return value; }
    }

    /** INTEGER (and TINYINT, SMALLINT). */
    record Int(int value) implements SqlValue {
        @Override public Object toJava() { return value; }
    }

    /** BIGINT. */
    record BigInt(long value) implements SqlValue {
        @Override public Object toJava() { return value; }
    }

    /** DECIMAL / NUMERIC / DECFLOAT; the scale is part of the value ({@code 1.0} is not {@code 1.00}). */
    record Decimal(BigDecimal value) implements SqlValue {
        public Decimal { Objects.requireNonNull(value, "value"); }
        @Override public Object toJava() { return value; }
    }

    /** DOUBLE PRECISION (and REAL, widened exactly). Compared bit for bit, so NaN equals NaN and 0.0 differs from -0.0. */
    record Double(double value) implements SqlValue {
        @Override public Object toJava() { return value; }
        @Override public boolean equals(Object o) {
            return o instanceof Double d
                    && java.lang.Double.doubleToRawLongBits(d.value) == java.lang.Double.doubleToRawLongBits(value);
        }
        @Override public int hashCode() { return Long.hashCode(java.lang.Double.doubleToRawLongBits(value)); }
    }

    /** CHAR / VARCHAR / CLOB, and the text form of types this protocol does not model yet. */
    record Text(String value) implements SqlValue {
        public Text { Objects.requireNonNull(value, "value"); }
        @Override public Object toJava() { return value; }
    }

    /** BINARY / VARBINARY / BLOB (and JAVA_OBJECT, as its serialized bytes: never deserialized). */
    record Binary(byte[] value) implements SqlValue {
        public Binary { value = Objects.requireNonNull(value, "value").clone(); }
        /** A copy: the record stays immutable. */
        @Override public byte[] value() { return value.clone(); }
        /** The length without copying. */
        public int length() { return value.length; }
        byte[] unsafeBytes() { return value; }
        @Override public Object toJava() { return value.clone(); }
        @Override public boolean equals(Object o) { return o instanceof Binary b && Arrays.equals(b.value, value); }
        @Override public int hashCode() { return Arrays.hashCode(value); }
        @Override public String toString() {
            String hex = HexFormat.of().formatHex(value, 0, Math.min(value.length, 32));
            return "Binary[" + value.length + " bytes: " + hex + (value.length > 32 ? "…" : "") + "]";
        }
    }

    /** DATE. */
    record Date(LocalDate value) implements SqlValue {
        public Date { Objects.requireNonNull(value, "value"); }
        @Override public Object toJava() { return value; }
    }

    /** TIME (without time zone), nanosecond precision. */
    record Time(LocalTime value) implements SqlValue {
        public Time { Objects.requireNonNull(value, "value"); }
        @Override public Object toJava() { return value; }
    }

    /** TIMESTAMP (without time zone), nanosecond precision. */
    record Timestamp(LocalDateTime value) implements SqlValue {
        public Timestamp { Objects.requireNonNull(value, "value"); }
        @Override public Object toJava() { return value; }
    }

    /** TIMESTAMP WITH TIME ZONE: the local date-time and its offset, both kept. */
    record TimestampTz(OffsetDateTime value) implements SqlValue {
        public TimestampTz { Objects.requireNonNull(value, "value"); }
        @Override public Object toJava() { return value; }
    }

    /** UUID. */
    record Uuid(UUID value) implements SqlValue {
        public Uuid { Objects.requireNonNull(value, "value"); }
        @Override public Object toJava() { return value; }
    }

    /**
     * The value for a Java object as an application would pass it to
     * {@code PreparedStatement.setObject}.
     *
     * @throws IllegalArgumentException for a type this protocol cannot carry
     */
    static SqlValue of(Object o) {
        if (o == null) return Null.UNTYPED;
        if (o instanceof SqlValue v) return v;
        if (o instanceof Integer i) return new Int(i);
        if (o instanceof Short s) return new Int(s);
        if (o instanceof Byte b) return new Int(b);
        if (o instanceof Long l) return new BigInt(l);
        if (o instanceof BigDecimal d) return new Decimal(d);
        if (o instanceof BigInteger b) return new Decimal(new BigDecimal(b));
        if (o instanceof java.lang.Double d) return new Double(d);
        if (o instanceof Float f) return new Double(f);
        if (o instanceof String s) return new Text(s);
        if (o instanceof Character c) return new Text(String.valueOf(c));
        if (o instanceof byte[] b) return new Binary(b);
        if (o instanceof Boolean b) return new Bool(b);
        if (o instanceof LocalDate d) return new Date(d);
        if (o instanceof LocalTime t) return new Time(t);
        if (o instanceof LocalDateTime t) return new Timestamp(t);
        if (o instanceof OffsetDateTime t) return new TimestampTz(t);
        if (o instanceof ZonedDateTime t) return new TimestampTz(t.toOffsetDateTime());
        if (o instanceof Instant i) return new TimestampTz(i.atOffset(ZoneOffset.UTC));
        if (o instanceof UUID u) return new Uuid(u);
        // java.sql date-time classes: their fields, read without any time-zone conversion.
        if (o instanceof java.sql.Timestamp t) return new Timestamp(t.toLocalDateTime());
        if (o instanceof java.sql.Date d) return new Date(d.toLocalDate());
        if (o instanceof java.sql.Time t) return new Time(t.toLocalTime());
        throw new IllegalArgumentException("no SQL value for a " + o.getClass().getName()
                + "; supported: null, Integer, Short, Byte, Long, BigDecimal, BigInteger, Double, Float, String, Character, "
                + "byte[], Boolean, LocalDate, LocalTime, LocalDateTime, OffsetDateTime, ZonedDateTime, Instant, UUID, "
                + "java.sql.Date/Time/Timestamp");
    }
}
