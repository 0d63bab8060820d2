package paxosql.replica.state;

/**
 * The state machine cannot go on without risking that this replica diverges from the
 * others: its files hold a half-applied DDL statement, the local database failed (I/O,
 * out of memory, closed underneath), or its state contradicts itself. The message says
 * what was found and what to do. After this exception the state machine refuses further
 * work; the node must stop, and the replica be restarted or restored from a snapshot.
 *
 * <p>A client statement that fails is never reported this way: it becomes an
 * {@link paxosql.driver.protocol.ExecResult.Failure} and the state machine goes on.
 */
public final class ReplicaStateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What was found; a node can rebuild a state with a half-applied DDL statement from its own snapshot. */
    public enum Kind { HALF_APPLIED_DDL, OTHER }

    private final Kind kind;

    public ReplicaStateException(String message) {
        this(Kind.OTHER, message, null);
    }

    public ReplicaStateException(String message, Throwable cause) {
        this(Kind.OTHER, message, cause);
    }

    public ReplicaStateException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() { return kind; }
}
