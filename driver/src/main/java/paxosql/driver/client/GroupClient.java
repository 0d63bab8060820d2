package paxosql.driver.client;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paxosql.driver.protocol.ClientRequest;
import paxosql.driver.protocol.ExecResult;
import paxosql.driver.protocol.PayloadCodec;
import paxosql.driver.protocol.SqlValue;
import paxosql.driver.wire.CancelToken;
import paxosql.driver.wire.Credentials;
import paxosql.driver.wire.ReplicaConnection;
import paxosql.driver.wire.SqlStates;
import paxosql.driver.wire.TlsSettings;
import paxosql.driver.wire.WireMessage;

import java.security.SecureRandom;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One client session with a replica group (DESIGN.md § Driver): connected to every
 * replica it can reach, all under one client id, so the first replica that executes a
 * command answers (the fast path). Each command carries {@code (clientId, sequence)}; when
 * no answer comes within {@code resendAfter}, or the replica it was sent to goes away,
 * the same {@code (clientId, sequence)} is sent again to another replica — the replicated
 * session table makes that exactly-once. After {@code requestTimeout} without an answer
 * the call fails: with SQLState {@code 08007} (outcome unknown) once the command may have
 * reached a replica, {@code 08006} when no replica could be reached at all.
 *
 * <p>Thread safety: one command at a time ({@link #execute} is synchronized), as a JDBC
 * connection runs one statement at a time.
 */
public final class GroupClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupClient.class);
    private static final SecureRandom IDS = new SecureRandom();

    /**
     * @param connectTimeout per replica, for TCP and the handshake
     * @param requestTimeout the longest a command may wait for its answer, resends included
     * @param resendAfter    how long to wait for an answer before sending the command again elsewhere
     * @param tls            TLS to every replica, or null for none (the default); the group's
     *                       client ports must match
     */
    public record Options(Duration connectTimeout, Duration requestTimeout, Duration resendAfter, TlsSettings tls, Duration keepAlive) {
        public Options(Duration connectTimeout, Duration requestTimeout, Duration resendAfter) {
            this(connectTimeout, requestTimeout, resendAfter, null, DEFAULT_KEEP_ALIVE);
        }

        /** 5 s to connect, 30 s per request, resend after 500 ms, no TLS, keep-alive after 60 s. */
        public static Options defaults() {
            return new Options(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMillis(500));
        }

        /** The same options with TLS to every replica ({@code null}: none). */
        public Options withTls(TlsSettings settings) {
            return new Options(connectTimeout, requestTimeout, resendAfter, settings, keepAlive);
        }

        /**
         * The same options with another keep-alive: a session that has sent nothing through the
         * log for this long sends a no-op before its next read from a replica's state, since
         * replicas close sessions idle by the log's clock ({@code serve --session-idle-seconds},
         * 30 minutes by default): keep it well below that.
         */
        public Options withKeepAlive(Duration every) {
            return new Options(connectTimeout, requestTimeout, resendAfter, tls, every);
        }
    }

    static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(60);

    /** A host and client port, as given in a URL. */
    public record Address(String host, int port) {
        @Override public String toString() { return host + ":" + port; }
    }

    private final long clientId = IDS.nextLong() & Long.MAX_VALUE;
    private final Credentials credentials;
    private final Options options;
    private final List<Address> addresses = new ArrayList<>();
    private final Map<Address, ReplicaConnection> connections = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<WireMessage.Result>> waiting = new ConcurrentHashMap<>();
    /** The highest instance a replica reported having applied with one of this session's results. */
    private volatile long lastApplied;
    /**
     * The replica whose answer to a command came first: it has applied that command, so a read
     * of the session's writes (or after a barrier) does not wait there — the leader may learn
     * the command is chosen only after the followers executed it.
     */
    private volatile ReplicaConnection answeredBy;
    private final ReplicaConnection.Listener listener = new ReplicaConnection.Listener() {
        @Override
        public void onResult(ReplicaConnection from, WireMessage.Result result) {
            if (result.leaderId() > 0) leaderId = result.leaderId(); // the leader may have changed without a word to us
            CompletableFuture<WireMessage.Result> f = waiting.get(result.sequence());
            if (f != null && !f.isDone()) {
                answeredBy = from; // before the waiting thread can see the answer
                f.complete(result);
            }
        }

        @Override
        public void onNotLeader(ReplicaConnection from, WireMessage.NotLeader notLeader) {
            if (notLeader.leaderId() > 0) leaderId = notLeader.leaderId();
        }

        @Override
        public void onClosed(ReplicaConnection from, SQLException cause) {
            connections.values().remove(from);
        }
    };
    private volatile int leaderId = -1;
    /** When this session last sent a command through the log (which keeps it from expiring as idle). */
    private volatile long lastThroughLog = System.nanoTime();
    private final Map<Integer, Address> memberAddresses = new ConcurrentHashMap<>();
    private long sequence;
    private boolean closed;

    private GroupClient(Credentials credentials, Options options) {
        this.credentials = credentials;
        this.options = options;
    }

    /**
     * Connects to the group through any of {@code seeds} (they need not all be up, nor
     * include the leader), learns its members from the first that answers, connects to the
     * others, and opens the session as {@code user}.
     *
     * @throws SQLException {@code 08001} when no seed answers; the replica's SQLState when it
     *                      refuses ({@code 28P01} wrong password, ...) or the session cannot be opened
     */
    public static GroupClient connect(List<Address> seeds, String user, String password, Options options) throws SQLException {
        if (seeds.isEmpty()) throw new SQLNonTransientConnectionException("no replica addresses given", SqlStates.UNABLE_TO_CONNECT);
        GroupClient client = new GroupClient(new Credentials.Password(user, password), options);
        SQLException last = null;
        for (Address a : seeds) {
            try {
                ReplicaConnection c = client.open(a);
                client.learnMembers(c.welcome());
                break;
            } catch (SQLException e) {
                if (!e.getSQLState().startsWith("08")) {
                    client.close();
                    throw e; // refused for a reason another replica would give too (password, ...)
                }
                last = e;
            }
        }
        if (client.connections.isEmpty()) {
            client.close();
            SQLException e = new SQLNonTransientConnectionException("no replica of " + seeds + " could be reached", SqlStates.UNABLE_TO_CONNECT);
            if (last != null) e.initCause(last);
            throw e;
        }
        for (Address a : client.addresses) client.tryOpen(a);
        ExecResult opened = client.execute(new ClientRequest.OpenSession(user));
        if (opened instanceof ExecResult.Failure f) {
            client.closeConnections();
            throw new SQLNonTransientConnectionException("cannot open a session: " + f.message(), f.sqlState(), f.vendorCode());
        }
        return client;
    }

    private void learnMembers(WireMessage.Welcome w) {
        if (w.leaderId() > 0) leaderId = w.leaderId();
        for (WireMessage.MemberAddress m : w.members()) {
            if ("witness".equalsIgnoreCase(m.role())) continue; // keeps no state and answers no clients
            Address a = new Address(m.host(), m.port());
            memberAddresses.put(m.nodeId(), a);
            if (!addresses.contains(a)) addresses.add(a);
        }
    }

    private ReplicaConnection open(Address a) throws SQLException {
        ReplicaConnection existing = connections.get(a);
        if (existing != null && existing.isOpen()) return existing;
        ReplicaConnection c = ReplicaConnection.connect(a.host(), a.port(), credentials, options.tls(), clientId, options.connectTimeout(),
                listener);
        connections.put(a, c);
        if (!addresses.contains(a)) addresses.add(a);
        memberAddresses.put(c.nodeId(), a);
        if (c.welcome().leaderId() > 0) leaderId = c.welcome().leaderId();
        return c;
    }

    private ReplicaConnection tryOpen(Address a) {
        try {
            return open(a);
        } catch (SQLException e) {
            LOG.debug("client {}: {} unreachable: {}", clientId, a, e.getMessage());
            return null;
        }
    }

    /** Runs one statement through the log, exactly once. */
    public ExecResult execute(String sql, SqlValue... params) throws SQLException {
        return execute(new ClientRequest.Execute(sql, params));
    }

    /**
     * Sends one request through the log and waits for its result, resending the same
     * {@code (clientId, sequence)} as needed (see the class comment).
     */
    public ExecResult execute(ClientRequest request) throws SQLException {
        return execute(request, options.requestTimeout());
    }

    /**
     * {@link #execute(ClientRequest)}, waiting at most {@code timeout} (and never longer than
     * the request timeout) for the result: a JDBC query timeout. Only the wait is bounded;
     * the request, once sent, may still be applied ({@code 08007}).
     */
    public ExecResult execute(ClientRequest request, Duration timeout) throws SQLException {
        return execute(request, timeout, CancelToken.NONE);
    }

    /**
     * {@link #execute(ClientRequest, Duration)} whose wait {@code cancel} ends: a command that
     * may have been sent then fails with {@code 08007} (outcome unknown), a {@link ClientRequest.Sync}
     * (which changes nothing) with {@code 57014}, as it does when it times out.
     */
    public synchronized ExecResult execute(ClientRequest request, Duration timeout, CancelToken cancel) throws SQLException {
        Duration limit = waitLimit(timeout);
        if (closed) throw new SQLNonTransientConnectionException("the connection is closed", SqlStates.CONNECTION_DOES_NOT_EXIST);
        byte[] payload = encode(request);
        long seq = ++sequence;
        lastThroughLog = System.nanoTime();
        CompletableFuture<WireMessage.Result> answer = new CompletableFuture<>();
        waiting.put(seq, answer);
        try {
            long deadline = System.nanoTime() + limit.toNanos();
            boolean sentOnce = false;
            int attempt = 0;
            while (System.nanoTime() < deadline) {
                ReplicaConnection target = target(attempt++);
                if (target != null) {
                    try {
                        target.submit(seq, payload);
                        sentOnce = true;
                    } catch (SQLException e) {
                        LOG.debug("client {}: submit #{} to {} failed: {}", clientId, seq, target.address(), e.getMessage());
                    }
                }
                long wait = Math.min(options.resendAfter().toNanos(), deadline - System.nanoTime());
                try {
                    WireMessage.Result result = cancel.await(answer, wait);
                    lastApplied = Math.max(lastApplied, result.appliedAt());
                    return PayloadCodec.decodeResult(result.payload());
                } catch (TimeoutException e) {
                    // no answer yet: send again, to the leader if one is known by now, else to the next replica
                } catch (ExecutionException e) {
                    throw new SQLTransientConnectionException("internal error: " + e.getCause(), SqlStates.INTERNAL_ERROR, e.getCause());
                } catch (CancellationException e) {
                    if (request instanceof ClientRequest.Sync) throw queryCanceled("canceled");
                    throw outcomeUnknown(seq, sentOnce, "canceled");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw outcomeUnknown(seq, sentOnce, "interrupted");
                }
            }
            if (request instanceof ClientRequest.Sync) throw queryTimedOut(limit);
            throw outcomeUnknown(seq, sentOnce, "no answer within " + limit.toMillis() + " ms");
        } finally {
            waiting.remove(seq);
        }
    }

    /** {@code timeout}, unless it is unset (0) or longer than the request timeout. */
    private Duration waitLimit(Duration timeout) {
        return timeout.isNegative() || timeout.isZero() || timeout.compareTo(options.requestTimeout()) > 0
                ? options.requestTimeout() : timeout;
    }

    private static SQLException queryCanceled(String why) {
        return new SQLException("the query was " + why, SqlStates.QUERY_CANCELED);
    }

    private static SQLTimeoutException queryTimedOut(Duration limit) {
        return new SQLTimeoutException("the query got no answer within " + limit.toMillis() + " ms", SqlStates.QUERY_CANCELED);
    }

    private SQLException outcomeUnknown(long seq, boolean sent, String why) {
        if (!sent) {
            return new SQLTransientConnectionException("no replica of the group could be reached (" + why + ")", SqlStates.CONNECTION_FAILURE);
        }
        return new SQLTransientConnectionException("the outcome of command #" + seq + " is unknown: " + why
                + "; it may or may not have been applied", SqlStates.OUTCOME_UNKNOWN);
    }

    /** The leader when known and reachable; otherwise the replicas in turn, reconnecting as needed. */
    private ReplicaConnection target(int attempt) {
        Address leader = memberAddresses.get(leaderId);
        if (leader != null && attempt % 2 == 0) {
            ReplicaConnection c = tryOpen(leader);
            if (c != null) return c;
        }
        if (addresses.isEmpty()) return null;
        for (int i = 0; i < addresses.size(); i++) {
            ReplicaConnection c = tryOpen(addresses.get((attempt + i) % addresses.size()));
            if (c != null) return c;
        }
        return null;
    }

    /**
     * Runs a query against one replica's own state, not through the log: it may be stale
     * (a {@code stale} read; learners serve these too). The session must be open.
     *
     * @param nodeId the member to read from
     * @return the result and the applied instance it was computed at
     */
    public ReadResult readFrom(int nodeId, String sql, SqlValue... params) throws SQLException {
        return readFrom(nodeId, new ClientRequest.Execute(sql, params), WireMessage.WHOLE_RESULT, Duration.ZERO, CancelToken.NONE);
    }

    /**
     * {@link #readFrom(int, String, SqlValue...)} answering at most {@code fetchSize} rows at
     * first ({@link WireMessage#WHOLE_RESULT}: all), the rest through {@link ReadResult#rest()}.
     *
     * @param timeout the longest to wait for each answer; zero: the request timeout
     */
    public ReadResult readFrom(int nodeId, ClientRequest.Execute query, int fetchSize, Duration timeout, CancelToken cancel)
            throws SQLException {
        return readFrom(nodeId, query, fetchSize, false, timeout, cancel);
    }

    /**
     * A read from replica {@code nodeId}; with {@code afterBarrier} a linearizable one (see
     * {@link #readLinearizable}), served by that replica whatever its role.
     */
    public ReadResult readFrom(int nodeId, ClientRequest.Execute query, int fetchSize, boolean afterBarrier, Duration timeout,
                               CancelToken cancel) throws SQLException {
        Address a = memberAddresses.get(nodeId);
        if (a == null) throw new SQLNonTransientConnectionException("no replica with id " + nodeId + " is known", SqlStates.UNABLE_TO_CONNECT);
        return read(open(a), query, 0, fetchSize, afterBarrier, waitLimit(timeout), cancel);
    }

    /**
     * A {@code session} read: runs a query against one replica's own state (the leader's
     * when known, else any connected one), once that replica has applied everything this
     * session's writes were answered at — read-your-writes and monotonic reads, without a
     * trip through the log.
     */
    public ReadResult readSession(String sql, SqlValue... params) throws SQLException {
        return readSession(new ClientRequest.Execute(sql, params), WireMessage.WHOLE_RESULT, Duration.ZERO, CancelToken.NONE);
    }

    /**
     * {@link #readSession(String, SqlValue...)} answering at most {@code fetchSize} rows at
     * first, the rest through {@link ReadResult#rest()}. Replicas that are gone or behind are
     * skipped until {@code timeout} (zero: the request timeout) has passed; then it fails with
     * {@code 57014}.
     */
    public ReadResult readSession(ClientRequest.Execute query, int fetchSize, Duration timeout, CancelToken cancel) throws SQLException {
        return readState(query, fetchSize, false, timeout, cancel);
    }

    /**
     * A {@code linearizable} read in one round trip: the replica puts a read barrier through
     * the log and runs the query once it has applied it, so the result reflects every write
     * acknowledged before the read began. Otherwise as {@link #readSession}.
     */
    public ReadResult readLinearizable(ClientRequest.Execute query, int fetchSize, Duration timeout, CancelToken cancel)
            throws SQLException {
        return readState(query, fetchSize, true, timeout, cancel);
    }

    private ReadResult readState(ClientRequest.Execute query, int fetchSize, boolean afterBarrier, Duration timeout, CancelToken cancel)
            throws SQLException {
        Duration limit = waitLimit(timeout);
        long deadline = System.nanoTime() + limit.toNanos();
        SQLException last = null;
        ReplicaConnection first = answeredBy;
        for (int attempt = 0; attempt < Math.max(1, addresses.size()); attempt++) {
            long left = deadline - System.nanoTime();
            if (left <= 0) break;
            ReplicaConnection c = attempt == 0 && first != null && first.isOpen() ? first : target(attempt);
            if (c == null) break;
            try {
                return read(c, query, lastApplied, fetchSize, afterBarrier, Duration.ofNanos(left), cancel);
            } catch (SQLException e) {
                if (!e.getSQLState().startsWith("08") && !"40001".equals(e.getSQLState()) && !"55000".equals(e.getSQLState())) throw e;
                last = e; // that replica is gone, behind or diverged: try another
            }
        }
        if (last instanceof SQLTimeoutException || System.nanoTime() - deadline >= 0) {
            SQLTimeoutException e = queryTimedOut(limit);
            if (last != null) e.initCause(last);
            throw e;
        }
        throw last != null ? last : new SQLTransientConnectionException("no replica of the group could be reached", SqlStates.CONNECTION_FAILURE);
    }

    /** A request's bytes; a statement with parameters too large to send fails as a program limit (54000), nothing sent. */
    private static byte[] encode(ClientRequest request) throws SQLException {
        try {
            return PayloadCodec.encode(request);
        } catch (PayloadCodec.TooLargeException e) {
            throw new SQLException("the statement and its parameters exceed the request limit of " + e.limit()
                    + " bytes; nothing was sent", "54000");
        }
    }

    private ReadResult read(ReplicaConnection c, ClientRequest.Execute query, long minApplied, int fetchSize, boolean afterBarrier,
                            Duration timeout, CancelToken cancel) throws SQLException {
        if (System.nanoTime() - lastThroughLog > options.keepAlive().toNanos()) {
            // Sessions expire through the log: one that only reads from replicas' states must show it is alive.
            sync(timeout, cancel);
        }
        WireMessage.ReadResult r = c.read(encode(query), minApplied, fetchSize, afterBarrier, timeout, cancel);
        lastApplied = Math.max(lastApplied, r.applied());
        RemoteCursor rest = r.cursorId() == WireMessage.NO_CURSOR ? null : new RemoteCursor(c, r.cursorId(), fetchSize, timeout, cancel);
        return new ReadResult(r.applied(), PayloadCodec.decodeResult(r.payload()), rest);
    }

    /**
     * A linearizable read's barrier: a no-op through the log, after which this session's
     * {@link #lastApplied()} is at or past every command acknowledged to anyone before it
     * was sent; a {@link #readSession} that follows is linearizable.
     *
     * @throws SQLException {@code 57014} when canceled or timed out
     */
    public void sync(Duration timeout, CancelToken cancel) throws SQLException {
        ExecResult r = execute(new ClientRequest.Sync(), timeout, cancel);
        if (r instanceof ExecResult.Failure f) throw new SQLException(f.message(), f.sqlState(), f.vendorCode());
    }

    /** The ids of the group's members this client knows (witnesses excluded): where {@link #readFrom} can read. */
    public List<Integer> memberIds() {
        return List.copyOf(memberAddresses.keySet());
    }

    /** The highest instance this session's results and reads were answered at. */
    public long lastApplied() { return lastApplied; }

    /**
     * A local read's result (or its first page) and the applied instance of the replica's
     * state it came from; {@code rest} holds the rows still on the replica, or is null.
     */
    public record ReadResult(long applied, ExecResult result, RemoteCursor rest) {}

    public long clientId() { return clientId; }

    /** Replicas this client is connected to right now. */
    public int connectedReplicas() {
        int n = 0;
        for (ReplicaConnection c : connections.values()) if (c.isOpen()) n++;
        return n;
    }

    /** Closes the session through the log (best effort, briefly) and every connection. */
    @Override
    public synchronized void close() {
        if (closed) return;
        if (!connections.isEmpty() && sequence > 0) {
            try {
                byte[] payload = PayloadCodec.encode(new ClientRequest.CloseSession());
                long seq = ++sequence;
                ReplicaConnection t = target(0);
                if (t != null) t.submit(seq, payload);
            } catch (SQLException | RuntimeException e) {
                LOG.debug("client {}: closing the session: {}", clientId, e.getMessage());
            }
        }
        closed = true;
        closeConnections();
    }

    private void closeConnections() {
        for (ReplicaConnection c : List.copyOf(connections.values())) c.close();
        connections.clear();
    }
}
