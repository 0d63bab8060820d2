package paxosql.consensus.transport;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Kryo serializers for the variable-length types on our wire that refuse a length
 * larger than the bytes left in the frame <em>before</em> allocating.
 *
 * <p>Why: Kryo's own {@code byte[]}, {@code String} and collection serializers
 * allocate whatever length the bytes claim; four garbage bytes claiming 1.5 GB end
 * in an {@link OutOfMemoryError} (measured with Kryo 5.6.2). Every element costs at
 * least one byte on the wire, so "claimed count &gt; remaining bytes" is always garbage.
 * These serializers only work with an {@link Input} over a complete frame in memory,
 * which is how {@link MessageSerializer} uses them.
 */
final class BoundedSerializers {
    private BoundedSerializers() {}

    static void requireAvailable(Input input, long claimed, String what) {
        long remaining = input.limit() - input.position();
        if (claimed < 0 || claimed > remaining) {
            throw new KryoException(what + " claims " + claimed + " elements but only " + remaining + " bytes remain");
        }
    }

    /** {@code byte[]}: varint(length + 1), 0 for null, then the bytes (Kryo's own layout). */
    static final class ByteArray extends Serializer<byte[]> {
        ByteArray() { super(true); }

        @Override
        public void write(Kryo kryo, Output output, byte[] bytes) {
            if (bytes == null) {
                output.writeVarInt(0, true);
                return;
            }
            output.writeVarInt(bytes.length + 1, true);
            output.writeBytes(bytes);
        }

        @Override
        public byte[] read(Kryo kryo, Input input, Class<? extends byte[]> type) {
            int lengthPlusOne = input.readVarInt(true);
            if (lengthPlusOne == 0) return null;
            requireAvailable(input, lengthPlusOne - 1L, "byte[]");
            return input.readBytes(lengthPlusOne - 1);
        }
    }

    /** {@code String}: varint(UTF-8 length + 1), 0 for null, then UTF-8 bytes. Replaces Kryo's built-in at id 1. */
    static final class Utf8String extends Serializer<String> {
        Utf8String() { super(true, true); }

        @Override
        public void write(Kryo kryo, Output output, String s) {
            if (s == null) {
                output.writeVarInt(0, true);
                return;
            }
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            output.writeVarInt(utf8.length + 1, true);
            output.writeBytes(utf8);
        }

        @Override
        public String read(Kryo kryo, Input input, Class<? extends String> type) {
            int lengthPlusOne = input.readVarInt(true);
            if (lengthPlusOne == 0) return null;
            requireAvailable(input, lengthPlusOne - 1L, "String");
            return new String(input.readBytes(lengthPlusOne - 1), StandardCharsets.UTF_8);
        }
    }

    /**
     * A {@link List}: Kryo's collection layout, element count checked against the bytes left.
     * {@code immutable} lists (the JDK's {@code List.of}, {@code List.copyOf}, {@code Stream.toList()}
     * classes) are read back as {@code List.copyOf}, so a receiver never gets a mutable list
     * where the sender had an immutable one.
     */
    static final class BoundedList extends CollectionSerializer<List<Object>> {
        private final boolean immutable;

        BoundedList(boolean immutable) {
            this.immutable = immutable;
        }

        @Override
        protected List<Object> create(Kryo kryo, Input input, Class<? extends List<Object>> type, int size) {
            requireAvailable(input, size, "list");
            return new ArrayList<>(size);
        }

        @Override
        public List<Object> read(Kryo kryo, Input input, Class<? extends List<Object>> type) {
            List<Object> read = super.read(kryo, input, type);
            if (read == null || !immutable) return read;
            if (read.contains(null)) throw new KryoException("an immutable list cannot hold null");
            return List.copyOf(read);
        }
    }
}
