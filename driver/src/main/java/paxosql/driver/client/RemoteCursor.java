package paxosql.driver.client;

import paxosql.driver.protocol.ExecResult;
import paxosql.driver.protocol.PayloadCodec;
import paxosql.driver.wire.CancelToken;
import paxosql.driver.wire.ReplicaConnection;
import paxosql.driver.wire.SqlStates;
import paxosql.driver.wire.WireMessage;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;

/**
 * The rest of a query's rows, kept in a cursor by the replica that answered its first page,
 * fetched one page at a time. Not thread-safe (one result set reads it), except
 * {@link #close()}, which may come from anywhere.
 */
public final class RemoteCursor implements AutoCloseable {
    private final ReplicaConnection replica;
    private final Duration timeout;
    private final CancelToken cancel;
    private volatile long cursorId;
    private int fetchSize;

    RemoteCursor(ReplicaConnection replica, long cursorId, int fetchSize, Duration timeout, CancelToken cancel) {
        this.replica = replica;
        this.cursorId = cursorId;
        this.fetchSize = fetchSize;
        this.timeout = timeout;
        this.cancel = cancel;
    }

    /** True while the replica holds rows not fetched yet. */
    public boolean hasMore() {
        return cursorId != WireMessage.NO_CURSOR;
    }

    /** Rows per later fetch. */
    public void setFetchSize(int rows) {
        if (rows < 1) throw new IllegalArgumentException("fetch size must be positive, got " + rows);
        fetchSize = rows;
    }

    /**
     * The next page: rows, or the failure that ended the cursor on the replica. After the last
     * page (or a failure) {@link #hasMore()} is false.
     *
     * @throws SQLException the replica's ({@code 24000}: it no longer holds the cursor), {@code 57014}
     *                      when canceled or timed out, {@code 08xxx} when the connection fails; the cursor is closed
     */
    public ExecResult next() throws SQLException {
        long id = cursorId;
        if (id == WireMessage.NO_CURSOR) throw new IllegalStateException("no rows remain");
        try {
            WireMessage.ReadResult page = replica.fetch(id, fetchSize, timeout, cancel);
            cursorId = page.cursorId();
            return PayloadCodec.decodeResult(page.payload());
        } catch (SQLTimeoutException e) {
            close();
            // the replica may be fine, the client stops waiting: for a query that is 57014, as for the first page
            SQLTimeoutException timedOut = new SQLTimeoutException("the query's next page: " + e.getMessage(), SqlStates.QUERY_CANCELED);
            timedOut.initCause(e);
            throw timedOut;
        } catch (SQLException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Frees the cursor on the replica, if it still holds one. Idempotent, any thread. */
    @Override
    public void close() {
        long id = cursorId;
        cursorId = WireMessage.NO_CURSOR;
        if (id != WireMessage.NO_CURSOR) replica.closeCursor(id);
    }
}
