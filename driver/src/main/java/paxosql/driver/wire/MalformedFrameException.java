package paxosql.driver.wire;

/**
 * Bytes on the client wire that are not a well-formed frame or {@link WireMessage}: a length
 * out of bounds, an unregistered class id, a truncated or oversized field, trailing bytes,
 * a value a message refuses. The receiving end closes that one connection; it is never a
 * reason to stop a replica or a client.
 */
public final class MalformedFrameException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedFrameException(String reason) {
        super(reason, null, false, false); // expected on a hostile stream: no stack trace to fill
    }
}
