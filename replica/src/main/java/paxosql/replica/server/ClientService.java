package paxosql.replica.server;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * What the {@link ClientServer} needs from its node. The node implements it; the server
 * calls it for authenticated clients only, and never for a connection that has not been
 * welcomed.
 *
 * <p><b>Threads.</b> Methods marked "I/O thread" are called on a Netty event loop that
 * also serves other clients: they must not block (no disk, no locks held by slow code, no
 * waiting for consensus). Methods marked "worker thread" are called on the server's small
 * worker pool and may take milliseconds (a password hash, a file read), though not
 * seconds. Any method may be called concurrently with any other. A {@link RuntimeException}
 * from any method is logged and answered as an internal error; it never closes the server.
 */
public interface ClientService {

    /**
     * Whether {@code password} is right for database user {@code user}. Worker thread.
     * Unknown users and wrong passwords are both just {@code false} (the client learns no more).
     */
    boolean authenticate(String user, String password);

    /** Whether {@code user} (already authenticated) may fetch snapshots. Worker thread. */
    boolean isAdmin(String user);

    /**
     * Takes command {@code sequence} of client session {@code clientId}, sent by a connection
     * authenticated as {@code user}: the node must run it as that user (and refuse a request
     * that opens the session for another user). I/O thread: hand it on and return.
     *
     * <p>Later the node calls {@link ClientServer#deliver} with the command's result, on every
     * replica that executes it, or {@link ClientServer#notLeader} if it cannot take the command.
     * Resends of the same sequence are normal (the session table makes them exactly-once).
     */
    void submit(long clientId, String user, long sequence, byte[] payload);

    /**
     * Runs the read-only request {@code payload} against this replica's local state once it
     * has applied instance {@code minApplied}. I/O thread: return a future at once.
     *
     * <p>The future completes with the encoded result and the applied instance it was computed
     * at; the node bounds how long it waits for {@code minApplied} itself. Completing
     * exceptionally with a {@link java.sql.SQLException} sends its SQLState to the client;
     * any other exception is sent as an internal error ({@code XX000}).
     */
    CompletableFuture<ReadReply> read(long clientId, String user, byte[] payload, long minApplied);

    /**
     * {@link #read}, answering at most {@code fetchSize} rows at first ({@code 0}: the whole
     * result); when more remain, the reply's {@link ReadReply#rest()} holds them. I/O thread:
     * return a future at once. A node that cannot page answers the whole result.
     */
    default CompletableFuture<ReadReply> read(long clientId, String user, byte[] payload, long minApplied, int fetchSize) {
        return read(clientId, user, payload, minApplied);
    }

    /**
     * {@link #read(long, String, byte[], long, int)}; with {@code afterBarrier}, only once this
     * node has applied a read barrier it put through the log after the request arrived
     * (a linearizable read). A node that cannot refuses it.
     */
    default CompletableFuture<ReadReply> read(long clientId, String user, byte[] payload, long minApplied, int fetchSize,
                                              boolean afterBarrier) {
        if (afterBarrier) {
            return CompletableFuture.failedFuture(new java.sql.SQLFeatureNotSupportedException(
                    "this node does not put read barriers through the log", "0A000"));
        }
        return read(clientId, user, payload, minApplied, fetchSize);
    }

    /** This node's status, UTF-8 text in the node's status format (key=value lines). Worker thread. */
    byte[] status();

    /** The node's latest durable snapshot, if it has one. Worker thread. */
    Optional<SnapshotSource> snapshots();

    /** The leader as this node knows it. Any thread, cheap: called while welcoming a client and with every result sent. */
    OptionalInt leaderId();

    /**
     * The last connection of {@code clientId} to this node has closed. Informational: the
     * replicated session lives on (sessions expire through the log, never by a local clock).
     * I/O thread.
     */
    void sessionClosed(long clientId);

    /**
     * The answer to {@link #read}: the encoded result (or its first page), computed at
     * applied instance {@code applied}; {@code rest} holds the rows that remain, or is null.
     */
    record ReadReply(long applied, byte[] payload, RowCursor rest) {
        public ReadReply {
            Objects.requireNonNull(payload, "payload");
        }

        public ReadReply(long applied, byte[] payload) { this(applied, payload, null); }
    }

    /** The rows of a read that did not fit its first answer, read from the same state. */
    interface RowCursor {
        /**
         * The next at most {@code maxRows} rows. Returns at once and computes them off the
         * caller's thread; the server asks for one page at a time.
         */
        CompletableFuture<Page> next(int maxRows);

        /** Frees the cursor. Any thread, never blocks, idempotent. */
        void close();
    }

    /** An encoded page of rows, or the failure that ended the cursor; {@code last} when nothing remains (the cursor is then closed). */
    record Page(byte[] payload, boolean last) {
        public Page {
            Objects.requireNonNull(payload, "payload");
        }
    }

    /**
     * One durable snapshot, tagged with the instance it holds the state after. It stays
     * readable while a client fetches it, or {@link #chunk} throws once it is gone.
     */
    interface SnapshotSource {
        /** The part name under which a node serves its whole snapshot file by byte ranges. */
        String WHOLE_FILE = "file";

        /** The instance this snapshot reflects. */
        long instance();

        /** The manifest: the snapshot's parts and their checksums, in the node's format. */
        byte[] manifest();

        /**
         * Up to {@code max} bytes of part {@code part} from {@code offset}: exactly {@code max}
         * unless the part ends sooner (a shorter answer marks the part's end; empty at or past it).
         *
         * @throws IllegalArgumentException for a part the manifest does not name
         * @throws IOException              if the snapshot cannot be read (e.g. it was deleted)
         */
        byte[] chunk(String part, long offset, int max) throws IOException;
    }
}
