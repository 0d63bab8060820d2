package paxosql.driver.jdbc;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

import paxosql.driver.protocol.ExecResult;

/** A result's column descriptions, as the replica that ran the query reported them. */
public final class PaxoSqlResultSetMetaData implements ResultSetMetaData {
    private final List<ExecResult.Column> columns;

    PaxoSqlResultSetMetaData(List<ExecResult.Column> columns) {
        this.columns = columns;
    }

    private ExecResult.Column column(int i) throws SQLException {
        if (i < 1 || i > columns.size()) throw new SQLException("column index " + i + " is out of range 1.." + columns.size(), "07009");
        return columns.get(i - 1);
    }

    @Override public int getColumnCount() { return columns.size(); }
    @Override public boolean isAutoIncrement(int column) throws SQLException { column(column); return false; }
    @Override public boolean isCaseSensitive(int column) throws SQLException { return isText(column(column).jdbcType()); }
    @Override public boolean isSearchable(int column) throws SQLException { column(column); return true; }
    @Override public boolean isCurrency(int column) throws SQLException { column(column); return false; }

    @Override
    public int isNullable(int column) throws SQLException {
        return column(column).nullable() ? columnNullableUnknown : columnNoNulls;
    }

    @Override
    public boolean isSigned(int column) throws SQLException {
        switch (column(column).jdbcType()) {
            case Types.TINYINT: case Types.SMALLINT: case Types.INTEGER: case Types.BIGINT:
            case Types.DECIMAL: case Types.NUMERIC: case Types.REAL: case Types.FLOAT: case Types.DOUBLE:
                return true;
            default:
                return false;
        }
    }

    private static boolean isText(int type) {
        switch (type) {
            case Types.CHAR: case Types.VARCHAR: case Types.LONGVARCHAR: case Types.CLOB:
            case Types.NCHAR: case Types.NVARCHAR: case Types.LONGNVARCHAR: case Types.NCLOB:
                return true;
            default:
                return false;
        }
    }

    @Override public int getColumnDisplaySize(int column) throws SQLException { return Math.max(0, column(column).precision()); }
    @Override public String getColumnLabel(int column) throws SQLException { return column(column).label(); }
    @Override public String getColumnName(int column) throws SQLException { return column(column).name(); }
    @Override public String getSchemaName(int column) throws SQLException { column(column); return ""; }
    @Override public int getPrecision(int column) throws SQLException { return column(column).precision(); }
    @Override public int getScale(int column) throws SQLException { return column(column).scale(); }
    @Override public String getTableName(int column) throws SQLException { column(column); return ""; }
    @Override public String getCatalogName(int column) throws SQLException { column(column); return ""; }
    @Override public int getColumnType(int column) throws SQLException { return column(column).jdbcType(); }
    @Override public String getColumnTypeName(int column) throws SQLException { return column(column).typeName(); }
    @Override public boolean isReadOnly(int column) throws SQLException { column(column); return true; }
    @Override public boolean isWritable(int column) throws SQLException { column(column); return false; }
    @Override public boolean isDefinitelyWritable(int column) throws SQLException { column(column); return false; }

    @Override
    public String getColumnClassName(int column) throws SQLException {
        switch (column(column).jdbcType()) {
            case Types.BOOLEAN: case Types.BIT: return Boolean.class.getName();
            case Types.TINYINT: case Types.SMALLINT: case Types.INTEGER: return Integer.class.getName();
            case Types.BIGINT: return Long.class.getName();
            case Types.DECIMAL: case Types.NUMERIC: return java.math.BigDecimal.class.getName();
            case Types.REAL: case Types.FLOAT: case Types.DOUBLE: return Double.class.getName();
            case Types.BINARY: case Types.VARBINARY: case Types.LONGVARBINARY: case Types.BLOB:
                return "UUID".equalsIgnoreCase(column(column).typeName()) ? java.util.UUID.class.getName() : byte[].class.getName();
            case Types.DATE: return java.sql.Date.class.getName();
            case Types.TIME: return java.sql.Time.class.getName();
            case Types.TIMESTAMP: return java.sql.Timestamp.class.getName();
            case Types.TIMESTAMP_WITH_TIMEZONE: return java.time.OffsetDateTime.class.getName();
            default: return String.class.getName();
        }
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) return iface.cast(this);
        throw new SQLException("not a wrapper for " + iface.getName(), "0A000");
    }

    @Override public boolean isWrapperFor(Class<?> iface) { return iface.isInstance(this); }
}
