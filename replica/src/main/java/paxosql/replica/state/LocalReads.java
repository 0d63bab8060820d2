package paxosql.replica.state;

import org.h2.command.Prepared;
import org.h2.command.query.Query;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.message.DbException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paxosql.driver.protocol.ClientRequest;
import paxosql.driver.protocol.ExecResult;
import paxosql.driver.protocol.JdbcValues;
import paxosql.driver.protocol.PayloadCodec;
import paxosql.driver.protocol.SqlValue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Reads that do not go through the log: read-only queries on this replica's committed
 * state, for {@code stale} and {@code session} reads and for learners (DESIGN.md § Driver),
 * each answered with the applied instance whose state it saw.
 *
 * <h2>Exactly one state, and which one</h2>
 * A read runs in an H2 transaction at isolation {@code SNAPSHOT}, which sees the whole
 * database as of the transaction's first statement. ({@code REPEATABLE READ} would not do:
 * H2 takes each table's snapshot when the transaction first touches that table, so a table
 * read after the position could be newer than the position.) That first statement reads the
 * applied position and the client session's row from the meta tables, so the instance
 * reported and the rows returned come from one state.
 *
 * <p>Apply commits each command of a decision on its own, and a DDL command in three steps,
 * so the database passes through states that are not "after instance i". A read takes its
 * snapshot only between two decisions: {@link H2StateMachine#apply} holds the write side of a
 * read-write lock for each decision, and a read holds the read side just for that first
 * statement (one row of each meta table), never for the query. So apply waits at most for
 * reads that are taking their snapshot.
 *
 * <h2>DDL while a read runs</h2>
 * H2's catalog is not versioned: a read whose snapshot is older than a DDL statement sees
 * the new catalog, and a table that {@code ALTER TABLE} rewrote shows it rows newer than
 * the snapshot. Every DDL statement (and statement on users) advances a catalog epoch before
 * it runs ({@link #catalogChanging}); a read during which the epoch moved is discarded and
 * run again from a new snapshot, at most {@value #MAX_ATTEMPTS} times, then fails with
 * SQLState {@value #SQLSTATE_RETRY}. (Whatever the discarded attempt returned is dropped:
 * H2 2.5 may even fail a query that scans a table while {@code ALTER TABLE} replaces it,
 * with a {@code NullPointerException} as general error HY000.) In H2 2.5 a read holds no
 * table lock that a later DDL statement would wait for, so reads never hold up apply's DDL
 * either. (What H2 does not version at all, {@code INFORMATION_SCHEMA} and the current values
 * of sequences, a read sees as it is when the query runs.)
 *
 * <h2>Only read-only queries</h2>
 * A read that changed anything would make this replica diverge: rows written outside the log,
 * a sequence advanced (sequences are not transactional), rows locked that apply then waits
 * for. So, in order: {@link StatementGuard} refuses what it refuses in any command (42501,
 * 0A000); H2's own parser must call the statement a query ({@code Prepared.isQuery()}, else
 * 25006 naming the statement kind); the statement may not contain a construct that writes,
 * takes a sequence value, locks rows or acts on another session
 * ({@link StatementGuard#writeConstruct}: H2's read-only flag misses data change delta tables
 * and sequences inside derived tables); and H2 must call it read-only. Views, which a query
 * expands, cannot hold such constructs: {@link StatementGuard} refuses them in
 * {@code CREATE VIEW}. The transaction is always rolled back.
 *
 * <h2>Connections</h2>
 * At most {@value #POOL_SIZE} connections of the non-admin client user, made when first
 * needed and never the apply thread's. A connection takes on the client session's state
 * (current schema, search path, time zone, variables) as the session table holds it in the
 * read's snapshot; since H2 cannot reset every setting (the search path), a connection that
 * holds another session's state is replaced by a new one (about 0.2 ms) instead.
 */
final class LocalReads implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalReads.class);

    /** Most connections reads use at once; more readers wait for one. */
    static final int POOL_SIZE = 4;
    /** Attempts of one read before it gives up because DDL kept being applied during it. */
    static final int MAX_ATTEMPTS = 3;
    /** Not a read-only query. */
    static final String SQLSTATE_READ_ONLY = "25006";
    /** No consistent state could be read this time; retry. */
    static final String SQLSTATE_RETRY = "40001";

    private static final String SNAPSHOT_SQL = "SELECT A.INSTANCE, A.COMPLETE, A.DDL_INSTANCE IS NULL, S.IS_OPEN, "
            + "S.SESSION_STATE FROM " + H2StateMachine.META_SCHEMA + ".APPLIED A LEFT JOIN " + H2StateMachine.META_SCHEMA
            + ".SESSIONS S ON S.CLIENT_ID = ? WHERE A.ID = 0";

    private final H2StateMachine sm;
    private final int maxResultBytes;
    /** Write side: apply, for a whole decision. Read side: a read, while it takes its snapshot. */
    private final ReentrantReadWriteLock boundary = new ReentrantReadWriteLock();
    private final AtomicLong catalogEpoch = new AtomicLong();
    private final Semaphore permits = new Semaphore(POOL_SIZE, true);
    private final ConcurrentLinkedDeque<ReadConnection> idle = new ConcurrentLinkedDeque<>();
    private final Set<ResultCursor> cursors = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private volatile Hooks hooks = Hooks.NONE;

    /** Test seam: lets a test order apply against a read's steps instead of guessing with sleeps. */
    interface Hooks {
        Hooks NONE = new Hooks() {};

        /** After an attempt took its snapshot (the read lock is released), before its query runs. */
        default void afterSnapshot(int attempt, long appliedAt) {}
    }

    void setHooks(Hooks hooks) {
        this.hooks = Objects.requireNonNull(hooks, "hooks");
    }

    LocalReads(H2StateMachine sm, int maxResultBytes) {
        this.sm = sm;
        this.maxResultBytes = maxResultBytes;
    }

    /** What apply holds for each decision, so that no read takes its snapshot in the middle of one. */
    Lock applying() {
        return boundary.writeLock();
    }

    /** Called by apply, holding {@link #applying()}, before a statement that may change the catalog runs. */
    void catalogChanging() {
        catalogEpoch.incrementAndGet();
    }

    /** A pooled connection and the client session state it holds. */
    private static final class ReadConnection {
        Connection conn;
        PreparedStatement snapshot;
        /** The state of a new connection. */
        byte[] pristine;
        /** The session state the connection has, as {@link H2StateMachine#readSessionState} encodes it; null if unknown. */
        byte[] state;

        void close() {
            if (conn == null) return;
            try {
                conn.close();
            } catch (SQLException e) {
                LOG.debug("closing a read connection: {}", e.getMessage());
            }
            conn = null;
            snapshot = null;
        }
    }

    /**
     * What the first statement of a read saw.
     *
     * @param between true if the state is between two instances (false only after a restart
     *                in the middle of an instance, until it is applied again)
     * @param open    whether the client session is open; null if it does not exist
     */
    private record Snapshot(long epoch, long appliedAt, boolean between, Boolean open, byte[] state) {}

    ReadResult read(long clientId, ClientRequest.Execute request, int timeoutSeconds) {
        if (timeoutSeconds < 0) throw new IllegalArgumentException("timeoutSeconds must be >= 0, got " + timeoutSeconds);
        return read(clientId, request, new WholeResult(timeoutSeconds)).first();
    }

    /**
     * As {@link #read}, but the answer holds at most {@code fetchSize} rows (and about
     * {@code maxPageBytes}); when more remain, the cursor over them takes this read's
     * connection and snapshot. No limit on the whole result's size.
     */
    H2StateMachine.PagedRead readPaged(long clientId, ClientRequest.Execute request, int fetchSize, int maxPageBytes) {
        if (fetchSize < 1) throw new IllegalArgumentException("fetchSize must be positive, got " + fetchSize);
        return read(clientId, request, new FirstPage(fetchSize, maxPageBytes));
    }

    private H2StateMachine.PagedRead read(long clientId, ClientRequest.Execute request, Answer answer) {
        Objects.requireNonNull(request, "request");
        ReadConnection rc = acquire();
        boolean reusable = false;
        try {
            long appliedAt = -1;
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                Snapshot snap = snapshot(rc, clientId);
                hooks.afterSnapshot(attempt, snap.appliedAt());
                ExecResult result;
                try {
                    result = evaluate(rc, snap, clientId, request, answer);
                } finally {
                    if (!answer.holdsResult()) rc.conn.rollback();
                }
                if (catalogEpoch.get() == snap.epoch()) {
                    ResultCursor cursor = answer.remainingRows();
                    if (cursor != null) handOver(rc, cursor, snap.appliedAt());
                    reusable = cursor == null;
                    return new H2StateMachine.PagedRead(new ReadResult(snap.appliedAt(), result), cursor);
                }
                answer.discard();
                rc.conn.rollback();
                appliedAt = snap.appliedAt();
                LOG.debug("a read of client session {} at instance {} overlapped DDL; attempt {} of {}", clientId, appliedAt,
                        attempt, MAX_ATTEMPTS);
            }
            reusable = true;
            return new H2StateMachine.PagedRead(new ReadResult(appliedAt, new ExecResult.Failure(SQLSTATE_RETRY, 0, "DDL was applied while the "
                    + "read ran, " + MAX_ATTEMPTS + " times in a row, so it saw no consistent state; retry")), null);
        } catch (SQLException e) {
            // The read connection or the local database failed, not the query (its failures are results).
            LOG.debug("a read of client session {} failed: {}", clientId, e.getMessage());
            answer.discard();
            return new H2StateMachine.PagedRead(new ReadResult(-1, H2StateMachine.failure(e)), null);
        } finally {
            release(rc, reusable);
        }
    }

    /** The cursor takes the read's connection out of the pool, and is closed with the reads. */
    private void handOver(ReadConnection rc, ResultCursor cursor, long appliedAt) {
        Connection conn = rc.conn;
        rc.conn = null;
        rc.snapshot = null;
        cursors.add(cursor);
        cursor.adopt(conn, appliedAt, () -> cursors.remove(cursor));
        if (closed) cursor.close();
    }

    /** Cursors open now. */
    int openCursors() {
        return cursors.size();
    }

    /** Closes the idle connections; connections in use are closed when their read ends. */
    @Override
    public void close() {
        closed = true;
        drain();
        for (ResultCursor c : List.copyOf(cursors)) c.close();
    }

    // ------------------------------------------------------------------ the pool

    private ReadConnection acquire() {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a read connection", e);
        }
        if (closed) {
            permits.release();
            throw new IllegalStateException("the state machine is closed");
        }
        ReadConnection rc = idle.pollFirst();
        return rc != null ? rc : new ReadConnection();
    }

    private void release(ReadConnection rc, boolean reusable) {
        try {
            if (reusable && !closed && rc.conn != null) {
                idle.addFirst(rc);
                if (closed) drain();
            } else {
                rc.close();
            }
        } finally {
            permits.release();
        }
    }

    private void drain() {
        for (ReadConnection rc = idle.pollFirst(); rc != null; rc = idle.pollFirst()) rc.close();
    }

    private void connect(ReadConnection rc) throws SQLException {
        rc.close();
        Connection c = sm.connectClient();
        try {
            try (Statement s = c.createStatement()) {
                s.execute("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SNAPSHOT");
                // Rows computed as they are fetched: a cursor never holds its whole result.
                s.execute("SET LAZY_QUERY_EXECUTION TRUE");
            }
            rc.pristine = H2StateMachine.readSessionState(c);
            c.commit();
            rc.snapshot = c.prepareStatement(SNAPSHOT_SQL);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        rc.conn = c;
        rc.state = rc.pristine;
    }

    // ------------------------------------------------------------------ one attempt

    /** Starts the read's transaction with its first statement, between two decisions; on a connection fit for the session. */
    private Snapshot snapshot(ReadConnection rc, long clientId) throws SQLException {
        if (rc.conn == null) connect(rc);
        Snapshot s = firstStatement(rc, clientId);
        if (s.state() != null && !Arrays.equals(rc.state, s.state()) && !Arrays.equals(rc.state, rc.pristine)) {
            // Another session's state is on this connection: start afresh rather than undo it.
            rc.conn.rollback();
            connect(rc);
            s = firstStatement(rc, clientId);
        }
        return s;
    }

    private Snapshot firstStatement(ReadConnection rc, long clientId) throws SQLException {
        Lock between = boundary.readLock();
        between.lock();
        try {
            long epoch = catalogEpoch.get();
            rc.snapshot.setLong(1, clientId);
            try (ResultSet rs = rc.snapshot.executeQuery()) {
                if (!rs.next()) throw new SQLException("the " + H2StateMachine.META_SCHEMA + ".APPLIED row is missing");
                long instance = rs.getLong(1);
                boolean complete = rs.getBoolean(2);
                boolean noDdlRunning = rs.getBoolean(3);
                boolean open = rs.getBoolean(4);
                Boolean session = rs.wasNull() ? null : open;
                return new Snapshot(epoch, complete ? instance : instance - 1, complete && noDdlRunning, session, rs.getBytes(5));
            }
        } finally {
            between.unlock();
        }
    }

    private ExecResult evaluate(ReadConnection rc, Snapshot snap, long clientId, ClientRequest.Execute request, Answer answer)
            throws SQLException {
        if (!snap.between()) {
            return new ExecResult.Failure(SQLSTATE_RETRY, 0, "this replica holds only part of instance " + (snap.appliedAt() + 1)
                    + " (it restarted between the instance's commands) until the instance is applied again; retry");
        }
        if (snap.open() == null || !snap.open()) {
            return new ExecResult.Failure(H2StateMachine.SQLSTATE_NO_SESSION, 0, "client session " + clientId
                    + (snap.open() == null ? " does not exist" : " is closed"));
        }
        String sql = request.sql();
        StatementGuard.Verdict verdict = StatementGuard.check(sql);
        if (verdict.refused()) return new ExecResult.Failure(verdict.sqlState(), 0, verdict.message());
        if (verdict.users() != null) return readOnly(verdict.users().name() + " is not a query" + SEND_AS_WRITE);

        ExecResult.Failure notRestored = restoreState(rc, clientId, snap.state());
        if (notRestored != null) return notRestored;
        Prepared prepared;
        try {
            prepared = ((SessionLocal) rc.conn.unwrap(JdbcConnection.class).getSession()).prepare(sql);
        } catch (DbException e) {
            return H2StateMachine.failure(e.getSQLException());
        }
        String refusal = refusal(prepared, sql);
        if (refusal != null) return readOnly(refusal);
        return answer.run(rc.conn, request);
    }

    private static final String SEND_AS_WRITE = ": a read outside the log runs only read-only queries (SELECT, TABLE, "
            + "VALUES, WITH, EXPLAIN, SHOW, CALL); send it as a write";

    /** Why H2's parse of the statement is not a read-only query; null if it is one. */
    private static String refusal(Prepared p, String sql) {
        if (!p.isQuery()) return statementKind(p) + " is not a query" + SEND_AS_WRITE;
        String writes = StatementGuard.writeConstruct(StatementGuard.tokens(sql));
        if (writes != null) {
            return "a read outside the log may not use " + writes + ": it would change this replica's state (or lock rows) "
                    + "apart from the other replicas; send it as a write";
        }
        if (p instanceof Query q && q.getForUpdate() != null) return "FOR UPDATE locks rows; a read outside the log takes no locks";
        if (!p.isReadOnly()) {
            return "this " + statementKind(p) + " is not read-only: H2 finds a function in it that changes data or state"
                    + SEND_AS_WRITE;
        }
        return null;
    }

    /** H2's name for a statement, in words: {@code CreateTable} becomes "CREATE TABLE". */
    static String statementKind(Prepared p) {
        String name = p.getClass().getSimpleName();
        StringBuilder b = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (i > 0 && Character.isUpperCase(c)) b.append(' ');
            b.append(Character.toUpperCase(c));
        }
        return b.toString();
    }

    private static ExecResult.Failure readOnly(String message) {
        return new ExecResult.Failure(SQLSTATE_READ_ONLY, 0, message);
    }

    /**
     * Gives the connection, new or already in {@code wanted}, the session state {@code wanted},
     * inside the read's transaction (these settings do not end it), and checks that H2 reports
     * that state back.
     */
    private static ExecResult.Failure restoreState(ReadConnection rc, long clientId, byte[] wanted) {
        if (Arrays.equals(rc.state, wanted)) return null;
        rc.state = null; // unknown until checked
        List<String> commands = H2StateMachine.decodeState(wanted);
        try {
            try (Statement s = rc.conn.createStatement()) {
                for (String command : commands) s.execute(command);
            }
            byte[] now = H2StateMachine.readSessionState(rc.conn);
            if (!Arrays.equals(now, wanted)) {
                return new ExecResult.Failure("HY000", 0, "the state of client session " + clientId + " " + commands
                        + " could not be restored for a read");
            }
            rc.state = now;
            return null;
        } catch (SQLException e) {
            return H2StateMachine.failure(e);
        }
    }


    /** How a read answers once its connection holds the snapshot and the session's state. */
    private interface Answer {
        ExecResult run(Connection conn, ClientRequest.Execute request);

        /** True while the answer keeps an H2 result open on the connection (its transaction must stay). */
        default boolean holdsResult() { return false; }

        /** The rows that remain after the answer, or null. */
        default ResultCursor remainingRows() { return null; }

        /** The attempt is dropped: free what it holds. */
        default void discard() {}
    }

    /** Prepares the statement as apply does: parameters and maxRows. */
    private static PreparedStatement prepare(Connection conn, ClientRequest.Execute request) throws SQLException {
        PreparedStatement ps = conn.prepareStatement(request.sql());
        try {
            List<SqlValue> params = request.params();
            for (int i = 0; i < params.size(); i++) JdbcValues.bind(ps, i + 1, params.get(i));
            ps.setMaxRows(request.maxRows());
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    /** The whole result at once, within the result size limit, and the timeout. */
    private final class WholeResult implements Answer {
        private final int timeoutSeconds;

        WholeResult(int timeoutSeconds) {
            this.timeoutSeconds = timeoutSeconds;
        }

        @Override
        public ExecResult run(Connection conn, ClientRequest.Execute request) {
            ExecResult result;
            try (PreparedStatement ps = prepare(conn, request)) {
                ps.setQueryTimeout(timeoutSeconds); // H2 keeps it per connection: always set
                try (ResultSet rs = ps.executeQuery()) {
                    result = sm.readRows(rs);
                }
            } catch (SQLException e) {
                return H2StateMachine.failure(e);
            } catch (H2StateMachine.ResultTooLarge e) {
                return sm.tooLarge();
            }
            try {
                PayloadCodec.encode(result, maxResultBytes);
            } catch (PayloadCodec.TooLargeException e) {
                return sm.tooLarge();
            }
            return result;
        }
    }

    /** The first page; the rest stays open in a cursor. */
    private final class FirstPage implements Answer {
        private final int fetchSize;
        private final int maxPageBytes;
        private ResultCursor open;

        FirstPage(int fetchSize, int maxPageBytes) {
            this.fetchSize = fetchSize;
            this.maxPageBytes = maxPageBytes;
        }

        @Override
        public ExecResult run(Connection conn, ClientRequest.Execute request) {
            ResultCursor cursor;
            try {
                PreparedStatement ps = prepare(conn, request);
                try {
                    ps.setQueryTimeout(0); // a cursor's query runs fetch by fetch; the idle limit bounds it
                    cursor = new ResultCursor(ps, ps.executeQuery(), catalogEpoch.get(), catalogEpoch::get, maxPageBytes);
                } catch (SQLException | RuntimeException e) {
                    ps.close();
                    throw e;
                }
            } catch (SQLException e) {
                return H2StateMachine.failure(e);
            }
            ExecResult page = cursor.next(fetchSize);
            if (!cursor.exhausted()) open = cursor;
            return page;
        }

        @Override
        public boolean holdsResult() { return open != null; }

        @Override
        public ResultCursor remainingRows() { return open; }

        @Override
        public void discard() {
            if (open != null) open.close();
            open = null;
        }
    }
}
