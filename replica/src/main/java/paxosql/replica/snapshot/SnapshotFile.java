package paxosql.replica.snapshot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A snapshot file on disk, verified when opened: magic, format version, header checksum,
 * part list hash, every part's SHA-256 and the trailer hash over the whole file. A
 * corrupt or truncated file is refused with a {@link SnapshotCorruptException} that names
 * the file and what is wrong.
 *
 * <p>Serving peers: {@link #manifestBytes()} is what a peer fetches first, then
 * {@link #read(long, int)} chunks of the parts it needs.
 */
public final class SnapshotFile implements PartSource {
    private static final int BUFFER = 1 << 20;

    private final Path path;
    private final Manifest manifest;
    private final byte[] manifestBytes;

    private SnapshotFile(Path path, Manifest manifest, byte[] manifestBytes) {
        this.path = path;
        this.manifest = manifest;
        this.manifestBytes = manifestBytes;
    }

    /** Opens and fully verifies {@code path}. */
    public static SnapshotFile open(Path path) throws IOException {
        String source = "snapshot file " + path;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            byte[] header = readFully(ch, 0, (int) Math.min(size, Manifest.HEADER_BYTES));
            int listLength = Manifest.partListLength(header, source);
            if (size < Manifest.HEADER_BYTES + (long) listLength + Manifest.TRAILER_BYTES) {
                throw new SnapshotCorruptException(source, "truncated: " + size + " bytes, but the part list alone needs "
                        + (Manifest.HEADER_BYTES + (long) listLength) + " and the trailer " + Manifest.TRAILER_BYTES);
            }
            byte[] head = readFully(ch, 0, Manifest.HEADER_BYTES + listLength);
            Manifest manifest = Manifest.decode(head, source);
            if (size != manifest.fileSize()) {
                throw new SnapshotCorruptException(source, (size < manifest.fileSize() ? "truncated: " : "has extra bytes: ") + size
                        + " bytes where the manifest says " + manifest.fileSize());
            }
            verifyBody(ch, manifest, head, source);
            return new SnapshotFile(path, manifest, head);
        }
    }

    /** Hashes every part and the whole file in one pass. */
    private static void verifyBody(FileChannel ch, Manifest manifest, byte[] head, String source) throws IOException {
        MessageDigest whole = Bytes.sha256();
        whole.update(head);
        ByteBuffer buf = ByteBuffer.allocate(BUFFER);
        for (Manifest.Part p : manifest.parts()) {
            MessageDigest part = Bytes.sha256();
            long pos = p.offset();
            long end = p.offset() + p.length();
            while (pos < end) {
                buf.clear().limit((int) Math.min(BUFFER, end - pos));
                int n = ch.read(buf, pos);
                if (n < 0) throw new SnapshotCorruptException(source, "truncated inside part " + p.name());
                part.update(buf.array(), 0, n);
                whole.update(buf.array(), 0, n);
                pos += n;
            }
            if (!MessageDigest.isEqual(part.digest(), p.sha256())) {
                throw new SnapshotCorruptException(source, "the bytes of part " + p.name() + " do not match their hash (body corrupt)");
            }
        }
        byte[] trailer = readFully(ch, manifest.fileSize() - Manifest.TRAILER_BYTES, Manifest.TRAILER_BYTES);
        if (!Arrays.equals(trailer, 32, 40, Manifest.TRAILER_MAGIC, 0, 8)) {
            throw new SnapshotCorruptException(source, "the trailer is damaged (bad end marker)");
        }
        if (!MessageDigest.isEqual(Arrays.copyOf(trailer, 32), whole.digest())) {
            throw new SnapshotCorruptException(source, "the trailer hash over the file does not match (trailer corrupt)");
        }
    }

    private static byte[] readFully(FileChannel ch, long offset, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (ch.read(b, offset + b.position()) < 0) {
                throw new SnapshotCorruptException("snapshot file", "ends at " + (offset + b.position()) + " while reading "
                        + length + " bytes at " + offset);
            }
        }
        return b.array();
    }

    public Path path() {
        return path;
    }

    public Manifest manifest() {
        return manifest;
    }

    public long instance() {
        return manifest.instance();
    }

    public long size() {
        return manifest.fileSize();
    }

    /** The header and part list: what a peer fetches first ({@link Manifest#decode} reads it). */
    public byte[] manifestBytes() {
        return manifestBytes.clone();
    }

    /** {@code length} bytes at {@code offset}: a chunk of a part, for a peer. */
    public byte[] read(long offset, int length) throws IOException {
        if (offset < 0 || length < 0 || offset + length > size()) {
            throw new IllegalArgumentException("chunk [" + offset + ", +" + length + ") outside " + path + " (" + size() + " bytes)");
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return readFully(ch, offset, length);
        }
    }

    /** One part's bytes, checked again against its hash (the file may have changed since it was opened). */
    public byte[] partBytes(Manifest.Part part) throws IOException {
        if (part.length() > Integer.MAX_VALUE - 16) throw new IOException("part " + part.name() + " is too large to read at once");
        byte[] b = read(part.offset(), (int) part.length());
        if (!part.hashMatches(b)) {
            throw new SnapshotCorruptException("snapshot file " + path, "the bytes of part " + part.name() + " changed on disk");
        }
        return b;
    }

    @Override
    public PartBytes bytes(Manifest.Part part) throws IOException {
        return new PartBytes(partBytes(part), true);
    }

    @Override
    public String toString() {
        return "snapshot " + path + " at instance " + instance() + " (" + size() + " bytes, " + manifest.parts().size() + " parts)";
    }
}
