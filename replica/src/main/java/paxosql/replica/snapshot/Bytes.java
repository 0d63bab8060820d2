package paxosql.replica.snapshot;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Small binary helpers shared by the snapshot formats: length-prefixed UTF-8 strings, bounded reads, SHA-256. */
final class Bytes {
    private Bytes() {}

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    static byte[] sha256(byte[] bytes) {
        return sha256().digest(bytes);
    }

    /** A growing buffer with the writes the formats need, without checked exceptions. */
    static final class Out {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream d = new DataOutputStream(bytes);

        Out writeInt(int v) { return run(() -> d.writeInt(v)); }
        Out writeLong(long v) { return run(() -> d.writeLong(v)); }
        Out writeBoolean(boolean v) { return run(() -> d.writeBoolean(v)); }
        Out write(byte[] b) { return run(() -> d.write(b)); }

        Out writeBytes(byte[] b) {
            writeInt(b.length);
            return write(b);
        }

        Out writeString(String s) {
            return writeBytes(s.getBytes(StandardCharsets.UTF_8));
        }

        int size() { return bytes.size(); }
        byte[] toByteArray() { return bytes.toByteArray(); }

        private interface Write { void run() throws IOException; }

        private Out run(Write w) {
            try {
                w.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }
    }

    /** Bounded reads of bytes that may be corrupt: every failure becomes a {@link SnapshotCorruptException}. */
    static final class In {
        private final ByteBuffer buf;
        private final String source;

        In(byte[] bytes, String source) {
            this.buf = ByteBuffer.wrap(bytes);
            this.source = source;
        }

        int readInt() throws SnapshotCorruptException {
            try {
                return buf.getInt();
            } catch (BufferUnderflowException e) {
                throw corrupt("ends early");
            }
        }

        long readLong() throws SnapshotCorruptException {
            try {
                return buf.getLong();
            } catch (BufferUnderflowException e) {
                throw corrupt("ends early");
            }
        }

        boolean readBoolean() throws SnapshotCorruptException {
            byte b = readRaw(1)[0];
            if (b != 0 && b != 1) throw corrupt("holds " + b + " where a boolean belongs");
            return b == 1;
        }

        byte[] readRaw(int n) throws SnapshotCorruptException {
            if (n < 0 || n > buf.remaining()) throw corrupt("announces " + n + " bytes where " + buf.remaining() + " remain");
            byte[] b = new byte[n];
            buf.get(b);
            return b;
        }

        byte[] readBytes() throws SnapshotCorruptException {
            return readRaw(readInt());
        }

        String readString() throws SnapshotCorruptException {
            return new String(readBytes(), StandardCharsets.UTF_8);
        }

        int count(int max) throws SnapshotCorruptException {
            int n = readInt();
            if (n < 0 || n > max) throw corrupt("announces " + n + " entries (at most " + max + " allowed)");
            return n;
        }

        int position() { return buf.position(); }
        int remaining() { return buf.remaining(); }

        void expectEnd() throws SnapshotCorruptException {
            if (buf.hasRemaining()) throw corrupt("has " + buf.remaining() + " unexpected bytes at its end");
        }

        SnapshotCorruptException corrupt(String what) {
            return new SnapshotCorruptException(source, what);
        }
    }
}
