package paxosql.driver.wire;

import paxosql.driver.protocol.PayloadCodec;

import java.util.List;
import java.util.Objects;

/**
 * Every message of the client wire protocol (see {@link WireProtocol} for framing and the
 * handshake). {@link ToServer} messages travel from a client to a replica, {@link ToClient}
 * messages back; a message arriving in the wrong direction is a protocol violation.
 *
 * <p>Compact constructors check what every receiver relies on (no null where a value is
 * required, sizes within limits); they run on decoding too, so a frame that breaks them is
 * malformed. Records holding {@code byte[]} compare by array identity; their
 * {@code toString} shows lengths, never contents (a hello's password least of all).
 */
public sealed interface WireMessage permits WireMessage.ToServer, WireMessage.ToClient {

    /** What a client sends. */
    sealed interface ToServer extends WireMessage permits Hello, Submit, Read, Fetch, CloseCursor, StatusRequest, SnapshotManifestRequest, SnapshotChunkRequest {}

    /** What a replica sends. */
    sealed interface ToClient extends WireMessage permits Challenge, Welcome, Refused, Result, NotLeader, Reply {}

    /** A replica's answer to one client request, matched to it by {@link #correlation()}. */
    sealed interface Reply extends ToClient permits ReadResult, StatusReply, SnapshotManifest, SnapshotChunk, RequestFailed {
        long correlation();
    }

    /** {@link Welcome#leaderId()} when the replica knows no leader. */
    int NO_LEADER = -1;

    // ---------------------------------------------------------------- handshake

    /** The replica's first frame: the version it speaks and a fresh nonce for a secret proof. Shape frozen. */
    record Challenge(int protocolVersion, byte[] nonce) implements ToClient {
        public Challenge {
            Objects.requireNonNull(nonce, "nonce");
        }

        @Override
        public String toString() { return "Challenge[v" + protocolVersion + ", nonce " + nonce.length + " bytes]"; }
    }

    /**
     * The client's answer to the challenge. Exactly one of {@code password} (with {@code user})
     * and {@code secretProof} ({@link WireProtocol#secretProof}) is set. A password session acts
     * as {@code user} and receives the results for {@code clientId}; a cluster-secret session is
     * for node-to-node administration (status, snapshots) and cannot run commands. Shape frozen.
     */
    record Hello(int protocolVersion, long clientId, String user, String password, byte[] secretProof) implements ToServer {
        public Hello {
            if (user != null && user.length() > WireProtocol.MAX_CREDENTIAL_CHARS) throw new IllegalArgumentException("user name too long");
            if (password != null && password.length() > WireProtocol.MAX_CREDENTIAL_CHARS) throw new IllegalArgumentException("password too long");
        }

        public static Hello password(long clientId, String user, String password) {
            return new Hello(WireProtocol.PROTOCOL_VERSION, clientId, Objects.requireNonNull(user, "user"),
                    Objects.requireNonNull(password, "password"), null);
        }

        public static Hello secret(long clientId, byte[] proof) {
            return new Hello(WireProtocol.PROTOCOL_VERSION, clientId, null, null, Objects.requireNonNull(proof, "proof"));
        }

        @Override
        public String toString() {
            return "Hello[v" + protocolVersion + ", client " + clientId + ", user " + user
                    + (password != null ? ", password" : "") + (secretProof != null ? ", secret proof" : "") + "]";
        }
    }

    /**
     * The replica accepted the client.
     *
     * @param nodeId   the replica's member id
     * @param leaderId the leader as the replica knows it, or {@link #NO_LEADER}
     * @param members  every member's client address, so that a client can reach the others
     */
    record Welcome(int nodeId, int leaderId, List<MemberAddress> members) implements ToClient {
        public Welcome {
            if (leaderId < NO_LEADER) throw new IllegalArgumentException("leaderId " + leaderId);
            members = List.copyOf(members);
        }
    }

    /** Where clients reach one member; {@code role} is {@code voter}, {@code witness} or {@code learner}. */
    record MemberAddress(int nodeId, String role, String host, int port) {
        public MemberAddress {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(host, "host");
            if (port < 1 || port > 65_535) throw new IllegalArgumentException("port " + port);
        }
    }

    /**
     * The replica refuses to go on with this connection and closes it right after: during the
     * handshake (wrong password {@code 28P01}, unsupported version {@code 08P01}, ...) or later
     * for a protocol violation. Shape frozen.
     */
    record Refused(String sqlState, String message) implements ToClient {
        public Refused {
            Objects.requireNonNull(sqlState, "sqlState");
            Objects.requireNonNull(message, "message");
        }
    }

    // ---------------------------------------------------------------- commands

    /** Command {@code sequence} of the session's client id; the payload is a {@link PayloadCodec}-encoded request. */
    record Submit(long sequence, byte[] payload) implements ToServer {
        public Submit {
            requirePayload(payload, "payload");
        }

        @Override
        public String toString() { return "Submit[seq " + sequence + ", " + payload.length + " bytes]"; }
    }

    /**
     * The result of command {@code sequence} of {@code clientId}, from whichever replica the
     * client is connected to executed it first. The payload is a {@link PayloadCodec}-encoded result.
     * {@code appliedAt} is an instance that replica had applied when it answered, at or after the
     * command's own (0 when unknown): a later read that waits for it sees the command's effects
     * (read-your-writes). {@code leaderId} is the leader as that replica knows it ({@link #NO_LEADER}
     * when it knows none): clients send their next commands there, without waiting on a
     * leader that stopped answering.
     */
    record Result(long clientId, long sequence, long appliedAt, byte[] payload, int leaderId) implements ToClient {
        public Result {
            requirePayload(payload, "payload");
            if (leaderId < NO_LEADER) throw new IllegalArgumentException("leaderId " + leaderId);
        }

        public Result(long clientId, long sequence, long appliedAt, byte[] payload) {
            this(clientId, sequence, appliedAt, payload, NO_LEADER);
        }

        @Override
        public String toString() {
            return "Result[client " + clientId + ", seq " + sequence + ", at " + appliedAt + ", " + payload.length + " bytes, leader "
                    + leaderId + "]";
        }
    }

    /** The replica could not take command {@code sequence}; {@code leaderId} is who might, or {@link #NO_LEADER}. */
    record NotLeader(long sequence, int leaderId) implements ToClient {
        public NotLeader {
            if (leaderId < NO_LEADER) throw new IllegalArgumentException("leaderId " + leaderId);
        }
    }

    // ---------------------------------------------------------------- requests with replies

    /** {@link Read#fetchSize()} asking for the whole result at once, and {@link ReadResult#cursorId()} when nothing remains. */
    int WHOLE_RESULT = 0;
    long NO_CURSOR = 0;

    /**
     * A read-only query run on the replica's local state once it has applied instance
     * {@code minApplied}. With a {@code fetchSize} the replica answers with at most that many
     * rows (fewer if the page would grow too large) and, when more remain, a cursor to
     * {@link Fetch} them from; {@link #WHOLE_RESULT} asks for the whole result in one answer.
     * With {@code afterBarrier} the replica first puts a read barrier through the log and
     * waits until it has applied it: the read is then linearizable, in one round trip.
     */
    record Read(long correlation, byte[] payload, long minApplied, int fetchSize, boolean afterBarrier) implements ToServer {
        public Read {
            requirePayload(payload, "payload");
            if (fetchSize < 0) throw new IllegalArgumentException("fetchSize " + fetchSize);
        }

        public Read(long correlation, byte[] payload, long minApplied, int fetchSize) {
            this(correlation, payload, minApplied, fetchSize, false);
        }

        public Read(long correlation, byte[] payload, long minApplied) { this(correlation, payload, minApplied, WHOLE_RESULT); }

        @Override
        public String toString() {
            return "Read[#" + correlation + ", " + payload.length + " bytes, min applied " + minApplied + ", fetch " + fetchSize
                    + (afterBarrier ? ", after a barrier" : "") + "]";
        }
    }

    /**
     * The encoded result of a {@link Read} or one page of it (a {@link Fetch}), computed at
     * applied instance {@code applied}. {@code cursorId} names the open cursor holding the rest
     * of the rows, or is {@link #NO_CURSOR} when this answer holds the last of them.
     */
    record ReadResult(long correlation, long applied, byte[] payload, long cursorId) implements Reply {
        public ReadResult {
            requirePayload(payload, "payload");
        }

        public ReadResult(long correlation, long applied, byte[] payload) { this(correlation, applied, payload, NO_CURSOR); }

        @Override
        public String toString() {
            return "ReadResult[#" + correlation + ", applied " + applied + ", " + payload.length + " bytes"
                    + (cursorId == NO_CURSOR ? "" : ", cursor " + cursorId) + "]";
        }
    }

    /** The next at most {@code maxRows} rows of open cursor {@code cursorId}; answered with a {@link ReadResult}. */
    record Fetch(long correlation, long cursorId, int maxRows) implements ToServer {
        public Fetch {
            if (cursorId == NO_CURSOR) throw new IllegalArgumentException("no cursor named");
            if (maxRows < 1) throw new IllegalArgumentException("maxRows " + maxRows);
        }
    }

    /** Frees cursor {@code cursorId} before its rows are exhausted. Not answered; an unknown cursor is ignored. */
    record CloseCursor(long cursorId) implements ToServer {}

    record StatusRequest(long correlation) implements ToServer {}

    /** The replica's status: UTF-8 text in the node's status format. */
    record StatusReply(long correlation, byte[] text) implements Reply {
        public StatusReply {
            requirePayload(text, "text");
        }

        @Override
        public String toString() { return "StatusReply[#" + correlation + ", " + text.length + " bytes]"; }
    }

    /** Asks for the replica's latest snapshot manifest (cluster-secret or admin sessions only). */
    record SnapshotManifestRequest(long correlation) implements ToServer {}

    /** The manifest of the snapshot at {@code instance}: its parts and their checksums. */
    record SnapshotManifest(long correlation, long instance, byte[] manifest) implements Reply {
        public SnapshotManifest {
            requirePayload(manifest, "manifest");
        }

        @Override
        public String toString() { return "SnapshotManifest[#" + correlation + ", instance " + instance + ", " + manifest.length + " bytes]"; }
    }

    /** Up to {@code maxBytes} of snapshot part {@code part} from {@code offset} (cluster-secret or admin sessions only). */
    record SnapshotChunkRequest(long correlation, long instance, String part, long offset, int maxBytes) implements ToServer {
        public SnapshotChunkRequest {
            Objects.requireNonNull(part, "part");
            if (offset < 0) throw new IllegalArgumentException("offset " + offset);
            if (maxBytes < 1) throw new IllegalArgumentException("maxBytes " + maxBytes);
        }
    }

    /** Bytes of a snapshot part; {@code last} when they reach the end of the part. */
    record SnapshotChunk(long correlation, byte[] bytes, boolean last) implements Reply {
        public SnapshotChunk {
            requirePayload(bytes, "bytes");
        }

        @Override
        public String toString() { return "SnapshotChunk[#" + correlation + ", " + bytes.length + " bytes" + (last ? ", last" : "") + "]"; }
    }

    /** A request could not be answered; {@code sqlState} says why (see {@link SqlStates}). */
    record RequestFailed(long correlation, String sqlState, String message) implements Reply {
        public RequestFailed {
            Objects.requireNonNull(sqlState, "sqlState");
            Objects.requireNonNull(message, "message");
        }
    }

    private static void requirePayload(byte[] bytes, String what) {
        Objects.requireNonNull(bytes, what);
        if (bytes.length > PayloadCodec.MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException(what + " of " + bytes.length + " bytes exceeds " + PayloadCodec.MAX_PAYLOAD_BYTES);
        }
    }
}
