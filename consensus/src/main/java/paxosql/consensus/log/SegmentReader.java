package paxosql.consensus.log;

import static paxosql.consensus.log.SegmentFormat.FRAME_HEADER_SIZE;
import static paxosql.consensus.log.SegmentFormat.HEADER_CRC_OFFSET;
import static paxosql.consensus.log.SegmentFormat.HEADER_SIZE;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import paxosql.consensus.core.LogRecord;

/**
 * Reads one segment file front to back without changing it, and says where its intact part
 * ends. Deciding whether a defect may be cut is the caller's business (only in the last segment).
 */
final class SegmentReader {

    /**
     * What a scan found: the records of every intact frame, the offset where the intact part
     * ends, and, if the file goes on past that, why the next bytes were not accepted.
     * {@code intactEnd == 0} means the header itself is unusable.
     */
    record Scan(List<LogRecord> records, long intactEnd, long fileSize, String defect) {
        boolean clean() {
            return defect == null;
        }
    }

    private SegmentReader() {}

    /**
     * @throws LogFormatException if the header is intact but of another format version, or a frame
     *     with a valid checksum does not decode (written by another build or a bug, not torn)
     * @throws LogCorruptedException if the header is intact but does not belong to this file name
     */
    static Scan scan(Path file, long expectedNumber) throws IOException {
        long size = Files.size(file);
        List<LogRecord> records = new ArrayList<>();
        if (size < HEADER_SIZE) {
            return new Scan(records, 0, size,
                    "file ends inside the segment header (" + size + " of " + HEADER_SIZE + " bytes)");
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            byte[] header = new byte[HEADER_SIZE];
            in.readFully(header);
            String headerDefect = checkHeader(file, header, expectedNumber);
            if (headerDefect != null) return new Scan(records, 0, size, headerDefect);

            CRC32C crc = new CRC32C();
            long pos = HEADER_SIZE;
            while (pos < size) {
                long left = size - pos;
                if (left < FRAME_HEADER_SIZE) {
                    return new Scan(records, pos, size, "incomplete frame header (" + left + " bytes)");
                }
                int length = in.readInt();
                int storedCrc = in.readInt();
                // Both bounds before allocating: a corrupt length must not cost memory.
                if (length <= 0 || length > SegmentFormat.MAX_PAYLOAD_BYTES) {
                    return new Scan(records, pos, size, "implausible record length " + length);
                }
                if (length > left - FRAME_HEADER_SIZE) {
                    return new Scan(records, pos, size, "record of " + length + " bytes runs past the end of the file ("
                            + (left - FRAME_HEADER_SIZE) + " bytes left)");
                }
                byte[] payload = new byte[length];
                in.readFully(payload);
                crc.reset();
                crc.update(payload);
                if ((int) crc.getValue() != storedCrc) {
                    return new Scan(records, pos, size, "checksum mismatch in a record of " + length + " bytes");
                }
                try {
                    records.add(LogRecordCodec.decode(payload));
                } catch (LogFormatException e) {
                    throw new LogFormatException(file + " offset " + pos + ": a record with a valid checksum does not"
                            + " decode (" + e.getMessage() + "). It was written by an incompatible build or a bug,"
                            + " not torn by a crash, so it is not cut. Start the node with the build that wrote it,"
                            + " or restore the node from a snapshot / re-seed it from the other replicas.", e);
                }
                pos += FRAME_HEADER_SIZE + length;
            }
            return new Scan(records, pos, size, null);
        }
    }

    /** Null if the header is sound; what is wrong if it looks damaged; throws if intact but not ours. */
    private static String checkHeader(Path file, byte[] header, long expectedNumber) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(header);
        if (SegmentFormat.crc32c(header, 0, HEADER_CRC_OFFSET) != b.getInt(HEADER_CRC_OFFSET)) {
            return "segment header checksum mismatch";
        }
        if (!Arrays.equals(header, 0, SegmentFormat.MAGIC.length, SegmentFormat.MAGIC, 0, SegmentFormat.MAGIC.length)) {
            throw new LogCorruptedException(file, 0, "not a PaxoSQL log segment (no PXLG magic)");
        }
        int version = b.getInt(4);
        if (version != SegmentFormat.VERSION) {
            throw new LogFormatException(file + " is in log format version " + version + ", but this build reads"
                    + " only version " + SegmentFormat.VERSION + ". Start the node with a build that reads version "
                    + version + "; the files were left untouched.");
        }
        long number = b.getLong(8);
        if (number != expectedNumber) {
            throw new LogCorruptedException(file, 8, "the header says segment " + number
                    + " but the file name says " + expectedNumber + " (renamed or copied from elsewhere?)");
        }
        return null;
    }
}
