package paxosql.replica.snapshot;

import java.io.IOException;

/** A snapshot file (or a manifest or part fetched from a peer) is corrupt or truncated; the message says which and where. */
public final class SnapshotCorruptException extends IOException {
    private static final long serialVersionUID = 1L;

    public SnapshotCorruptException(String source, String what) {
        super(source + ": " + what + "; this snapshot cannot be used");
    }
}
