package paxosql.consensus.transport;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.KryoBufferOverflowException;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.Pool;
import paxosql.consensus.core.Ballot;
import paxosql.consensus.core.Command;
import paxosql.consensus.core.Message;
import paxosql.consensus.core.Value;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link Message} into bytes and back with Kryo, for the peer transport.
 *
 * <p><b>Wire format.</b> Registration is required and references are off: the bytes
 * name classes only by the fixed ids in {@link #wireIds()}, never by class name, so
 * a peer can make this node instantiate nothing but the registered message types.
 * Two instances always produce identical bytes for equal messages. An id, once
 * released, is never renumbered or reused; a new message type takes a new id (and a
 * change to a record's components is a new protocol version).
 *
 * <p><b>Contracts.</b> Thread-safe: Kryo itself is not, so each call borrows an
 * instance from a {@link Pool}. {@link #decode} never lets a peer's bytes escape as
 * anything but a {@link MalformedMessageException}; it bounds every claimed length by
 * the bytes actually present and the object graph depth, so garbage cannot exhaust
 * memory or the stack. Both directions refuse a message with a null component or a
 * list element of the wrong type (see {@link MessageShape}).
 */
public final class MessageSerializer {

    /** Deepest legitimate graph: Message, List, Entry, Value, List, Command, byte[]; with room for growth. */
    static final int MAX_GRAPH_DEPTH = 24;

    /** Kryo's built-in id for {@code String}; we keep the id and replace the serializer with a bounded one. */
    private static final int STRING_ID = 1;

    private static final Map<Class<?>, Integer> WIRE_IDS = buildWireIds();

    private static final int POOLED_OUTPUT_BYTES = 4 * 1024;
    /** An Output that grew beyond this for one big message is dropped rather than kept in the pool. */
    private static final int MAX_RETAINED_OUTPUT_BYTES = 256 * 1024;

    private final int maxMessageBytes;
    private final Pool<Codec> codecs;

    /** One Kryo with its reusable output buffer; lives in the pool, used by one thread at a time. */
    private final class Codec {
        final Kryo kryo = newKryo();
        Output output = newOutput();

        Output newOutput() { return new Output(Math.min(POOLED_OUTPUT_BYTES, maxMessageBytes), maxMessageBytes); }
    }

    /** @param maxMessageBytes the largest encoding {@link #encode} produces and {@link #decode} accepts */
    public MessageSerializer(int maxMessageBytes) {
        if (maxMessageBytes < 64) throw new IllegalArgumentException("maxMessageBytes must be at least 64, got " + maxMessageBytes);
        this.maxMessageBytes = maxMessageBytes;
        this.codecs = new Pool<>(true, false, Math.max(8, 2 * Runtime.getRuntime().availableProcessors())) {
            @Override
            protected Codec create() { return new Codec(); }
        };
    }

    /**
     * The fixed wire id of every class that may appear in a message, in registration order.
     * Ids 0–8 are Kryo's built-ins (int, String, float, boolean, byte, char, short, long, double);
     * boxed {@code Long}/{@code Integer} list elements travel under them.
     */
    public static Map<Class<?>, Integer> wireIds() { return WIRE_IDS; }

    private static Map<Class<?>, Integer> buildWireIds() {
        Map<Class<?>, Integer> ids = new LinkedHashMap<>();
        ids.put(byte[].class, 10);
        ids.put(ArrayList.class, 11);
        // The JDK's immutable lists: List.of/copyOf with 1-2 elements (List12), with 0 or 3+ and
        // every Stream.toList() (ListN), and subList of either (SubList).
        ids.put(List.of(1).getClass(), 12);
        ids.put(List.of().getClass(), 13);
        ids.put(List.of(1, 2, 3).subList(0, 1).getClass(), 14);

        ids.put(Ballot.class, 20);
        ids.put(Command.class, 21);
        ids.put(Message.Entry.class, 22);

        ids.put(Value.Batch.class, 30);
        ids.put(Value.NoOp.class, 31);
        ids.put(Value.OqChange.class, 32);
        ids.put(Value.Digest.class, 33);

        ids.put(Message.Prepare.class, 40);
        ids.put(Message.Promise.class, 41);
        ids.put(Message.Nack.class, 42);
        ids.put(Message.Accept.class, 43);
        ids.put(Message.Accepted.class, 44);
        ids.put(Message.LeaderDurable.class, 45);
        ids.put(Message.Commit.class, 46);
        ids.put(Message.Learn.class, 47);
        ids.put(Message.CatchUpRequest.class, 48);
        ids.put(Message.SnapshotNeeded.class, 49);
        ids.put(Message.Heartbeat.class, 50);
        ids.put(Message.HeartbeatReply.class, 51);
        ids.put(Message.Forward.class, 52);
        return Collections.unmodifiableMap(ids);
    }

    /** A Kryo configured for our wire format. Package-private so tests can craft hostile bytes with it. */
    static Kryo newKryo() {
        Kryo kryo = new Kryo();
        kryo.setRegistrationRequired(true);
        kryo.setReferences(false);
        kryo.setMaxDepth(MAX_GRAPH_DEPTH);
        kryo.register(String.class, new BoundedSerializers.Utf8String(), STRING_ID);
        for (var e : WIRE_IDS.entrySet()) {
            Class<?> type = e.getKey();
            int id = e.getValue();
            if (type == byte[].class) kryo.register(type, new BoundedSerializers.ByteArray(), id);
            else if (type == ArrayList.class) kryo.register(type, new BoundedSerializers.BoundedList(false), id);
            else if (List.class.isAssignableFrom(type)) kryo.register(type, new BoundedSerializers.BoundedList(true), id);
            else kryo.register(type, id); // records: Kryo's RecordSerializer, through the canonical constructor
        }
        return kryo;
    }

    /**
     * The bytes of {@code message}.
     *
     * @throws IllegalArgumentException if the message cannot be carried: a null component, a list
     *         class or element type that is not registered, or an encoding above the size limit
     */
    public byte[] encode(Message message) {
        MessageShape.check(message);
        Codec codec = codecs.obtain();
        try {
            Output out = codec.output;
            out.reset();
            codec.kryo.writeClassAndObject(out, message);
            return out.toBytes();
        } catch (KryoBufferOverflowException e) {
            throw new IllegalArgumentException(message.getClass().getSimpleName() + " encodes to more than " + maxMessageBytes + " bytes");
        } catch (KryoException e) {
            throw new IllegalArgumentException("cannot encode " + message.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            if (codec.output.getBuffer().length > MAX_RETAINED_OUTPUT_BYTES) codec.output = codec.newOutput();
            codecs.free(codec);
        }
    }

    /** Decodes a whole array; see {@link #decode(byte[], int, int)}. */
    public Message decode(byte[] bytes) throws MalformedMessageException {
        return decode(bytes, 0, bytes.length);
    }

    /**
     * The message in {@code bytes[offset, offset + length)}, which must hold exactly one
     * encoding and nothing after it.
     *
     * @throws MalformedMessageException for anything else; the reason names what was wrong
     */
    public Message decode(byte[] bytes, int offset, int length) throws MalformedMessageException {
        if (length > maxMessageBytes) throw new MalformedMessageException("message of " + length + " bytes exceeds the limit of " + maxMessageBytes);
        if (length == 0) throw new MalformedMessageException("empty message");
        Codec codec = codecs.obtain();
        Object decoded;
        int trailing;
        try {
            Input in = new Input(bytes, offset, length);
            decoded = codec.kryo.readClassAndObject(in);
            trailing = in.limit() - in.position();
        } catch (RuntimeException e) {
            // KryoException for bad ids, underflow and depth; IllegalArgumentException and others from
            // record constructors that refuse the values. All mean the same: these bytes are garbage.
            throw new MalformedMessageException(describe(e));
        } finally {
            codecs.free(codec);
        }
        if (!(decoded instanceof Message message)) {
            throw new MalformedMessageException("expected a Message, found " + (decoded == null ? "null" : decoded.getClass().getSimpleName()));
        }
        if (trailing != 0) throw new MalformedMessageException(trailing + " bytes after a " + message.getClass().getSimpleName());
        try {
            MessageShape.check(message);
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException(e.getMessage());
        }
        return message;
    }

    /** The root cause in one line: Kryo's messages carry a multi-line serialization trace. */
    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String text = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
