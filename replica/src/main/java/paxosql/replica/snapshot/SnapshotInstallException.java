package paxosql.replica.snapshot;

import java.io.IOException;

/** A state built from a snapshot did not verify (its checksum is not the snapshot's); it was not installed. */
public final class SnapshotInstallException extends IOException {
    private static final long serialVersionUID = 1L;

    public SnapshotInstallException(String message) {
        super(message);
    }

    public SnapshotInstallException(String message, Throwable cause) {
        super(message, cause);
    }
}
