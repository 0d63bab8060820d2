package paxosql.replica.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import paxosql.consensus.core.Member;
import paxosql.consensus.transport.ClusterLayout;
import paxosql.consensus.transport.HostPort;
import paxosql.consensus.transport.LogBudget;
import paxosql.driver.wire.WireCodec;
import paxosql.driver.wire.WireFrameDecoder;
import paxosql.driver.wire.WireMessage;
import paxosql.driver.wire.WireProtocol;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A node's client port: the server side of the client wire protocol
 * ({@link WireProtocol}), bound to the member's client address. Netty over NIO.
 *
 * <p><b>Sessions.</b> Every connection first gets a challenge and must answer with a hello
 * (user and password, checked by {@link ClientService#authenticate}, or a cluster-secret
 * proof) before anything else is accepted; a frame before the welcome that is not a
 * hello, or arrives while the hello is being checked, closes the connection. A password
 * session is registered under its client id: {@link #deliver} sends each result to every
 * connection of that client id on this node (a client may be connected through several,
 * and to several replicas). A client id is held by one user at a time: a hello claiming an
 * id that another user's live connection holds is refused. Cluster-secret sessions are for
 * node-to-node administration: status and snapshots, no commands or reads.
 *
 * <p><b>Limits.</b> At most {@link Options#maxUnauthenticatedConnections()} connections
 * may be in the handshake at once and {@link Options#maxConnections()} open in all; more are
 * refused ({@code 08004}) and closed at once. A handshake not completed within
 * {@link Options#handshakeTimeout()} is refused. Frames are limited to
 * {@link WireProtocol#MAX_UNAUTHENTICATED_FRAME_BYTES} before the welcome and
 * {@link WireProtocol#MAX_FRAME_BYTES} after. Each connection may have
 * {@link Options#maxRequestsInFlight()} reads and admin requests outstanding.
 *
 * <p><b>TLS</b> ({@link Options#tls()}): the TLS handshake comes first and the challenge is
 * sent only once it has completed, so no credentials travel in clear. A TLS handshake counts
 * as part of the connection's handshake: against the unauthenticated-connection limit and
 * within the handshake timeout. A connection over a limit is closed before its TLS handshake
 * (it cannot be told why; the client sees the connection closed). A client that does not
 * speak TLS fails the TLS handshake and is closed; nothing it sent is read as a frame.
 *
 * <p><b>Failures stay local.</b> A malformed, oversized or unregistered frame, or any
 * other protocol violation, closes that one connection (with a {@code Refused} naming the
 * reason) and logs one WARN line for it, rate-limited across connections; the server and
 * its other connections carry on.
 *
 * <p><b>Threads.</b> {@link #deliver}, {@link #notLeader}, {@link #connectionsOf} and
 * {@link #stats} may be called from any thread and never block. Lifecycle: construct,
 * {@link #start} once, {@link #close} (idempotent; releases the port at once).
 */
public final class ClientServer implements AutoCloseable {

    static final Logger log = LoggerFactory.getLogger(ClientServer.class);

    private static final int LOG_LINES_PER_WINDOW = 20;
    private static final long LOG_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Work waiting for a worker (password checks, status, snapshot reads) beyond this is refused as busy. */
    private static final int WORKER_QUEUE = 1024;
    /** How often cursors are checked against the idle limit. */
    private static final long CURSOR_SWEEP_SECONDS = 1;

    /**
     * Tuning of one server. Every option, its default and meaning:
     *
     * @param handshakeTimeout              a connection not welcomed by then is refused and closed (default 5 s)
     * @param maxUnauthenticatedConnections connections in the handshake at once; more are refused (default 256)
     * @param maxConnections                open connections in all; more are refused (default 4096)
     * @param maxRequestsInFlight           outstanding reads and admin requests per connection; more are
     *                                      answered {@code 53000} (default 16)
     * @param maxChunkBytes                 largest snapshot chunk sent, whatever a client asks for (default 4 MiB)
     * @param ioThreads                     Netty event loop threads (default 2)
     * @param workerThreads                 threads for password checks, status and snapshot reads (default 2)
     * @param closeTimeout                  how long {@link #close()} and binding in {@link #start} wait at most (default 5 s)
     * @param tls                           a server TLS context: every connection is TLS, plaintext clients are
     *                                      refused; null for plaintext (default; see {@link ServerTls})
     */
    public record Options(Duration handshakeTimeout, int maxUnauthenticatedConnections, int maxConnections, int maxRequestsInFlight,
                          int maxChunkBytes, int ioThreads, int workerThreads, Duration closeTimeout, SslContext tls) {
        public Options {
            requirePositive(handshakeTimeout, "handshakeTimeout");
            requirePositive(closeTimeout, "closeTimeout");
            if (maxUnauthenticatedConnections < 1) throw new IllegalArgumentException("maxUnauthenticatedConnections must be >= 1");
            if (maxConnections < maxUnauthenticatedConnections) {
                throw new IllegalArgumentException("maxConnections must be >= maxUnauthenticatedConnections");
            }
            if (maxRequestsInFlight < 1) throw new IllegalArgumentException("maxRequestsInFlight must be >= 1");
            if (maxChunkBytes < 1 || maxChunkBytes > WireProtocol.MAX_FRAME_BYTES - WireProtocol.FRAME_HEADROOM_BYTES) {
                throw new IllegalArgumentException("maxChunkBytes must be 1.." + (WireProtocol.MAX_FRAME_BYTES - WireProtocol.FRAME_HEADROOM_BYTES));
            }
            if (ioThreads < 1 || workerThreads < 1) throw new IllegalArgumentException("ioThreads and workerThreads must be >= 1");
            if (tls != null && !tls.isServer()) throw new IllegalArgumentException("the TLS context must be a server context");
        }

        public Options(Duration handshakeTimeout, int maxUnauthenticatedConnections, int maxConnections, int maxRequestsInFlight,
                       int maxChunkBytes, int ioThreads, int workerThreads, Duration closeTimeout) {
            this(handshakeTimeout, maxUnauthenticatedConnections, maxConnections, maxRequestsInFlight, maxChunkBytes, ioThreads,
                    workerThreads, closeTimeout, null);
        }

        private static void requirePositive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive, got " + d);
        }

        public static Options defaults() {
            return new Options(Duration.ofSeconds(5), 256, 4096, 16, 4 << 20, 2, 2, Duration.ofSeconds(5), null);
        }

        public Options withHandshakeTimeout(Duration timeout) {
            return new Options(timeout, maxUnauthenticatedConnections, maxConnections, maxRequestsInFlight, maxChunkBytes, ioThreads,
                    workerThreads, closeTimeout, tls);
        }

        public Options withConnectionLimits(int unauthenticated, int total) {
            return new Options(handshakeTimeout, unauthenticated, total, maxRequestsInFlight, maxChunkBytes, ioThreads, workerThreads,
                    closeTimeout, tls);
        }

        public Options withMaxRequestsInFlight(int requests) {
            return new Options(handshakeTimeout, maxUnauthenticatedConnections, maxConnections, requests, maxChunkBytes, ioThreads,
                    workerThreads, closeTimeout, tls);
        }

        /** The same options with TLS on every connection ({@code null}: plaintext). */
        public Options withTls(SslContext context) {
            return new Options(handshakeTimeout, maxUnauthenticatedConnections, maxConnections, maxRequestsInFlight, maxChunkBytes,
                    ioThreads, workerThreads, closeTimeout, context);
        }
    }

    /**
     * Counters since start.
     *
     * @param accepted          connections accepted (including those refused at once)
     * @param welcomed          handshakes completed
     * @param refused           connections refused: failed handshakes, over a limit, timed out
     * @param closedMalformed   connections closed for a malformed frame or another protocol violation
     * @param resultsSent       result frames written by {@link #deliver}
     * @param openConnections   connections open now
     * @param handshaking       connections open now that have not been welcomed yet
     */
    public record Stats(long accepted, long welcomed, long refused, long closedMalformed, long resultsSent, int openConnections,
                        int handshaking) {}

    private enum Lifecycle { NEW, STARTED, CLOSED }

    /** The live, welcomed password connections of one client id on this node, and the user they act as. */
    private record Route(String user, Channel[] channels) {
        Route with(Channel ch) {
            Channel[] more = Arrays.copyOf(channels, channels.length + 1);
            more[channels.length] = ch;
            return new Route(user, more);
        }

        Route without(Channel ch) {
            List<Channel> rest = new ArrayList<>(channels.length);
            for (Channel c : channels) if (c != ch) rest.add(c);
            return rest.isEmpty() ? null : new Route(user, rest.toArray(Channel[]::new));
        }
    }

    final int selfId;
    final ClientService service;
    final Options options;
    final WireCodec codec = new WireCodec();
    private final HostPort address;
    private final byte[] clusterSecret;
    private final List<WireMessage.MemberAddress> members;

    final LongAdder accepted = new LongAdder();
    final LongAdder welcomed = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder closedMalformed = new LongAdder();
    private final LongAdder resultsSent = new LongAdder();
    final AtomicInteger unauthenticated = new AtomicInteger();
    final AtomicInteger open = new AtomicInteger();

    private final LogBudget remoteEventLog = new LogBudget(LOG_LINES_PER_WINDOW, LOG_WINDOW_NANOS);
    private final Map<Long, Route> routes = new ConcurrentHashMap<>();
    private final ChannelGroup channels = new DefaultChannelGroup("client-channels", GlobalEventExecutor.INSTANCE);
    final CursorTable cursors;

    private volatile Lifecycle lifecycle = Lifecycle.NEW;
    private EventLoopGroup ioGroup; // guarded by this
    private volatile ThreadPoolExecutor workers; // set by start

    /**
     * A server for node {@code selfId}; it holds no threads or sockets until {@link #start}.
     *
     * @param layout        the cluster layout: this node listens on its client address, and the
     *                      welcome lists every member's
     * @param clusterSecret the cluster secret for cluster-secret sessions (copied), or null to refuse them
     */
    public ClientServer(ClusterLayout layout, int selfId, byte[] clusterSecret, ClientService service, Options options) {
        this(layout, selfId, clusterSecret, service, options, new CursorTable());
    }

    /** With the cursor limits of {@code cursors} (tests). */
    ClientServer(ClusterLayout layout, int selfId, byte[] clusterSecret, ClientService service, Options options, CursorTable cursors) {
        Objects.requireNonNull(layout, "layout");
        this.cursors = Objects.requireNonNull(cursors, "cursors");
        this.service = Objects.requireNonNull(service, "service");
        this.options = Objects.requireNonNull(options, "options");
        this.selfId = selfId;
        this.address = layout.addressesOf(selfId).client();
        if (clusterSecret != null && clusterSecret.length < WireProtocol.MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the cluster secret must be at least " + WireProtocol.MIN_SECRET_BYTES + " bytes");
        }
        this.clusterSecret = clusterSecret == null ? null : clusterSecret.clone();
        List<WireMessage.MemberAddress> list = new ArrayList<>();
        for (Member m : layout.config().members()) {
            HostPort client = layout.addressesOf(m.id()).client();
            list.add(new WireMessage.MemberAddress(m.id(), m.role().name().toLowerCase(Locale.ROOT), client.host(), client.port()));
        }
        this.members = List.copyOf(list);
    }

    /**
     * Binds the client address and starts serving. Returns once the port is bound.
     *
     * @throws IllegalStateException if already started or closed, or if the address cannot be
     *                               bound (the server is then closed)
     */
    public synchronized void start() {
        if (lifecycle != Lifecycle.NEW) throw new IllegalStateException("node " + selfId + ": client server is " + lifecycle.name().toLowerCase(Locale.ROOT) + ", cannot start");
        lifecycle = Lifecycle.STARTED;
        workers = new ThreadPoolExecutor(options.workerThreads(), options.workerThreads(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(WORKER_QUEUE), new DefaultThreadFactory("paxosql-client-worker-n" + selfId, true));
        ioGroup = new MultiThreadIoEventLoopGroup(options.ioThreads(), new DefaultThreadFactory("paxosql-client-io-n" + selfId, true),
                NioIoHandler.newFactory());
        ioGroup.scheduleAtFixedRate(cursors::expireIdle, CURSOR_SWEEP_SECONDS, CURSOR_SWEEP_SECONDS, TimeUnit.SECONDS);
        WriteBufferWaterMark backlog = new WriteBufferWaterMark(WireProtocol.MAX_FRAME_BYTES, 2 * WireProtocol.MAX_FRAME_BYTES);
        ServerBootstrap server = new ServerBootstrap()
                .group(ioGroup)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true) // a restarted node must get its port back despite TIME_WAIT
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, backlog)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        channels.add(ch);
                        WireFrameDecoder frames = new WireFrameDecoder(WireProtocol.MAX_UNAUTHENTICATED_FRAME_BYTES);
                        if (options.tls() != null) {
                            SslHandler tls = options.tls().newHandler(ch.alloc());
                            // A backstop: the connection's own deadline (the same length) refuses it first.
                            tls.setHandshakeTimeoutMillis(options.handshakeTimeout().toMillis() + 1_000);
                            ch.pipeline().addLast("tls", tls);
                        }
                        ch.pipeline()
                          .addLast("flush", new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true))
                          .addLast("frames", frames)
                          .addLast("client", new ClientConnection(ClientServer.this, frames, options.tls() != null));
                    }
                });
        ChannelFuture bound = server.bind(address.host(), address.port());
        channels.add(bound.channel());
        if (!bound.awaitUninterruptibly(options.closeTimeout().toMillis()) || !bound.isSuccess()) {
            String why = bound.cause() == null ? "timed out" : bound.cause().getMessage();
            close();
            throw new IllegalStateException("node " + selfId + " cannot listen for clients on " + address + ": " + why);
        }
        log.info("node {}: listening for clients on {} (protocol v{}{}{})", selfId, address, WireProtocol.PROTOCOL_VERSION,
                options.tls() != null ? ", TLS" : ", plaintext", clusterSecret == null ? ", cluster-secret sessions disabled" : "");
    }

    /** The address this server listens on (the member's client address). */
    public HostPort address() { return address; }

    /**
     * Sends the result of command {@code sequence} of {@code clientId}, applied here by
     * instance {@code appliedAt}, to every welcomed
     * connection of that client id on this node; does nothing, cheaply, when there is none
     * (the common case for other clients' commands on a follower). Never blocks. A
     * connection whose client has stopped reading (backlog beyond twice the frame limit) is
     * closed rather than buffered without bound; the client resends, and the session table
     * answers it.
     */
    public void deliver(long clientId, long sequence, long appliedAt, byte[] result) {
        Route route = routes.get(clientId);
        if (route == null) return;
        ByteBuf frame;
        try {
            frame = codec.frame(new WireMessage.Result(clientId, sequence, appliedAt, result, service.leaderId().orElse(WireMessage.NO_LEADER)));
        } catch (IllegalArgumentException | NullPointerException e) {
            log.error("node {}: cannot send the result of command {} of client {}: {}", selfId, sequence, clientId, e.getMessage());
            return;
        }
        try {
            for (Channel ch : route.channels()) {
                if (!ch.isActive()) continue;
                if (!ch.isWritable()) {
                    logRemoteEvent(Level.WARN, "closing the connection of client " + clientId + " (" + ch.remoteAddress()
                            + "): it is not reading its results");
                    ch.close();
                    continue;
                }
                ch.writeAndFlush(frame.retainedDuplicate(), ch.voidPromise());
                resultsSent.increment();
            }
        } finally {
            frame.release();
        }
    }

    /**
     * Tells the connections of {@code clientId} on this node that this node did not take
     * command {@code sequence}; {@code leaderId} is who might, or {@link WireMessage#NO_LEADER}.
     * Never blocks.
     */
    public void notLeader(long clientId, long sequence, int leaderId) {
        Route route = routes.get(clientId);
        if (route == null) return;
        ByteBuf frame = codec.frame(new WireMessage.NotLeader(sequence, Math.max(WireMessage.NO_LEADER, leaderId)));
        try {
            for (Channel ch : route.channels()) {
                if (ch.isActive()) ch.writeAndFlush(frame.retainedDuplicate(), ch.voidPromise());
            }
        } finally {
            frame.release();
        }
    }

    /** How many welcomed connections of {@code clientId} are registered on this node now. */
    public int connectionsOf(long clientId) {
        Route route = routes.get(clientId);
        return route == null ? 0 : route.channels().length;
    }

    public Stats stats() {
        return new Stats(accepted.sum(), welcomed.sum(), refused.sum(), closedMalformed.sum(), resultsSent.sum(), open.get(),
                unauthenticated.get());
    }

    /**
     * Closes the listening socket (the port is free again when this returns) and every
     * connection, and stops the threads, waiting at most {@link Options#closeTimeout()}.
     * Idempotent. Must not be called from a {@link ClientService} callback on an I/O thread.
     */
    @Override
    public synchronized void close() {
        if (lifecycle == Lifecycle.CLOSED) return;
        Lifecycle was = lifecycle;
        lifecycle = Lifecycle.CLOSED;
        if (was == Lifecycle.NEW) return;
        long timeoutMillis = options.closeTimeout().toMillis();
        channels.close().awaitUninterruptibly(timeoutMillis);
        cursors.closeEverything();
        var terminated = ioGroup.shutdownGracefully(0, timeoutMillis, TimeUnit.MILLISECONDS);
        workers.shutdownNow();
        if (!terminated.awaitUninterruptibly(timeoutMillis)) {
            log.warn("node {}: client server threads did not stop within {} ms", selfId, timeoutMillis);
        } else {
            log.info("node {}: client server closed", selfId);
        }
    }

    // ---- for ClientConnection, on the connection's event loop unless said otherwise ----

    boolean isClosed() { return lifecycle == Lifecycle.CLOSED; }

    /** Cluster-secret sessions are enabled. */
    boolean acceptsSecret() { return clusterSecret != null; }

    byte[] clusterSecret() { return clusterSecret; }

    /** Runs {@code task} on a worker; false if the workers are saturated or stopped (the caller refuses as busy). */
    boolean runOnWorker(Runnable task) {
        ExecutorService w = workers;
        try {
            w.execute(task);
            return true;
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return false;
        }
    }

    WireMessage.Welcome welcome(int leaderId) {
        return new WireMessage.Welcome(selfId, leaderId, members);
    }

    /** Registers a welcomed password connection under its client id; false if another user holds the id. */
    boolean register(long clientId, String user, Channel ch) {
        boolean[] conflict = {false};
        routes.compute(clientId, (id, old) -> {
            if (old == null) return new Route(user, new Channel[] {ch});
            if (!old.user().equals(user)) {
                conflict[0] = true;
                return old;
            }
            return old.with(ch);
        });
        return !conflict[0];
    }

    /** Unregisters a closed connection; tells the service when it was the client id's last one here. */
    void unregister(long clientId, Channel ch) {
        boolean[] last = {false};
        routes.computeIfPresent(clientId, (id, old) -> {
            Route rest = old.without(ch);
            last[0] = rest == null;
            return rest;
        });
        if (last[0]) {
            try {
                service.sessionClosed(clientId);
            } catch (RuntimeException e) {
                log.error("node {}: sessionClosed({}) failed", selfId, clientId, e);
            }
        }
    }

    /** Logs a line a remote party caused, within the rate limit. */
    void logRemoteEvent(Level level, String line) {
        long suppressedBefore = remoteEventLog.acquire();
        if (suppressedBefore < 0) return;
        if (suppressedBefore == 0) log.atLevel(level).log("node {}: {}", selfId, line);
        else log.atLevel(level).log("node {}: {} ({} similar lines suppressed before this one)", selfId, line, suppressedBefore);
    }
}
