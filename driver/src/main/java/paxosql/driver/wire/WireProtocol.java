package paxosql.driver.wire;

import paxosql.driver.protocol.PayloadCodec;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/**
 * Constants of the client wire protocol (driver to replica) and the cluster-secret proof.
 *
 * <p><b>Framing.</b> {@code int32 length (big-endian) | body}, where the body is one
 * {@link WireMessage} as {@link WireCodec} writes it and {@code length} counts the body
 * only. A length outside {@code [1, limit]} closes the connection. The limit is
 * {@link #MAX_UNAUTHENTICATED_FRAME_BYTES} on a replica until it has welcomed the client,
 * {@link #MAX_FRAME_BYTES} afterwards.
 *
 * <p><b>Handshake.</b> The replica speaks first with a {@link WireMessage.Challenge}
 * (its protocol version and a fresh nonce). The client answers with a
 * {@link WireMessage.Hello} carrying either a user and password or a
 * {@linkplain #secretProof proof} that it knows the cluster secret. The replica answers
 * {@link WireMessage.Welcome} or {@link WireMessage.Refused} (and closes). Nothing else is
 * accepted before the welcome.
 *
 * <p><b>Versions.</b> The wire ids and shapes of {@code Challenge}, {@code Hello} and
 * {@code Refused} are frozen for all versions, so that two builds can always tell which
 * version the other speaks and refuse it with SQLState {@code 08P01}. A later version
 * changes anything else freely under a new {@link #PROTOCOL_VERSION}.
 */
public final class WireProtocol {
    private WireProtocol() {}

    /** The wire protocol this build speaks; a peer speaking another is refused. */
    public static final int PROTOCOL_VERSION = 4;

    public static final int LENGTH_PREFIX_BYTES = 4;

    /** Room for the fields around the largest payload (ids, sequence, Kryo's class id and lengths). */
    public static final int FRAME_HEADROOM_BYTES = 64 * 1024;

    /** Largest frame after the handshake: a {@link PayloadCodec#MAX_PAYLOAD_BYTES} payload and its fields. */
    public static final int MAX_FRAME_BYTES = PayloadCodec.MAX_PAYLOAD_BYTES + FRAME_HEADROOM_BYTES;

    /**
     * Largest frame a replica reads from a client it has not welcomed yet. A hello is a few
     * hundred bytes; anything bigger from an unauthenticated party is not worth buffering.
     */
    public static final int MAX_UNAUTHENTICATED_FRAME_BYTES = 4 * 1024;

    /** Largest frame a client reads before the welcome (which lists the members). */
    public static final int MAX_WELCOME_FRAME_BYTES = 64 * 1024;

    /** Longest user name and password in a hello, in UTF-16 chars. */
    public static final int MAX_CREDENTIAL_CHARS = 1024;

    public static final int NONCE_BYTES = 32;
    public static final int PROOF_BYTES = 32;
    /** A shorter cluster secret would make the proof guessable. */
    public static final int MIN_SECRET_BYTES = 16;

    private static final byte[] PROOF_LABEL = "paxosql-client-proof-v1".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A fresh random nonce for a challenge. */
    public static byte[] newNonce() {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        return nonce;
    }

    /**
     * What a client sends to prove it knows the cluster secret: HMAC-SHA256 under
     * {@code secret} over a fixed label, the replica's {@code nonce} and the client id.
     * The nonce is fresh per connection, so a proof cannot be replayed on another
     * connection; the label keeps it distinct from the peer transport's proofs. It
     * authenticates the client only, and does not protect later frames (that needs TLS).
     */
    public static byte[] secretProof(byte[] secret, byte[] nonce, long clientId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(PROOF_LABEL);
            mac.update(nonce);
            mac.update(ByteBuffer.allocate(Long.BYTES).putLong(clientId).array());
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every JDK", e);
        }
    }
}
