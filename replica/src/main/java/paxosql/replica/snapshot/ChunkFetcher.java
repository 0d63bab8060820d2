package paxosql.replica.snapshot;

import java.io.IOException;

/** Fetches a byte range of a peer's snapshot file ({@link SnapshotFile#read} on the peer's side). */
@FunctionalInterface
public interface ChunkFetcher {
    byte[] fetch(long offset, int length) throws IOException;
}
