package paxosql.replica.node;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paxosql.consensus.core.Command;
import paxosql.consensus.loop.NodeLoop;
import paxosql.driver.protocol.ClientRequest;
import paxosql.driver.protocol.ExecResult;
import paxosql.driver.protocol.MalformedPayloadException;
import paxosql.driver.protocol.PayloadCodec;
import paxosql.replica.server.ClientServer;
import paxosql.replica.server.ClientService;
import paxosql.replica.state.Applied;
import paxosql.replica.state.H2StateMachine;

import paxosql.replica.state.ReadResult;
import paxosql.replica.state.ResultCursor;

import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Where client requests meet the node: commands go into the log through the
 * {@link NodeLoop} (a follower forwards them to the leader), results come back from the
 * state machine on every replica that executes them and go to whichever connections of
 * that client this replica holds — the first replica to execute answers (DESIGN.md §
 * Replica, § Driver).
 */
final class ClientGateway implements ClientService {
    private static final Logger LOG = LoggerFactory.getLogger(ClientGateway.class);

    private final int self;
    private final NodeLoop loop;
    private final Supplier<H2StateMachine> state;
    private final Supplier<byte[]> status;
    private final Supplier<Optional<SnapshotSource>> snapshots;
    private final DivergenceDetector divergence;
    private volatile ClientServer server;
    private static final Duration READ_WAIT = Duration.ofSeconds(5);
    private final ExecutorService readers;
    private final ReadBarrier barrier;
    private final java.util.concurrent.ScheduledExecutorService barrierRetries;
    /** A read barrier not applied after this long is proposed again (lost in a leader change). */
    private static final Duration BARRIER_RETRY = Duration.ofSeconds(1);

    ClientGateway(int self, NodeLoop loop, Supplier<H2StateMachine> state, Supplier<byte[]> status,
                  Supplier<Optional<SnapshotSource>> snapshots, DivergenceDetector divergence) {
        this.divergence = divergence;
        this.readers = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "paxosql-reads-" + self);
            t.setDaemon(true);
            return t;
        });
        this.self = self;
        this.loop = loop;
        this.barrier = new ReadBarrier(self, loop::submit, System::nanoTime, BARRIER_RETRY.toNanos(),
                System.currentTimeMillis() * 1_000);
        this.barrierRetries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "paxosql-barriers-" + self);
            t.setDaemon(true);
            return t;
        });
        barrierRetries.scheduleWithFixedDelay(barrier::retryIfStale, 200, 200, TimeUnit.MILLISECONDS);
        this.state = state;
        this.status = status;
        this.snapshots = snapshots;
    }

    void attach(ClientServer server) { this.server = server; }

    /** Sends the results of one applied decision to the clients connected here. Loop thread. */
    void deliver(long instance, List<Applied> applied) {
        for (Applied a : applied) barrier.applied(a.command(), instance);
        ClientServer s = server;
        if (s == null) return;
        for (Applied a : applied) {
            Command c = a.command();
            // Encoding costs; most results on most replicas have nobody to go to.
            if (s.connectionsOf(c.clientId()) > 0) s.deliver(c.clientId(), c.sequence(), instance, PayloadCodec.encode(a.result()));
        }
    }

    @Override
    public boolean authenticate(String user, String password) {
        H2StateMachine sm = state.get();
        return sm != null && sm.authenticate(user, password);
    }

    @Override
    public boolean isAdmin(String user) {
        H2StateMachine sm = state.get();
        return sm != null && sm.isAdmin(user);
    }

    @Override
    public void submit(long clientId, String user, long sequence, byte[] payload) {
        ClientServer s = server;
        H2StateMachine sm = state.get();
        if (sm == null) { // a witness keeps no state and takes no commands
            s.notLeader(clientId, sequence, loop.status().leaderId() == null ? -1 : loop.status().leaderId());
            return;
        }
        Optional<ExecResult> stored = sm.storedResult(clientId, sequence);
        if (stored.isPresent()) { // a resend of a command already applied here: answer, never propose again
            s.deliver(clientId, sequence, sm.appliedUpTo(), PayloadCodec.encode(stored.get()));
            return;
        }
        // The I/O thread reads only the header: the state machine decodes (and, if malformed,
        // refuses identically on every replica) what is passed on. Only an OpenSession is
        // decoded here, to check that it names the authenticated user.
        Class<? extends ClientRequest> kind = PayloadCodec.requestKind(payload);
        if (kind == null) {
            s.deliver(clientId, sequence, 0, PayloadCodec.encode(new ExecResult.Failure("08P01", 0, "malformed request: not a request header")));
            return;
        }
        if (clientId <= ClientRequest.SYSTEM_CLIENT || kind == ClientRequest.ExpireIdleSessions.class
                || kind == ClientRequest.StampedExecute.class || kind == ClientRequest.Barrier.class) {
            s.deliver(clientId, sequence, 0, PayloadCodec.encode(new ExecResult.Failure("42501", 0,
                    "client ids below 1, session expiry, stamps and read barriers belong to the group itself")));
            return;
        }
        if (kind == ClientRequest.Execute.class) {
            // The stamp a statement's time and random values come from (DESIGN.md § SQL front end).
            long millis = Math.max(System.currentTimeMillis(), sm.clock());
            payload = PayloadCodec.stamp(payload, millis, ThreadLocalRandom.current().nextLong());
        }
        if (kind == ClientRequest.OpenSession.class) {
            String named;
            try {
                named = ((ClientRequest.OpenSession) PayloadCodec.decodeRequest(payload)).user();
            } catch (MalformedPayloadException e) {
                s.deliver(clientId, sequence, 0, PayloadCodec.encode(new ExecResult.Failure("08P01", 0, "malformed request: " + e.getMessage())));
                return;
            }
            if (!sameUser(named, user)) {
                s.deliver(clientId, sequence, 0, PayloadCodec.encode(new ExecResult.Failure("28000", 0,
                        "a connection authenticated as " + user + " cannot open a session for " + named)));
                return;
            }
        }
        loop.submit(new Command(clientId, sequence, payload));
    }

    /** H2 user names are upper-cased, quoted or not. */
    private static boolean sameUser(String a, String b) {
        return a.toUpperCase(Locale.ROOT).equals(b.toUpperCase(Locale.ROOT));
    }

    /**
     * A read against this replica's own state ({@code stale} and {@code session} reads,
     * learners): waits, boundedly, until the state has applied {@code minApplied} (the
     * client's last write, for read-your-writes), then runs the query on a view of the
     * state. A replica that found itself diverged serves no reads.
     */
    @Override
    public CompletableFuture<ReadReply> read(long clientId, String user, byte[] payload, long minApplied) {
        return read(clientId, user, payload, minApplied, 0);
    }

    /** With a {@code fetchSize}, the first page; the rest stays in a cursor on this replica's state. */
    @Override
    public CompletableFuture<ReadReply> read(long clientId, String user, byte[] payload, long minApplied, int fetchSize) {
        return read(clientId, user, payload, minApplied, fetchSize, false);
    }

    /** {@code afterBarrier}: first a read barrier through the log ({@link ReadBarrier}), then the read at or after it. */
    @Override
    public CompletableFuture<ReadReply> read(long clientId, String user, byte[] payload, long minApplied, int fetchSize,
                                             boolean afterBarrier) {
        if (!afterBarrier) return readAt(clientId, payload, minApplied, fetchSize);
        if (state.get() == null) return readAt(clientId, payload, minApplied, fetchSize); // a witness: refused there
        return barrier.await().orTimeout(READ_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionally(e -> {
                    throw new CompletionException(new SQLTransientException("node " + self + " could not put a read barrier "
                            + "through the log in time (" + e + "); try another replica", "40001"));
                })
                .thenCompose(instance -> readAt(clientId, payload, Math.max(minApplied, instance), fetchSize));
    }

    private CompletableFuture<ReadReply> readAt(long clientId, byte[] payload, long minApplied, int fetchSize) {
        return CompletableFuture.supplyAsync(() -> {
            H2StateMachine sm = state.get();
            if (sm == null) throw new CompletionException(new SQLException("node " + self + " is a witness: it keeps no data", "55000"));
            if (divergence.hasDiverged()) {
                throw new CompletionException(new SQLException("node " + self + " has diverged from its group and serves no reads: "
                        + divergence.diverged(), "55000"));
            }
            long deadline = System.nanoTime() + READ_WAIT.toNanos();
            while (sm.appliedUpTo() < minApplied) {
                if (System.nanoTime() > deadline) {
                    throw new CompletionException(new SQLTransientException("node " + self + " has applied up to " + sm.appliedUpTo()
                            + ", not yet " + minApplied + "; try another replica", "40001"));
                }
                LockSupport.parkNanos(100_000);
                sm = state.get();
            }
            ClientRequest request;
            try {
                request = PayloadCodec.decodeRequest(payload);
            } catch (MalformedPayloadException e) {
                throw new CompletionException(new SQLException("malformed read request: " + e.getMessage(), "08P01"));
            }
            if (!(request instanceof ClientRequest.Execute execute)) {
                throw new CompletionException(new SQLException("a read must be a query", "25006"));
            }
            if (fetchSize <= 0) {
                ReadResult r = sm.read(clientId, execute);
                return new ReadReply(Math.max(0, r.appliedAt()), PayloadCodec.encode(r.result()));
            }
            H2StateMachine.PagedRead r = sm.readPaged(clientId, execute, fetchSize, ResultCursor.DEFAULT_MAX_PAGE_BYTES);
            return new ReadReply(Math.max(0, r.first().appliedAt()), PayloadCodec.encode(r.first().result()),
                    r.cursor() == null ? null : new PagedCursor(r.cursor()));
        }, readers);
    }

    /** A state cursor for the server: pages on the read threads, so that neither fetch nor close blocks an I/O thread. */
    private final class PagedCursor implements RowCursor {
        private final ResultCursor cursor;

        PagedCursor(ResultCursor cursor) {
            this.cursor = cursor;
        }

        @Override
        public CompletableFuture<Page> next(int maxRows) {
            return CompletableFuture.supplyAsync(() -> {
                ExecResult rows = cursor.next(maxRows);
                return new Page(PayloadCodec.encode(rows), cursor.exhausted());
            }, readers);
        }

        @Override
        public void close() {
            try {
                readers.execute(cursor::close);
            } catch (RejectedExecutionException e) { // the node is closing; so is its state
                cursor.close();
            }
        }
    }

    @Override
    public byte[] status() { return status.get(); }

    @Override
    public Optional<SnapshotSource> snapshots() { return snapshots.get(); }

    @Override
    public OptionalInt leaderId() {
        Integer l = loop.status().leaderId();
        return l == null ? OptionalInt.empty() : OptionalInt.of(l);
    }

    void close() {
        barrierRetries.shutdownNow();
        barrier.close(new SQLTransientException("node " + self + " is closing", "08006"));
        readers.shutdownNow();
    }

    @Override
    public void sessionClosed(long clientId) {
        LOG.debug("node {}: the last connection of client {} closed", self, clientId);
    }
}
