package paxosql.driver.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import paxosql.driver.client.GroupClient;
import paxosql.driver.client.RemoteCursor;
import paxosql.driver.protocol.ClientRequest;
import paxosql.driver.protocol.ExecResult;
import paxosql.driver.protocol.SqlValue;
import paxosql.driver.wire.CancelToken;
import paxosql.driver.wire.WireMessage;

/**
 * A JDBC connection: one {@link GroupClient} session with the whole group. Every statement
 * is its own transaction (auto-commit); explicit transactions are not supported yet.
 */
public final class PaxoSqlConnection extends UnsupportedConnection {
    private final GroupClient client;
    private final String url;
    private final String user;
    private final ReadConsistency readConsistency;
    private volatile boolean closed;
    private boolean readOnly;

    PaxoSqlConnection(GroupClient client, String url, String user, ReadConsistency readConsistency) {
        this.client = client;
        this.url = url;
        this.user = user;
        this.readConsistency = readConsistency;
    }

    /** What one statement returned: its result (a query's first page) and the cursor over the rows still on a replica, or null. */
    record Answer(ExecResult result, RemoteCursor rest) {}

    /**
     * Runs one statement. A plain query ({@link SqlClassifier#isQuery}) is read from one
     * replica's state, page by page: under {@code linearizable} after a barrier through the
     * log ({@link GroupClient#sync}), so the replica has applied every write acknowledged
     * before the query began; under {@code session} once it has applied this session's
     * writes; under {@code stale} at once. Everything else goes through the log.
     *
     * @param timeoutSeconds most seconds to wait for each answer; 0: the request timeout
     * @param fetchSize      rows in each page of a query's result
     * @param cancel         ends the wait from another thread ({@code Statement.cancel()})
     */
    Answer run(String sql, List<SqlValue> params, int maxRows, int timeoutSeconds, int fetchSize, CancelToken cancel)
            throws SQLException {
        checkOpen();
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        ClientRequest.Execute statement = new ClientRequest.Execute(sql, params, maxRows);
        if (SqlClassifier.isQuery(sql)) {
            GroupClient.ReadResult r = read(statement, fetchSize, timeout, cancel);
            // The classifier is a cheap guess: a "query" the replica finds is not read-only may still run through the log.
            boolean refused = r.result() instanceof ExecResult.Failure f && READ_ONLY_REFUSAL.equals(f.sqlState());
            if (!refused || readConsistency != ReadConsistency.LINEARIZABLE) return new Answer(r.result(), r.rest());
        }
        return new Answer(client.execute(statement, timeout, cancel), null);
    }

    /** The SQLState of a local read refused because the statement is not a read-only query. */
    private static final String READ_ONLY_REFUSAL = "25006";

    private GroupClient.ReadResult read(ClientRequest.Execute query, int fetchSize, Duration timeout, CancelToken cancel)
            throws SQLException {
        switch (readConsistency) {
            case LINEARIZABLE:
                return client.readLinearizable(query, fetchSize, timeout, cancel);
            case SESSION:
                return client.readSession(query, fetchSize, timeout, cancel);
            default:
                return readStale(query, fetchSize, timeout, cancel);
        }
    }

    private GroupClient.ReadResult readStale(ClientRequest.Execute query, int fetchSize, Duration timeout, CancelToken cancel)
            throws SQLException {
        List<Integer> members = new ArrayList<>(client.memberIds());
        Collections.shuffle(members);
        SQLException last = null;
        for (int node : members) {
            try {
                return client.readFrom(node, query, fetchSize, timeout, cancel);
            } catch (SQLException e) {
                if (e.getSQLState() == null || !e.getSQLState().startsWith("08")) throw e;
                last = e; // that replica is unreachable: try another
            }
        }
        if (last != null) throw last;
        return client.readSession(query, fetchSize, timeout, cancel);
    }

    /** Runs a query (metadata) and returns its rows, or throws its failure. */
    ExecResult.Rows query(String sql, SqlValue... params) throws SQLException {
        ExecResult r = run(sql, List.of(params), 0, 0, WireMessage.WHOLE_RESULT, CancelToken.NONE).result();
        if (r instanceof ExecResult.Failure f) throw PaxoSqlErrors.of(f);
        if (!(r instanceof ExecResult.Rows rows)) throw new SQLException("expected rows from: " + sql, "HY000");
        return rows;
    }

    void checkOpen() throws SQLException {
        if (closed) throw PaxoSqlErrors.closed("connection");
    }

    String url() { return url; }

    String user() { return user; }

    @Override
    public Statement createStatement() throws SQLException {
        checkOpen();
        return new PaxoSqlStatement(this);
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        checkResultSetKind(resultSetType, resultSetConcurrency, ResultSet.CLOSE_CURSORS_AT_COMMIT);
        return createStatement();
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int holdability) throws SQLException {
        checkResultSetKind(resultSetType, resultSetConcurrency, holdability);
        return createStatement();
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        checkOpen();
        return new PaxoSqlPreparedStatement(this, sql);
    }

    /** Generated keys are always returned, whatever {@code autoGeneratedKeys} says. */
    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        if (autoGeneratedKeys != Statement.RETURN_GENERATED_KEYS && autoGeneratedKeys != Statement.NO_GENERATED_KEYS) {
            throw new SQLException("autoGeneratedKeys must be RETURN_GENERATED_KEYS or NO_GENERATED_KEYS", "HY024");
        }
        return prepareStatement(sql);
    }

    /** Refused: see {@link PaxoSqlStatement#keysByIndex()}. */
    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        checkOpen();
        throw PaxoSqlStatement.keysByIndex();
    }

    /** Its generated keys are the named columns, of those H2 generates values for (identity, sequence defaults). */
    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        PaxoSqlPreparedStatement ps = (PaxoSqlPreparedStatement) prepareStatement(sql);
        ps.keyColumns = columnNames == null ? null : List.of(columnNames);
        return ps;
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        checkResultSetKind(resultSetType, resultSetConcurrency, ResultSet.CLOSE_CURSORS_AT_COMMIT);
        return prepareStatement(sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency, int holdability)
            throws SQLException {
        checkResultSetKind(resultSetType, resultSetConcurrency, holdability);
        return prepareStatement(sql);
    }

    private void checkResultSetKind(int type, int concurrency, int holdability) throws SQLException {
        checkOpen();
        if (type != ResultSet.TYPE_FORWARD_ONLY) throw PaxoSqlErrors.unsupported("a result set type other than TYPE_FORWARD_ONLY");
        if (concurrency != ResultSet.CONCUR_READ_ONLY) throw PaxoSqlErrors.unsupported("an updatable result set");
        if (holdability != ResultSet.CLOSE_CURSORS_AT_COMMIT && holdability != ResultSet.HOLD_CURSORS_OVER_COMMIT) {
            throw new SQLException("unknown holdability " + holdability, "HY024");
        }
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        checkOpen();
        return sql;
    }

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        checkOpen();
        if (!autoCommit) {
            throw new java.sql.SQLFeatureNotSupportedException("PaxoSQL does not support explicit transactions yet: "
                    + "every statement commits on its own (auto-commit), and setAutoCommit(false) is refused", "0A000");
        }
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        checkOpen();
        return true;
    }

    @Override
    public void commit() throws SQLException {
        checkOpen();
        throw new SQLException("commit() is not allowed in auto-commit mode", "25000");
    }

    @Override
    public void rollback() throws SQLException {
        checkOpen();
        throw new SQLException("rollback() is not allowed in auto-commit mode", "25000");
    }

    /** No transactions yet ({@link PaxoSqlDatabaseMetaData#supportsTransactions()} is false): JDBC's TRANSACTION_NONE. */
    @Override
    public int getTransactionIsolation() throws SQLException {
        checkOpen();
        return Connection.TRANSACTION_NONE;
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        checkOpen();
        throw PaxoSqlErrors.unsupported("setTransactionIsolation (no explicit transactions yet)");
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        client.close();
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    /** True when a trivial statement completes through the log within {@code timeout} seconds. */
    @Override
    public boolean isValid(int timeout) throws SQLException {
        if (timeout < 0) throw new SQLException("timeout must be >= 0, got " + timeout, "HY000");
        if (closed) return false;
        try {
            return client.execute(new ClientRequest.Execute("SELECT 1"), Duration.ofSeconds(timeout)) instanceof ExecResult.Rows;
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        checkOpen();
        return new PaxoSqlDatabaseMetaData(this);
    }

    /** A hint only, as JDBC allows: it is remembered and reported, and changes nothing. */
    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        checkOpen();
        this.readOnly = readOnly;
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        checkOpen();
        return readOnly;
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

    @Override
    public void setSchema(String schema) throws SQLException {
        ExecResult r = run("SET SCHEMA " + quoteIdentifier(schema), List.of(), 0, 0, WireMessage.WHOLE_RESULT, CancelToken.NONE).result();
        if (r instanceof ExecResult.Failure f) throw PaxoSqlErrors.of(f);
    }

    @Override
    public String getSchema() throws SQLException {
        ExecResult.Rows rows = query("SELECT CURRENT_SCHEMA");
        return (String) rows.rows().get(0).get(0).toJava();
    }

    /** H2's catalog: the database's name. Tools (sqlline's {@code !tables}) ask for it. */
    @Override
    public String getCatalog() throws SQLException {
        ExecResult.Rows rows = query("SELECT CATALOG_NAME FROM INFORMATION_SCHEMA.INFORMATION_SCHEMA_CATALOG_NAME");
        return rows.rows().isEmpty() ? null : (String) rows.rows().get(0).get(0).toJava();
    }

    /** One catalog: as JDBC asks of a driver without catalogs to choose from, the request is ignored. */
    @Override
    public void setCatalog(String catalog) throws SQLException {
        checkOpen();
    }

    static String quoteIdentifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        return ResultSet.CLOSE_CURSORS_AT_COMMIT;
    }
}
