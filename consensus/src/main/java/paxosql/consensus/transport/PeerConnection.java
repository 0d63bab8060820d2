package paxosql.consensus.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.util.concurrent.ScheduledFuture;
import paxosql.consensus.core.Message;
import paxosql.consensus.transport.FrameDecoder.MalformedFrameException;
import paxosql.consensus.transport.Handshake.Hello;
import paxosql.consensus.transport.Handshake.Side;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * One peer connection, from either end: runs the {@link Handshake}, then decodes
 * protocol messages and hands them to the transport, tagged with the peer id the
 * handshake proved. All methods run on the channel's event loop, so the state needs
 * no locking.
 *
 * <p>Every way a connection can go wrong ends the same way: this connection is
 * closed, a counter grows and one (rate-limited) line is logged. Handshake failures
 * also send the peer a refusal frame with the reason.
 */
final class PeerConnection extends ChannelInboundHandlerAdapter {

    private enum State { AWAIT_HELLO, AWAIT_PROOF, ESTABLISHED, CLOSING }

    /** A peer reason is echoed into our log: keep it short and free of control characters. */
    private static final int MAX_LOGGED_REASON_CHARS = 200;
    private static final int MAX_SENT_REASON_BYTES = 512;

    private final PeerTransport transport;
    private final Side side;
    /** The node this end dialed; unknown (0) on the accepting end until its hello arrives. */
    private final int dialedPeerId;
    private final FrameDecoder decoder;
    private final byte[] ourNonce = Handshake.newNonce();

    private State state = State.AWAIT_HELLO;
    /** Set once the handshake completed; stays set while closing, so logs keep naming the proven peer. */
    private boolean authenticated;
    private Hello peerHello;
    private ScheduledFuture<?> handshakeDeadline;

    PeerConnection(PeerTransport transport, Side side, int dialedPeerId, FrameDecoder decoder) {
        this.transport = transport;
        this.side = side;
        this.dialedPeerId = dialedPeerId;
        this.decoder = decoder;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        Hello ours = new Hello(transport.protocolVersion, transport.selfId, transport.configHash, ourNonce);
        ctx.writeAndFlush(Frames.frame(Frames.HELLO, ours.encode()));
        long timeoutMillis = transport.options.handshakeTimeout().toMillis();
        handshakeDeadline = ctx.executor().schedule(
                () -> refuse(ctx, "handshake not completed within " + timeoutMillis + " ms"), timeoutMillis, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelHandshakeDeadline();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        try {
            onFrame(ctx, frame);
        } finally {
            frame.release();
        }
    }

    private void onFrame(ChannelHandlerContext ctx, ByteBuf frame) {
        if (state == State.CLOSING) return; // already decided; ignore what was still buffered
        int kind = frame.readUnsignedByte(); // the decoder guarantees at least the kind byte
        if (kind == Frames.REFUSAL) {
            onRefusedByPeer(ctx, frame);
            return;
        }
        switch (state) {
            case AWAIT_HELLO -> {
                if (kind == Frames.HELLO) onHello(ctx, ByteBufUtil.getBytes(frame));
                else refuse(ctx, "expected a hello, got " + Frames.describeKind(kind));
            }
            case AWAIT_PROOF -> {
                if (kind == Frames.PROOF) onProof(ctx, ByteBufUtil.getBytes(frame));
                else refuse(ctx, "expected a proof, got " + Frames.describeKind(kind));
            }
            case ESTABLISHED -> {
                if (kind == Frames.MESSAGE) onMessageFrame(ctx, frame);
                else closeMalformed(ctx, "got " + Frames.describeKind(kind) + " after the handshake");
            }
            case CLOSING -> { }
        }
    }

    private void onHello(ChannelHandlerContext ctx, byte[] body) {
        try {
            Hello hello = Hello.decode(body, transport.protocolVersion);
            checkIdentity(hello);
            peerHello = hello;
        } catch (HandshakeRefusal refusal) {
            refuse(ctx, refusal.getMessage());
            return;
        }
        byte[] proof = Handshake.proof(transport.secret, side, dialerNonce(), acceptorNonce(), transport.selfId, transport.configHash);
        ctx.writeAndFlush(Frames.frame(Frames.PROOF, proof));
        state = State.AWAIT_PROOF;
    }

    /** Version is checked by {@link Hello#decode}; here: same configuration, a member, and the right end of the pair. */
    private void checkIdentity(Hello hello) throws HandshakeRefusal {
        if (!MessageDigest.isEqual(hello.configHash(), transport.configHash)) {
            throw new HandshakeRefusal("configuration differs from this node's: refusing, not merging (peer config "
                    + shortHex(hello.configHash()) + ", ours " + shortHex(transport.configHash) + ")");
        }
        int claimed = hello.nodeId();
        if (!transport.layout.isMember(claimed)) throw new HandshakeRefusal("node id " + claimed + " is not a member of this cluster");
        if (claimed == transport.selfId) throw new HandshakeRefusal("the peer claims this node's own id " + claimed);
        if (side == Side.DIALER && claimed != dialedPeerId) {
            throw new HandshakeRefusal("dialed node " + dialedPeerId + " at " + transport.layout.peerAddressOf(dialedPeerId)
                    + " but the peer says it is node " + claimed);
        }
        if (side == Side.ACCEPTOR && claimed > transport.selfId) {
            throw new HandshakeRefusal("node " + claimed + " must not dial node " + transport.selfId + ": the lower id dials the higher");
        }
    }

    private void onProof(ChannelHandlerContext ctx, byte[] proof) {
        byte[] expected = Handshake.proof(transport.secret, side.other(), dialerNonce(), acceptorNonce(), peerHello.nodeId(), transport.configHash);
        if (!MessageDigest.isEqual(expected, proof)) {
            refuse(ctx, "authentication failed: the peer did not prove knowledge of the cluster secret");
            return;
        }
        state = State.ESTABLISHED;
        authenticated = true;
        cancelHandshakeDeadline();
        decoder.setMaxFrameBytes(transport.options.maxFrameBytes());
        transport.onEstablished(peerHello.nodeId(), ctx.channel(), side);
    }

    private void onMessageFrame(ChannelHandlerContext ctx, ByteBuf frame) {
        Message message;
        try {
            message = frame.hasArray()
                    ? transport.serializer.decode(frame.array(), frame.arrayOffset() + frame.readerIndex(), frame.readableBytes())
                    : transport.serializer.decode(ByteBufUtil.getBytes(frame));
        } catch (MalformedMessageException e) {
            closeMalformed(ctx, "undecodable message: " + e.getMessage());
            return;
        }
        transport.deliver(peerHello.nodeId(), message);
    }

    private void onRefusedByPeer(ChannelHandlerContext ctx, ByteBuf frame) {
        String reason = frame.toString(frame.readerIndex(), Math.min(frame.readableBytes(), MAX_SENT_REASON_BYTES), StandardCharsets.UTF_8);
        state = State.CLOSING;
        cancelHandshakeDeadline();
        transport.logRemoteEvent(describePeer(ctx) + " refused the connection: " + printable(reason));
        ctx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException && cause.getCause() instanceof MalformedFrameException malformed) {
            closeMalformed(ctx, malformed.getMessage());
        } else if (cause instanceof IOException) {
            // Resets and broken pipes are how peers go away; the transport logs the disconnect itself.
            PeerTransport.log.debug("node {}: connection with {} failed: {}", transport.selfId, describePeer(ctx), cause.toString());
            state = State.CLOSING;
            ctx.close();
        } else if (state != State.CLOSING) {
            state = State.CLOSING;
            PeerTransport.log.warn("node {}: closing the connection with {} after an unexpected error", transport.selfId, describePeer(ctx), cause);
            ctx.close();
        }
    }

    /** Refuses the peer during the handshake: count, log one line, tell the peer why, close. */
    private void refuse(ChannelHandlerContext ctx, String reason) {
        if (state == State.CLOSING || state == State.ESTABLISHED) return;
        state = State.CLOSING;
        cancelHandshakeDeadline();
        transport.handshakesRefused.increment();
        transport.logRemoteEvent("refusing " + describePeer(ctx) + ": " + reason);
        byte[] utf8 = reason.getBytes(StandardCharsets.UTF_8);
        byte[] body = utf8.length <= MAX_SENT_REASON_BYTES ? utf8 : Arrays.copyOf(utf8, MAX_SENT_REASON_BYTES);
        ctx.writeAndFlush(Frames.frame(Frames.REFUSAL, body)).addListener(ChannelFutureListener.CLOSE);
    }

    /** Closes a connection whose peer broke the framing or the message format: count, log one line, close. */
    private void closeMalformed(ChannelHandlerContext ctx, String reason) {
        if (state == State.CLOSING) return;
        state = State.CLOSING;
        cancelHandshakeDeadline();
        transport.closedMalformed.increment();
        transport.logRemoteEvent("closing the connection with " + describePeer(ctx) + ": " + reason);
        ctx.close();
    }

    private void cancelHandshakeDeadline() {
        if (handshakeDeadline != null) handshakeDeadline.cancel(false);
    }

    private byte[] dialerNonce() { return side == Side.DIALER ? ourNonce : peerHello.nonce(); }

    private byte[] acceptorNonce() { return side == Side.ACCEPTOR ? ourNonce : peerHello.nonce(); }

    /** Who is on the other end, as far as we know it yet: an id is only vouched for once the handshake completed. */
    private String describePeer(ChannelHandlerContext ctx) {
        Object address = ctx.channel().remoteAddress();
        if (authenticated) return "node " + peerHello.nodeId() + " (" + address + ")";
        if (side == Side.DIALER) return "node " + dialedPeerId + " (" + address + ")";
        if (peerHello != null) return "peer " + address + " claiming to be node " + peerHello.nodeId();
        return "peer " + address;
    }

    private static String shortHex(byte[] hash) {
        return HexFormat.of().formatHex(hash, 0, 6);
    }

    private static String printable(String text) {
        StringBuilder sb = new StringBuilder(Math.min(text.length(), MAX_LOGGED_REASON_CHARS));
        for (int i = 0; i < text.length() && sb.length() < MAX_LOGGED_REASON_CHARS; i++) {
            char c = text.charAt(i);
            sb.append(Character.isISOControl(c) ? '?' : c);
        }
        return sb.toString();
    }
}
