package paxosql.consensus.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import paxosql.consensus.core.Member;
import paxosql.consensus.core.Message;
import paxosql.consensus.transport.Handshake.Side;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The peer transport of one node: Netty over NIO, one persistent TCP connection per
 * pair of members, length-prefixed frames with a hard size limit, Kryo messages with
 * registration required, and a versioned, authenticated handshake before any
 * protocol message (DESIGN.md § Transport).
 *
 * <p><b>Roles.</b> The node listens on its own peer address. Of each pair, the lower
 * id dials the higher and redials with capped exponential backoff whenever the
 * connection is lost; the higher id only accepts. Both directions use that one
 * connection. An accepted connection from a peer that already has one replaces it
 * (the peer restarted, the old socket may be half-open).
 *
 * <p><b>Handshake.</b> See {@link Handshake}: protocol version, configuration hash
 * ({@link ClusterLayout#configHash()}) and node id are exchanged, and each end proves
 * knowledge of the cluster secret by HMAC over both ends' nonces. A peer with another
 * version, configuration or secret, an id that is not a member, an id on the wrong end
 * of the pair, or one that does not finish within {@link Options#handshakeTimeout()}
 * is refused: it gets a refusal frame with the reason, the connection is closed and
 * one line is logged.
 *
 * <p><b>Failures stay local.</b> A frame above the limit (4 KiB before the handshake,
 * {@link Options#maxFrameBytes()} after), an undecodable message or any other protocol
 * violation closes that one connection and logs one line; the node and its other
 * connections carry on. Lines that remote parties can trigger at will are rate-limited.
 *
 * <p><b>Threads.</b> {@link #send}, {@link #isConnected} and {@link #stats} may be called
 * from any thread. Lifecycle: construct, {@link #start} once, {@link #close} (idempotent).
 */
public final class PeerTransport implements AutoCloseable {

    static final Logger log = LoggerFactory.getLogger(PeerTransport.class);

    /**
     * Tuning of one transport. Every option, its default and meaning:
     *
     * @param maxFrameBytes       largest frame accepted or sent after the handshake, in bytes
     *                            (default 16 MiB); a peer's bigger frame closes its connection,
     *                            a bigger outgoing message is dropped
     * @param handshakeTimeout    a connection that has not completed the handshake by then is
     *                            refused (default 5 s); also the dial timeout
     * @param reconnectMinBackoff first delay before redialing a lost or unreachable peer (default 100 ms)
     * @param reconnectMaxBackoff the delay doubles up to this cap (default 5 s); each delay is jittered
     *                            down by up to half so that nodes do not redial in lockstep
     * @param closeTimeout        how long {@link #close()} (and binding in {@link #start}) waits at most (default 5 s)
     * @param ioThreads           Netty event loop threads (default 2)
     */
    public record Options(int maxFrameBytes, Duration handshakeTimeout, Duration reconnectMinBackoff,
                          Duration reconnectMaxBackoff, Duration closeTimeout, int ioThreads) {

        public static final int DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;
        /** Keeps twice the frame limit (the outbound backlog cap) within an int. */
        public static final int MAX_MAX_FRAME_BYTES = 256 * 1024 * 1024;

        public Options {
            if (maxFrameBytes < Handshake.MAX_HANDSHAKE_FRAME_BYTES || maxFrameBytes > MAX_MAX_FRAME_BYTES) {
                throw new IllegalArgumentException("maxFrameBytes must be " + Handshake.MAX_HANDSHAKE_FRAME_BYTES + "-"
                        + MAX_MAX_FRAME_BYTES + ", got " + maxFrameBytes);
            }
            requirePositive(handshakeTimeout, "handshakeTimeout");
            requirePositive(reconnectMinBackoff, "reconnectMinBackoff");
            requirePositive(reconnectMaxBackoff, "reconnectMaxBackoff");
            requirePositive(closeTimeout, "closeTimeout");
            if (reconnectMaxBackoff.compareTo(reconnectMinBackoff) < 0) {
                throw new IllegalArgumentException("reconnectMaxBackoff " + reconnectMaxBackoff + " is below reconnectMinBackoff " + reconnectMinBackoff);
            }
            if (ioThreads < 1) throw new IllegalArgumentException("ioThreads must be at least 1, got " + ioThreads);
        }

        private static void requirePositive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive, got " + d);
        }

        public static Options defaults() {
            return new Options(DEFAULT_MAX_FRAME_BYTES, Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofSeconds(5),
                    Duration.ofSeconds(5), 2);
        }

        public Options withMaxFrameBytes(int bytes) {
            return new Options(bytes, handshakeTimeout, reconnectMinBackoff, reconnectMaxBackoff, closeTimeout, ioThreads);
        }

        public Options withHandshakeTimeout(Duration timeout) {
            return new Options(maxFrameBytes, timeout, reconnectMinBackoff, reconnectMaxBackoff, closeTimeout, ioThreads);
        }

        public Options withReconnectBackoff(Duration min, Duration max) {
            return new Options(maxFrameBytes, handshakeTimeout, min, max, closeTimeout, ioThreads);
        }

        public Options withCloseTimeout(Duration timeout) {
            return new Options(maxFrameBytes, handshakeTimeout, reconnectMinBackoff, reconnectMaxBackoff, timeout, ioThreads);
        }

        public Options withIoThreads(int threads) {
            return new Options(maxFrameBytes, handshakeTimeout, reconnectMinBackoff, reconnectMaxBackoff, closeTimeout, threads);
        }
    }

    private enum Lifecycle { NEW, STARTED, CLOSED }

    /** A secret shorter than this is refused: it would make the HMAC guessable. */
    static final int MIN_SECRET_BYTES = 16;
    /** Each kind of rate-limited log line: at most this many per window. */
    private static final int LOG_LINES_PER_WINDOW = 20;
    private static final long LOG_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);

    final ClusterLayout layout;
    final int selfId;
    final byte[] secret;
    final byte[] configHash;
    final Options options;
    final int protocolVersion;
    final MessageSerializer serializer;

    final LongAdder framesIn = new LongAdder();
    final LongAdder framesOut = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder handshakesRefused = new LongAdder();
    final LongAdder closedMalformed = new LongAdder();
    final LongAdder connectionsEstablished = new LongAdder();

    private final LogBudget remoteEventLog = new LogBudget(LOG_LINES_PER_WINDOW, LOG_WINDOW_NANOS);
    private final LogBudget sendErrorLog = new LogBudget(LOG_LINES_PER_WINDOW, LOG_WINDOW_NANOS);
    /** Connects and disconnects are few in a healthy cluster; a flapping peer must not flood the log. */
    private final LogBudget connectionEventLog = new LogBudget(LOG_LINES_PER_WINDOW, LOG_WINDOW_NANOS);
    private final ChannelFutureListener countWriteOutcome = f -> (f.isSuccess() ? framesOut : dropped).increment();
    /** Every other member, by id. */
    private final Map<Integer, PeerLink> peers;

    /** Written under the lock by start/close; read without it (I/O threads must never wait for close()). */
    private volatile Lifecycle lifecycle = Lifecycle.NEW;
    private EventLoopGroup ioGroup; // guarded by this
    /** Every socket this transport opened or accepted, so close() can close them: shutting the
     *  event loops down alone leaves peers with half-open connections they never hear end. */
    private final ChannelGroup channels = new DefaultChannelGroup("peer-channels", GlobalEventExecutor.INSTANCE);
    private volatile MessageHandler handler;

    /**
     * A transport for node {@code selfId}; it holds no threads or sockets until {@link #start}.
     *
     * @param layout  the cluster layout, identical on every node
     * @param selfId  this node's id, a member of {@code layout}
     * @param secret  the cluster secret shared by all members, at least 16 bytes (copied)
     * @param options tuning; {@link Options#defaults()} suits production
     */
    public PeerTransport(ClusterLayout layout, int selfId, byte[] secret, Options options) {
        this(layout, selfId, secret, options, Handshake.PROTOCOL_VERSION);
    }

    /** As the public constructor, speaking {@code protocolVersion}: lets tests play a node of another version. */
    PeerTransport(ClusterLayout layout, int selfId, byte[] secret, Options options, int protocolVersion) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.options = Objects.requireNonNull(options, "options");
        if (!layout.isMember(selfId)) throw new IllegalArgumentException("node " + selfId + " is not a member of the cluster layout");
        if (secret == null || secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the cluster secret must be at least " + MIN_SECRET_BYTES + " bytes");
        }
        this.selfId = selfId;
        this.secret = secret.clone();
        this.configHash = layout.configHash();
        this.protocolVersion = protocolVersion;
        this.serializer = new MessageSerializer(options.maxFrameBytes() - 1); // one byte of each frame is its kind
        Map<Integer, PeerLink> links = new TreeMap<>();
        for (Member m : layout.config().members()) {
            if (m.id() != selfId) links.put(m.id(), new PeerLink(m.id(), layout.peerAddressOf(m.id())));
        }
        this.peers = Map.copyOf(links);
    }

    /**
     * Binds this node's peer address, starts dialing the peers with higher ids and
     * accepting those with lower ids. Returns once the port is bound; connections form
     * in the background (poll {@link #isConnected}).
     *
     * @param handler receives every message from an authenticated peer, on an I/O thread; see {@link MessageHandler}
     * @throws IllegalStateException if already started or closed, or if the address cannot be bound
     *                               (the transport is then closed)
     */
    public synchronized void start(MessageHandler handler) {
        if (lifecycle != Lifecycle.NEW) throw new IllegalStateException("node " + selfId + ": peer transport is " + lifecycle.name().toLowerCase(Locale.ROOT) + ", cannot start");
        this.handler = Objects.requireNonNull(handler, "handler");
        lifecycle = Lifecycle.STARTED;
        ioGroup = new MultiThreadIoEventLoopGroup(options.ioThreads(), new DefaultThreadFactory("paxosql-peer-n" + selfId, true),
                NioIoHandler.newFactory());

        HostPort own = layout.peerAddressOf(selfId);
        ServerBootstrap server = new ServerBootstrap()
                .group(ioGroup)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true) // a restarted node must get its port back despite TIME_WAIT
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, writeBufferWaterMark())
                .childHandler(pipelineFor(Side.ACCEPTOR, 0));
        ChannelFuture bound = server.bind(own.host(), own.port());
        channels.add(bound.channel());
        if (!bound.awaitUninterruptibly(options.closeTimeout().toMillis()) || !bound.isSuccess()) {
            String why = bound.cause() == null ? "timed out" : bound.cause().getMessage();
            close();
            throw new IllegalStateException("node " + selfId + " cannot listen for peers on " + own + ": " + why);
        }
        log.info("node {}: listening for peers on {} (protocol v{}, config {})", selfId, own, protocolVersion,
                layout.configHashHex().substring(0, 12));
        for (PeerLink peer : peers.values()) {
            if (peer.weDial) peer.startDialing(ioGroup.next());
        }
    }

    /**
     * Sends {@code message} to node {@code to} over its connection.
     *
     * <p>Never blocks and never throws. Delivery is best effort, like the network
     * underneath: the message is dropped (and {@link TransportStats#dropped()} counted) when
     * {@code to} is not connected, its connection is backlogged beyond twice the frame
     * limit, the message cannot be encoded (null component, unregistered list class,
     * above the frame limit: logged) or the write fails. Messages one thread sends to one
     * peer and that are not dropped arrive in the order sent. Sending to this node itself
     * is not supported and is dropped: the caller delivers to itself.
     */
    public void send(int to, Message message) {
        PeerLink peer = peers.get(to);
        if (peer == null) {
            dropped.increment();
            logSendError("cannot send " + typeOf(message) + " to node " + to + ": "
                    + (to == selfId ? "sending to this node itself is not supported" : "not a member of the cluster"));
            return;
        }
        Channel channel = peer.channel.get();
        if (channel == null || !channel.isActive() || !channel.isWritable()) {
            dropped.increment();
            return;
        }
        byte[] body;
        try {
            body = serializer.encode(message);
        } catch (IllegalArgumentException e) {
            dropped.increment();
            logSendError("cannot send " + typeOf(message) + " to node " + to + ": " + e.getMessage());
            return;
        }
        channel.writeAndFlush(Frames.frame(Frames.MESSAGE, body)).addListener(countWriteOutcome);
    }

    /** Whether an authenticated connection to {@code peer} is open now. False for this node itself and non-members. */
    public boolean isConnected(int peer) {
        PeerLink link = peers.get(peer);
        Channel channel = link == null ? null : link.channel.get();
        return channel != null && channel.isActive();
    }

    /** A snapshot of the counters; see {@link TransportStats}. */
    public TransportStats stats() {
        return new TransportStats(framesIn.sum(), framesOut.sum(), dropped.sum(), handshakesRefused.sum(),
                closedMalformed.sum(), connectionsEstablished.sum());
    }

    public int selfId() { return selfId; }

    /**
     * Stops dialing, closes every connection and the listening socket, and stops the I/O
     * threads, waiting at most {@link Options#closeTimeout()}. Idempotent; messages sent
     * afterwards are dropped. Must not be called from the {@link MessageHandler} (an I/O
     * thread cannot wait for its own termination: it would wait the full timeout).
     */
    @Override
    public synchronized void close() {
        if (lifecycle == Lifecycle.CLOSED) return;
        lifecycle = Lifecycle.CLOSED;
        if (ioGroup == null) return;
        long timeoutMillis = options.closeTimeout().toMillis();
        channels.close().awaitUninterruptibly(timeoutMillis);
        // Quiet period 0: there is nothing to drain, peers retransmit what the protocol needs.
        Future<?> terminated = ioGroup.shutdownGracefully(0, timeoutMillis, TimeUnit.MILLISECONDS);
        if (!terminated.awaitUninterruptibly(timeoutMillis)) {
            log.warn("node {}: peer transport threads did not stop within {} ms", selfId, timeoutMillis);
        } else {
            log.info("node {}: peer transport closed", selfId);
        }
    }

    private boolean isClosed() { return lifecycle == Lifecycle.CLOSED; }

    // ---- called by PeerConnection on a channel's event loop ----

    /** The handshake on {@code channel} proved it is node {@code peerId}: make it that peer's connection. */
    void onEstablished(int peerId, Channel channel, Side side) {
        PeerLink peer = peers.get(peerId); // the handshake admitted only members other than this node
        if (isClosed()) {
            channel.close();
            return;
        }
        connectionsEstablished.increment();
        Channel previous = peer.channel.getAndSet(channel);
        channel.closeFuture().addListener(f -> {
            if (peer.channel.compareAndSet(channel, null)) logLimited(connectionEventLog, Level.INFO, "disconnected from node " + peerId);
        });
        if (side == Side.DIALER) peer.resetBackoff();
        logLimited(connectionEventLog, Level.INFO, "connected to node " + peerId + " ("
                + (side == Side.DIALER ? "dialed " : "accepted ") + channel.remoteAddress() + ")"
                + (previous != null ? "; it connected again, closing its previous connection" : ""));
        if (previous != null) previous.close();
    }

    void deliver(int fromNodeId, Message message) {
        framesIn.increment();
        try {
            handler.onMessage(fromNodeId, message);
        } catch (RuntimeException e) {
            log.error("node {}: message handler failed on {} from node {}", selfId, typeOf(message), fromNodeId, e);
        }
    }

    /** Logs a warning a remote party caused, within the rate limit. */
    void logRemoteEvent(String line) {
        logLimited(remoteEventLog, Level.WARN, line);
    }

    private void logSendError(String line) {
        logLimited(sendErrorLog, Level.WARN, line);
    }

    private void logLimited(LogBudget budget, Level level, String line) {
        long suppressedBefore = budget.acquire();
        if (suppressedBefore < 0) return;
        if (suppressedBefore == 0) log.atLevel(level).log("node {}: {}", selfId, line);
        else log.atLevel(level).log("node {}: {} ({} similar lines suppressed before this one)", selfId, line, suppressedBefore);
    }

    private ChannelInitializer<SocketChannel> pipelineFor(Side side, int dialedPeerId) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                channels.add(ch);
                FrameDecoder frames = new FrameDecoder(Handshake.MAX_HANDSHAKE_FRAME_BYTES);
                ch.pipeline()
                  // Many sends between two event-loop turns leave in one syscall instead of one each.
                  .addLast("flush", new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true))
                  .addLast("frames", frames)
                  .addLast("peer", new PeerConnection(PeerTransport.this, side, dialedPeerId, frames));
            }
        };
    }

    /** send() drops once this much is queued for a peer: a stalled peer must not grow our heap without bound. */
    private WriteBufferWaterMark writeBufferWaterMark() {
        return new WriteBufferWaterMark(options.maxFrameBytes(), 2 * options.maxFrameBytes());
    }

    private static String typeOf(Message message) {
        return message == null ? "null message" : message.getClass().getSimpleName();
    }

    /**
     * This node's side of one pair: the current connection, and for a peer with a higher
     * id the dial loop. Dial state is confined to {@link #dialLoop}, which is also the event
     * loop of every channel this link dials, so it needs no locking.
     */
    private final class PeerLink {
        final int peerId;
        final HostPort address;
        final boolean weDial;
        final AtomicReference<Channel> channel = new AtomicReference<>();

        private EventLoop dialLoop;
        private Bootstrap bootstrap;
        private long backoffNanos;
        private boolean unreachableLogged;

        PeerLink(int peerId, HostPort address) {
            this.peerId = peerId;
            this.address = address;
            this.weDial = selfId < peerId;
        }

        void startDialing(EventLoop loop) {
            dialLoop = loop;
            bootstrap = new Bootstrap()
                    .group(loop) // this link's channels share the loop that owns its dial state
                    .channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.SO_KEEPALIVE, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) options.handshakeTimeout().toMillis())
                    .option(ChannelOption.WRITE_BUFFER_WATER_MARK, writeBufferWaterMark())
                    .handler(pipelineFor(Side.DIALER, peerId));
            loop.execute(() -> {
                resetBackoff();
                dial();
            });
        }

        /** Runs on dialLoop. */
        private void dial() {
            if (isClosed()) return;
            bootstrap.connect(address.host(), address.port()).addListener((ChannelFuture connect) -> {
                if (connect.isSuccess()) {
                    connect.channel().closeFuture().addListener(f -> redialLater());
                } else {
                    if (!unreachableLogged) {
                        unreachableLogged = true;
                        log.info("node {}: cannot reach node {} at {} ({}); retrying with backoff up to {} ms", selfId, peerId, address,
                                connect.cause().getMessage(), options.reconnectMaxBackoff().toMillis());
                    }
                    redialLater();
                }
            });
        }

        /** Runs on dialLoop. */
        void resetBackoff() {
            backoffNanos = options.reconnectMinBackoff().toNanos();
            unreachableLogged = false;
        }

        private void redialLater() {
            if (isClosed()) return;
            long delay = backoffNanos;
            backoffNanos = Math.min(2 * backoffNanos, options.reconnectMaxBackoff().toNanos());
            long jittered = delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
            try {
                dialLoop.schedule(this::dial, jittered, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException shuttingDown) {
                // close() raced us; nothing left to dial for
            }
        }
    }
}
