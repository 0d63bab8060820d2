package paxosql.consensus.log;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The durable log is damaged somewhere recovery may not repair by cutting: inside a segment that is
 * not the last one, or a segment is missing. Cutting there would drop records this node may already
 * have acknowledged (promises, votes), which could make Paxos unsafe, so the node must not start on
 * this log. The message names the file and offset and says what the operator should do.
 */
public final class LogCorruptedException extends IOException {

    private final Path file;
    private final long offset;

    public LogCorruptedException(Path file, long offset, String problem) {
        super("Log segment " + file + " is corrupt at offset " + offset + ": " + problem
                + ". Recovery refuses to cut here because records after this point may have been"
                + " acknowledged. Restore this node from its latest snapshot, or wipe its data directory"
                + " and re-seed it from the other replicas; do not edit or delete segments by hand.");
        this.file = file;
        this.offset = offset;
    }

    /** The damaged segment file (or, for a missing segment, the path where it should be). */
    public Path file() {
        return file;
    }

    /** Byte offset in {@link #file()} where the damage starts. */
    public long offset() {
        return offset;
    }
}
