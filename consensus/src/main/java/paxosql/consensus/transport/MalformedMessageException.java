package paxosql.consensus.transport;

/**
 * Bytes that are not a well-formed {@link paxosql.consensus.core.Message}: an
 * unregistered class id, a truncated or oversized field, trailing bytes, a null or
 * wrongly typed component. The receiving connection treats it as a protocol
 * violation by the peer (close and log); it is never a reason to stop the node.
 */
public final class MalformedMessageException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String reason) {
        super(reason, null, false, false); // a peer's garbage is expected: no stack trace to fill or print
    }
}
