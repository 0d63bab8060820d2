package paxosql.driver.jdbc;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import paxosql.driver.protocol.ExecResult;
import paxosql.driver.protocol.SqlValue;
import paxosql.driver.wire.CancelToken;

/**
 * A JDBC statement: each {@code execute} is one request to the group (see
 * {@link PaxoSqlConnection#run}); a batch is its statements one after another, each through
 * the log in order.
 */
public class PaxoSqlStatement extends UnsupportedStatement {
    final PaxoSqlConnection connection;
    private volatile boolean closed;
    private int maxRows;
    private int queryTimeout;
    private PaxoSqlResultSet resultSet;
    private long updateCount = -1;
    private ExecResult.UpdateCount generatedKeys = NO_KEYS;
    /** The generated-key columns the application named for this statement (a PreparedStatement's), or null: H2's. */
    List<String> keyColumns;
    /** Those named for the execution whose keys {@link #generatedKeys} holds. */
    private List<String> keyColumnsOfResult;
    private static final ExecResult.UpdateCount NO_KEYS = new ExecResult.UpdateCount(0);
    private final List<String> batch = new ArrayList<>();
    /** Rows per page of a query's result; 0: {@link #DEFAULT_FETCH_SIZE}. */
    private int fetchSize;
    /** The token of the latest execution, which {@link #cancel()} fires; its result set's fetches use it too. */
    private volatile CancelToken running;

    /** Rows per page when the application sets no fetch size: a page of small rows is tens of kilobytes. */
    static final int DEFAULT_FETCH_SIZE = 1000;

    PaxoSqlStatement(PaxoSqlConnection connection) {
        this.connection = connection;
    }

    void checkOpen() throws SQLException {
        if (closed) throw PaxoSqlErrors.closed("statement");
        connection.checkOpen();
    }

    /** Runs {@code sql} with {@code params} and makes its result this statement's current one. */
    boolean runAndKeep(String sql, List<SqlValue> params) throws SQLException {
        checkOpen();
        clearResult();
        CancelToken token = new CancelToken();
        running = token;
        keyColumnsOfResult = keyColumns;
        return keep(connection.run(sql, params, maxRows, queryTimeout, effectiveFetchSize(), token));
    }

    /** Runs {@code sql} once with the generated-key columns {@code names}. */
    private boolean runNamingKeys(String sql, String[] names) throws SQLException {
        List<String> saved = keyColumns;
        keyColumns = names == null ? null : List.of(names);
        try {
            return runAndKeep(sql, List.of());
        } finally {
            keyColumns = saved;
        }
    }

    /**
     * The replicas return the keys H2 generates (identity and sequence-default columns); a
     * column chosen by index cannot be told apart without the table's metadata, so it is
     * refused rather than answered with other columns.
     */
    static SQLException keysByIndex() {
        return new java.sql.SQLFeatureNotSupportedException("generated keys chosen by column index are not supported; "
                + "name the columns (String[]) or use RETURN_GENERATED_KEYS", "0A000");
    }

    private int effectiveFetchSize() {
        return fetchSize > 0 ? fetchSize : DEFAULT_FETCH_SIZE;
    }

    private void clearResult() {
        if (resultSet != null) resultSet.close();
        resultSet = null;
        updateCount = -1;
        generatedKeys = NO_KEYS;
    }

    private boolean keep(PaxoSqlConnection.Answer answer) throws SQLException {
        ExecResult r = answer.result();
        if (r instanceof ExecResult.Failure f) throw PaxoSqlErrors.of(f);
        if (r instanceof ExecResult.Rows rows) {
            resultSet = new PaxoSqlResultSet(this, new RowStream(rows, answer.rest(), maxRows), effectiveFetchSize());
            return true;
        }
        if (r instanceof ExecResult.UpdateCount uc) {
            updateCount = uc.count();
            generatedKeys = uc;
        } else {
            updateCount = 0; // Ok: a statement with nothing to report
        }
        return false;
    }

    ResultSet queryResult(String sql) throws SQLException {
        if (resultSet == null) throw new SQLException("the statement returned no result set: " + sql, "02000");
        return resultSet;
    }

    long updateResult(String sql) throws SQLException {
        if (resultSet != null) {
            clearResult();
            throw new SQLException("the statement returned a result set, not an update count: " + sql, "HY000");
        }
        return updateCount;
    }

    static int toInt(long count) {
        return count > Integer.MAX_VALUE ? Statement.SUCCESS_NO_INFO : (int) count;
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        runAndKeep(sql, List.of());
        return queryResult(sql);
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        return toInt(executeLargeUpdate(sql));
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        runAndKeep(sql, List.of());
        return updateResult(sql);
    }

    @Override public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException { return executeUpdate(sql); }
    @Override public int executeUpdate(String sql, int[] columnIndexes) throws SQLException { throw keysByIndex(); }
    @Override public int executeUpdate(String sql, String[] columnNames) throws SQLException { return toInt(executeLargeUpdate(sql, columnNames)); }
    @Override public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException { return executeLargeUpdate(sql); }
    @Override public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException { throw keysByIndex(); }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        runNamingKeys(sql, columnNames);
        return updateResult(sql);
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        return runAndKeep(sql, List.of());
    }

    @Override public boolean execute(String sql, int autoGeneratedKeys) throws SQLException { return execute(sql); }
    @Override public boolean execute(String sql, int[] columnIndexes) throws SQLException { throw keysByIndex(); }
    @Override public boolean execute(String sql, String[] columnNames) throws SQLException { return runNamingKeys(sql, columnNames); }

    @Override
    public ResultSet getResultSet() throws SQLException {
        checkOpen();
        return resultSet;
    }

    @Override
    public int getUpdateCount() throws SQLException {
        return toInt(getLargeUpdateCount());
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        checkOpen();
        return resultSet != null ? -1 : updateCount;
    }

    /** One result per execution: there never are more. */
    @Override
    public boolean getMoreResults() throws SQLException {
        checkOpen();
        clearResult();
        return false;
    }

    @Override
    public boolean getMoreResults(int current) throws SQLException {
        return getMoreResults();
    }

    /**
     * The keys the last update generated. The group reports their values but not their
     * column names: the columns are called {@code GENERATED_KEY_1}, ... — read them by index.
     */
    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        checkOpen();
        return new PaxoSqlResultSet(this, GeneratedKeys.rows(generatedKeys, keyColumnsOfResult));
    }

    @Override
    public void setMaxRows(int max) throws SQLException {
        checkOpen();
        if (max < 0) throw new SQLException("maxRows must be >= 0, got " + max, "HY024");
        maxRows = max;
    }

    @Override
    public int getMaxRows() throws SQLException {
        checkOpen();
        return maxRows;
    }

    @Override
    public void setLargeMaxRows(long max) throws SQLException {
        setMaxRows((int) Math.min(Integer.MAX_VALUE, max));
    }

    @Override
    public long getLargeMaxRows() throws SQLException {
        return getMaxRows();
    }

    /**
     * Bounds how long the driver waits for each answer. It does not stop the statement on a
     * replica: a write that timed out may still be applied (SQLState {@code 08007}); a query
     * that timed out fails with {@code 57014}.
     */
    @Override
    public void setQueryTimeout(int seconds) throws SQLException {
        checkOpen();
        if (seconds < 0) throw new SQLException("queryTimeout must be >= 0, got " + seconds, "HY024");
        queryTimeout = seconds;
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        checkOpen();
        return queryTimeout;
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        checkOpen();
        batch.add(sql);
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        batch.clear();
    }

    @Override
    public int[] executeBatch() throws SQLException {
        long[] large = executeLargeBatch();
        return Arrays.stream(large).mapToInt(PaxoSqlStatement::toInt).toArray();
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        List<String> statements = new ArrayList<>(batch);
        batch.clear();
        long[] counts = new long[statements.size()];
        for (int i = 0; i < statements.size(); i++) {
            counts[i] = batchStep(i, counts, statements.get(i), List.of());
        }
        return counts;
    }

    /** Runs statement {@code i} of a batch; a failure or a result set ends the batch with a {@link BatchUpdateException}. */
    long batchStep(int i, long[] countsSoFar, String sql, List<SqlValue> params) throws SQLException {
        ExecResult.UpdateCount keysSoFar = i == 0 ? NO_KEYS : generatedKeys;
        try {
            if (runAndKeep(sql, params)) {
                clearResult();
                throw new SQLException("statement " + (i + 1) + " of the batch returned a result set: " + sql, "HY000");
            }
            generatedKeys = withEarlierKeys(keysSoFar, generatedKeys);
            return updateCount;
        } catch (SQLException e) {
            long[] done = Arrays.copyOf(countsSoFar, i);
            throw new BatchUpdateException(e.getMessage(), e.getSQLState(), e.getErrorCode(), done, e);
        }
    }

    /** A batch's generated keys are those of all its statements, as long as they have the same columns. */
    private static ExecResult.UpdateCount withEarlierKeys(ExecResult.UpdateCount earlier, ExecResult.UpdateCount now) {
        if (earlier.generatedKeys().isEmpty() || !earlier.keyNames().equals(now.keyNames())) return now;
        List<List<SqlValue>> all = new ArrayList<>(earlier.generatedKeys());
        all.addAll(now.generatedKeys());
        return new ExecResult.UpdateCount(now.count(), all, now.keyNames());
    }

    @Override
    public Connection getConnection() throws SQLException {
        checkOpen();
        return connection;
    }

    @Override
    public void close() {
        if (closed) return;
        clearResult();
        closed = true;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
    }

    @Override public int getFetchDirection() throws SQLException { checkOpen(); return ResultSet.FETCH_FORWARD; }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkOpen();
        if (direction != ResultSet.FETCH_FORWARD) throw PaxoSqlErrors.unsupported("a fetch direction other than FETCH_FORWARD");
    }

    /**
     * Rows per page of a query's result: the replica holds the rest in a cursor and the result
     * set fetches the next page when it has read one. 0: the driver's default, {@value #DEFAULT_FETCH_SIZE}.
     */
    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkOpen();
        if (rows < 0) throw new SQLException("fetch size must be >= 0, got " + rows, "HY024");
        fetchSize = rows;
    }

    @Override public int getFetchSize() throws SQLException { checkOpen(); return effectiveFetchSize(); }

    /**
     * Ends the wait of this statement's execution, from another thread: a query fails with
     * {@code 57014} and its cursor is freed; a write that was sent fails with {@code 08007},
     * since it may still be applied. Nothing a replica is applying is interrupted. No effect
     * when nothing runs.
     */
    @Override
    public void cancel() throws SQLException {
        if (closed) throw PaxoSqlErrors.closed("statement");
        CancelToken token = running;
        if (token != null) token.cancel();
    }
    @Override public int getResultSetConcurrency() throws SQLException { checkOpen(); return ResultSet.CONCUR_READ_ONLY; }
    @Override public int getResultSetType() throws SQLException { checkOpen(); return ResultSet.TYPE_FORWARD_ONLY; }
    @Override public int getResultSetHoldability() throws SQLException { checkOpen(); return ResultSet.CLOSE_CURSORS_AT_COMMIT; }
    @Override public void setEscapeProcessing(boolean enable) throws SQLException { checkOpen(); }
    @Override public void setPoolable(boolean poolable) throws SQLException { checkOpen(); }
    @Override public boolean isPoolable() throws SQLException { checkOpen(); return false; }
    @Override public void closeOnCompletion() throws SQLException { checkOpen(); }
    @Override public boolean isCloseOnCompletion() throws SQLException { checkOpen(); return false; }
}
