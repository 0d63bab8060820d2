package paxosql.replica.node;

import java.time.Duration;

/**
 * When a replica takes snapshots. Snapshots at multiples of {@code everyInstances} fall
 * on the same instances on every replica, so their checksums can be compared to detect
 * divergence; {@code every} also bounds the time between snapshots on a slow group.
 *
 * @param everyInstances take a snapshot after applying each instance that is a multiple of this
 * @param every          and at the latest this long after the previous one, if anything was applied since
 * @param kept           how many snapshots to keep on disk (the newest)
 */
public record SnapshotPolicy(long everyInstances, Duration every, int kept) {
    public SnapshotPolicy {
        if (everyInstances < 1) throw new IllegalArgumentException("snapshot interval must be at least 1 instance, got " + everyInstances);
        if (every.isNegative() || every.isZero()) throw new IllegalArgumentException("snapshot period must be positive");
        if (kept < 1) throw new IllegalArgumentException("at least one snapshot must be kept, got " + kept);
    }

    public static SnapshotPolicy defaults() {
        return new SnapshotPolicy(10_000, Duration.ofMinutes(5), 2);
    }

    /** True for the instances every replica takes its snapshot (and checksum) at. */
    public boolean isCheckpoint(long instance) {
        return instance > 0 && instance % everyInstances == 0;
    }
}
