package paxosql.replica.snapshot;

import paxosql.replica.state.StateParts;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * What a snapshot holds: the instance it was taken at, the overall state checksum, and
 * each part with its checksum and where its bytes lie in the file. Encoded it is the
 * start of a snapshot file — a fixed header, then the part list — and it is what a
 * peer fetches first, before the parts it needs.
 *
 * <pre>
 * header (100 bytes): magic "PAXOSNAP", format version (int), instance (long), created (epoch ms, long),
 *                     state digest (32 bytes), part-list length (int), SHA-256 of the part list (32 bytes),
 *                     CRC32C of the 96 bytes before it (int)
 * part list:          count (int); per part: name, checksum (length-prefixed UTF-8), offset, length (longs),
 *                     index length (int), SHA-256 of the part's bytes (32 bytes)
 * </pre>
 * Offsets are absolute; parts follow the part list back to back, and the file ends with
 * a {@value #TRAILER_BYTES}-byte trailer (SHA-256 of everything before it, then "PAXOSEND").
 */
public record Manifest(long instance, long createdMillis, String stateDigest, List<Part> parts) {
    public static final int FORMAT_VERSION = 1;
    static final byte[] MAGIC = "PAXOSNAP".getBytes(StandardCharsets.US_ASCII);
    static final byte[] TRAILER_MAGIC = "PAXOSEND".getBytes(StandardCharsets.US_ASCII);
    public static final int HEADER_BYTES = 100;
    public static final int TRAILER_BYTES = 40;
    static final int MAX_PARTS = 10_000_000;
    private static final int MAX_PART_LIST_BYTES = Integer.MAX_VALUE - 1024;

    /**
     * One part.
     *
     * @param checksum    the part's semantic checksum (as {@link paxosql.replica.state.StateChecksum} has it)
     * @param indexLength how many of its first bytes are an index a catch-up reads first (table parts), else 0
     * @param sha256      SHA-256 of its bytes
     */
    public record Part(String name, String checksum, long offset, long length, int indexLength, byte[] sha256) {
        public Part {
            sha256 = sha256.clone();
        }

        @Override public byte[] sha256() { return sha256.clone(); }

        boolean hashMatches(byte[] bytes) {
            return MessageDigest.isEqual(sha256, Bytes.sha256(bytes));
        }

        @Override public boolean equals(Object o) {
            return o instanceof Part p && name.equals(p.name) && checksum.equals(p.checksum) && offset == p.offset
                    && length == p.length && indexLength == p.indexLength && Arrays.equals(sha256, p.sha256);
        }

        @Override public int hashCode() { return name.hashCode() * 31 + Long.hashCode(offset); }

        @Override public String toString() { return name + " [" + length + " bytes at " + offset + "]"; }
    }

    /** A part before its place in the file is known. */
    record Draft(String name, String checksum, long length, int indexLength, byte[] sha256) {}

    public Manifest {
        parts = List.copyOf(parts);
    }

    /** Places {@code drafts} back to back after the header and part list. */
    static Manifest layout(long instance, long createdMillis, String stateDigest, List<Draft> drafts) {
        List<Part> placed = new ArrayList<>(drafts.size());
        for (Draft d : drafts) placed.add(new Part(d.name(), d.checksum(), 0, d.length(), d.indexLength(), d.sha256()));
        long offset = HEADER_BYTES + partList(placed).length;
        for (int i = 0; i < placed.size(); i++) {
            Part p = placed.get(i);
            placed.set(i, new Part(p.name(), p.checksum(), offset, p.length(), p.indexLength(), p.sha256()));
            offset += p.length();
        }
        return new Manifest(instance, createdMillis, stateDigest, placed);
    }

    /** Where the part list ends and the first part begins. */
    public long partsStart() {
        return HEADER_BYTES + partList(parts).length;
    }

    /** The size of the whole snapshot file. */
    public long fileSize() {
        long end = partsStart();
        for (Part p : parts) end += p.length();
        return end + TRAILER_BYTES;
    }

    public Optional<Part> part(String name) {
        return parts.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** How each keyed table was cut (display name → buckets), to cut a local state alike. */
    public Map<String, Integer> bucketCuts() {
        Map<String, Integer> out = new TreeMap<>();
        for (Part p : parts) {
            StateParts.TablePartName t = StateParts.parseTablePart(p.name());
            if (t != null) out.put(t.table(), t.buckets());
        }
        return out;
    }

    /** Header and part list, exactly as at the start of the snapshot file. */
    public byte[] encode() {
        byte[] list = partList(parts);
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        header.put(MAGIC).putInt(FORMAT_VERSION).putLong(instance).putLong(createdMillis)
                .put(HexFormat.of().parseHex(stateDigest)).putInt(list.length).put(Bytes.sha256(list));
        CRC32C crc = new CRC32C();
        crc.update(header.array(), 0, HEADER_BYTES - 4);
        header.putInt((int) crc.getValue());
        byte[] out = Arrays.copyOf(header.array(), HEADER_BYTES + list.length);
        System.arraycopy(list, 0, out, HEADER_BYTES, list.length);
        return out;
    }

    private static byte[] partList(List<Part> parts) {
        Bytes.Out out = new Bytes.Out().writeInt(parts.size());
        for (Part p : parts) {
            out.writeString(p.name()).writeString(p.checksum()).writeLong(p.offset()).writeLong(p.length())
                    .writeInt(p.indexLength()).write(p.sha256);
        }
        return out.toByteArray();
    }

    /**
     * Checks the fixed header and returns the length of the part list that follows it.
     *
     * @param source names the file or peer, for the error message
     */
    static int partListLength(byte[] header, String source) throws SnapshotCorruptException {
        if (header.length < HEADER_BYTES) {
            throw new SnapshotCorruptException(source, "truncated: " + header.length + " bytes, shorter than the "
                    + HEADER_BYTES + "-byte header");
        }
        if (!Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new SnapshotCorruptException(source, "not a PaxoSQL snapshot (bad magic in the header)");
        }
        CRC32C crc = new CRC32C();
        crc.update(header, 0, HEADER_BYTES - 4);
        ByteBuffer b = ByteBuffer.wrap(header);
        if (b.getInt(HEADER_BYTES - 4) != (int) crc.getValue()) {
            throw new SnapshotCorruptException(source, "the header's checksum does not match (header corrupt)");
        }
        int version = b.getInt(MAGIC.length);
        if (version != FORMAT_VERSION) {
            throw new SnapshotCorruptException(source, "snapshot format version " + version + "; this build reads version "
                    + FORMAT_VERSION);
        }
        int length = b.getInt(60);
        if (length < 4 || length > MAX_PART_LIST_BYTES) throw new SnapshotCorruptException(source, "part list length " + length);
        return length;
    }

    /**
     * Reads and checks header and part list (as {@link #encode()} wrote them; extra bytes after are ignored).
     *
     * @param source names the file or peer, for the error message
     */
    public static Manifest decode(byte[] bytes, String source) throws SnapshotCorruptException {
        int length = partListLength(bytes, source);
        if (bytes.length < HEADER_BYTES + (long) length) {
            throw new SnapshotCorruptException(source, "truncated: the part list needs " + (HEADER_BYTES + (long) length)
                    + " bytes, " + bytes.length + " present");
        }
        ByteBuffer h = ByteBuffer.wrap(bytes, 0, HEADER_BYTES);
        h.position(12);
        long instance = h.getLong();
        long created = h.getLong();
        byte[] digest = new byte[32];
        h.get(digest);
        h.getInt();
        byte[] listHash = new byte[32];
        h.get(listHash);
        byte[] list = Arrays.copyOfRange(bytes, HEADER_BYTES, HEADER_BYTES + length);
        if (!MessageDigest.isEqual(listHash, Bytes.sha256(list))) {
            throw new SnapshotCorruptException(source, "the part list's hash does not match (manifest corrupt)");
        }
        Bytes.In in = new Bytes.In(list, source + ", part list");
        int n = in.count(MAX_PARTS);
        List<Part> parts = new ArrayList<>(n);
        Set<String> names = new HashSet<>();
        long expected = HEADER_BYTES + (long) length;
        for (int i = 0; i < n; i++) {
            Part p = new Part(in.readString(), in.readString(), in.readLong(), in.readLong(), in.readInt(), in.readRaw(32));
            if (!names.add(p.name())) throw in.corrupt("names part " + p.name() + " twice");
            if (p.offset() != expected || p.length() < 0 || p.indexLength() < 0 || p.indexLength() > p.length()) {
                throw in.corrupt("places part " + p + " (index " + p.indexLength() + ") where " + expected + " was expected");
            }
            expected += p.length();
            parts.add(p);
        }
        in.expectEnd();
        if (!names.contains(StateParts.CATALOG)) throw in.corrupt("has no " + StateParts.CATALOG + " part");
        return new Manifest(instance, created, HexFormat.of().formatHex(digest), parts);
    }
}
