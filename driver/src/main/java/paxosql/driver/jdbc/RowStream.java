package paxosql.driver.jdbc;

import java.sql.SQLException;
import java.util.List;

import paxosql.driver.client.RemoteCursor;
import paxosql.driver.protocol.ExecResult;
import paxosql.driver.protocol.SqlValue;

/**
 * A query's rows as a forward-only result set walks them: the page in hand, then the
 * replica's cursor (if any) one page at a time, up to {@code maxRows}. Only one page is
 * held at a time, so a result of any size reads in the memory of one page.
 */
final class RowStream {
    private final List<ExecResult.Column> columns;
    private final RemoteCursor rest;
    private final long maxRows;
    private final boolean empty;
    private List<List<SqlValue>> page;
    private int index = -1;
    /** The current row's number (1-based); 0 before the first. */
    private long row;
    private boolean afterLast;

    /**
     * @param rest    the cursor holding the rows after {@code first}, or null
     * @param maxRows most rows to return; 0 for no limit
     */
    RowStream(ExecResult.Rows first, RemoteCursor rest, long maxRows) {
        this.columns = first.columns();
        this.page = first.rows();
        this.rest = rest;
        this.maxRows = maxRows;
        this.empty = page.isEmpty();
    }

    /** All of {@code rows}, nothing on a replica. */
    static RowStream of(ExecResult.Rows rows) {
        return new RowStream(rows, null, 0);
    }

    List<ExecResult.Column> columns() {
        return columns;
    }

    /** Moves to the next row, fetching a page when this one is done; false past the last row. */
    boolean next() throws SQLException {
        if (afterLast) return false;
        if ((maxRows > 0 && row >= maxRows) || (index + 1 >= page.size() && !fetch())) {
            afterLast = true;
            page = List.of();
            index = -1;
            close();
            return false;
        }
        index++;
        row++;
        return true;
    }

    private boolean fetch() throws SQLException {
        while (rest != null && rest.hasMore()) {
            ExecResult r = rest.next();
            if (r instanceof ExecResult.Failure f) throw PaxoSqlErrors.of(f);
            if (!(r instanceof ExecResult.Rows rows)) throw new SQLException("a replica answered a fetch with " + r, "08P01");
            page = rows.rows();
            index = -1;
            if (!page.isEmpty()) return true;
        }
        return false;
    }

    /** The current row, or null when not on one. */
    List<SqlValue> current() {
        return index < 0 ? null : page.get(index);
    }

    boolean isBeforeFirst() { return row == 0 && !empty; }

    boolean isAfterLast() { return afterLast && !empty; }

    boolean isFirst() { return row == 1 && index >= 0; }

    /** The replica reads one row ahead, so a cursor that remains has another row. */
    boolean isLast() {
        if (index < 0 || index < page.size() - 1) return false;
        return (maxRows > 0 && row >= maxRows) || rest == null || !rest.hasMore();
    }

    /** The current row's number, 0 when not on a row. */
    long rowNumber() { return index < 0 ? 0 : row; }

    void setFetchSize(int rows) {
        if (rest != null && rows > 0) rest.setFetchSize(rows);
    }

    /** Frees the replica's cursor, if any. Any thread. */
    void close() {
        if (rest != null) rest.close();
    }
}
