package paxosql.driver.jdbc;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ParameterMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import paxosql.driver.protocol.SqlValue;

/**
 * A statement with {@code ?} parameters, bound as {@link SqlValue}s and sent with the SQL;
 * the group's replicas bind them to H2's statement ({@link paxosql.driver.protocol.JdbcValues}).
 */
public final class PaxoSqlPreparedStatement extends UnsupportedPreparedStatement {
    private final String sql;
    private final List<SqlValue> params = new ArrayList<>();
    private final List<List<SqlValue>> batch = new ArrayList<>();

    PaxoSqlPreparedStatement(PaxoSqlConnection connection, String sql) {
        super(connection);
        this.sql = sql;
    }

    private void set(int index, SqlValue value) throws SQLException {
        checkOpen();
        if (index < 1) throw new SQLException("parameter index " + index + " is out of range", "07009");
        while (params.size() < index) params.add(null);
        params.set(index - 1, value);
    }

    private List<SqlValue> boundParams() throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            if (params.get(i) == null) throw new SQLException("parameter " + (i + 1) + " is not set", "07001");
        }
        return List.copyOf(params);
    }

    @Override
    public boolean execute() throws SQLException {
        return runAndKeep(sql, boundParams());
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        runAndKeep(sql, boundParams());
        return queryResult(sql);
    }

    @Override
    public int executeUpdate() throws SQLException {
        return toInt(executeLargeUpdate());
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        runAndKeep(sql, boundParams());
        return updateResult(sql);
    }

    @Override
    public void addBatch() throws SQLException {
        checkOpen();
        batch.add(boundParams());
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        batch.clear();
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        List<List<SqlValue>> sets = new ArrayList<>(batch);
        batch.clear();
        long[] counts = new long[sets.size()];
        for (int i = 0; i < sets.size(); i++) counts[i] = batchStep(i, counts, sql, sets.get(i));
        return counts;
    }

    @Override
    public int[] executeBatch() throws SQLException {
        return Arrays.stream(executeLargeBatch()).mapToInt(PaxoSqlStatement::toInt).toArray();
    }

    @Override
    public void clearParameters() throws SQLException {
        checkOpen();
        params.clear();
    }

    private static SQLException notOnPrepared() {
        return new SQLException("this method takes no SQL on a PreparedStatement", "HY000");
    }

    @Override public ResultSet executeQuery(String sql) throws SQLException { throw notOnPrepared(); }
    @Override public int executeUpdate(String sql) throws SQLException { throw notOnPrepared(); }
    @Override public long executeLargeUpdate(String sql) throws SQLException { throw notOnPrepared(); }
    @Override public boolean execute(String sql) throws SQLException { throw notOnPrepared(); }
    @Override public void addBatch(String sql) throws SQLException { throw notOnPrepared(); }

    @Override public void setNull(int i, int sqlType) throws SQLException { set(i, new SqlValue.Null(sqlType)); }
    @Override public void setNull(int i, int sqlType, String typeName) throws SQLException { setNull(i, sqlType); }
    @Override public void setBoolean(int i, boolean x) throws SQLException { set(i, new SqlValue.Bool(x)); }
    @Override public void setByte(int i, byte x) throws SQLException { set(i, new SqlValue.Int(x)); }
    @Override public void setShort(int i, short x) throws SQLException { set(i, new SqlValue.Int(x)); }
    @Override public void setInt(int i, int x) throws SQLException { set(i, new SqlValue.Int(x)); }
    @Override public void setLong(int i, long x) throws SQLException { set(i, new SqlValue.BigInt(x)); }
    @Override public void setFloat(int i, float x) throws SQLException { set(i, new SqlValue.Double(x)); }
    @Override public void setDouble(int i, double x) throws SQLException { set(i, new SqlValue.Double(x)); }

    @Override
    public void setBigDecimal(int i, BigDecimal x) throws SQLException {
        set(i, x == null ? new SqlValue.Null(Types.NUMERIC) : new SqlValue.Decimal(x));
    }

    @Override
    public void setString(int i, String x) throws SQLException {
        set(i, x == null ? new SqlValue.Null(Types.VARCHAR) : new SqlValue.Text(x));
    }

    @Override
    public void setNString(int i, String x) throws SQLException {
        setString(i, x);
    }

    @Override
    public void setBytes(int i, byte[] x) throws SQLException {
        set(i, x == null ? new SqlValue.Null(Types.VARBINARY) : new SqlValue.Binary(x));
    }

    @Override
    public void setDate(int i, Date x) throws SQLException {
        set(i, x == null ? new SqlValue.Null(Types.DATE) : new SqlValue.Date(x.toLocalDate()));
    }

    @Override
    public void setTime(int i, Time x) throws SQLException {
        set(i, x == null ? new SqlValue.Null(Types.TIME) : new SqlValue.Time(x.toLocalTime()));
    }

    @Override
    public void setTimestamp(int i, Timestamp x) throws SQLException {
        set(i, x == null ? new SqlValue.Null(Types.TIMESTAMP) : new SqlValue.Timestamp(x.toLocalDateTime()));
    }

    @Override
    public void setObject(int i, Object x) throws SQLException {
        try {
            set(i, SqlValue.of(x));
        } catch (IllegalArgumentException e) {
            throw new SQLException(e.getMessage(), "22023", e);
        }
    }

    /** The value as {@link #setObject(int, Object)} binds it; a null is typed {@code targetSqlType}. */
    @Override
    public void setObject(int i, Object x, int targetSqlType) throws SQLException {
        if (x == null) setNull(i, targetSqlType);
        else setObject(i, x);
    }

    @Override
    public void setObject(int i, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        setObject(i, x, targetSqlType);
    }

    /** Character data is read whole and sent as text (CLOB columns take it as H2 does). */
    @Override
    public void setCharacterStream(int i, java.io.Reader reader) throws SQLException {
        if (reader == null) {
            setNull(i, Types.CLOB);
            return;
        }
        try {
            StringBuilder sb = new StringBuilder();
            char[] buf = new char[8192];
            for (int n; (n = reader.read(buf)) >= 0; ) sb.append(buf, 0, n);
            setString(i, sb.toString());
        } catch (java.io.IOException e) {
            throw new SQLException("cannot read parameter " + i + ": " + e.getMessage(), "HY000", e);
        }
    }

    @Override public void setCharacterStream(int i, java.io.Reader reader, int length) throws SQLException { setCharacterStream(i, reader); }
    @Override public void setCharacterStream(int i, java.io.Reader reader, long length) throws SQLException { setCharacterStream(i, reader); }
    @Override public void setClob(int i, java.io.Reader reader) throws SQLException { setCharacterStream(i, reader); }
    @Override public void setClob(int i, java.io.Reader reader, long length) throws SQLException { setCharacterStream(i, reader); }

    /** Binary data is read whole and sent as bytes (BLOB columns take it as H2 does). */
    @Override
    public void setBinaryStream(int i, java.io.InputStream in) throws SQLException {
        if (in == null) {
            setNull(i, Types.BLOB);
            return;
        }
        try {
            setBytes(i, in.readAllBytes());
        } catch (java.io.IOException e) {
            throw new SQLException("cannot read parameter " + i + ": " + e.getMessage(), "HY000", e);
        }
    }

    @Override public void setBinaryStream(int i, java.io.InputStream in, int length) throws SQLException { setBinaryStream(i, in); }
    @Override public void setBinaryStream(int i, java.io.InputStream in, long length) throws SQLException { setBinaryStream(i, in); }
    @Override public void setBlob(int i, java.io.InputStream in) throws SQLException { setBinaryStream(i, in); }
    @Override public void setBlob(int i, java.io.InputStream in, long length) throws SQLException { setBinaryStream(i, in); }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        return null; // not known before the statement runs; JDBC allows null
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        throw PaxoSqlErrors.unsupported("PreparedStatement.getParameterMetaData");
    }
}
