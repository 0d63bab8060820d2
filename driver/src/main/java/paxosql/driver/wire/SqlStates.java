package paxosql.driver.wire;

import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;

/**
 * The SQLStates the wire protocol itself produces (results of statements carry H2's own),
 * and the {@link SQLException} subclass that fits each class of them.
 */
public final class SqlStates {
    private SqlStates() {}

    /** The client could not establish a connection: unreachable, timed out, not a PaxoSQL replica. */
    public static final String UNABLE_TO_CONNECT = "08001";
    /** The operation needs an open connection and this one is closed. */
    public static final String CONNECTION_DOES_NOT_EXIST = "08003";
    /** The replica refused the connection for a reason other than credentials (e.g. too many connections). */
    public static final String SERVER_REJECTED_CONNECTION = "08004";
    /** An established connection failed, or a request on it got no answer in time. */
    public static final String CONNECTION_FAILURE = "08006";
    /** The two ends do not speak the same protocol (version, or a message out of place). */
    public static final String PROTOCOL_VIOLATION = "08P01";
    /** A write was sent but its outcome could not be learned: it may or may not have been applied. */
    public static final String OUTCOME_UNKNOWN = "08007";
    /** A cursor that does not exist (never opened, closed, expired) or is busy. */
    public static final String INVALID_CURSOR_STATE = "24000";
    /** A query canceled ({@code Statement.cancel()}) or timed out ({@code setQueryTimeout}). */
    public static final String QUERY_CANCELED = "57014";
    /** Authorization refused for a reason other than a wrong password (e.g. a bad cluster-secret proof). */
    public static final String INVALID_AUTHORIZATION = "28000";
    /** Wrong user name or password. */
    public static final String INVALID_PASSWORD = "28P01";
    /** A request names something that does not exist or is out of range (e.g. an unknown snapshot part). */
    public static final String INVALID_PARAMETER_VALUE = "22023";
    /** The session may not do this (e.g. fetch snapshots without being an admin). */
    public static final String INSUFFICIENT_PRIVILEGE = "42501";
    /** The replica is out of a resource for this request (e.g. too many requests in flight). */
    public static final String INSUFFICIENT_RESOURCES = "53000";
    /** An answer exceeds what the wire carries (e.g. a read result above the payload limit). */
    public static final String PROGRAM_LIMIT_EXCEEDED = "54000";
    /** The replica is not in a state to answer (e.g. it has no snapshot, or it moved on to a newer one). */
    public static final String OBJECT_NOT_IN_PREREQUISITE_STATE = "55000";
    /** The replica failed to read its own files. */
    public static final String IO_ERROR = "58030";
    /** The caller's thread was interrupted while it waited for a replica. */
    public static final String OPERATION_CANCELED = "HY008";
    /** Anything the replica did not classify. */
    public static final String INTERNAL_ERROR = "XX000";

    /** An exception of the subclass that fits {@code sqlState}'s class ({@code 08}: connection, {@code 28}: authorization). */
    public static SQLException exception(String sqlState, String message) {
        if (sqlState == null) return new SQLException(message);
        if (sqlState.startsWith("28")) return new SQLInvalidAuthorizationSpecException(message, sqlState);
        if (sqlState.equals(CONNECTION_FAILURE)) return new SQLTransientConnectionException(message, sqlState);
        if (sqlState.startsWith("08")) return new SQLNonTransientConnectionException(message, sqlState);
        return new SQLException(message, sqlState);
    }

    /** A request that got no answer within its timeout: the replica is treated as failed ({@code 08006}). */
    public static SQLTimeoutException timeout(String message) {
        return new SQLTimeoutException(message, CONNECTION_FAILURE);
    }
}
