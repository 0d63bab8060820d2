package paxosql.replica.snapshot;

import java.io.IOException;

/** Where {@link StateInstaller} gets each part's bytes: a snapshot file, or local state plus a peer's chunks. */
@FunctionalInterface
public interface PartSource {

    /**
     * The bytes of one part of the manifest being installed.
     *
     * @throws IOException if they cannot be had
     */
    PartBytes bytes(Manifest.Part part) throws IOException;

    /**
     * @param exact true if these are the snapshot's own bytes (checked against the manifest's
     *              SHA-256); false for a part rebuilt from local state whose encoding may
     *              differ (the catalog script), trusted only through the final state checksum
     */
    record PartBytes(byte[] bytes, boolean exact) {}
}
