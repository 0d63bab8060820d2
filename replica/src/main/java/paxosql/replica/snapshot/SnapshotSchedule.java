package paxosql.replica.snapshot;

/**
 * Which instances get a snapshot and a state checksum: every {@code every}-th, the same
 * on every replica, so their checksums can be compared for divergence. The node asks
 * after applying each decision.
 */
public record SnapshotSchedule(long every) {
    public SnapshotSchedule {
        if (every < 1) throw new IllegalArgumentException("every must be at least 1, got " + every);
    }

    public boolean isSnapshotInstance(long instance) {
        return instance > 0 && instance % every == 0;
    }
}
