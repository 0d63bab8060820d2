package paxosql.consensus.log;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.zip.CRC32C;
import paxosql.consensus.core.LogRecord;

/**
 * Encodes records into length- and CRC32C-framed bytes in one reusable buffer, remembering where
 * each frame ends so the writer can roll over to a new segment between frames. Not thread-safe;
 * the segment log uses it under its lock.
 */
final class FrameEncoder {

    /** A buffer grown past this by one huge batch is dropped afterwards, not kept forever. */
    private static final int RETAINED_CAPACITY = 1 << 20;

    private final int maxRecordBytes;
    private final CRC32C crc = new CRC32C();
    private Buffer buffer = new Buffer();
    private DataOutputStream out = new DataOutputStream(buffer);
    private int[] frameEnds = new int[16];
    private int frameCount;

    FrameEncoder(int maxRecordBytes) {
        this.maxRecordBytes = maxRecordBytes;
    }

    void reset() {
        if (buffer.capacity() > RETAINED_CAPACITY) {
            buffer = new Buffer();
            out = new DataOutputStream(buffer);
        }
        buffer.reset();
        frameCount = 0;
    }

    /**
     * Appends one frame.
     *
     * @throws IllegalArgumentException if the encoded record exceeds {@code maxRecordBytes};
     *     the frames added before stay as they were
     */
    void add(LogRecord record) {
        int start = buffer.size();
        try {
            out.writeLong(0); // length and CRC, patched below once the payload is known
            LogRecordCodec.write(record, out);
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory stream cannot fail", e);
        }
        int payloadStart = start + SegmentFormat.FRAME_HEADER_SIZE;
        int length = buffer.size() - payloadStart;
        if (length > maxRecordBytes) {
            buffer.truncate(start);
            throw new IllegalArgumentException("a " + record.getClass().getSimpleName() + " of " + length
                    + " bytes exceeds maxRecordBytes (" + maxRecordBytes + ")");
        }
        crc.reset();
        crc.update(buffer.array(), payloadStart, length);
        buffer.putInt(start, length);
        buffer.putInt(start + 4, (int) crc.getValue());
        if (frameCount == frameEnds.length) frameEnds = Arrays.copyOf(frameEnds, frameCount * 2);
        frameEnds[frameCount++] = buffer.size();
    }

    int frameCount() {
        return frameCount;
    }

    int frameStart(int i) {
        return i == 0 ? 0 : frameEnds[i - 1];
    }

    int frameEnd(int i) {
        return frameEnds[i];
    }

    /** The frames' bytes: {@code [0, size())} of this array, valid until the next call. */
    byte[] array() {
        return buffer.array();
    }

    int size() {
        return buffer.size();
    }

    private static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(4096);
        }

        byte[] array() {
            return buf;
        }

        int capacity() {
            return buf.length;
        }

        void truncate(int size) {
            count = size;
        }

        void putInt(int at, int v) {
            buf[at] = (byte) (v >>> 24);
            buf[at + 1] = (byte) (v >>> 16);
            buf[at + 2] = (byte) (v >>> 8);
            buf[at + 3] = (byte) v;
        }
    }
}
