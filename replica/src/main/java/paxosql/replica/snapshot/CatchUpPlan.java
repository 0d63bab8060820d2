package paxosql.replica.snapshot;

import paxosql.replica.state.StateChecksum;
import paxosql.replica.state.StateParts;
import paxosql.replica.state.StateView;

import java.io.IOException;
import java.sql.SQLException;

import java.util.ArrayList;
import java.util.List;

/**
 * Which parts of a peer's snapshot a replica must fetch: those whose checksum differs
 * from the local state's (computed with the peer's bucket cut, {@link #localCut}); the
 * others it rebuilds from its own rows. Byte figures are whole parts plus the manifest;
 * {@link CatchUpSource} then fetches only the changed rows of changed table parts.
 *
 * @param fetch         parts whose checksum differs (or that the local state lacks)
 * @param local         parts whose checksum matches
 * @param bytesToFetch  manifest plus the whole differing parts
 * @param snapshotBytes the peer's whole snapshot file
 */
public record CatchUpPlan(Manifest peer, List<Manifest.Part> fetch, List<Manifest.Part> local, long bytesToFetch,
                          long snapshotBytes) {

    public CatchUpPlan {
        fetch = List.copyOf(fetch);
        local = List.copyOf(local);
    }

    /** The cut to compute local checksums with, so they compare with {@code peer}'s. */
    public static StateParts.BucketCut localCut(Manifest peer) {
        return StateParts.BucketCut.like(peer.bucketCuts());
    }

    /** Compares the local state, cut as the peer cut its state, with the peer's manifest. */
    public static CatchUpPlan forLocal(StateView local, Manifest peer) throws IOException {
        try {
            return of(local.checksum(localCut(peer)), peer);
        } catch (SQLException e) {
            throw new IOException("computing the local part checksums at instance " + local.instance() + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** @param local the local state's checksum, computed with {@link #localCut(Manifest)} */
    public static CatchUpPlan of(StateChecksum local, Manifest peer) {
        List<Manifest.Part> fetch = new ArrayList<>();
        List<Manifest.Part> same = new ArrayList<>();
        long bytes = peer.partsStart();
        for (Manifest.Part p : peer.parts()) {
            if (p.checksum().equals(local.parts().get(p.name()))) {
                same.add(p);
            } else {
                fetch.add(p);
                bytes += p.length();
            }
        }
        return new CatchUpPlan(peer, fetch, same, bytes, peer.fileSize());
    }

    public boolean isLocal(Manifest.Part part) {
        return local.contains(part);
    }

    public double fetchFraction() {
        return (double) bytesToFetch / snapshotBytes;
    }

    @Override
    public String toString() {
        return "catch-up to instance " + peer.instance() + ": " + fetch.size() + " of " + peer.parts().size() + " parts differ, "
                + bytesToFetch + " of " + snapshotBytes + " bytes";
    }
}
