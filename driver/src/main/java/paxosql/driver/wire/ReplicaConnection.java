package paxosql.driver.wire;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paxosql.driver.wire.WireMessage.Challenge;
import paxosql.driver.wire.WireMessage.Hello;
import paxosql.driver.wire.WireMessage.NotLeader;
import paxosql.driver.wire.WireMessage.Refused;
import paxosql.driver.wire.WireMessage.Reply;
import paxosql.driver.wire.WireMessage.RequestFailed;
import paxosql.driver.wire.WireMessage.Result;
import paxosql.driver.wire.WireMessage.Welcome;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client's connection to the client port of ONE replica (see {@link WireProtocol}).
 * A client that talks to a group holds one per replica, all with the same client id, and
 * takes each command's {@link Result} from whichever replica sends it first.
 *
 * <p><b>Threads.</b> Each connection owns one I/O thread, released by {@link #close()}.
 * {@link #submit} may be called from any thread, never blocks and keeps the order of calls
 * made by one thread. The request methods ({@link #read}, {@link #status},
 * {@link #snapshotManifest}, {@link #snapshotChunk}) may be called from any thread but the
 * I/O thread (they block until the reply or the timeout and would wait for themselves):
 * they throw {@link IllegalStateException} there. Any number of requests may be
 * outstanding at once; replies are matched by correlation id.
 *
 * <p><b>Listener.</b> Results, not-leader notices and the end of the connection are
 * reported to the {@link Listener} on the I/O thread, in arrival order.
 *
 * <p><b>Errors</b> are {@link SQLException}s with the SQLStates of {@link SqlStates}: the
 * replica's own on refusal ({@code 28P01} wrong password, {@code 08P01} unsupported
 * version, ...), {@code 08001} when no connection could be established, {@code 08003}
 * once closed, {@code 08006} when the connection failed or a request timed out
 * ({@link java.sql.SQLTimeoutException}).
 *
 * <p><b>TLS.</b> Given {@link TlsSettings}, the connection is TLS from its first byte: the
 * TLS handshake (certificate trusted, and naming the host unless hostname verification is
 * off) completes before the replica's challenge is read, so credentials never cross the
 * network in clear. A failed TLS handshake is {@code 08001}.
 */
public final class ReplicaConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplicaConnection.class);

    /** How long {@link #close()} waits for the I/O thread to stop. */
    private static final long CLOSE_TIMEOUT_MILLIS = 5_000;
    /** Shared by all connections: thread-safe, and its Kryo instances are worth reusing. */
    private static final WireCodec CODEC = new WireCodec();

    /**
     * Receives what a replica sends on its own. All methods run on the connection's I/O
     * thread: they must return quickly and must not call this connection's request methods.
     * An exception they throw is logged and otherwise ignored.
     */
    public interface Listener {
        /** A command's result: for this connection's client id, possibly for a command submitted elsewhere. */
        void onResult(ReplicaConnection from, Result result);

        /** The replica did not take command {@code notLeader.sequence()}. */
        default void onNotLeader(ReplicaConnection from, NotLeader notLeader) {}

        /**
         * The connection ended; called once, and only for a connection that {@link #connect}
         * returned. {@code cause} is null after {@link #close()}, otherwise it says what happened.
         */
        default void onClosed(ReplicaConnection from, SQLException cause) {}
    }

    private final String address;
    private final TlsSettings tls;
    private final long clientId;
    private final Listener listener;
    private final EventLoopGroup group;
    private final Map<Long, CompletableFuture<Reply>> pending = new ConcurrentHashMap<>();
    private final AtomicLong correlations = new AtomicLong();
    private final AtomicBoolean closeCalled = new AtomicBoolean();
    private final CompletableFuture<Welcome> handshake = new CompletableFuture<>();

    private volatile Channel channel;
    private volatile Welcome welcome;
    /** Why the connection ended; null while open and after a plain close(). */
    private volatile SQLException failure;
    private volatile boolean ended;

    private ReplicaConnection(String address, TlsSettings tls, long clientId, Listener listener, EventLoopGroup group) {
        this.address = address;
        this.tls = tls;
        this.clientId = clientId;
        this.listener = listener;
        this.group = group;
    }

    /** As {@link #connect(String, int, Credentials, TlsSettings, long, Duration, Listener)} without TLS. */
    public static ReplicaConnection connect(String host, int port, Credentials credentials, long clientId, Duration timeout,
                                            Listener listener) throws SQLException {
        return connect(host, port, credentials, null, clientId, timeout, listener);
    }

    /**
     * Connects to a replica's client port and completes the handshake.
     *
     * @param tls      TLS for this connection, or null for none (the replica's client port
     *                 must match: a TLS port refuses plaintext clients and vice versa)
     * @param timeout  for the TCP connection and the handshake together
     * @param listener receives results and the end of the connection; see {@link Listener}
     * @throws SQLException with the replica's SQLState when it refuses, {@code 08001} when it
     *                      cannot be reached, does not complete the handshake in time or
     *                      fails the TLS handshake (e.g. an untrusted certificate),
     *                      {@code 08P01} when it speaks another protocol version
     */
    public static ReplicaConnection connect(String host, int port, Credentials credentials, TlsSettings tls, long clientId,
                                            Duration timeout, Listener listener) throws SQLException {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(listener, "listener");
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
        String address = host + ":" + port;
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("paxosql-client-" + address, true),
                NioIoHandler.newFactory());
        ReplicaConnection connection = new ReplicaConnection(address, tls, clientId, listener, group);
        try {
            connection.open(host, port, credentials, timeout);
            return connection;
        } catch (SQLException | RuntimeException e) {
            connection.shutdown();
            throw e;
        }
    }

    private void open(String host, int port, Credentials credentials, Duration timeout) throws SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        WireFrameDecoder frames = new WireFrameDecoder(WireProtocol.MAX_WELCOME_FRAME_BYTES);
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())))
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(WireProtocol.MAX_FRAME_BYTES, 2 * WireProtocol.MAX_FRAME_BYTES))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (tls != null) ch.pipeline().addLast("tls", tls.newHandler(ch.alloc(), host, port, timeout.toMillis()));
                        ch.pipeline().addLast("frames", frames).addLast("client", new Handler(frames, credentials));
                    }
                });
        ChannelFuture connected = bootstrap.connect(host, port);
        channel = connected.channel();
        if (!connected.awaitUninterruptibly(remainingMillis(deadline)) || !connected.isSuccess()) {
            String why = connected.cause() == null ? "timed out after " + timeout.toMillis() + " ms" : connected.cause().getMessage();
            throw SqlStates.exception(SqlStates.UNABLE_TO_CONNECT, "cannot connect to replica at " + address + ": " + why);
        }
        try {
            welcome = handshake.get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw SqlStates.exception(SqlStates.UNABLE_TO_CONNECT, "replica at " + address + " did not complete the handshake within "
                    + timeout.toMillis() + " ms" + plaintextHint());
        } catch (ExecutionException e) {
            throw rethrown(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SqlStates.exception(SqlStates.OPERATION_CANCELED, "interrupted while connecting to " + address);
        }
    }

    /** For a plaintext client whose replica says nothing: the likeliest reason. */
    private String plaintextHint() {
        return tls == null ? " (if its client port requires TLS, connect with TLS)" : "";
    }

    private static long remainingMillis(long deadlineNanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    /** The replica's welcome: its id, the leader it knew of, every member's client address. */
    public Welcome welcome() { return welcome; }

    /** The replica's member id. */
    public int nodeId() { return welcome.nodeId(); }

    public long clientId() { return clientId; }

    /** "host:port" as given to {@link #connect}. */
    public String address() { return address; }

    /** Whether this connection uses TLS. */
    public boolean isTls() { return tls != null; }

    /** Whether the connection is still open (it can end at any time). */
    public boolean isOpen() {
        Channel ch = channel;
        return !ended && ch != null && ch.isActive();
    }

    /**
     * Sends command {@code sequence} with its encoded request. Never blocks: the result comes
     * to the {@link Listener}, from this or another replica. Resending the same sequence is
     * safe (the replicas' session table applies it once).
     *
     * @throws SQLException {@code 08003} if the connection has ended, {@code 08006} if it is
     *                      so backlogged that the replica is evidently not reading
     */
    public void submit(long sequence, byte[] payload) throws SQLException {
        Channel ch = requireOpen();
        if (!ch.isWritable()) {
            throw SqlStates.exception(SqlStates.CONNECTION_FAILURE, "replica " + describe() + " is not reading what this client sends");
        }
        ch.writeAndFlush(CODEC.frame(new WireMessage.Submit(sequence, payload)), ch.voidPromise());
    }

    /**
     * Runs a read-only query against the replica's local state once it has applied
     * instance {@code minApplied} (0: at once).
     *
     * @throws SQLException the replica's SQLState if it could not run the read, {@code 08006} on timeout
     */
    public WireMessage.ReadResult read(byte[] payload, long minApplied, Duration timeout) throws SQLException {
        return read(payload, minApplied, WireMessage.WHOLE_RESULT, timeout, CancelToken.NONE);
    }

    /**
     * {@link #read(byte[], long, Duration)} answering at most {@code fetchSize} rows at first
     * ({@link WireMessage#WHOLE_RESULT}: all); a result with a cursor id holds the rest on the
     * replica ({@link #fetch}, {@link #closeCursor}).
     *
     * @throws SQLException {@code 57014} if {@code cancel} fires first (a cursor the replica
     *                      opens for the abandoned read is closed when its answer arrives)
     */
    public WireMessage.ReadResult read(byte[] payload, long minApplied, int fetchSize, Duration timeout, CancelToken cancel)
            throws SQLException {
        return read(payload, minApplied, fetchSize, false, timeout, cancel);
    }

    /** As above; with {@code afterBarrier}, the replica first puts a read barrier through the log (a linearizable read). */
    public WireMessage.ReadResult read(byte[] payload, long minApplied, int fetchSize, boolean afterBarrier, Duration timeout,
                                       CancelToken cancel) throws SQLException {
        long c = correlations.incrementAndGet();
        return call(c, new WireMessage.Read(c, payload, minApplied, fetchSize, afterBarrier), WireMessage.ReadResult.class,
                timeout, cancel);
    }

    /** The next at most {@code maxRows} rows of cursor {@code cursorId}; {@code 24000} if the replica does not hold it. */
    public WireMessage.ReadResult fetch(long cursorId, int maxRows, Duration timeout, CancelToken cancel) throws SQLException {
        long c = correlations.incrementAndGet();
        return call(c, new WireMessage.Fetch(c, cursorId, maxRows), WireMessage.ReadResult.class, timeout, cancel);
    }

    /** Frees cursor {@code cursorId} on the replica. Never blocks or throws; nothing to do once the connection has ended. */
    public void closeCursor(long cursorId) {
        Channel ch = channel;
        if (!ended && ch != null && ch.isActive()) ch.writeAndFlush(CODEC.frame(new WireMessage.CloseCursor(cursorId)), ch.voidPromise());
    }

    /** The replica's status document (JSON). */
    public String status(Duration timeout) throws SQLException {
        long c = correlations.incrementAndGet();
        return new String(call(c, new WireMessage.StatusRequest(c), WireMessage.StatusReply.class, timeout).text(), StandardCharsets.UTF_8);
    }

    /** The manifest of the replica's latest snapshot (cluster-secret and admin sessions only: else {@code 42501}). */
    public WireMessage.SnapshotManifest snapshotManifest(Duration timeout) throws SQLException {
        long c = correlations.incrementAndGet();
        return call(c, new WireMessage.SnapshotManifestRequest(c), WireMessage.SnapshotManifest.class, timeout);
    }

    /**
     * Up to {@code maxBytes} of snapshot part {@code part} from {@code offset}, of the snapshot
     * at {@code instance} ({@code 55000} if the replica no longer offers that one).
     */
    public WireMessage.SnapshotChunk snapshotChunk(long instance, String part, long offset, int maxBytes, Duration timeout) throws SQLException {
        long c = correlations.incrementAndGet();
        return call(c, new WireMessage.SnapshotChunkRequest(c, instance, part, offset, maxBytes), WireMessage.SnapshotChunk.class, timeout);
    }

    private <T extends Reply> T call(long correlation, WireMessage.ToServer request, Class<T> expected, Duration timeout) throws SQLException {
        return call(correlation, request, expected, timeout, CancelToken.NONE);
    }

    private <T extends Reply> T call(long correlation, WireMessage.ToServer request, Class<T> expected, Duration timeout,
                                     CancelToken cancel) throws SQLException {
        if (cancel.isCanceled()) throw canceled(); // nothing new is started for a canceled statement
        Channel ch = requireOpen();
        if (ch.eventLoop().inEventLoop()) {
            throw new IllegalStateException("a request would block this connection's I/O thread; call it from another thread");
        }
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        pending.put(correlation, reply);
        if (ended) { // the connection ended between requireOpen and put: its cleanup may have missed this one
            pending.remove(correlation);
            throw closedException();
        }
        ch.writeAndFlush(CODEC.frame(request)).addListener(f -> {
            if (!f.isSuccess() && pending.remove(correlation, reply)) {
                reply.completeExceptionally(SqlStates.exception(SqlStates.CONNECTION_FAILURE,
                        "cannot send to replica " + describe() + ": " + f.cause()));
            }
        });
        Reply answer;
        try {
            answer = cancel.await(reply, timeout.toNanos());
        } catch (CancellationException e) {
            pending.remove(correlation);
            throw canceled();
        } catch (TimeoutException e) {
            pending.remove(correlation);
            throw SqlStates.timeout("replica " + describe() + " did not answer " + request.getClass().getSimpleName()
                    + " within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw rethrown(e.getCause());
        } catch (InterruptedException e) {
            pending.remove(correlation);
            Thread.currentThread().interrupt();
            throw SqlStates.exception(SqlStates.OPERATION_CANCELED, "interrupted while waiting for replica " + describe());
        }
        if (answer instanceof RequestFailed failed) throw SqlStates.exception(failed.sqlState(), failed.message());
        if (!expected.isInstance(answer)) {
            SQLException violation = SqlStates.exception(SqlStates.PROTOCOL_VIOLATION, "replica " + describe() + " answered "
                    + request.getClass().getSimpleName() + " with " + answer.getClass().getSimpleName());
            fail(violation);
            throw violation;
        }
        return expected.cast(answer);
    }

    private SQLException canceled() {
        return SqlStates.exception(SqlStates.QUERY_CANCELED, "canceled while waiting for replica " + describe());
    }

    private Channel requireOpen() throws SQLException {
        Channel ch = channel;
        if (ended || ch == null || !ch.isActive()) throw closedException();
        return ch;
    }

    private SQLException closedException() {
        SQLException cause = failure;
        SQLException e = SqlStates.exception(SqlStates.CONNECTION_DOES_NOT_EXIST, "connection to replica " + describe() + " is closed"
                + (cause == null ? "" : ": " + cause.getMessage()));
        if (cause != null) e.initCause(cause);
        return e;
    }

    /** A fresh exception on the caller's stack, keeping the SQLState and the original as cause. */
    private static SQLException rethrown(Throwable cause) {
        if (cause instanceof SQLException sql) {
            SQLException e = SqlStates.exception(sql.getSQLState(), sql.getMessage());
            e.initCause(sql);
            return e;
        }
        SQLException e = SqlStates.exception(SqlStates.CONNECTION_FAILURE, String.valueOf(cause));
        e.initCause(cause);
        return e;
    }

    /**
     * Closes the connection and stops its I/O thread; outstanding requests fail with
     * {@code 08003}. Idempotent. From the I/O thread (a listener) it does not wait for the
     * thread to stop.
     */
    @Override
    public void close() {
        if (!closeCalled.compareAndSet(false, true)) return;
        Channel ch = channel;
        if (ch != null) ch.close();
        shutdown();
    }

    private void shutdown() {
        var terminated = group.shutdownGracefully(0, CLOSE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        Channel ch = channel;
        boolean onIoThread = ch != null && ch.eventLoop().inEventLoop();
        if (!onIoThread && !terminated.awaitUninterruptibly(CLOSE_TIMEOUT_MILLIS)) {
            log.warn("I/O thread of the connection to {} did not stop within {} ms", address, CLOSE_TIMEOUT_MILLIS);
        }
    }

    /** Ends the connection because of {@code cause}. Any thread. */
    private void fail(SQLException cause) {
        if (failure == null) failure = cause;
        Channel ch = channel;
        if (ch != null) ch.close();
    }

    private String describe() {
        Welcome w = welcome;
        return w == null ? "at " + address : w.nodeId() + " (" + address + ")";
    }

    @Override
    public String toString() {
        return "ReplicaConnection[" + describe() + ", client " + clientId + (isOpen() ? "" : ", closed") + "]";
    }

    /** Why a TLS handshake failed, in words: the usual causes first, then the JDK's own message. */
    private String explainTls(Throwable cause) {
        // Never a NotSslRecordException's own message: it dumps the bytes received.
        if (cause instanceof NotSslRecordException || cause.getCause() instanceof NotSslRecordException) {
            return "it did not answer with TLS (is TLS enabled on its client port?)";
        }
        java.security.cert.CertificateException rejected = null;
        Throwable root = cause;
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (rejected == null && t instanceof java.security.cert.CertificateException c) rejected = c;
            root = t;
        }
        String detail = String.valueOf(root.getMessage());
        if (rejected != null) {
            String why = String.valueOf(rejected.getMessage());
            if (why.contains("subject alternative") || why.contains("No name matching")) {
                return "its certificate does not name " + address.substring(0, address.lastIndexOf(':'))
                        + " (hostname verification: " + why + ")";
            }
            return "its certificate is not trusted by " + tls.trustDescription() + " (" + detail + ")";
        }
        return String.valueOf(cause.getMessage());
    }

    /** The channel's one inbound handler: handshake, then dispatch. Runs on the I/O thread only. */
    private final class Handler extends ChannelInboundHandlerAdapter {
        private final WireFrameDecoder frames;
        private final Credentials credentials;
        private boolean helloSent;
        private boolean established;

        Handler(WireFrameDecoder frames, Credentials credentials) {
            this.frames = frames;
            this.credentials = credentials;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf frame = (ByteBuf) msg;
            WireMessage message;
            try {
                message = CODEC.decode(frame);
            } catch (MalformedFrameException e) {
                violation(ctx, "sent a malformed frame: " + e.getMessage());
                return;
            } finally {
                frame.release();
            }
            if (ended || closeCalled.get()) return;
            if (established) onMessage(ctx, message);
            else onHandshake(ctx, message);
        }

        private void onHandshake(ChannelHandlerContext ctx, WireMessage message) {
            if (message instanceof Refused refused) {
                failHandshake(ctx, SqlStates.exception(refused.sqlState(), "replica at " + address + " refused the connection: " + refused.message()));
            } else if (message instanceof Challenge challenge && !helloSent) {
                if (challenge.protocolVersion() != WireProtocol.PROTOCOL_VERSION) {
                    // Do not send credentials to a replica we do not understand.
                    failHandshake(ctx, SqlStates.exception(SqlStates.PROTOCOL_VIOLATION, "replica at " + address + " speaks protocol version "
                            + challenge.protocolVersion() + "; this driver speaks version " + WireProtocol.PROTOCOL_VERSION));
                    return;
                }
                Hello hello = credentials instanceof Credentials.Password p
                        ? Hello.password(clientId, p.user(), p.password())
                        : Hello.secret(clientId, WireProtocol.secretProof(((Credentials.ClusterSecret) credentials).secret(), challenge.nonce(), clientId));
                helloSent = true;
                ctx.writeAndFlush(CODEC.frame(hello));
            } else if (message instanceof Welcome w && helloSent) {
                established = true;
                frames.setMaxFrameBytes(WireProtocol.MAX_FRAME_BYTES);
                welcome = w;
                handshake.complete(w);
            } else {
                failHandshake(ctx, SqlStates.exception(SqlStates.PROTOCOL_VIOLATION, "replica at " + address + " sent "
                        + message.getClass().getSimpleName() + " during the handshake"));
            }
        }

        private void onMessage(ChannelHandlerContext ctx, WireMessage message) {
            if (message instanceof Result r) {
                notifyListener(() -> listener.onResult(ReplicaConnection.this, r));
            } else if (message instanceof NotLeader n) {
                notifyListener(() -> listener.onNotLeader(ReplicaConnection.this, n));
            } else if (message instanceof Reply r) {
                CompletableFuture<Reply> waiting = pending.remove(r.correlation());
                if (waiting != null) {
                    waiting.complete(r);
                } else {
                    log.debug("reply #{} from replica {} came after its request gave up", r.correlation(), describe());
                    // Nobody will read the rest of that result: free it on the replica now rather than at its idle limit.
                    if (r instanceof WireMessage.ReadResult rr && rr.cursorId() != WireMessage.NO_CURSOR) closeCursor(rr.cursorId());
                }
            } else if (message instanceof Refused r) {
                if (failure == null) failure = SqlStates.exception(r.sqlState(), "replica " + describe() + " closed the connection: " + r.message());
                ctx.close();
            } else {
                violation(ctx, "sent " + message.getClass().getSimpleName() + " after the handshake");
            }
        }

        private void notifyListener(Runnable call) {
            try {
                call.run();
            } catch (RuntimeException e) {
                log.error("listener of the connection to replica {} failed", describe(), e);
            }
        }

        private void violation(ChannelHandlerContext ctx, String what) {
            SQLException e = SqlStates.exception(SqlStates.PROTOCOL_VIOLATION, "replica " + describe() + " " + what);
            if (!established) {
                failHandshake(ctx, e);
                return;
            }
            if (failure == null) {
                log.warn("closing the connection to replica {}: {}", describe(), what);
                failure = e;
            }
            ctx.close();
        }

        private void failHandshake(ChannelHandlerContext ctx, SQLException e) {
            handshake.completeExceptionally(e);
            ctx.close();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof SslHandshakeCompletionEvent done && !done.isSuccess()) tlsFailed(ctx, done.cause());
            ctx.fireUserEventTriggered(event);
        }

        /** The TLS handshake failed (or TLS broke later): 08001 during the handshake, a connection failure after it. */
        private void tlsFailed(ChannelHandlerContext ctx, Throwable cause) {
            if (established) {
                if (failure == null) failure = SqlStates.exception(SqlStates.CONNECTION_FAILURE, "TLS with replica " + describe() + " failed: " + explainTls(cause));
                ctx.close();
            } else if (!handshake.isDone()) {
                failHandshake(ctx, SqlStates.exception(SqlStates.UNABLE_TO_CONNECT, "TLS handshake with replica at " + address + " failed: "
                        + explainTls(cause)));
            } else {
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            ended = true;
            if (!handshake.isDone()) {
                handshake.completeExceptionally(SqlStates.exception(SqlStates.UNABLE_TO_CONNECT,
                        "replica at " + address + " closed the connection during the handshake" + plaintextHint()));
            }
            SQLException cause = closeCalled.get() && failure == null ? null : failure != null ? failure
                    : SqlStates.exception(SqlStates.CONNECTION_FAILURE, "connection to replica " + describe() + " lost");
            if (failure == null && cause != null) failure = cause;
            SQLException forPending = closedException();
            for (Long c : pending.keySet()) {
                CompletableFuture<Reply> waiting = pending.remove(c);
                if (waiting != null) waiting.completeExceptionally(forPending);
            }
            if (established) notifyListener(() -> listener.onClosed(ReplicaConnection.this, cause));
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Throwable tlsCause = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
            if (cause instanceof DecoderException && cause.getCause() instanceof MalformedFrameException malformed) {
                violation(ctx, "broke the framing: " + malformed.getMessage());
            } else if (tls != null && tlsCause instanceof SSLException) {
                tlsFailed(ctx, tlsCause);
            } else if (cause instanceof IOException) {
                if (failure == null) failure = SqlStates.exception(SqlStates.CONNECTION_FAILURE, "connection to replica " + describe() + " failed: " + cause.getMessage());
                ctx.close();
            } else {
                log.warn("closing the connection to replica {} after an unexpected error", describe(), cause);
                if (failure == null) failure = SqlStates.exception(SqlStates.CONNECTION_FAILURE, "connection to replica " + describe() + " failed: " + cause);
                ctx.close();
            }
        }
    }
}
