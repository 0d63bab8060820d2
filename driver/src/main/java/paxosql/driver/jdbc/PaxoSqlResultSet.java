package paxosql.driver.jdbc;

import static paxosql.driver.jdbc.ValueConversions.toBigDecimal;
import static paxosql.driver.jdbc.ValueConversions.toBoolean;
import static paxosql.driver.jdbc.ValueConversions.toBytes;
import static paxosql.driver.jdbc.ValueConversions.toDefaultObject;
import static paxosql.driver.jdbc.ValueConversions.toDouble;
import static paxosql.driver.jdbc.ValueConversions.toLocalDate;
import static paxosql.driver.jdbc.ValueConversions.toLocalDateTime;
import static paxosql.driver.jdbc.ValueConversions.toLocalTime;
import static paxosql.driver.jdbc.ValueConversions.toLong;
import static paxosql.driver.jdbc.ValueConversions.toStringValue;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

import paxosql.driver.protocol.ExecResult;
import paxosql.driver.protocol.SqlValue;

/**
 * A forward-only, read-only result set over a query's rows: those the group returned, and
 * for a large result the rest, fetched page by page from the replica that holds them
 * ({@link RowStream}). Closing it frees the replica's cursor.
 */
public final class PaxoSqlResultSet extends UnsupportedResultSet {
    private final PaxoSqlStatement statement;
    private final RowStream rows;
    private int currentFetchSize;
    private boolean wasNull;
    private volatile boolean closed;

    /** @param statement the statement that made it, or null (metadata results) */
    PaxoSqlResultSet(PaxoSqlStatement statement, ExecResult.Rows rows) {
        this(statement, RowStream.of(rows), 0);
    }

    /** @param fetchSize rows per fetch from the replica, as the statement asked */
    PaxoSqlResultSet(PaxoSqlStatement statement, RowStream rows, int fetchSize) {
        this.statement = statement;
        this.rows = rows;
        this.currentFetchSize = fetchSize;
    }

    private void checkOpen() throws SQLException {
        if (closed) throw PaxoSqlErrors.closed("result set");
    }

    /** The value in the current row, or null for SQL NULL (and {@link #wasNull} set). */
    private SqlValue value(int columnIndex) throws SQLException {
        checkOpen();
        List<SqlValue> current = rows.current();
        if (current == null) throw new SQLException("the result set is not on a row", "24000");
        if (columnIndex < 1 || columnIndex > rows.columns().size()) {
            throw new SQLException("column index " + columnIndex + " is out of range 1.." + rows.columns().size(), "07009");
        }
        SqlValue v = current.get(columnIndex - 1);
        wasNull = v instanceof SqlValue.Null;
        return wasNull ? null : v;
    }

    @Override
    public boolean next() throws SQLException {
        checkOpen();
        try {
            return rows.next();
        } catch (SQLException e) {
            close(); // the replica's cursor is gone with the failure
            throw e;
        }
    }

    @Override
    public boolean wasNull() throws SQLException {
        checkOpen();
        return wasNull;
    }

    @Override
    public int findColumn(String columnLabel) throws SQLException {
        checkOpen();
        List<ExecResult.Column> columns = rows.columns();
        for (int i = 0; i < columns.size(); i++) if (columns.get(i).label().equalsIgnoreCase(columnLabel)) return i + 1;
        for (int i = 0; i < columns.size(); i++) if (columns.get(i).name().equalsIgnoreCase(columnLabel)) return i + 1;
        throw new SQLException("no column labelled '" + columnLabel + "'", "42S22");
    }

    @Override
    public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
        if (type == null) throw new SQLException("type is null", "HY009");
        SqlValue v = value(columnIndex);
        return v == null ? null : ValueConversions.toClass(v, type);
    }

    @Override
    public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
        return getObject(findColumn(columnLabel), type);
    }

    @Override
    public String getString(int columnIndex) throws SQLException {
        SqlValue v = value(columnIndex);
        return v == null ? null : toStringValue(v);
    }

    @Override
    public String getString(String columnLabel) throws SQLException {
        return getString(findColumn(columnLabel));
    }

    @Override
    public boolean getBoolean(int columnIndex) throws SQLException {
        SqlValue v = value(columnIndex);
        return v == null ? false : toBoolean(v);
    }

    @Override
    public boolean getBoolean(String columnLabel) throws SQLException {
        return getBoolean(findColumn(columnLabel));
    }

    @Override
    public byte getByte(int columnIndex) throws SQLException {
        SqlValue v = value(columnIndex);
        return v == null ? 0 : (byte) toLong(v, Byte.MIN_VALUE, Byte.MAX_VALUE, "TINYINT");
    }

    @Override
    public byte getByte(String columnLabel) throws SQLException {
        return getByte(findColumn(columnLabel));
    }

    @Override
    public short getShort(int columnIndex) throws SQLException {
        SqlValue v = value(columnIndex);
        return v == null ? 0 : (short) toLong(v, Short.MIN_VALUE, Short.MAX_VALUE, "SMALLINT");
    }

    @Override
    public short getShort(String columnLabel) throws SQLException {
        return getShort(findColumn(columnLabel));
    }

    @Override
    public int getInt(int columnIndex) throws SQLException {
        SqlValue v = value(columnIndex);
        return v == null ? 0 : (int) toLong(v, Integer.MIN_VALUE, Integer.MAX_VALUE, "INTEGER");
    }

    @Override
    public int getInt(String columnLabel) throws SQLException {
        return getInt(findColumn(columnLabel));
    }

    @Override
    public long getLong(int columnIndex) throws SQLException {
        SqlValue v = value(columnIndex);
        return v == null ? 0 : toLong(v, Long.MIN_VALUE, Long.MAX_VALUE, "BIGINT");
    }

    @Override
    public long getLong(String columnLabel) throws SQLException {
        return getLong(findColumn(columnLabel));
    }

    @Override
    public float getFloat(int columnIndex) throws SQLException {
        SqlValue v = value(columnIndex);
        return v == null ? 0 : (float) toDouble(v);
    }

    @Override
    public float getFloat(String columnLabel) throws SQLException {
        return getFloat(findColumn(columnLabel));
    }

    @Override
    public double getDouble(int columnIndex) throws SQLException {
        SqlValue v = value(columnIndex);
        return v == null ? 0 : toDouble(v);
    }

    @Override
    public double getDouble(String columnLabel) throws SQLException {
        return getDouble(findColumn(columnLabel));
    }

    @Override
    public BigDecimal getBigDecimal(int columnIndex) throws SQLException {
        SqlValue v = value(columnIndex);
        return v == null ? null : toBigDecimal(v);
    }

    @Override
    public BigDecimal getBigDecimal(String columnLabel) throws SQLException {
        return getBigDecimal(findColumn(columnLabel));
    }

    @Override
    public byte[] getBytes(int columnIndex) throws SQLException {
        SqlValue v = value(columnIndex);
        return v == null ? null : toBytes(v);
    }

    @Override
    public byte[] getBytes(String columnLabel) throws SQLException {
        return getBytes(findColumn(columnLabel));
    }

    @Override
    public java.sql.Date getDate(int columnIndex) throws SQLException {
        SqlValue v = value(columnIndex);
        return v == null ? null : java.sql.Date.valueOf(toLocalDate(v));
    }

    @Override
    public java.sql.Date getDate(String columnLabel) throws SQLException {
        return getDate(findColumn(columnLabel));
    }

    @Override
    public java.sql.Time getTime(int columnIndex) throws SQLException {
        SqlValue v = value(columnIndex);
        return v == null ? null : java.sql.Time.valueOf(toLocalTime(v));
    }

    @Override
    public java.sql.Time getTime(String columnLabel) throws SQLException {
        return getTime(findColumn(columnLabel));
    }

    @Override
    public java.sql.Timestamp getTimestamp(int columnIndex) throws SQLException {
        SqlValue v = value(columnIndex);
        return v == null ? null : java.sql.Timestamp.valueOf(toLocalDateTime(v));
    }

    @Override
    public java.sql.Timestamp getTimestamp(String columnLabel) throws SQLException {
        return getTimestamp(findColumn(columnLabel));
    }

    @Override
    public Object getObject(int columnIndex) throws SQLException {
        SqlValue v = value(columnIndex);
        return v == null ? null : toDefaultObject(v);
    }

    @Override
    public Object getObject(String columnLabel) throws SQLException {
        return getObject(findColumn(columnLabel));
    }

    @Override
    public String getNString(int columnIndex) throws SQLException {
        SqlValue v = value(columnIndex);
        return v == null ? null : toStringValue(v);
    }

    @Override
    public String getNString(String columnLabel) throws SQLException {
        return getNString(findColumn(columnLabel));
    }

    @Override
    public java.io.Reader getCharacterStream(int columnIndex) throws SQLException {
        String v = getString(columnIndex);
        return v == null ? null : new java.io.StringReader(v);
    }

    @Override
    public java.io.Reader getCharacterStream(String columnLabel) throws SQLException {
        return getCharacterStream(findColumn(columnLabel));
    }

    @Override
    public java.io.InputStream getBinaryStream(int columnIndex) throws SQLException {
        byte[] v = getBytes(columnIndex);
        return v == null ? null : new java.io.ByteArrayInputStream(v);
    }

    @Override
    public java.io.InputStream getBinaryStream(String columnLabel) throws SQLException {
        return getBinaryStream(findColumn(columnLabel));
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        return new PaxoSqlResultSetMetaData(rows.columns());
    }

    @Override
    public void close() {
        closed = true;
        rows.close();
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public Statement getStatement() throws SQLException {
        checkOpen();
        return statement;
    }

    @Override public boolean isBeforeFirst() throws SQLException { checkOpen(); return rows.isBeforeFirst(); }
    @Override public boolean isAfterLast() throws SQLException { checkOpen(); return rows.isAfterLast(); }
    @Override public boolean isFirst() throws SQLException { checkOpen(); return rows.isFirst(); }
    @Override public boolean isLast() throws SQLException { checkOpen(); return rows.isLast(); }
    @Override public int getRow() throws SQLException { checkOpen(); return (int) Math.min(Integer.MAX_VALUE, rows.rowNumber()); }
    @Override public int getType() throws SQLException { checkOpen(); return ResultSet.TYPE_FORWARD_ONLY; }
    @Override public int getConcurrency() throws SQLException { checkOpen(); return ResultSet.CONCUR_READ_ONLY; }
    @Override public int getHoldability() throws SQLException { checkOpen(); return ResultSet.CLOSE_CURSORS_AT_COMMIT; }
    @Override public int getFetchDirection() throws SQLException { checkOpen(); return ResultSet.FETCH_FORWARD; }
    @Override public int getFetchSize() throws SQLException { checkOpen(); return currentFetchSize; }

    /** Rows per later fetch from the replica; 0 keeps the statement's. */
    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkOpen();
        if (rows < 0) throw new SQLException("fetch size must be >= 0, got " + rows, "HY024");
        if (rows == 0) return;
        currentFetchSize = rows;
        this.rows.setFetchSize(rows);
    }
    @Override public SQLWarning getWarnings() throws SQLException { checkOpen(); return null; }
    @Override public void clearWarnings() throws SQLException { checkOpen(); }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkOpen();
        if (direction != ResultSet.FETCH_FORWARD) throw PaxoSqlErrors.unsupported("a fetch direction other than FETCH_FORWARD");
    }
}
