package paxosql.driver.wire;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.KryoBufferOverflowException;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;
import com.esotericsoftware.kryo.util.Pool;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link WireMessage}s to bytes and back with Kryo.
 *
 * <p><b>Format.</b> Registration is required and references are off: the bytes name classes
 * only by the fixed ids of {@link #wireIds()}, never by class name, so a peer can make this
 * end instantiate nothing but registered message types. An id is never renumbered or reused.
 * Equal messages give equal bytes.
 *
 * <p><b>Hostile input.</b> {@link #decode} lets nothing escape but a
 * {@link MalformedFrameException}. Kryo's own {@code byte[]}, {@code String} and collection
 * serializers allocate whatever length the bytes claim (a few garbage bytes claiming 1.5 GB
 * end in an {@link OutOfMemoryError}), so these are replaced by serializers that refuse a
 * claimed length above the bytes left in the frame before allocating; the object graph
 * depth is capped too.
 *
 * <p>Thread-safe: each call borrows a Kryo from a pool.
 */
public final class WireCodec {

    /** Deepest legitimate graph: Welcome, List, MemberAddress, String; with room. */
    static final int MAX_GRAPH_DEPTH = 8;
    /** Kryo's built-in id for {@code String}; kept, with a bounded serializer. */
    private static final int STRING_ID = 1;
    private static final int POOLED_OUTPUT_BYTES = 4 * 1024;
    /** An output buffer that grew past this for one big message is handed over, not kept in the pool. */
    private static final int MAX_RETAINED_OUTPUT_BYTES = 256 * 1024;

    private static final Map<Class<?>, Integer> WIRE_IDS = buildWireIds();

    private final int maxMessageBytes;
    private final Pool<Codec> codecs;

    private final class Codec {
        final Kryo kryo = newKryo();
        Output output = newOutput();

        Output newOutput() { return new Output(POOLED_OUTPUT_BYTES, WireProtocol.LENGTH_PREFIX_BYTES + maxMessageBytes); }
    }

    /** A codec for frames up to {@link WireProtocol#MAX_FRAME_BYTES}. */
    public WireCodec() {
        this(WireProtocol.MAX_FRAME_BYTES);
    }

    /** @param maxMessageBytes the largest encoding {@link #encode} produces and {@link #decode} accepts */
    public WireCodec(int maxMessageBytes) {
        if (maxMessageBytes < 64) throw new IllegalArgumentException("maxMessageBytes must be at least 64, got " + maxMessageBytes);
        this.maxMessageBytes = maxMessageBytes;
        this.codecs = new Pool<>(true, false, Math.max(8, 2 * Runtime.getRuntime().availableProcessors())) {
            @Override
            protected Codec create() { return new Codec(); }
        };
    }

    /**
     * The fixed wire id of every class that may appear on the wire. Ids 0–8 are Kryo's
     * built-ins (int, String, float, boolean, byte, char, short, long, double).
     * Challenge (30), Hello (31) and Refused (32) are frozen for every protocol version.
     */
    public static Map<Class<?>, Integer> wireIds() { return WIRE_IDS; }

    private static Map<Class<?>, Integer> buildWireIds() {
        Map<Class<?>, Integer> ids = new LinkedHashMap<>();
        ids.put(byte[].class, 10);
        ids.put(ArrayList.class, 11);
        ids.put(List.of(1).getClass(), 12); // List.of / List.copyOf with 1-2 elements
        ids.put(List.of().getClass(), 13);  // ... with 0 or 3+
        ids.put(WireMessage.MemberAddress.class, 20);

        ids.put(WireMessage.Challenge.class, 30);
        ids.put(WireMessage.Hello.class, 31);
        ids.put(WireMessage.Refused.class, 32);
        ids.put(WireMessage.Welcome.class, 33);

        ids.put(WireMessage.Submit.class, 40);
        ids.put(WireMessage.Result.class, 41);
        ids.put(WireMessage.NotLeader.class, 42);

        ids.put(WireMessage.Read.class, 50);
        ids.put(WireMessage.ReadResult.class, 51);
        ids.put(WireMessage.StatusRequest.class, 52);
        ids.put(WireMessage.StatusReply.class, 53);
        ids.put(WireMessage.SnapshotManifestRequest.class, 54);
        ids.put(WireMessage.SnapshotManifest.class, 55);
        ids.put(WireMessage.SnapshotChunkRequest.class, 56);
        ids.put(WireMessage.SnapshotChunk.class, 57);
        ids.put(WireMessage.RequestFailed.class, 58);
        ids.put(WireMessage.Fetch.class, 59);
        ids.put(WireMessage.CloseCursor.class, 60);
        return Collections.unmodifiableMap(ids);
    }

    /** A Kryo configured for the client wire. Package-private so tests can craft hostile bytes with it. */
    static Kryo newKryo() {
        Kryo kryo = new Kryo();
        kryo.setRegistrationRequired(true);
        kryo.setReferences(false);
        kryo.setMaxDepth(MAX_GRAPH_DEPTH);
        kryo.register(String.class, new Utf8String(), STRING_ID);
        for (var e : WIRE_IDS.entrySet()) {
            Class<?> type = e.getKey();
            int id = e.getValue();
            if (type == byte[].class) kryo.register(type, new ByteArray(), id);
            else if (type == ArrayList.class) kryo.register(type, new BoundedList(false), id);
            else if (List.class.isAssignableFrom(type)) kryo.register(type, new BoundedList(true), id);
            else kryo.register(type, id); // records: Kryo's RecordSerializer, through the canonical constructor
        }
        return kryo;
    }

    /**
     * The bytes of {@code message}, without a length prefix.
     *
     * @throws IllegalArgumentException if the encoding exceeds the size limit
     */
    public byte[] encode(WireMessage message) {
        Codec codec = codecs.obtain();
        try {
            Output out = codec.output;
            out.reset();
            write(codec, out, message);
            return out.toBytes();
        } finally {
            release(codec);
        }
    }

    /**
     * A whole frame around {@code message}: length prefix and body, ready to write. Big
     * messages are encoded once, without a further copy.
     *
     * @throws IllegalArgumentException if the encoding exceeds the size limit
     */
    public ByteBuf frame(WireMessage message) {
        Codec codec = codecs.obtain();
        try {
            Output out = codec.output;
            out.reset();
            out.setPosition(WireProtocol.LENGTH_PREFIX_BYTES);
            write(codec, out, message);
            int end = out.position();
            byte[] buffer = out.getBuffer();
            int length = end - WireProtocol.LENGTH_PREFIX_BYTES;
            buffer[0] = (byte) (length >>> 24);
            buffer[1] = (byte) (length >>> 16);
            buffer[2] = (byte) (length >>> 8);
            buffer[3] = (byte) length;
            if (buffer.length > MAX_RETAINED_OUTPUT_BYTES) {
                codec.output = codec.newOutput(); // the frame keeps this buffer
                return Unpooled.wrappedBuffer(buffer, 0, end);
            }
            return Unpooled.copiedBuffer(buffer, 0, end);
        } finally {
            release(codec);
        }
    }

    private void write(Codec codec, Output out, WireMessage message) {
        if (message == null) throw new IllegalArgumentException("cannot encode a null message");
        try {
            codec.kryo.writeClassAndObject(out, message);
        } catch (KryoBufferOverflowException e) {
            throw new IllegalArgumentException(message.getClass().getSimpleName() + " encodes to more than " + maxMessageBytes + " bytes");
        } catch (KryoException e) {
            throw new IllegalArgumentException("cannot encode " + message.getClass().getSimpleName() + ": " + firstLine(e));
        }
    }

    private void release(Codec codec) {
        if (codec.output.getBuffer().length > MAX_RETAINED_OUTPUT_BYTES) codec.output = codec.newOutput();
        codecs.free(codec);
    }

    /** The message in a frame body as {@link WireFrameDecoder} emits it; does not release {@code body}. */
    public WireMessage decode(ByteBuf body) throws MalformedFrameException {
        if (body.hasArray()) return decode(body.array(), body.arrayOffset() + body.readerIndex(), body.readableBytes());
        return decode(ByteBufUtil.getBytes(body));
    }

    public WireMessage decode(byte[] bytes) throws MalformedFrameException {
        return decode(bytes, 0, bytes.length);
    }

    /**
     * The message in {@code bytes[offset, offset + length)}, which must hold exactly one
     * encoding and nothing after it.
     *
     * @throws MalformedFrameException for anything else; the reason names what was wrong
     */
    public WireMessage decode(byte[] bytes, int offset, int length) throws MalformedFrameException {
        if (length > maxMessageBytes) throw new MalformedFrameException("message of " + length + " bytes exceeds the limit of " + maxMessageBytes);
        if (length == 0) throw new MalformedFrameException("empty message");
        Codec codec = codecs.obtain();
        Object decoded;
        int trailing;
        try {
            Input in = new Input(bytes, offset, length);
            decoded = codec.kryo.readClassAndObject(in);
            trailing = in.limit() - in.position();
        } catch (RuntimeException e) {
            // KryoException for bad ids, underflow and depth; IllegalArgumentException, NullPointerException and
            // ClassCastException from record constructors that refuse the values. All mean: these bytes are garbage.
            throw new MalformedFrameException(firstLine(e));
        } finally {
            codecs.free(codec);
        }
        if (!(decoded instanceof WireMessage message)) {
            throw new MalformedFrameException("expected a message, found " + (decoded == null ? "null" : decoded.getClass().getSimpleName()));
        }
        if (trailing != 0) throw new MalformedFrameException(trailing + " bytes after a " + message.getClass().getSimpleName());
        return message;
    }

    /** The root cause in one line: Kryo's messages carry a multi-line serialization trace. */
    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String text = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    // ---------------------------------------------------------------- bounded serializers

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

    /** {@code String}: varint(UTF-8 length + 1), 0 for null, then the UTF-8 bytes. */
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

    /** A list in Kryo's collection layout with the element count checked against the bytes left. */
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
