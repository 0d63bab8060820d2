package paxosql.driver.jdbc;

import java.sql.JDBCType;
import java.sql.Types;
import java.util.Locale;

import paxosql.driver.protocol.SqlValue;

/** {@link Types} codes for values and for H2's data type names. */
final class SqlTypes {
    private SqlTypes() {}

    static int jdbcType(SqlValue v) {
        if (v instanceof SqlValue.Null n) return n.jdbcType();
        if (v instanceof SqlValue.Bool) return Types.BOOLEAN;
        if (v instanceof SqlValue.Int) return Types.INTEGER;
        if (v instanceof SqlValue.BigInt) return Types.BIGINT;
        if (v instanceof SqlValue.Decimal) return Types.NUMERIC;
        if (v instanceof SqlValue.Double) return Types.DOUBLE;
        if (v instanceof SqlValue.Text) return Types.VARCHAR;
        if (v instanceof SqlValue.Binary) return Types.VARBINARY;
        if (v instanceof SqlValue.Date) return Types.DATE;
        if (v instanceof SqlValue.Time) return Types.TIME;
        if (v instanceof SqlValue.Timestamp) return Types.TIMESTAMP;
        if (v instanceof SqlValue.TimestampTz) return Types.TIMESTAMP_WITH_TIMEZONE;
        if (v instanceof SqlValue.Uuid) return Types.BINARY;
        return Types.OTHER;
    }

    static String typeName(int jdbcType) {
        try {
            return JDBCType.valueOf(jdbcType).getName();
        } catch (IllegalArgumentException e) {
            return "OTHER";
        }
    }

    /** The {@link Types} code H2's JDBC driver reports for a data type named as in INFORMATION_SCHEMA. */
    static int forH2TypeName(String name) {
        String n = name == null ? "" : name.toUpperCase(Locale.ROOT);
        switch (n) {
            case "CHARACTER": return Types.CHAR;
            case "CHARACTER VARYING":
            case "VARCHAR_IGNORECASE": return Types.VARCHAR;
            case "CHARACTER LARGE OBJECT": return Types.CLOB;
            case "BINARY": return Types.BINARY;
            case "BINARY VARYING": return Types.VARBINARY;
            case "BINARY LARGE OBJECT": return Types.BLOB;
            case "BOOLEAN": return Types.BOOLEAN;
            case "TINYINT": return Types.TINYINT;
            case "SMALLINT": return Types.SMALLINT;
            case "INTEGER": return Types.INTEGER;
            case "BIGINT": return Types.BIGINT;
            case "NUMERIC":
            case "DECFLOAT": return Types.NUMERIC;
            case "REAL": return Types.REAL;
            case "DOUBLE PRECISION": return Types.DOUBLE;
            case "DATE": return Types.DATE;
            case "TIME": return Types.TIME;
            case "TIME WITH TIME ZONE": return Types.TIME_WITH_TIMEZONE;
            case "TIMESTAMP": return Types.TIMESTAMP;
            case "TIMESTAMP WITH TIME ZONE": return Types.TIMESTAMP_WITH_TIMEZONE;
            case "UUID": return Types.BINARY;
            case "JAVA_OBJECT": return Types.JAVA_OBJECT;
            case "ARRAY": return Types.ARRAY;
            default: return Types.OTHER;
        }
    }
}
