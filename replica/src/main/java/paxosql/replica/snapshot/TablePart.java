package paxosql.replica.snapshot;

import paxosql.replica.state.RowSum;
import paxosql.replica.state.StateParts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The bytes of one table part (a bucket of a keyed table, or a whole unkeyed table).
 * Canonical: equal rows give equal bytes on every replica, so a part rebuilt from local
 * rows can be checked against a peer's SHA-256.
 *
 * <pre>
 * index:        magic "PXTB", version, schema, table, stored column names, hashed-in-Java flag, row count,
 *               page count P, then per page: checksum (long), rows (int), row bytes (int)
 * fingerprints: per row: row hash (long), length (int)
 * rows:         per row: the SQL row value ({@link RowLiterals}), UTF-8
 * </pre>
 * Rows are grouped by page (high bits of the key hash, see {@link StateParts#page}) and
 * sorted inside a page by row hash and bytes. A catch-up fetches the index, compares page
 * checksums with its own rows, fetches fingerprints of the differing pages only, and then
 * only the rows it does not have.
 */
final class TablePart {
    private static final int MAGIC = 0x50585442; // "PXTB"
    private static final int VERSION = 1;
    static final int FINGERPRINT_BYTES = 12;
    private static final int MAX_COLUMNS = 100_000;
    private static final int MAX_PAGES = 1 << 20;

    private TablePart() {}

    /** A row: its key hash (places it in a page; 0 where unknown), its row hash, and its SQL row value. */
    record Row(long keyHash, long rowHash, byte[] literal) {}

    static final Comparator<Row> CANONICAL = Comparator.comparingLong(Row::rowHash)
            .thenComparing(Row::literal, Arrays::compareUnsigned);

    /** The part's encoded bytes, how many of them are the index, and its semantic checksum. */
    record Encoded(byte[] bytes, int indexLength, String checksum) {}

    /** What the index says. */
    record Index(String schema, String table, List<String> columns, boolean hashedInJava, int rows, long[] pageChecksums,
                 int[] pageRows, int[] pageBytes, int length) {
        int pages() {
            return pageChecksums.length;
        }

        /** Offset (in the part) of page {@code p}'s fingerprints. */
        long fingerprintsAt(int p) {
            long rowsBefore = 0;
            for (int i = 0; i < p; i++) rowsBefore += pageRows[i];
            return length + FINGERPRINT_BYTES * rowsBefore;
        }

        /** Offset (in the part) of page {@code p}'s first row. */
        long rowsAt(int p) {
            long bytesBefore = 0;
            for (int i = 0; i < p; i++) bytesBefore += pageBytes[i];
            return length + (long) FINGERPRINT_BYTES * rows + bytesBefore;
        }
    }

    /** Groups rows into {@code pages} pages by key hash, each in canonical order. */
    static List<List<Row>> byPage(List<Row> rows, int pages) {
        List<List<Row>> out = new ArrayList<>(pages);
        for (int p = 0; p < pages; p++) out.add(new ArrayList<>());
        for (Row r : rows) out.get(StateParts.page(r.keyHash(), pages)).add(r);
        return out;
    }

    static Encoded encode(String schema, String table, List<String> columns, boolean hashedInJava, List<Row> rows) {
        return assemble(schema, table, columns, hashedInJava, byPage(rows, StateParts.pagesFor(rows.size())));
    }

    /** Encodes rows already grouped into pages (sorted here). */
    static Encoded assemble(String schema, String table, List<String> columns, boolean hashedInJava, List<List<Row>> pages) {
        Bytes.Out out = new Bytes.Out().writeInt(MAGIC).writeInt(VERSION).writeString(schema).writeString(table)
                .writeInt(columns.size());
        for (String c : columns) out.writeString(c);
        int rows = pages.stream().mapToInt(List::size).sum();
        out.writeBoolean(hashedInJava).writeInt(rows).writeInt(pages.size());
        RowSum all = new RowSum();
        List<List<Row>> sorted = new ArrayList<>(pages.size());
        for (List<Row> page : pages) {
            List<Row> s = new ArrayList<>(page);
            s.sort(CANONICAL);
            sorted.add(s);
            RowSum sum = new RowSum();
            long bytes = 0;
            for (Row r : s) {
                sum.add(r.rowHash());
                all.add(r.rowHash());
                bytes += r.literal().length;
            }
            out.writeLong(sum.fingerprint(hashedInJava)).writeInt(s.size()).writeInt(Math.toIntExact(bytes));
        }
        int indexLength = out.size();
        for (List<Row> page : sorted) for (Row r : page) out.writeLong(r.rowHash()).writeInt(r.literal().length);
        for (List<Row> page : sorted) for (Row r : page) out.write(r.literal());
        return new Encoded(out.toByteArray(), indexLength, all.digest(hashedInJava));
    }

    /** Reads the index from the start of a part's bytes (the rest may be missing). */
    static Index decodeIndex(byte[] bytes, String source) throws SnapshotCorruptException {
        Bytes.In in = new Bytes.In(bytes, source);
        if (in.readInt() != MAGIC) throw in.corrupt("is not a table part");
        int version = in.readInt();
        if (version != VERSION) throw in.corrupt("has table part version " + version + "; this build reads " + VERSION);
        String schema = in.readString();
        String table = in.readString();
        int n = in.count(MAX_COLUMNS);
        List<String> columns = new ArrayList<>(n);
        for (int i = 0; i < n; i++) columns.add(in.readString());
        boolean inJava = in.readBoolean();
        int rows = in.count(Integer.MAX_VALUE / FINGERPRINT_BYTES);
        int pages = in.count(MAX_PAGES);
        long[] sums = new long[pages];
        int[] pageRows = new int[pages];
        int[] pageBytes = new int[pages];
        long total = 0;
        for (int p = 0; p < pages; p++) {
            sums[p] = in.readLong();
            pageRows[p] = in.count(rows);
            pageBytes[p] = in.count(Integer.MAX_VALUE);
            total += pageRows[p];
        }
        if (total != rows) throw in.corrupt("pages hold " + total + " rows, the index says " + rows);
        return new Index(schema, table, columns, inJava, rows, sums, pageRows, pageBytes, in.position());
    }

    /** The index and every row value, from a whole part. */
    record Decoded(Index index, List<byte[]> rows) {}

    static Decoded decode(byte[] bytes, String source) throws SnapshotCorruptException {
        Index index = decodeIndex(bytes, source);
        Bytes.In in = new Bytes.In(bytes, source);
        in.readRaw(index.length());
        int[] lengths = new int[index.rows()];
        for (int i = 0; i < lengths.length; i++) {
            in.readLong();
            lengths[i] = in.count(Integer.MAX_VALUE);
        }
        List<byte[]> rows = new ArrayList<>(lengths.length);
        for (int length : lengths) rows.add(in.readRaw(length));
        in.expectEnd();
        return new Decoded(index, rows);
    }
}
