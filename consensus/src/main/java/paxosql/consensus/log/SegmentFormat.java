package paxosql.consensus.log;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * On-disk layout of segment files (log format version 1), shared by the writer, the reader and
 * the tests.
 *
 * <pre>
 * segment := header frame*
 * header  := "PXLG"  i32 version  i64 segmentNumber  i32 crc32c(previous 16 bytes)     (20 bytes)
 * frame   := i32 length  i32 crc32c(payload)  payload                 (payload: LogRecordCodec)
 * </pre>
 *
 * The header layout is the same in every format version, so any build can tell a segment of a
 * version it does not read (intact header, other version: refused) from a damaged header
 * (checksum mismatch: treated like any other corruption).
 *
 * <p>File names: {@code log-<20-digit number>.base} starts a log (a fresh log or a rewritten base),
 * {@code log-<number>.seg} continues the segment numbered one below it, and
 * {@code log-<number>.base.tmp} is a base still being written. Numbers only grow, and the
 * zero-padding makes name order equal number order.
 */
final class SegmentFormat {

    static final int VERSION = 1;
    static final byte[] MAGIC = "PXLG".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER_SIZE = 20;
    static final int HEADER_CRC_OFFSET = 16;
    static final int FRAME_HEADER_SIZE = 8;

    /** Upper bound on any payload, whatever the options say; a length above it is corrupt. */
    static final int MAX_PAYLOAD_BYTES = 1 << 30;

    static final String LOCK_FILE = "LOCK";
    private static final String TEMP_SUFFIX = ".tmp";
    private static final Pattern NAME = Pattern.compile("log-(\\d{20})\\.(base|seg)(\\.tmp)?");

    private SegmentFormat() {}

    /** A header for {@code segmentNumber}; {@code version} is a parameter so tests can forge others. */
    static byte[] header(int version, long segmentNumber) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_SIZE);
        b.put(MAGIC).putInt(version).putLong(segmentNumber);
        b.putInt(crc32c(b.array(), 0, HEADER_CRC_OFFSET));
        return b.array();
    }

    static int crc32c(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    static String fileName(long number, boolean base) {
        return String.format("log-%020d.%s", number, base ? "base" : "seg");
    }

    static String tempFileName(long number) {
        return fileName(number, true) + TEMP_SUFFIX;
    }

    /** What a file name in the log directory says about the file; empty if it is not a segment. */
    record SegmentName(long number, boolean base, boolean temporary) {
        static Optional<SegmentName> parse(String fileName) {
            Matcher m = NAME.matcher(fileName);
            if (!m.matches()) return Optional.empty();
            boolean base = m.group(2).equals("base");
            boolean temporary = m.group(3) != null;
            if (temporary && !base) return Optional.empty();
            return Optional.of(new SegmentName(Long.parseLong(m.group(1)), base, temporary));
        }
    }
}
