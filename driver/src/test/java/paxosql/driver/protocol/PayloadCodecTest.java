package paxosql.driver.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PayloadCodecTest {

    /** One value of every kind, with edge cases. */
    static List<SqlValue> everyValue() {
        return List.of(
                SqlValue.Null.UNTYPED, new SqlValue.Null(Types.VARCHAR),
                new SqlValue.Bool(true), new SqlValue.Bool(false),
                new SqlValue.Int(0), new SqlValue.Int(Integer.MIN_VALUE), new SqlValue.Int(Integer.MAX_VALUE),
                new SqlValue.BigInt(Long.MIN_VALUE), new SqlValue.BigInt(Long.MAX_VALUE),
                new SqlValue.Decimal(new BigDecimal("12.30")), new SqlValue.Decimal(new BigDecimal("-1E+400")),
                new SqlValue.Decimal(BigDecimal.ZERO), new SqlValue.Decimal(new BigDecimal("123456789012345678901234567890.000000001")),
                new SqlValue.Double(1.5), new SqlValue.Double(-0.0), new SqlValue.Double(Double.NaN),
                new SqlValue.Double(Double.NEGATIVE_INFINITY), new SqlValue.Double(Double.MIN_VALUE),
                new SqlValue.Text(""), new SqlValue.Text("héllo 中文 \uD83D\uDE00 'quoted' \n\0"),
                new SqlValue.Binary(new byte[0]), new SqlValue.Binary(new byte[] {0, -1, 127, -128}),
                new SqlValue.Date(LocalDate.of(2024, 2, 29)), new SqlValue.Date(LocalDate.MIN), new SqlValue.Date(LocalDate.MAX),
                new SqlValue.Time(LocalTime.MIDNIGHT), new SqlValue.Time(LocalTime.of(23, 59, 59, 999_999_999)),
                new SqlValue.Timestamp(LocalDateTime.of(1900, 1, 1, 0, 0, 0, 1)),
                new SqlValue.Timestamp(LocalDateTime.MAX),
                new SqlValue.TimestampTz(OffsetDateTime.of(2020, 1, 1, 10, 0, 0, 123_000_000, ZoneOffset.ofHours(2))),
                new SqlValue.TimestampTz(OffsetDateTime.of(2020, 1, 1, 10, 0, 0, 0, ZoneOffset.MIN)),
                new SqlValue.Uuid(UUID.fromString("123e4567-e89b-12d3-a456-426614174000")));
    }

    static Stream<ClientRequest> requests() {
        return Stream.of(
                new ClientRequest.OpenSession("alice"),
                new ClientRequest.OpenSession(""),
                new ClientRequest.CloseSession(),
                new ClientRequest.Sync(),
                new ClientRequest.Barrier(),
                new ClientRequest.Execute("SELECT 1"),
                new ClientRequest.Execute("INSERT INTO t VALUES (?, ?)", everyValue(), 0),
                new ClientRequest.Execute("SELECT * FROM t WHERE name = ?", List.of(new SqlValue.Text("x")), 100));
    }

    static Stream<ExecResult> results() {
        List<SqlValue> values = everyValue();
        List<ExecResult.Column> columns = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            columns.add(new ExecResult.Column("L" + i, "N" + i, Types.OTHER, "T" + i, i, -i, i % 2 == 0));
        }
        return Stream.of(
                new ExecResult.Rows(columns, List.of(values, values)),
                new ExecResult.Rows(columns, List.of()),
                new ExecResult.Rows(List.of(), List.of(List.of(), List.of(), List.of())),
                new ExecResult.Rows(List.of(new ExecResult.Column("", "", Types.INTEGER, "INTEGER", 32, 0, false)), List.of()),
                new ExecResult.UpdateCount(0),
                new ExecResult.UpdateCount(Long.MAX_VALUE, List.of(List.of(new SqlValue.BigInt(1)), List.of(new SqlValue.BigInt(2)))),
                new ExecResult.UpdateCount(2, List.of(List.of(new SqlValue.BigInt(1), new SqlValue.Text("a"))), List.of("ID", "CODE")),
                new ExecResult.UpdateCount(-1, List.of(List.of(), values)),
                new ExecResult.Failure("23505", 23505, "Unique index or primary key violation: \"PK\" [23505-252]"),
                new ExecResult.Failure("", 0, ""),
                ExecResult.Ok.INSTANCE);
    }

    @ParameterizedTest
    @MethodSource("requests")
    void everyRequestRoundTrips(ClientRequest request) {
        byte[] bytes = PayloadCodec.encode(request);
        assertThat(bytes[0]).isEqualTo((byte) PayloadCodec.FORMAT_VERSION);
        assertThat(PayloadCodec.decodeRequest(bytes)).isEqualTo(request);
        assertThat(PayloadCodec.encode(PayloadCodec.decodeRequest(bytes))).isEqualTo(bytes);
    }

    @ParameterizedTest
    @MethodSource("results")
    void everyResultRoundTrips(ExecResult result) {
        byte[] bytes = PayloadCodec.encode(result);
        assertThat(bytes[0]).isEqualTo((byte) PayloadCodec.FORMAT_VERSION);
        assertThat(PayloadCodec.decodeResult(bytes)).isEqualTo(result);
        assertThat(PayloadCodec.encode(PayloadCodec.decodeResult(bytes))).isEqualTo(bytes);
    }

    @Test
    void everyValueRoundTripsAlone() {
        for (SqlValue v : everyValue()) {
            ClientRequest r = new ClientRequest.Execute("?", List.of(v), 0);
            SqlValue back = ((ClientRequest.Execute) PayloadCodec.decodeRequest(PayloadCodec.encode(r))).params().get(0);
            assertThat(back).as("%s", v).isEqualTo(v);
            assertThat(back.getClass()).isEqualTo(v.getClass());
        }
    }

    @Test
    void stampingAnEncodedExecuteEqualsEncodingTheStampedExecute() {
        ClientRequest.Execute e = new ClientRequest.Execute("INSERT INTO t VALUES (?, NOW())", List.of(new SqlValue.Int(7)), 5);
        byte[] stamped = PayloadCodec.stamp(PayloadCodec.encode(e), 1_795_997_550_123L, -42);
        ClientRequest.StampedExecute expected = new ClientRequest.StampedExecute(1_795_997_550_123L, -42, e);
        assertThat(stamped).isEqualTo(PayloadCodec.encode(expected));
        assertThat(PayloadCodec.decodeRequest(stamped)).isEqualTo(expected);
        assertThat(PayloadCodec.requestKind(stamped)).isEqualTo(ClientRequest.StampedExecute.class);
        assertThatThrownBy(() -> PayloadCodec.stamp(PayloadCodec.encode(new ClientRequest.CloseSession()), 1, 2))
                .isInstanceOf(MalformedPayloadException.class);
        assertThatThrownBy(() -> PayloadCodec.stamp(stamped, 1, 2)).isInstanceOf(MalformedPayloadException.class);
    }

    @Test
    void encodingIsDeterministic() {
        ExecResult a = new ExecResult.Rows(List.of(new ExecResult.Column("A", "A", Types.DECIMAL, "NUMERIC", 10, 2, true)),
                List.of(List.of(new SqlValue.Decimal(new BigDecimal("1.20")))));
        ExecResult b = new ExecResult.Rows(List.of(new ExecResult.Column("A", "A", Types.DECIMAL, "NUMERIC", 10, 2, true)),
                List.of(List.of(new SqlValue.Decimal(new BigDecimal("1.20")))));
        assertThat(PayloadCodec.encode(a)).isEqualTo(PayloadCodec.encode(b));
    }

    @Test
    void decimalKeepsItsScale() {
        var r = (ClientRequest.Execute) PayloadCodec.decodeRequest(PayloadCodec.encode(
                new ClientRequest.Execute("?", new SqlValue.Decimal(new BigDecimal("1.000")))));
        assertThat(((SqlValue.Decimal) r.params().get(0)).value().scale()).isEqualTo(3);
    }

    @Test
    void unpairedSurrogateIsWrittenAsQuestionMarkLikeGetBytes() {
        byte[] bytes = PayloadCodec.encode(new ExecResult.Failure("X", 0, "a\uD800b"));
        assertThat(((ExecResult.Failure) PayloadCodec.decodeResult(bytes)).message()).isEqualTo("a?b");
    }

    // ------------------------------------------------------------ malformed input

    @Test
    void everyTruncationIsRefusedWithMalformedPayload() {
        Stream.concat(requests().map(PayloadCodec::encode), results().map(PayloadCodec::encode)).forEach(full -> {
            boolean request = isRequest(full);
            for (int len = 0; len < full.length; len++) {
                byte[] cut = Arrays.copyOf(full, len);
                if (request) {
                    assertThatThrownBy(() -> PayloadCodec.decodeRequest(cut)).isInstanceOf(MalformedPayloadException.class);
                } else {
                    assertThatThrownBy(() -> PayloadCodec.decodeResult(cut)).isInstanceOf(MalformedPayloadException.class);
                }
            }
        });
    }

    private static boolean isRequest(byte[] payload) {
        return payload[1] < 0x10;
    }

    @Test
    void randomCorruptionNeverEscapesAsAnotherException() {
        Random random = new Random(20261122L);
        List<byte[]> samples = Stream.concat(requests().map(PayloadCodec::encode), results().map(PayloadCodec::encode)).toList();
        for (int i = 0; i < 20_000; i++) {
            byte[] b = samples.get(random.nextInt(samples.size())).clone();
            int flips = 1 + random.nextInt(4);
            for (int f = 0; f < flips; f++) b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            try {
                if (random.nextBoolean()) PayloadCodec.decodeRequest(b); else PayloadCodec.decodeResult(b);
            } catch (MalformedPayloadException expected) {
                // fine: refused with a clear exception
            }
        }
    }

    @Test
    void emptyAndNullPayloadsAreRefused() {
        assertThatThrownBy(() -> PayloadCodec.decodeRequest(new byte[0])).isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> PayloadCodec.decodeResult(null)).isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining("null");
    }

    @Test
    void unknownVersionIsRefusedByName() {
        byte[] b = PayloadCodec.encode(new ClientRequest.CloseSession());
        b[0] = 2;
        assertThatThrownBy(() -> PayloadCodec.decodeRequest(b)).isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining("format version 2").hasMessageContaining("reads version 1");
    }

    @Test
    void unknownKindAndResultWhereRequestExpectedAreRefused() {
        assertThatThrownBy(() -> PayloadCodec.decodeRequest(new byte[] {1, 0x7F})).isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining("unknown request kind 0x7f");
        byte[] ok = PayloadCodec.encode(ExecResult.Ok.INSTANCE);
        assertThatThrownBy(() -> PayloadCodec.decodeRequest(ok)).isInstanceOf(MalformedPayloadException.class);
        byte[] close = PayloadCodec.encode(new ClientRequest.CloseSession());
        assertThatThrownBy(() -> PayloadCodec.decodeResult(close)).isInstanceOf(MalformedPayloadException.class);
    }

    @Test
    void trailingBytesAreRefused() {
        byte[] b = Arrays.copyOf(PayloadCodec.encode(new ClientRequest.OpenSession("u")), 8 + 2);
        assertThatThrownBy(() -> PayloadCodec.decodeRequest(b)).isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining("trailing");
    }

    @Test
    void hugeCountsAreRefusedBeforeAllocating() throws IOException {
        // Execute with 2^31-1 parameters but no bytes for them.
        byte[] params = bytes(d -> { d.writeByte(1); d.writeByte(0x02); d.writeInt(0); d.writeInt(Integer.MAX_VALUE); });
        assertThatThrownBy(() -> PayloadCodec.decodeRequest(params)).isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining("truncated");
        // A string claiming 2 GB.
        byte[] string = bytes(d -> { d.writeByte(1); d.writeByte(0x01); d.writeInt(Integer.MAX_VALUE - 1); });
        assertThatThrownBy(() -> PayloadCodec.decodeRequest(string)).isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining("truncated");
        // Rows: zero columns, a billion rows.
        byte[] rows = bytes(d -> { d.writeByte(1); d.writeByte(0x11); d.writeInt(0); d.writeInt(1_000_000_000); });
        assertThatThrownBy(() -> PayloadCodec.decodeResult(rows)).isInstanceOf(MalformedPayloadException.class);
        // Negative lengths and counts.
        byte[] negative = bytes(d -> { d.writeByte(1); d.writeByte(0x01); d.writeInt(-5); });
        assertThatThrownBy(() -> PayloadCodec.decodeRequest(negative)).isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining("negative");
        byte[] negativeMaxRows = bytes(d -> { d.writeByte(1); d.writeByte(0x02); d.writeInt(0); d.writeInt(0); d.writeInt(-1); });
        assertThatThrownBy(() -> PayloadCodec.decodeRequest(negativeMaxRows)).isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining("maxRows");
    }

    @Test
    void oversizedPayloadIsRefused() {
        byte[] big = new byte[PayloadCodec.MAX_PAYLOAD_BYTES + 1];
        big[0] = 1;
        assertThatThrownBy(() -> PayloadCodec.decodeRequest(big)).isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining("exceeds");
    }

    @Test
    void invalidValuesAreRefused() throws IOException {
        byte[] badUtf8 = bytes(d -> { d.writeByte(1); d.writeByte(0x01); d.writeInt(2); d.writeByte(0xC3); d.writeByte(0x28); });
        assertThatThrownBy(() -> PayloadCodec.decodeRequest(badUtf8)).isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining("UTF-8");
        byte[] badBool = execute(d -> { d.writeByte(0x01); d.writeByte(2); });
        assertThatThrownBy(() -> PayloadCodec.decodeRequest(badBool)).isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining("boolean");
        byte[] badTag = execute(d -> d.writeByte(0x6A));
        assertThatThrownBy(() -> PayloadCodec.decodeRequest(badTag)).isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining("unknown value type tag 0x6a").hasMessageContaining("parameter 1");
        byte[] badDate = execute(d -> { d.writeByte(0x08); d.writeLong(Long.MAX_VALUE); });
        assertThatThrownBy(() -> PayloadCodec.decodeRequest(badDate)).isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining("out of range");
        byte[] badTime = execute(d -> { d.writeByte(0x09); d.writeLong(-1); });
        assertThatThrownBy(() -> PayloadCodec.decodeRequest(badTime)).isInstanceOf(MalformedPayloadException.class);
        byte[] badOffset = execute(d -> { d.writeByte(0x0B); d.writeLong(0); d.writeLong(0); d.writeInt(100_000); });
        assertThatThrownBy(() -> PayloadCodec.decodeRequest(badOffset)).isInstanceOf(MalformedPayloadException.class);
        byte[] emptyDecimal = execute(d -> { d.writeByte(0x04); d.writeInt(0); d.writeInt(0); });
        assertThatThrownBy(() -> PayloadCodec.decodeRequest(emptyDecimal)).isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining("DECIMAL");
    }

    @Test
    void rowFlagsMustBeZero() {
        byte[] b = PayloadCodec.encode(new ExecResult.Rows(List.of(), List.of(List.of())));
        b[b.length - 1] = 1;
        assertThatThrownBy(() -> PayloadCodec.decodeResult(b)).isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining("flags");
    }

    @Test
    void encoderStopsAtItsLimit() {
        ExecResult big = new ExecResult.Rows(List.of(new ExecResult.Column("A", "A", Types.VARCHAR, "VARCHAR", 10, 0, true)),
                List.of(List.of(new SqlValue.Text("x".repeat(1000)))));
        assertThatThrownBy(() -> PayloadCodec.encode(big, 500)).isInstanceOf(PayloadCodec.TooLargeException.class)
                .hasMessageContaining("500");
        assertThat(PayloadCodec.encode(big, 2000)).hasSizeLessThan(2000);
    }

    interface Writer { void write(DataOutputStream d) throws IOException; }

    private static byte[] bytes(Writer w) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(out);
        w.write(d);
        return out.toByteArray();
    }

    /** An Execute of "?" whose single parameter {@code value} writes. */
    private static byte[] execute(Writer value) throws IOException {
        return bytes(d -> {
            d.writeByte(1);
            d.writeByte(0x02);
            d.writeInt(1);
            d.writeByte('?');
            d.writeInt(1);
            value.write(d);
            d.writeInt(0);
        });
    }

    @org.junit.jupiter.api.Test
    void theRequestKindIsReadFromTheHeaderAlone() {
        assertThat(PayloadCodec.requestKind(PayloadCodec.encode(new ClientRequest.OpenSession("sa")))).isEqualTo(ClientRequest.OpenSession.class);
        assertThat(PayloadCodec.requestKind(PayloadCodec.encode(new ClientRequest.Execute("SELECT 1")))).isEqualTo(ClientRequest.Execute.class);
        assertThat(PayloadCodec.requestKind(PayloadCodec.encode(new ClientRequest.CloseSession()))).isEqualTo(ClientRequest.CloseSession.class);
        assertThat(PayloadCodec.requestKind(PayloadCodec.encode(new ClientRequest.ExpireIdleSessions(5, 1))))
                .isEqualTo(ClientRequest.ExpireIdleSessions.class);
        assertThat(PayloadCodec.requestKind(PayloadCodec.encode(new ClientRequest.Sync()))).isEqualTo(ClientRequest.Sync.class);
        assertThat(PayloadCodec.requestKind(new byte[] {1})).isNull();
        assertThat(PayloadCodec.requestKind(new byte[] {2, 1})).as("another format version").isNull();
        assertThat(PayloadCodec.requestKind(new byte[] {1, 0x11})).as("a result, not a request").isNull();
    }
}
