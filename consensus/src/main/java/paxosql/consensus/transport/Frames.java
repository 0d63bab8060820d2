package paxosql.consensus.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The peer wire's framing: {@code int32 length (big-endian) | byte kind | body}, where
 * {@code length} counts the kind byte and the body. Every frame has a kind, so a
 * length below 1 is malformed.
 */
final class Frames {
    private Frames() {}

    static final int LENGTH_PREFIX_BYTES = 4;

    /** Handshake: magic, protocol version, node id, config hash, nonce ({@link Handshake.Hello}). */
    static final byte HELLO = 1;
    /** Handshake: HMAC proof that the sender knows the cluster secret ({@link Handshake#proof}). */
    static final byte PROOF = 2;
    /** The sender refuses this connection; body: UTF-8 reason. The sender closes right after. */
    static final byte REFUSAL = 3;
    /** A protocol message; body: {@link MessageSerializer} bytes. Only after the handshake. */
    static final byte MESSAGE = 16;

    /** A whole frame around {@code body}, without copying the body. */
    static ByteBuf frame(byte kind, byte[] body) {
        ByteBuf header = Unpooled.buffer(LENGTH_PREFIX_BYTES + 1);
        header.writeInt(body.length + 1).writeByte(kind);
        return Unpooled.wrappedBuffer(header, Unpooled.wrappedBuffer(body));
    }

    /** "a hello frame", "a frame of unknown kind 200": for refusal reasons and logs. */
    static String describeKind(int kind) {
        return switch (kind) {
            case HELLO -> "a hello frame";
            case PROOF -> "a proof frame";
            case REFUSAL -> "a refusal frame";
            case MESSAGE -> "a message frame";
            default -> "a frame of unknown kind " + kind;
        };
    }
}
