package paxosql.consensus.log;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import paxosql.consensus.core.Ballot;
import paxosql.consensus.core.Command;
import paxosql.consensus.core.LogRecord;
import paxosql.consensus.core.LogRecord.ChosenMark;
import paxosql.consensus.core.LogRecord.ChosenRecord;
import paxosql.consensus.core.LogRecord.ForcedRecoveryRecord;
import paxosql.consensus.core.LogRecord.PromiseRecord;
import paxosql.consensus.core.LogRecord.SnapshotMark;
import paxosql.consensus.core.LogRecord.VoteRecord;
import paxosql.consensus.core.Value;

class LogRecordCodecTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final Command SQL = new Command(7, 1, "INSERT INTO t VALUES (1)".getBytes(UTF_8));
    private static final Command EMPTY = new Command(-1, Long.MAX_VALUE, new byte[0]);

    /** Every record type and every value type, with edge values. */
    static List<LogRecord> samples() {
        return List.of(
                new PromiseRecord(Ballot.ZERO),
                new PromiseRecord(new Ballot(Long.MAX_VALUE, Integer.MIN_VALUE)),
                new VoteRecord(42, new Ballot(3, 2), new Value.Batch(List.of(SQL, EMPTY))),
                new VoteRecord(0, new Ballot(1, 1), new Value.Batch(List.of())),
                new VoteRecord(Long.MIN_VALUE, new Ballot(1, 1), Value.NoOp.INSTANCE),
                new VoteRecord(5, new Ballot(2, 3), new Value.OqChange(List.of(3, 1))),
                new VoteRecord(6, new Ballot(2, 3), Value.digestOf(new Value.Batch(List.of(SQL)))),
                new VoteRecord(6, new Ballot(2, 3), new Value.Digest(new byte[0])),
                new ChosenMark(9, new Ballot(4, 1)),
                new ChosenRecord(10, new Value.Batch(List.of(SQL))),
                new ChosenRecord(11, new Value.OqChange(List.of())),
                new SnapshotMark(100, List.of(1, 2, 3)),
                new SnapshotMark(0, List.of()),
                new ForcedRecoveryRecord(3, 77),
                new LogRecord.CampaignRecord(new Ballot(12, 2)));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everyRecordRoundTrips(LogRecord record) throws Exception {
        assertThat(LogRecordCodec.decode(LogRecordCodec.encode(record))).isEqualTo(record);
    }

    @Test
    void samplesCoverEveryRecordAndValueType() {
        Set<Class<?>> recordTypes = samples().stream().map(Object::getClass).collect(Collectors.toSet());
        Set<Class<?>> valueTypes = samples().stream()
                .flatMap(r -> r instanceof VoteRecord v ? Stream.of(v.value())
                        : r instanceof ChosenRecord c ? Stream.of(c.value()) : Stream.empty())
                .map(Object::getClass).collect(Collectors.toSet());

        assertThat(recordTypes).containsExactlyInAnyOrder(LogRecord.class.getPermittedSubclasses());
        assertThat(valueTypes).containsExactlyInAnyOrder(Value.class.getPermittedSubclasses());
    }

    @Test
    void encodingIsPinnedByteForByte() {
        // If this changes, the on-disk format changed: bump SegmentFormat.VERSION.
        assertThat(HEX.formatHex(LogRecordCodec.encode(new PromiseRecord(new Ballot(3, 2)))))
                .isEqualTo("01" + "0000000000000003" + "00000002");
        VoteRecord vote = new VoteRecord(1, new Ballot(2, 3), new Value.Batch(List.of(new Command(4, 5, new byte[] {0x61}))));
        assertThat(HEX.formatHex(LogRecordCodec.encode(vote))).isEqualTo("02" + "0000000000000001"
                + "0000000000000002" + "00000003" + "41" + "00000001"
                + "0000000000000004" + "0000000000000005" + "00000001" + "61");
    }

    @Test
    void equalRecordsEncodeToEqualBytes() {
        LogRecord a = new VoteRecord(5, new Ballot(2, 3), new Value.OqChange(List.of(3, 1, 2)));
        LogRecord b = new VoteRecord(5, new Ballot(2, 3), new Value.OqChange(List.of(1, 2, 3)));

        assertThat(LogRecordCodec.encode(a)).isEqualTo(LogRecordCodec.encode(b));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everyTruncationIsRejectedAsMalformed(LogRecord record) {
        byte[] full = LogRecordCodec.encode(record);
        for (int length = 0; length < full.length; length++) {
            byte[] truncated = Arrays.copyOf(full, length);
            assertThatThrownBy(() -> LogRecordCodec.decode(truncated))
                    .as("prefix of %d of %d bytes", length, full.length)
                    .isInstanceOf(LogFormatException.class)
                    // Either a fixed-size field runs out, or a count/length is seen to be impossible first.
                    .hasMessageMatching(".*(payload ends at byte " + length + " |is impossible with \\d+ bytes left).*");
        }
    }

    @Test
    void trailingBytesAreRejected() {
        byte[] withExtra = Arrays.copyOf(LogRecordCodec.encode(new ChosenMark(9, new Ballot(4, 1))), 23);

        assertThatThrownBy(() -> LogRecordCodec.decode(withExtra))
                .isInstanceOf(LogFormatException.class)
                .hasMessage("2 bytes left over after a ChosenMark that ended at byte 21");
    }

    @Test
    void unknownRecordTagIsNamed() {
        byte[] bytes = LogRecordCodec.encode(new ChosenMark(9, new Ballot(4, 1)));
        bytes[0] = 0x08;

        assertThatThrownBy(() -> LogRecordCodec.decode(bytes))
                .isInstanceOf(LogFormatException.class)
                .hasMessage("unknown record tag 0x08 at byte 0");
    }

    @Test
    void valueTagWhereARecordBelongsIsRejected() {
        assertThatThrownBy(() -> LogRecordCodec.decode(new byte[] {LogRecordCodec.NO_OP}))
                .isInstanceOf(LogFormatException.class)
                .hasMessage("unknown record tag 0x42 at byte 0");
    }

    @Test
    void unknownValueTagIsNamed() {
        byte[] bytes = LogRecordCodec.encode(new ChosenRecord(11, Value.NoOp.INSTANCE));
        bytes[9] = (byte) 0xEE;

        assertThatThrownBy(() -> LogRecordCodec.decode(bytes))
                .isInstanceOf(LogFormatException.class)
                .hasMessage("unknown value tag 0xee for ChosenRecord.value at byte 9");
    }

    @Test
    void hugeCommandCountIsRejectedBeforeAllocating() {
        byte[] bytes = LogRecordCodec.encode(new ChosenRecord(1, new Value.Batch(List.of(SQL))));
        ByteBuffer.wrap(bytes).putInt(10, Integer.MAX_VALUE); // after tag, instance, value tag

        assertThatThrownBy(() -> LogRecordCodec.decode(bytes))
                .isInstanceOf(LogFormatException.class)
                .hasMessageContaining("ChosenRecord.value.commands count 2147483647 at byte 10 is impossible");
    }

    @Test
    void negativeCountIsRejected() {
        byte[] bytes = LogRecordCodec.encode(new SnapshotMark(100, List.of(1, 2, 3)));
        ByteBuffer.wrap(bytes).putInt(9, -1);

        assertThatThrownBy(() -> LogRecordCodec.decode(bytes))
                .isInstanceOf(LogFormatException.class)
                .hasMessageContaining("SnapshotMark.operationalQuorum count -1");
    }

    @Test
    void payloadLengthBeyondTheRecordIsRejected() {
        byte[] bytes = LogRecordCodec.encode(new ChosenRecord(1, new Value.Digest(new byte[32])));
        ByteBuffer.wrap(bytes).putInt(10, 1 << 30);

        assertThatThrownBy(() -> LogRecordCodec.decode(bytes))
                .isInstanceOf(LogFormatException.class)
                .hasMessageContaining("ChosenRecord.value.sha256 length 1073741824 at byte 10 is impossible with 32 bytes left");
    }

    @Test
    void unorderedOperationalQuorumIsRejected() {
        byte[] bytes = LogRecordCodec.encode(new ChosenRecord(1, new Value.OqChange(List.of(1, 2))));
        ByteBuffer.wrap(bytes).putInt(14, 2).putInt(18, 1);

        assertThatThrownBy(() -> LogRecordCodec.decode(bytes))
                .isInstanceOf(LogFormatException.class)
                .hasMessageContaining("not strictly increasing: [2, 1]");
    }

    @Test
    void nullFieldIsNamedWhenEncoding() {
        assertThatThrownBy(() -> LogRecordCodec.encode(new VoteRecord(1, null, Value.NoOp.INSTANCE)))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("VoteRecord.ballot");
    }

    @Test
    void damagedBytesOnlyEverDecodeOrFailWithLogFormatException() {
        long seed = 20240601L;
        Random random = new Random(seed);
        List<byte[]> encodings = samples().stream().map(LogRecordCodec::encode).toList();
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = encodings.get(random.nextInt(encodings.size())).clone();
            if (round % 4 == 0) {
                bytes = new byte[random.nextInt(64)];
                random.nextBytes(bytes);
            } else {
                for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                    bytes[random.nextInt(bytes.length)] ^= (byte) (1 + random.nextInt(255));
                }
            }
            try {
                LogRecordCodec.decode(bytes);
            } catch (LogFormatException expected) {
                // the only acceptable failure
            } catch (RuntimeException | Error e) {
                fail("seed " + seed + ", round " + round + ", input " + HEX.formatHex(bytes) + ": " + e, e);
            }
        }
    }
}
