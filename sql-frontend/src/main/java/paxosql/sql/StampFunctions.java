package paxosql.sql;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The functions that stand in for H2's non-deterministic ones where a value cannot be
 * written into the statement as a literal: in a statement Calcite does not parse, above
 * all a column's {@code DEFAULT} or {@code ON UPDATE} expression, which H2 evaluates later,
 * whenever a command inserts or updates a row (issue: "rewrite each non-deterministic call
 * into a deterministic function registered in every replica's H2 that reads the stamp of
 * the command being applied").
 *
 * <p>Each replica registers them ({@link #definitions()}) in the schema {@value #SCHEMA}
 * and runs every command inside {@link #applying}: then they answer from that command's
 * {@link Stamp}, identically on every replica — the time, and a sequence of random values
 * drawn from the stamp's seed in the order H2 evaluates the calls. Outside a command (a
 * read on one replica's own state, which changes nothing) they answer from this process's
 * clock and random generator, like the functions they replace.
 *
 * <p>Times come as a {@code TIMESTAMP WITH TIME ZONE} in UTC; the rewrite converts them to
 * the session's time zone where the replaced function is local ({@link DeterministicRewriter}).
 */
public final class StampFunctions {

    /** The schema the functions live in; it belongs to the replica. */
    public static final String SCHEMA = "PAXOSQL";

    static final String TIMESTAMP = SCHEMA + ".STAMP_TIMESTAMP";
    static final String RAND = SCHEMA + ".STAMP_RAND";
    static final String UUID_FUNCTION = SCHEMA + ".STAMP_UUID";

    /** Random values of a command start here, past any literal's occurrence number in the same statement. */
    private static final int FIRST_DRAW = 1 << 20;

    private static final ThreadLocal<Applying> APPLYING = new ThreadLocal<>();

    /** The command being applied on this thread, and how many random values it drew. */
    private static final class Applying {
        final Stamp stamp;
        int draws = FIRST_DRAW;

        Applying(Stamp stamp) {
            this.stamp = stamp;
        }
    }

    private StampFunctions() {}

    /** The statements that register the functions; each may be run again. */
    public static List<String> definitions() {
        String cls = StampFunctions.class.getName();
        return List.of(
                "CREATE SCHEMA IF NOT EXISTS " + SCHEMA,
                "CREATE ALIAS IF NOT EXISTS " + TIMESTAMP + " FOR '" + cls + ".timestamp'",
                "CREATE ALIAS IF NOT EXISTS " + RAND + " FOR '" + cls + ".rand'",
                "CREATE ALIAS IF NOT EXISTS " + UUID_FUNCTION + " FOR '" + cls + ".uuid'");
    }

    /** Runs {@code work} (the application of one command) with the functions answering from {@code stamp}. */
    public static <T> T applying(Stamp stamp, Callable<T> work) throws Exception {
        Applying saved = APPLYING.get();
        APPLYING.set(new Applying(stamp));
        try {
            return work.call();
        } finally {
            if (saved == null) APPLYING.remove();
            else APPLYING.set(saved);
        }
    }

    /** The command's time (else the clock's), in UTC, truncated to {@code precision} fractional digits (0 to 9). */
    public static OffsetDateTime timestamp(int precision) {
        Applying a = APPLYING.get();
        Instant t = a == null ? Instant.now() : a.stamp.instant();
        OffsetDateTime utc = OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
        int p = Math.max(0, Math.min(9, precision));
        long unit = (long) Math.pow(10, 9 - p);
        return utc.withNano((int) (utc.getNano() / unit * unit));
    }

    /** A number in [0, 1): the command's next draw (else a random one). */
    public static double rand() {
        Applying a = APPLYING.get();
        long bits = a == null ? ThreadLocalRandom.current().nextLong() : a.stamp.bits(a.draws++, 0);
        return (bits >>> 11) * 0x1.0p-53;
    }

    /** A version-4 or version-7 UUID: from the command's next draw (else a random one). */
    public static UUID uuid(int version) {
        Applying a = APPLYING.get();
        Stamp stamp = a != null ? a.stamp : new Stamp(System.currentTimeMillis(), ThreadLocalRandom.current().nextLong());
        int occurrence = a != null ? a.draws++ : 0;
        return DeterministicRewriter.uuid(version == 7 ? 7 : 4, stamp, occurrence);
    }
}
