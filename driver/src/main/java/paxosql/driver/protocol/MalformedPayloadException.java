package paxosql.driver.protocol;

/**
 * A payload that {@link PayloadCodec} cannot decode: truncated, over a size limit, of an
 * unknown format version or tag, or otherwise inconsistent. Payloads come from the
 * network, so this is an ordinary outcome to report, never a reason to stop.
 */
public final class MalformedPayloadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedPayloadException(String message) {
        super(message);
    }

    public MalformedPayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
