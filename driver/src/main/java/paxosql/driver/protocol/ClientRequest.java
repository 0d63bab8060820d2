package paxosql.driver.protocol;

import java.util.List;
import java.util.Objects;

/**
 * What a client asks a replica group to do: the payload of one consensus
 * {@code Command}. The command's {@code clientId} names the client session and its
 * {@code sequence} orders that session's requests; a request resent with the same
 * sequence is applied once (DESIGN.md § Driver).
 *
 * <p>Encoded with {@link PayloadCodec}.
 */
public sealed interface ClientRequest {

    /** Opens the client session named by the command's client id, on behalf of {@code user}. */
    record OpenSession(String user) implements ClientRequest {
        public OpenSession { Objects.requireNonNull(user, "user"); }
    }

    /**
     * Runs one SQL statement in the client session.
     *
     * @param params  values for the statement's {@code ?} parameters, in order
     * @param maxRows most rows a query returns; 0 means no limit other than the result size limit
     */
    record Execute(String sql, List<SqlValue> params, int maxRows) implements ClientRequest {
        public Execute {
            Objects.requireNonNull(sql, "sql");
            params = List.copyOf(params);
            if (maxRows < 0) throw new IllegalArgumentException("maxRows must be >= 0, got " + maxRows);
        }

        public Execute(String sql, SqlValue... params) { this(sql, List.of(params), 0); }
    }

    /**
     * An {@link Execute} with the stamp of the replica that took it from the client (never a
     * client's own: replicas refuse it from clients): the time and random seed that the
     * statement's non-deterministic functions are rewritten from, identically on every
     * replica (DESIGN.md § SQL front end). The state machine never lets the time go
     * backwards: it uses the later of this and the group's clock.
     */
    record StampedExecute(long millis, long seed, Execute execute) implements ClientRequest {
        public StampedExecute { Objects.requireNonNull(execute, "execute"); }
    }

    /** Closes the client session; a later request in it fails. */
    record CloseSession() implements ClientRequest {}

    /**
     * The leader's clock tick (never a client's: replicas refuse it from any client session
     * but the group's own, client id {@value #SYSTEM_CLIENT}): client sessions idle for
     * longer than {@code idleMillis} by {@code leaderMillis} are closed. Sessions expire
     * through the log by the leader's time, never by a replica's own clock.
     */
    record ExpireIdleSessions(long leaderMillis, long idleMillis) implements ClientRequest {
        public ExpireIdleSessions {
            if (idleMillis <= 0) throw new IllegalArgumentException("idleMillis must be positive, got " + idleMillis);
        }
    }

    /** The client id the group's own commands (clock ticks) run under; no client may use it. */
    long SYSTEM_CLIENT = 0;

    /**
     * A read barrier: changes nothing, and its result's applied instance tells the client
     * that every command acknowledged before it was sent is at or below that instance (so a
     * local read that waits for that instance is linearizable).
     */
    record Sync() implements ClientRequest {}

    /**
     * A replica's own read barrier (never a client's: client ids are positive, a replica's
     * barriers run under {@link #barrierClient} of its id): changes nothing; once applied,
     * every command acknowledged before it was proposed is applied too, so the replica's
     * reads that waited for it are linearizable.
     */
    record Barrier() implements ClientRequest {}

    /** The client id replica {@code nodeId}'s read barriers run under: negative, so no client's. */
    static long barrierClient(int nodeId) {
        return -nodeId;
    }
}
