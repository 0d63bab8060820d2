package paxosql.consensus.transport;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/**
 * The versioned peer handshake (DESIGN.md § Transport). Both ends send a
 * {@link Hello} as soon as the connection opens; each, once it accepts the other's
 * hello, sends a {@link #proof}; each, once it verifies the other's proof, treats the
 * connection as established. Nothing else is accepted before that.
 *
 * <p>The proof is HMAC-SHA256 under the cluster secret over a fixed label, the
 * sender's role, the dialer's and acceptor's nonces, the sender's node id and the
 * configuration hash. Both nonces are fresh, so a proof cannot be replayed on
 * another connection, and it names the sender's id and role, so it cannot be
 * reflected back. This authenticates the peer; it does not protect later frames
 * against an active man in the middle (that would need TLS).
 */
final class Handshake {
    private Handshake() {}

    /** The wire protocol this build speaks; a peer speaking another is refused. */
    static final int PROTOCOL_VERSION = 1;
    /** "PXSQ": lets us tell a PaxoSQL peer from anything else that connects. */
    static final int MAGIC = 0x50585351;
    static final int NONCE_BYTES = 32;
    static final int HASH_BYTES = 32;
    static final int PROOF_BYTES = 32;
    /** Frames before the handshake completes are tiny; a bigger one is garbage, not worth buffering. */
    static final int MAX_HANDSHAKE_FRAME_BYTES = 4 * 1024;

    private static final byte[] PROOF_LABEL = "paxosql-peer-proof-v1".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Which end of the connection a party is: the dialer has the lower node id. */
    enum Side {
        DIALER((byte) 'D'), ACCEPTOR((byte) 'A');

        /** Fixed wire code: the proof must not depend on enum order. */
        final byte code;

        Side(byte code) { this.code = code; }

        Side other() { return this == DIALER ? ACCEPTOR : DIALER; }
    }

    /**
     * The first frame from each end. Layout, version 1: {@code int magic | int version |
     * int nodeId | byte[32] configHash | byte[32] nonce}. Magic and version come first and
     * stay there in every version, so a node can always tell which version it is refusing.
     */
    record Hello(int protocolVersion, int nodeId, byte[] configHash, byte[] nonce) {
        static final int V1_BYTES = 4 + 4 + 4 + HASH_BYTES + NONCE_BYTES;

        byte[] encode() {
            return ByteBuffer.allocate(V1_BYTES).putInt(MAGIC).putInt(protocolVersion).putInt(nodeId)
                    .put(configHash).put(nonce).array();
        }

        /** Parses a hello from a peer, refusing anything but {@code expectedVersion}. */
        static Hello decode(byte[] body, int expectedVersion) throws HandshakeRefusal {
            ByteBuffer in = ByteBuffer.wrap(body);
            if (body.length < 8 || in.getInt() != MAGIC) throw new HandshakeRefusal("not a PaxoSQL peer hello (bad magic)");
            int version = in.getInt();
            if (version != expectedVersion) {
                throw new HandshakeRefusal("protocol version " + version + " is not supported; this node speaks version " + expectedVersion);
            }
            if (body.length != V1_BYTES) throw new HandshakeRefusal("hello of " + body.length + " bytes, expected " + V1_BYTES);
            int nodeId = in.getInt();
            byte[] hash = new byte[HASH_BYTES];
            byte[] nonce = new byte[NONCE_BYTES];
            in.get(hash).get(nonce);
            return new Hello(version, nodeId, hash, nonce);
        }
    }

    static byte[] newNonce() {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        return nonce;
    }

    /** What the party on {@code side} with id {@code senderId} sends to prove it knows {@code secret}. */
    static byte[] proof(byte[] secret, Side side, byte[] dialerNonce, byte[] acceptorNonce, int senderId, byte[] configHash) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(PROOF_LABEL);
            mac.update(side.code);
            mac.update(dialerNonce);
            mac.update(acceptorNonce);
            mac.update(ByteBuffer.allocate(4).putInt(senderId).array());
            mac.update(configHash);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every JDK", e);
        }
    }
}
