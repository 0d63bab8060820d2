package paxosql.replica.state;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paxosql.driver.protocol.ExecResult;
import paxosql.driver.protocol.PayloadCodec;
import paxosql.driver.protocol.SqlValue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The rest of a local read's rows, page by page ({@link H2StateMachine#readPaged}): an H2
 * result left open on the read's own connection, whose SNAPSHOT transaction keeps showing
 * the state at {@link #appliedAt()}. The connection runs H2's lazy query execution, so rows
 * are computed as they are fetched; a result H2 must materialize (sorting, grouping) spills
 * to disk past {@link H2StateMachine#MAX_MEMORY_ROWS} rows. Neither holds the whole result
 * in memory.
 *
 * <p>A page stops at {@code maxRows} rows or once its rows may take more than
 * {@code maxPageBytes} encoded, whichever comes first, and holds at least one row. The
 * cursor reads one row ahead, so it knows when the page it returns holds the last rows.
 *
 * <p>Like a whole read it trusts the catalog only while no DDL is applied: a page read after
 * DDL fails with SQLState {@value LocalReads#SQLSTATE_RETRY} and closes the cursor.
 *
 * <p>Thread-safe: pages and close are serialized. Close it when done; it holds a connection
 * and keeps old row versions alive.
 */
public final class ResultCursor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ResultCursor.class);

    /** The largest page a cursor builds, in (estimated) encoded bytes: well within {@link PayloadCodec#MAX_PAYLOAD_BYTES}. */
    public static final int DEFAULT_MAX_PAGE_BYTES = 4 << 20;

    private final PreparedStatement statement;
    private final ResultSet rows;
    private final ResultColumns columns;
    private final long catalogEpoch;
    private final LongSupplier catalogEpochNow;
    private final int maxPageBytes;
    private long appliedAt = -1;
    /** Null until the read hands its connection over (the first page runs on the read's pooled connection). */
    private Connection connection;
    private Runnable onClose = () -> {};
    /** The row read ahead of the last page, or null. */
    private List<SqlValue> next;
    private boolean exhausted;
    private boolean closed;

    ResultCursor(PreparedStatement statement, ResultSet rows, long catalogEpoch, LongSupplier catalogEpochNow, int maxPageBytes)
            throws SQLException {
        this.statement = statement;
        this.rows = rows;
        this.columns = ResultColumns.of(rows);
        this.catalogEpoch = catalogEpoch;
        this.catalogEpochNow = catalogEpochNow;
        this.maxPageBytes = maxPageBytes;
    }

    /** Takes over the read's connection (closed with the cursor); {@code onClose} runs once, when the cursor closes. */
    synchronized void adopt(Connection conn, long appliedAt, Runnable onClose) {
        this.connection = conn;
        this.appliedAt = appliedAt;
        this.onClose = onClose;
    }

    /** The instance whose state the rows come from. */
    public synchronized long appliedAt() {
        return appliedAt;
    }

    /** True once every row has been returned. */
    public synchronized boolean exhausted() {
        return exhausted;
    }

    /**
     * The next page: at most {@code maxRows} rows, or the failure that ended the cursor
     * (which is then closed): {@code 24000} once closed, {@value LocalReads#SQLSTATE_RETRY}
     * after DDL, H2's SQLState when the query fails midway.
     */
    public synchronized ExecResult next(int maxRows) {
        if (maxRows < 1) throw new IllegalArgumentException("maxRows must be positive, got " + maxRows);
        if (closed) return new ExecResult.Failure("24000", 0, "the cursor is closed");
        List<List<SqlValue>> page = new ArrayList<>(Math.min(maxRows, 1024));
        try {
            long bytes = 0;
            if (next != null) {
                page.add(next);
                bytes += boundBytes(next);
                next = null;
            }
            while (page.size() < maxRows && bytes < maxPageBytes && rows.next()) {
                List<SqlValue> row = columns.readRow(rows);
                page.add(row);
                bytes += boundBytes(row);
            }
            if (page.size() < maxRows && bytes < maxPageBytes) exhausted = true; // rows.next() said so
            else if (rows.next()) next = columns.readRow(rows);
            else exhausted = true;
        } catch (SQLException e) {
            ExecResult failure = catalogChanged() ? ddlFailure() : H2StateMachine.failure(e);
            close();
            return failure;
        }
        if (catalogChanged()) {
            close();
            return ddlFailure();
        }
        ExecResult.Rows result = new ExecResult.Rows(columns.columns(), page);
        if (exhausted) closeResult();
        return result;
    }

    private boolean catalogChanged() {
        return catalogEpochNow.getAsLong() != catalogEpoch;
    }

    private ExecResult.Failure ddlFailure() {
        return new ExecResult.Failure(LocalReads.SQLSTATE_RETRY, 0, "DDL was applied while the cursor was open, and H2's catalog "
                + "is not versioned, so its rows are not certain to come from the state at instance " + appliedAt + "; run the query again");
    }

    /** At least the bytes {@code row} takes encoded, and at most a few times that: enough to cut pages well below the payload limit. */
    private static long boundBytes(List<SqlValue> row) {
        long n = 1;
        for (SqlValue v : row) {
            if (v instanceof SqlValue.Text t) n += 5L + 3L * t.value().length();
            else if (v instanceof SqlValue.Binary b) n += 5L + b.length();
            else if (v instanceof SqlValue.Decimal d) n += 10L + d.value().unscaledValue().bitLength() / 8;
            else n += 21;
        }
        return n;
    }

    /** Closes the H2 result and statement (not the connection: the read's pool may reuse it). */
    synchronized void closeResult() {
        try {
            rows.close();
            statement.close();
        } catch (SQLException e) {
            LOG.debug("closing a cursor's result: {}", e.getMessage());
        }
    }

    /** Frees the result, the snapshot and the connection. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        exhausted = true;
        next = null;
        closeResult();
        if (connection != null) {
            try {
                connection.rollback();
                connection.close();
            } catch (SQLException e) {
                LOG.debug("closing a cursor's connection: {}", e.getMessage());
            }
        }
        onClose.run();
    }
}
