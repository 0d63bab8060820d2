package paxosql.sql;

import java.time.Instant;

/**
 * The stamp the leader puts on a command: a timestamp in milliseconds since the epoch that
 * never goes backwards across commands and leaders, and a random seed. Everything the
 * statement would otherwise take from the replica's clock or random generator is derived
 * from it ({@link DeterministicRewriter}), so every replica applies the same values.
 */
public record Stamp(long millis, long seed) {

    /**
     * The stamp for the next command: the clock's time, but never earlier than the last
     * stamp this leader or any earlier one gave out (a new leader learns it from the log).
     */
    public static Stamp next(Stamp last, long clockMillis, long seed) {
        long millis = last == null ? clockMillis : Math.max(clockMillis, last.millis);
        return new Stamp(millis, seed);
    }

    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }

    /**
     * 64 pseudo-random bits for the {@code occurrence}-th replaced call of a statement
     * (0-based) and the {@code word}-th word of it: the same for the same stamp, independent
     * of everything else. SplitMix64 finalizer.
     */
    long bits(int occurrence, int word) {
        long z = seed + 0x9E3779B97F4A7C15L * (1L + occurrence * 4L + word);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
