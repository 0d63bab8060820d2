package paxosql.consensus.log;

import java.io.IOException;

/**
 * Bytes that do not follow a log format this build reads: an unknown tag, a payload that ends
 * too early or has bytes left over, an implausible length or count, or a segment written in
 * another format version. The message names what was wrong and where.
 */
public class LogFormatException extends IOException {

    public LogFormatException(String message) {
        super(message);
    }

    public LogFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
