package paxosql.replica.state;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the state is cut into parts, the unit of checksum comparison and of catch-up:
 * {@value #CATALOG} (everything that recreates the schema), {@value #SEQUENCES} (the next
 * value of every sequence and identity column, from the meta journal), {@value #META}
 * (the applied position and the client session table), and per user table with a
 * primary key {@code table SCHEMA.NAME#b/B}, bucket {@code b} of {@code B} by a hash of
 * the key; a table without one is a single part {@code table SCHEMA.NAME}.
 *
 * <p>B is a power of two chosen from the table's row count, about one bucket per
 * {@value #ROWS_PER_BUCKET} rows, so replicas at the same instance cut alike. The key
 * hash's low bits pick the bucket; its high 32 bits pick the <em>page</em> inside the
 * bucket (about {@value #ROWS_PER_PAGE} rows), which lets a catch-up find the changed
 * rows of a changed bucket without fetching all of it.
 */
public final class StateParts {
    public static final String CATALOG = "catalog";
    public static final String SEQUENCES = "sequences";
    public static final String META = "meta";
    public static final String TABLE_PREFIX = "table ";

    public static final int ROWS_PER_BUCKET = 2048;
    public static final int MAX_BUCKETS = 1 << 16;
    public static final int ROWS_PER_PAGE = 16;

    private StateParts() {}

    /** How many buckets a table is cut into; every replica must use the same cut to compare. */
    @FunctionalInterface
    public interface BucketCut {
        int buckets(UserTable table, long rows);

        /** One bucket per {@value #ROWS_PER_BUCKET} rows (a power of two); one part for a table without a primary key. */
        BucketCut BY_ROW_COUNT = (table, rows) -> table.hasPrimaryKey() ? bucketsFor(rows) : 1;

        /**
         * The cut another replica made (table display name → buckets), so that a replica at
         * another instance compares like with like; tables it does not name are cut by row count.
         */
        static BucketCut like(Map<String, Integer> bucketsByTable) {
            Map<String, Integer> copy = Map.copyOf(bucketsByTable);
            return (table, rows) -> table.hasPrimaryKey()
                    ? copy.getOrDefault(table.displayName(), bucketsFor(rows)) : 1;
        }
    }

    public static int bucketsFor(long rows) {
        long wanted = Math.max(1, (rows + ROWS_PER_BUCKET - 1) / ROWS_PER_BUCKET);
        return (int) Math.min(MAX_BUCKETS, ceilPowerOfTwo(wanted));
    }

    public static int pagesFor(long rows) {
        return (int) Math.min(1 << 20, ceilPowerOfTwo(Math.max(1, (rows + ROWS_PER_PAGE - 1) / ROWS_PER_PAGE)));
    }

    private static long ceilPowerOfTwo(long n) {
        return n <= 1 ? 1 : Long.highestOneBit(n - 1) << 1;
    }

    public static int bucket(long keyHash, int buckets) {
        return (int) (keyHash & (buckets - 1));
    }

    public static int page(long keyHash, int pages) {
        return (int) ((keyHash >>> 32) & (pages - 1));
    }

    /** The part name of bucket {@code b} of {@code buckets} of {@code table}. */
    public static String tablePart(UserTable table, int b, int buckets) {
        return TABLE_PREFIX + table.displayName() + (table.hasPrimaryKey() ? "#" + b + "/" + buckets : "");
    }

    /** A table part's name read back: the table's display name and its bucket ({@code 0/1} for an unbucketed table). */
    public record TablePartName(String table, int bucket, int buckets) {}

    private static final Pattern BUCKET_SUFFIX = Pattern.compile("#(\\d{1,9})/(\\d{1,9})$");

    /** Reads a table part's name; null if {@code part} names no table part. */
    public static TablePartName parseTablePart(String part) {
        if (!part.startsWith(TABLE_PREFIX)) return null;
        String rest = part.substring(TABLE_PREFIX.length());
        Matcher m = BUCKET_SUFFIX.matcher(rest);
        if (!m.find()) return new TablePartName(rest, 0, 1);
        return new TablePartName(rest.substring(0, m.start()), Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

    static String identifier(String name) {
        return PLAIN.matcher(name).matches() ? name : SequenceValues.q(name);
    }
}
