package paxosql.replica.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.event.Level;
import paxosql.driver.protocol.PayloadCodec;
import paxosql.driver.wire.MalformedFrameException;
import paxosql.driver.wire.SqlStates;
import paxosql.driver.wire.WireFrameDecoder;
import paxosql.driver.wire.WireMessage;
import paxosql.driver.wire.WireMessage.Hello;
import paxosql.driver.wire.WireProtocol;
import paxosql.replica.server.ClientService.SnapshotSource;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One client connection on the server side: the handshake, then dispatch to the
 * {@link ClientService}. Handler methods run on the channel's event loop, so the state
 * needs no locking; replies computed elsewhere are written through the channel, which
 * is thread-safe.
 *
 * <p>Every way a connection can go wrong ends the same way: a {@code Refused} naming the
 * reason, close, a counter, and at most one WARN line for the connection (rate-limited
 * across connections).
 *
 * <p>With TLS the challenge waits for the TLS handshake; until it completes nothing can be
 * told to the client, so a refusal then (a limit, the deadline, a failed TLS handshake) just
 * closes the connection.
 */
final class ClientConnection extends ChannelInboundHandlerAdapter {

    private enum State { AWAIT_HELLO, AUTHENTICATING, ESTABLISHED, CLOSING }

    /** How the connection authenticated. */
    private enum Kind { NONE, PASSWORD, SECRET }

    private final ClientServer server;
    private final WireFrameDecoder frames;
    /** TLS is in the pipeline before this handler. */
    private final boolean tls;
    private final byte[] nonce = WireProtocol.newNonce();
    /** Reads and admin requests outstanding; replies complete on other threads. */
    private final AtomicInteger inFlight = new AtomicInteger();

    private State state = State.AWAIT_HELLO;
    private Kind kind = Kind.NONE;
    private long clientId;
    private String user;
    private boolean admin;
    private boolean registered;
    private boolean countedUnauthenticated;
    private boolean countedOpen;
    private boolean warned;
    /** Without TLS: always; with TLS: once its handshake has completed. Frames can be sent only then. */
    private boolean secured;
    private ScheduledFuture<?> handshakeDeadline;

    ClientConnection(ClientServer server, WireFrameDecoder frames, boolean tls) {
        this.server = server;
        this.frames = frames;
        this.tls = tls;
        this.secured = !tls;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        server.accepted.increment();
        countedOpen = true;
        countedUnauthenticated = true;
        int openNow = server.open.incrementAndGet();
        int unauthenticatedNow = server.unauthenticated.incrementAndGet();
        if (server.isClosed()) {
            ctx.close();
        } else if (unauthenticatedNow > server.options.maxUnauthenticatedConnections() || openNow > server.options.maxConnections()) {
            refuse(ctx, SqlStates.SERVER_REJECTED_CONNECTION, "too many connections (" + openNow + " open, " + unauthenticatedNow
                    + " in the handshake); try later or another replica", Level.WARN);
        } else {
            if (secured) sendChallenge(ctx); // with TLS: once its handshake completes
            long timeoutMillis = server.options.handshakeTimeout().toMillis();
            handshakeDeadline = ctx.executor().schedule(() -> refuse(ctx, SqlStates.SERVER_REJECTED_CONNECTION,
                    "handshake not completed within " + timeoutMillis + " ms" + (secured ? "" : " (still in the TLS handshake)"),
                    Level.DEBUG), timeoutMillis, TimeUnit.MILLISECONDS);
        }
        ctx.fireChannelActive();
    }

    private void sendChallenge(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(server.codec.frame(new WireMessage.Challenge(WireProtocol.PROTOCOL_VERSION, nonce)));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent done) {
            if (!done.isSuccess()) {
                tlsFailed(ctx, done.cause());
            } else if (state == State.AWAIT_HELLO && !secured) {
                secured = true;
                sendChallenge(ctx);
            }
        }
        ctx.fireUserEventTriggered(event);
    }

    /** The TLS handshake failed (a plaintext client, an untrusted or unknown certificate...), or TLS broke later. */
    private void tlsFailed(ChannelHandlerContext ctx, Throwable cause) {
        if (state == State.CLOSING) return;
        if (cause instanceof ClosedChannelException) { // the client went away mid-handshake, as clients may
            state = State.CLOSING;
            cancelHandshakeDeadline();
            ctx.close();
            return;
        }
        if (!secured) server.refused.increment();
        state = State.CLOSING;
        cancelHandshakeDeadline();
        if (!warned) {
            warned = true;
            // Never the exception's message for a record that is not TLS: it dumps the bytes, which may be a password.
            String why = cause instanceof NotSslRecordException || cause.getCause() instanceof NotSslRecordException
                    ? "the client does not speak TLS" : String.valueOf(cause.getMessage());
            server.logRemoteEvent(Level.WARN, "closing client connection " + describe(ctx) + ": TLS "
                    + (secured ? "failed: " : "handshake failed: ") + why);
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelHandshakeDeadline();
        leaveHandshakeCount();
        if (countedOpen) {
            countedOpen = false;
            server.open.decrementAndGet();
        }
        if (registered) {
            registered = false;
            server.unregister(clientId, ctx.channel());
        }
        server.cursors.closeAll(ctx.channel());
        state = State.CLOSING;
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        WireMessage message;
        try {
            if (state == State.CLOSING) return; // decided already; ignore what was still buffered
            message = server.codec.decode(frame);
        } catch (MalformedFrameException e) {
            violation(ctx, "malformed frame: " + e.getMessage());
            return;
        } finally {
            frame.release();
        }
        if (!(message instanceof WireMessage.ToServer request)) {
            violation(ctx, "a client may not send " + message.getClass().getSimpleName());
            return;
        }
        switch (state) {
            case AWAIT_HELLO -> {
                if (request instanceof Hello hello) onHello(ctx, hello);
                else violation(ctx, "expected a hello, got " + request.getClass().getSimpleName());
            }
            case AUTHENTICATING -> violation(ctx, "sent " + request.getClass().getSimpleName() + " before being welcomed");
            case ESTABLISHED -> onRequest(ctx, request);
            case CLOSING -> { }
        }
    }

    // ---------------------------------------------------------------- handshake

    private void onHello(ChannelHandlerContext ctx, Hello hello) {
        if (hello.protocolVersion() != WireProtocol.PROTOCOL_VERSION) {
            refuse(ctx, SqlStates.PROTOCOL_VIOLATION, "protocol version " + hello.protocolVersion()
                    + " is not supported; this replica speaks version " + WireProtocol.PROTOCOL_VERSION, Level.WARN);
            return;
        }
        boolean byPassword = hello.password() != null;
        if (byPassword == (hello.secretProof() != null) || (byPassword && hello.user() == null)) {
            refuse(ctx, SqlStates.PROTOCOL_VIOLATION, "a hello carries either a user and password or a cluster-secret proof", Level.WARN);
            return;
        }
        state = State.AUTHENTICATING;
        clientId = hello.clientId();
        if (!byPassword) {
            if (!server.acceptsSecret()) {
                refuse(ctx, SqlStates.INVALID_AUTHORIZATION, "this replica does not accept cluster-secret sessions", Level.WARN);
                return;
            }
            byte[] expected = WireProtocol.secretProof(server.clusterSecret(), nonce, hello.clientId());
            if (!MessageDigest.isEqual(expected, hello.secretProof())) {
                refuse(ctx, SqlStates.INVALID_AUTHORIZATION, "the cluster-secret proof is wrong", Level.WARN);
                return;
            }
        }
        // The rest may be slow (password hashing): off the event loop, back on it to finish.
        boolean queued = server.runOnWorker(() -> {
            boolean ok;
            boolean isAdmin = false;
            int leader = WireMessage.NO_LEADER;
            try {
                ok = !byPassword || server.service.authenticate(hello.user(), hello.password());
                if (ok && byPassword) isAdmin = server.service.isAdmin(hello.user());
                if (ok) {
                    OptionalInt known = server.service.leaderId();
                    leader = known.isPresent() ? known.getAsInt() : WireMessage.NO_LEADER;
                }
            } catch (RuntimeException e) {
                ClientServer.log.error("node {}: authenticating a client failed", server.selfId, e);
                ctx.executor().execute(() -> refuse(ctx, SqlStates.INTERNAL_ERROR, "authentication failed inside the replica", Level.DEBUG));
                return;
            }
            boolean authenticated = ok;
            boolean adminUser = isAdmin;
            int leaderId = leader;
            ctx.executor().execute(() -> finishHandshake(ctx, hello, byPassword, authenticated, adminUser, leaderId));
        });
        if (!queued) refuse(ctx, SqlStates.SERVER_REJECTED_CONNECTION, "the replica is too busy to authenticate; try later", Level.WARN);
    }

    private void finishHandshake(ChannelHandlerContext ctx, Hello hello, boolean byPassword, boolean ok, boolean isAdmin, int leaderId) {
        if (state != State.AUTHENTICATING) return; // closed or timed out meanwhile
        if (!ok) {
            refuse(ctx, SqlStates.INVALID_PASSWORD, "password authentication failed for user \"" + hello.user() + "\"", Level.WARN);
            return;
        }
        if (byPassword) {
            if (!server.register(clientId, hello.user(), ctx.channel())) {
                refuse(ctx, SqlStates.SERVER_REJECTED_CONNECTION, "client id " + clientId + " is in use by another user", Level.WARN);
                return;
            }
            registered = true;
            kind = Kind.PASSWORD;
            user = hello.user();
            admin = isAdmin;
        } else {
            kind = Kind.SECRET;
            admin = true;
        }
        state = State.ESTABLISHED;
        cancelHandshakeDeadline();
        leaveHandshakeCount();
        frames.setMaxFrameBytes(WireProtocol.MAX_FRAME_BYTES);
        server.welcomed.increment();
        // Written in this event-loop task, before any result a concurrent deliver() queues for this channel.
        ctx.writeAndFlush(server.codec.frame(server.welcome(leaderId)));
    }

    // ---------------------------------------------------------------- after the welcome

    private void onRequest(ChannelHandlerContext ctx, WireMessage.ToServer request) {
        if (request instanceof WireMessage.Submit submit) {
            if (kind != Kind.PASSWORD) {
                violation(ctx, "a cluster-secret session cannot submit commands");
                return;
            }
            try {
                server.service.submit(clientId, user, submit.sequence(), submit.payload());
            } catch (RuntimeException e) {
                ClientServer.log.error("node {}: submit of command {} of client {} failed", server.selfId, submit.sequence(), clientId, e);
            }
        } else if (request instanceof WireMessage.Read read) {
            onRead(ctx.channel(), read);
        } else if (request instanceof WireMessage.Fetch fetch) {
            onFetch(ctx.channel(), fetch);
        } else if (request instanceof WireMessage.CloseCursor close) {
            server.cursors.close(ctx.channel(), close.cursorId());
        } else if (request instanceof WireMessage.StatusRequest status) {
            onWorker(ctx.channel(), status.correlation(),
                    () -> new WireMessage.StatusReply(status.correlation(), sendable(server.service.status(), "status")));
        } else if (request instanceof WireMessage.SnapshotManifestRequest manifest) {
            if (requireAdmin(ctx.channel(), manifest.correlation())) {
                onWorker(ctx.channel(), manifest.correlation(), () -> {
                    Optional<SnapshotSource> source = server.service.snapshots();
                    if (source.isEmpty()) return noSnapshot(manifest.correlation());
                    return new WireMessage.SnapshotManifest(manifest.correlation(), source.get().instance(),
                            sendable(source.get().manifest(), "snapshot manifest"));
                });
            }
        } else if (request instanceof WireMessage.SnapshotChunkRequest chunk) {
            if (requireAdmin(ctx.channel(), chunk.correlation())) onWorker(ctx.channel(), chunk.correlation(), () -> readChunk(chunk));
        } else {
            violation(ctx, "sent " + request.getClass().getSimpleName() + " after the welcome");
        }
    }

    private void onRead(Channel ch, WireMessage.Read read) {
        long correlation = read.correlation();
        if (kind != Kind.PASSWORD) {
            reply(ch, failed(correlation, SqlStates.INSUFFICIENT_PRIVILEGE, "a cluster-secret session cannot run reads"));
            return;
        }
        if (!enterRequest(ch, correlation)) return;
        CompletableFuture<ClientService.ReadReply> future;
        try {
            future = server.service.read(clientId, user, read.payload(), read.minApplied(), read.fetchSize(), read.afterBarrier());
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        future.whenComplete((answer, error) -> {
            inFlight.decrementAndGet();
            if (error != null || answer == null) {
                reply(ch, failure(correlation, error == null ? new IllegalStateException("the read completed without an answer") : error));
                return;
            }
            long cursorId = WireMessage.NO_CURSOR;
            if (answer.rest() != null) {
                cursorId = server.cursors.open(ch, answer.applied(), answer.rest());
                if (cursorId == WireMessage.NO_CURSOR) {
                    answer.rest().close();
                    reply(ch, failed(correlation, SqlStates.INSUFFICIENT_RESOURCES, server.cursors.limitMessage()));
                    return;
                }
                if (!ch.isActive()) server.cursors.close(ch, cursorId); // its connection closed meanwhile
            }
            long id = cursorId;
            reply(ch, () -> new WireMessage.ReadResult(correlation, answer.applied(), sendable(answer.payload(), "read result"), id), correlation);
        });
    }

    private void onFetch(Channel ch, WireMessage.Fetch fetch) {
        long correlation = fetch.correlation();
        if (!enterRequest(ch, correlation)) return;
        CursorTable.Entry cursor = server.cursors.take(ch, fetch.cursorId());
        if (cursor == null) {
            inFlight.decrementAndGet();
            reply(ch, failed(correlation, SqlStates.INVALID_CURSOR_STATE, "cursor " + fetch.cursorId() + " is not open on this "
                    + "connection (never opened, exhausted, closed, or expired after " + server.cursors.idleLimit().toSeconds()
                    + " s without a fetch), or a fetch of it is already running"));
            return;
        }
        CompletableFuture<ClientService.Page> page;
        try {
            page = cursor.cursor.next(fetch.maxRows());
        } catch (RuntimeException e) {
            page = CompletableFuture.failedFuture(e);
        }
        page.whenComplete((rows, error) -> {
            inFlight.decrementAndGet();
            boolean last = error != null || rows == null || rows.last();
            if (last) server.cursors.remove(cursor);
            else server.cursors.release(cursor);
            if (error != null || rows == null) {
                reply(ch, failure(correlation, error == null ? new IllegalStateException("the fetch completed without rows") : error));
                return;
            }
            long next = last ? WireMessage.NO_CURSOR : cursor.id;
            reply(ch, () -> new WireMessage.ReadResult(correlation, cursor.applied, sendable(rows.payload(), "page"), next), correlation);
        });
    }

    private boolean requireAdmin(Channel ch, long correlation) {
        if (admin) return true;
        reply(ch, failed(correlation, SqlStates.INSUFFICIENT_PRIVILEGE, "user \"" + user + "\" may not fetch snapshots"));
        return false;
    }

    private WireMessage.Reply readChunk(WireMessage.SnapshotChunkRequest request) throws IOException {
        Optional<SnapshotSource> found = server.service.snapshots();
        if (found.isEmpty()) return noSnapshot(request.correlation());
        SnapshotSource source = found.get();
        if (source.instance() != request.instance()) {
            return failed(request.correlation(), SqlStates.OBJECT_NOT_IN_PREREQUISITE_STATE, "the snapshot at instance " + request.instance()
                    + " is no longer offered; this replica now offers instance " + source.instance());
        }
        int max = Math.min(request.maxBytes(), server.options.maxChunkBytes());
        byte[] bytes;
        try {
            bytes = source.chunk(request.part(), request.offset(), max);
        } catch (IllegalArgumentException e) { // a part the manifest does not name
            return failed(request.correlation(), SqlStates.INVALID_PARAMETER_VALUE, String.valueOf(e.getMessage()));
        }
        if (bytes == null || bytes.length > max) {
            throw new IllegalStateException("snapshot source returned " + (bytes == null ? "null" : bytes.length + " bytes") + " for at most " + max);
        }
        return new WireMessage.SnapshotChunk(request.correlation(), bytes, bytes.length < max);
    }

    private static WireMessage.RequestFailed noSnapshot(long correlation) {
        return failed(correlation, SqlStates.OBJECT_NOT_IN_PREREQUISITE_STATE, "this replica has no snapshot yet");
    }

    /** A request answered by a worker; slow service calls stay off the event loop. */
    private interface ReplyTask {
        WireMessage.Reply compute() throws Exception;
    }

    private void onWorker(Channel ch, long correlation, ReplyTask task) {
        if (!enterRequest(ch, correlation)) return;
        boolean queued = server.runOnWorker(() -> {
            WireMessage.Reply answer;
            try {
                answer = task.compute();
            } catch (Exception e) {
                answer = failure(correlation, e);
            } finally {
                inFlight.decrementAndGet();
            }
            reply(ch, answer);
        });
        if (!queued) {
            inFlight.decrementAndGet();
            reply(ch, failed(correlation, SqlStates.INSUFFICIENT_RESOURCES, "the replica is too busy; retry"));
        }
    }

    private boolean enterRequest(Channel ch, long correlation) {
        if (inFlight.incrementAndGet() > server.options.maxRequestsInFlight()) {
            inFlight.decrementAndGet();
            reply(ch, failed(correlation, SqlStates.INSUFFICIENT_RESOURCES, "more than " + server.options.maxRequestsInFlight()
                    + " requests in flight on this connection"));
            return false;
        }
        return true;
    }

    private void reply(Channel ch, WireMessage.Reply answer) {
        reply(ch, () -> answer, answer.correlation());
    }

    /** Builds and writes a reply; a reply that cannot be encoded (too big) becomes a failure. Any thread. */
    private void reply(Channel ch, Supplier<WireMessage.Reply> answer, long correlation) {
        if (!ch.isActive()) return;
        ByteBuf frame;
        try {
            frame = server.codec.frame(answer.get());
        } catch (RuntimeException e) {
            frame = server.codec.frame(failure(correlation, e));
        }
        ch.writeAndFlush(frame, ch.voidPromise());
    }

    /** An answer the service produced that no frame can carry. */
    private static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLarge(String message) {
            super(message, null, false, false);
        }
    }

    private static byte[] sendable(byte[] bytes, String what) {
        if (bytes == null) throw new IllegalStateException("the node returned no " + what);
        if (bytes.length > PayloadCodec.MAX_PAYLOAD_BYTES) {
            throw new TooLarge(what + " of " + bytes.length + " bytes exceeds the wire limit of " + PayloadCodec.MAX_PAYLOAD_BYTES);
        }
        return bytes;
    }

    private static WireMessage.RequestFailed failed(long correlation, String sqlState, String message) {
        return new WireMessage.RequestFailed(correlation, sqlState, message);
    }

    private WireMessage.RequestFailed failure(long correlation, Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof SQLException sql && sql.getSQLState() != null) return failed(correlation, sql.getSQLState(), String.valueOf(sql.getMessage()));
        if (e instanceof IOException) return failed(correlation, SqlStates.IO_ERROR, "the replica cannot read its files: " + e.getMessage());
        if (e instanceof TooLarge) return failed(correlation, SqlStates.PROGRAM_LIMIT_EXCEEDED, e.getMessage());
        ClientServer.log.error("node {}: a request of client {} failed inside the replica", server.selfId, clientId, e);
        return failed(correlation, SqlStates.INTERNAL_ERROR, "internal error in the replica: " + e);
    }

    // ---------------------------------------------------------------- ending

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable tlsCause = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (cause instanceof DecoderException && cause.getCause() instanceof MalformedFrameException malformed) {
            violation(ctx, malformed.getMessage());
        } else if (tls && tlsCause instanceof SSLException) {
            tlsFailed(ctx, tlsCause);
        } else if (cause instanceof IOException) {
            // Resets and broken pipes are how clients go away.
            ClientServer.log.debug("node {}: client connection {} failed: {}", server.selfId, ctx.channel().remoteAddress(), cause.toString());
            state = State.CLOSING;
            ctx.close();
        } else if (state != State.CLOSING) {
            state = State.CLOSING;
            ClientServer.log.warn("node {}: closing client connection {} after an unexpected error", server.selfId, ctx.channel().remoteAddress(), cause);
            ctx.close();
        }
    }

    /** A protocol violation by the client: count, log once, tell it why, close. */
    private void violation(ChannelHandlerContext ctx, String reason) {
        if (state == State.CLOSING) return;
        server.closedMalformed.increment();
        sendRefusalAndClose(ctx, SqlStates.PROTOCOL_VIOLATION, reason, Level.WARN);
    }

    /** Refuses the connection: count, log once, tell the client why, close. */
    private void refuse(ChannelHandlerContext ctx, String sqlState, String reason, Level level) {
        if (state == State.CLOSING) return;
        server.refused.increment();
        sendRefusalAndClose(ctx, sqlState, reason, level);
    }

    private void sendRefusalAndClose(ChannelHandlerContext ctx, String sqlState, String reason, Level level) {
        state = State.CLOSING;
        cancelHandshakeDeadline();
        if (!warned) {
            warned = true;
            server.logRemoteEvent(level, "closing client connection " + describe(ctx) + ": " + reason);
        }
        if (!secured) { // in the TLS handshake: nothing can be sent yet
            ctx.close();
            return;
        }
        ctx.writeAndFlush(server.codec.frame(new WireMessage.Refused(sqlState, reason))).addListener(ChannelFutureListener.CLOSE);
    }

    private String describe(ChannelHandlerContext ctx) {
        Object remote = ctx.channel().remoteAddress();
        return switch (kind) {
            case PASSWORD -> remote + " (user " + user + ", client " + clientId + ")";
            case SECRET -> remote + " (cluster-secret session)";
            case NONE -> String.valueOf(remote);
        };
    }

    private void leaveHandshakeCount() {
        if (countedUnauthenticated) {
            countedUnauthenticated = false;
            server.unauthenticated.decrementAndGet();
        }
    }

    private void cancelHandshakeDeadline() {
        if (handshakeDeadline != null) handshakeDeadline.cancel(false);
    }
}
