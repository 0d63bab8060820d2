package paxosql.consensus.log;

import java.io.ByteArrayOutputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import paxosql.consensus.core.Ballot;
import paxosql.consensus.core.Command;
import paxosql.consensus.core.LogRecord;
import paxosql.consensus.core.LogRecord.CampaignRecord;
import paxosql.consensus.core.LogRecord.ChosenMark;
import paxosql.consensus.core.LogRecord.ChosenRecord;
import paxosql.consensus.core.LogRecord.ForcedRecoveryRecord;
import paxosql.consensus.core.LogRecord.PromiseRecord;
import paxosql.consensus.core.LogRecord.SnapshotMark;
import paxosql.consensus.core.LogRecord.VoteRecord;
import paxosql.consensus.core.Value;

/**
 * The binary form of a {@link LogRecord} inside a log frame (log format version 1).
 *
 * <p>Hand-written rather than Kryo so the bytes are deterministic, documented here and stable
 * across library upgrades. All numbers are big-endian ({@link DataOutput}). Each alternative of a
 * sealed type starts with a one-byte tag; {@link Ballot} and {@link Command} have a fixed place and
 * need none. Record tags and value tags use different ranges, so a value read where a record was
 * expected (or the reverse) fails at once.
 *
 * <pre>
 * record   := 0x01 PromiseRecord        ballot
 *           | 0x02 VoteRecord           i64 instance, ballot, value
 *           | 0x03 ChosenMark           i64 instance, ballot
 *           | 0x04 ChosenRecord         i64 instance, value
 *           | 0x05 SnapshotMark         i64 instance, i32 n, n x i32 member
 *           | 0x06 ForcedRecoveryRecord i32 lostNode, i64 fromInstance
 *           | 0x07 CampaignRecord       ballot
 * value    := 0x41 Batch    i32 n, n x command
 *           | 0x42 NoOp
 *           | 0x43 OqChange i32 n, n x i32 member (strictly increasing)
 *           | 0x44 Digest   i32 len, len bytes
 * ballot   := i64 round, i32 nodeId
 * command  := i64 clientId, i64 sequence, i32 len, len bytes
 * </pre>
 *
 * <p>Decoding never trusts a length or count: each is checked against the bytes actually left in
 * the payload before anything is allocated, so a corrupt count cannot exhaust memory. Any
 * deviation (unknown tag, short payload, bytes left over, negative or oversized count) throws
 * {@link LogFormatException} naming the field and byte position. Stateless and thread-safe.
 */
public final class LogRecordCodec {

    static final byte PROMISE = 0x01;
    static final byte VOTE = 0x02;
    static final byte CHOSEN_MARK = 0x03;
    static final byte CHOSEN = 0x04;
    static final byte SNAPSHOT_MARK = 0x05;
    static final byte FORCED_RECOVERY = 0x06;
    static final byte CAMPAIGN = 0x07;

    static final byte BATCH = 0x41;
    static final byte NO_OP = 0x42;
    static final byte OQ_CHANGE = 0x43;
    static final byte DIGEST = 0x44;

    /** Smallest encodings, used to bound counts before allocating. */
    private static final int MIN_COMMAND_BYTES = 8 + 8 + 4;
    private static final int INT_BYTES = 4;

    private LogRecordCodec() {}

    /** The encoding of {@code record} as a new array. */
    public static byte[] encode(LogRecord record) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try {
            write(record, new DataOutputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory stream cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Writes the encoding of {@code record} to {@code out}.
     *
     * @throws NullPointerException naming the field if {@code record} or one of its parts is null
     * @throws IOException only if {@code out} throws it
     */
    public static void write(LogRecord record, DataOutput out) throws IOException {
        Objects.requireNonNull(record, "record");
        if (record instanceof PromiseRecord p) {
            out.writeByte(PROMISE);
            writeBallot(p.ballot(), "PromiseRecord.ballot", out);
        } else if (record instanceof VoteRecord v) {
            out.writeByte(VOTE);
            out.writeLong(v.instance());
            writeBallot(v.ballot(), "VoteRecord.ballot", out);
            writeValue(v.value(), "VoteRecord.value", out);
        } else if (record instanceof ChosenMark m) {
            out.writeByte(CHOSEN_MARK);
            out.writeLong(m.instance());
            writeBallot(m.ballot(), "ChosenMark.ballot", out);
        } else if (record instanceof ChosenRecord c) {
            out.writeByte(CHOSEN);
            out.writeLong(c.instance());
            writeValue(c.value(), "ChosenRecord.value", out);
        } else if (record instanceof SnapshotMark s) {
            out.writeByte(SNAPSHOT_MARK);
            out.writeLong(s.instance());
            writeInts(s.operationalQuorum(), "SnapshotMark.operationalQuorum", out);
        } else if (record instanceof ForcedRecoveryRecord f) {
            out.writeByte(FORCED_RECOVERY);
            out.writeInt(f.lostNode());
            out.writeLong(f.fromInstance());
        } else if (record instanceof CampaignRecord c) {
            out.writeByte(CAMPAIGN);
            writeBallot(c.ballot(), "CampaignRecord.ballot", out);
        } else {
            // Unreachable while LogRecordCodecTest covers every permitted subclass.
            throw new IllegalArgumentException("no encoding for " + record.getClass().getName());
        }
    }

    private static void writeBallot(Ballot ballot, String field, DataOutput out) throws IOException {
        Objects.requireNonNull(ballot, field);
        out.writeLong(ballot.round());
        out.writeInt(ballot.nodeId());
    }

    private static void writeValue(Value value, String field, DataOutput out) throws IOException {
        Objects.requireNonNull(value, field);
        if (value instanceof Value.Batch b) {
            out.writeByte(BATCH);
            out.writeInt(b.commands().size());
            for (Command c : b.commands()) {
                out.writeLong(c.clientId());
                out.writeLong(c.sequence());
                out.writeInt(c.payload().length);
                out.write(c.payload());
            }
        } else if (value instanceof Value.NoOp) {
            out.writeByte(NO_OP);
        } else if (value instanceof Value.OqChange oq) {
            out.writeByte(OQ_CHANGE);
            writeInts(oq.members(), field + ".members", out);
        } else if (value instanceof Value.Digest d) {
            byte[] sha = Objects.requireNonNull(d.sha256(), field + ".sha256");
            out.writeByte(DIGEST);
            out.writeInt(sha.length);
            out.write(sha);
        } else {
            throw new IllegalArgumentException("no encoding for " + value.getClass().getName());
        }
    }

    private static void writeInts(List<Integer> ints, String field, DataOutput out) throws IOException {
        Objects.requireNonNull(ints, field);
        out.writeInt(ints.size());
        for (Integer i : ints) out.writeInt(Objects.requireNonNull(i, field + " element"));
    }

    /**
     * Decodes exactly one record that fills {@code payload} completely.
     *
     * @throws LogFormatException if the bytes are not a well-formed record; never another exception
     */
    public static LogRecord decode(byte[] payload) throws LogFormatException {
        Reader in = new Reader(payload);
        LogRecord record = readRecord(in);
        if (in.remaining() != 0) {
            throw new LogFormatException(in.remaining() + " bytes left over after a "
                    + record.getClass().getSimpleName() + " that ended at byte " + in.position());
        }
        return record;
    }

    private static LogRecord readRecord(Reader in) throws LogFormatException {
        byte tag = in.tag("record tag");
        switch (tag) {
            case PROMISE:
                return new PromiseRecord(readBallot(in, "PromiseRecord.ballot"));
            case VOTE: {
                long instance = in.i64("VoteRecord.instance");
                Ballot ballot = readBallot(in, "VoteRecord.ballot");
                return new VoteRecord(instance, ballot, readValue(in, "VoteRecord.value"));
            }
            case CHOSEN_MARK: {
                long instance = in.i64("ChosenMark.instance");
                return new ChosenMark(instance, readBallot(in, "ChosenMark.ballot"));
            }
            case CHOSEN: {
                long instance = in.i64("ChosenRecord.instance");
                return new ChosenRecord(instance, readValue(in, "ChosenRecord.value"));
            }
            case SNAPSHOT_MARK: {
                long instance = in.i64("SnapshotMark.instance");
                return new SnapshotMark(instance, readInts(in, "SnapshotMark.operationalQuorum"));
            }
            case FORCED_RECOVERY: {
                int lostNode = in.i32("ForcedRecoveryRecord.lostNode");
                return new ForcedRecoveryRecord(lostNode, in.i64("ForcedRecoveryRecord.fromInstance"));
            }
            case CAMPAIGN:
                return new CampaignRecord(readBallot(in, "CampaignRecord.ballot"));
            default:
                throw new LogFormatException(String.format(
                        "unknown record tag 0x%02x at byte %d", tag & 0xff, in.position() - 1));
        }
    }

    private static Ballot readBallot(Reader in, String field) throws LogFormatException {
        long round = in.i64(field + ".round");
        return new Ballot(round, in.i32(field + ".nodeId"));
    }

    private static Value readValue(Reader in, String field) throws LogFormatException {
        byte tag = in.tag(field + " tag");
        switch (tag) {
            case BATCH: {
                int n = in.count(field + ".commands", MIN_COMMAND_BYTES);
                List<Command> commands = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    long clientId = in.i64(field + ".clientId");
                    long sequence = in.i64(field + ".sequence");
                    commands.add(new Command(clientId, sequence, in.bytes(field + ".payload")));
                }
                return new Value.Batch(commands);
            }
            case NO_OP:
                return Value.NoOp.INSTANCE;
            case OQ_CHANGE: {
                int start = in.position();
                List<Integer> members = readInts(in, field + ".members");
                for (int i = 1; i < members.size(); i++) {
                    // OqChange sorts and de-duplicates; accepting other orders would make two byte
                    // strings mean the same value, and the encoding is meant to be canonical.
                    if (members.get(i - 1) >= members.get(i)) {
                        throw new LogFormatException(field + ".members at byte " + start
                                + " are not strictly increasing: " + members);
                    }
                }
                return new Value.OqChange(members);
            }
            case DIGEST:
                return new Value.Digest(in.bytes(field + ".sha256"));
            default:
                throw new LogFormatException(String.format(
                        "unknown value tag 0x%02x for %s at byte %d", tag & 0xff, field, in.position() - 1));
        }
    }

    private static List<Integer> readInts(Reader in, String field) throws LogFormatException {
        int n = in.count(field, INT_BYTES);
        Integer[] ints = new Integer[n];
        for (int i = 0; i < n; i++) ints[i] = in.i32(field + "[" + i + "]");
        return List.of(ints);
    }

    /** Bounds-checked big-endian reads that fail with the field name and position. */
    private static final class Reader {
        private final ByteBuffer buf;

        Reader(byte[] payload) {
            this.buf = ByteBuffer.wrap(payload);
        }

        int position() {
            return buf.position();
        }

        int remaining() {
            return buf.remaining();
        }

        byte tag(String field) throws LogFormatException {
            need(1, field);
            return buf.get();
        }

        int i32(String field) throws LogFormatException {
            need(4, field);
            return buf.getInt();
        }

        long i64(String field) throws LogFormatException {
            need(8, field);
            return buf.getLong();
        }

        /** A count of elements that each take at least {@code minBytesEach} bytes. */
        int count(String field, int minBytesEach) throws LogFormatException {
            int at = buf.position();
            int n = i32(field + " count");
            if (n < 0 || (long) n * minBytesEach > buf.remaining()) {
                throw new LogFormatException(field + " count " + n + " at byte " + at
                        + " is impossible with " + buf.remaining() + " bytes left");
            }
            return n;
        }

        byte[] bytes(String field) throws LogFormatException {
            int at = buf.position();
            int length = i32(field + " length");
            if (length < 0 || length > buf.remaining()) {
                throw new LogFormatException(field + " length " + length + " at byte " + at
                        + " is impossible with " + buf.remaining() + " bytes left");
            }
            byte[] bytes = new byte[length];
            buf.get(bytes);
            return bytes;
        }

        private void need(int bytes, String field) throws LogFormatException {
            if (buf.remaining() < bytes) {
                throw new LogFormatException("payload ends at byte " + buf.limit() + " while reading "
                        + field + " (needs " + bytes + " bytes, " + buf.remaining() + " left)");
            }
        }
    }
}
