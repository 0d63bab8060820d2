package paxosql.driver.wire;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import paxosql.driver.protocol.PayloadCodec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WireCodecTest {

    private final WireCodec codec = new WireCodec();

    /** One message of every type. */
    static List<WireMessage> samples() {
        byte[] bytes = "payload \u00e9".getBytes(StandardCharsets.UTF_8);
        return List.of(
                new WireMessage.Challenge(WireProtocol.PROTOCOL_VERSION, WireProtocol.newNonce()),
                WireMessage.Hello.password(42, "alice", "s3cret"),
                WireMessage.Hello.secret(-7, new byte[WireProtocol.PROOF_BYTES]),
                new WireMessage.Welcome(1, WireMessage.NO_LEADER, List.of(
                        new WireMessage.MemberAddress(1, "voter", "127.0.0.1", 7201),
                        new WireMessage.MemberAddress(2, "voter", "::1", 7202),
                        new WireMessage.MemberAddress(3, "witness", "db3.example", 7203))),
                new WireMessage.Welcome(2, 2, List.of(new WireMessage.MemberAddress(2, "voter", "h", 1))),
                new WireMessage.Refused("28P01", "password authentication failed"),
                new WireMessage.Submit(Long.MAX_VALUE, bytes),
                new WireMessage.Result(Long.MIN_VALUE, 3, 7, new byte[0]),
                new WireMessage.NotLeader(9, 3),
                new WireMessage.Read(11, bytes, 1234),
                new WireMessage.ReadResult(11, 1240, bytes),
                new WireMessage.Read(16, bytes, 1234, 1000),
                new WireMessage.Read(17, bytes, 0, 1000, true),
                new WireMessage.ReadResult(16, 1240, bytes, 77),
                new WireMessage.Fetch(17, 77, 500),
                new WireMessage.CloseCursor(77),
                new WireMessage.StatusRequest(12),
                new WireMessage.StatusReply(12, "{\"node\":1}".getBytes(StandardCharsets.UTF_8)),
                new WireMessage.SnapshotManifestRequest(13),
                new WireMessage.SnapshotManifest(13, 500, bytes),
                new WireMessage.SnapshotChunkRequest(14, 500, "table/ACCOUNTS/7", 1 << 20, 65_536),
                new WireMessage.SnapshotChunk(14, bytes, true),
                new WireMessage.RequestFailed(15, "42501", "not an admin"));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everyMessageRoundTrips(WireMessage message) throws MalformedFrameException {
        WireMessage decoded = codec.decode(codec.encode(message));
        assertThat(decoded).isInstanceOf(message.getClass()).usingRecursiveComparison().isEqualTo(message);
    }

    @Test
    void samplesCoverEveryConcreteMessageType() {
        Set<Class<?>> sampled = samples().stream().map(Object::getClass).collect(Collectors.toSet());
        assertThat(sampled).containsExactlyInAnyOrderElementsOf(concreteMessageTypes());
    }

    @Test
    void everyMessageTypeHasAFixedWireIdAboveKryosBuiltIns() {
        assertThat(WireCodec.wireIds()).containsKeys(concreteMessageTypes().toArray(Class<?>[]::new));
        assertThat(WireCodec.wireIds().values()).doesNotHaveDuplicates().allMatch(id -> id > 8, "above Kryo's built-in ids");
    }

    @Test
    void handshakeMessagesKeepTheirIdsAndShapeForEveryVersion() {
        assertThat(WireCodec.wireIds().get(WireMessage.Challenge.class)).isEqualTo(30);
        assertThat(WireCodec.wireIds().get(WireMessage.Hello.class)).isEqualTo(31);
        assertThat(WireCodec.wireIds().get(WireMessage.Refused.class)).isEqualTo(32);
        // Changing these bytes breaks version negotiation with every other build. Class id 30 + 2 (0x20),
        // then components in name order: nonce (length 1 + 1, 0xAB), protocolVersion 1 (zigzag 02).
        assertThat(HexFormat.of().formatHex(codec.encode(new WireMessage.Challenge(1, new byte[] {(byte) 0xAB}))))
                .isEqualTo("2002ab02");
    }

    @Test
    void aFrameIsTheLengthPrefixAndTheEncoding() {
        for (WireMessage m : samples()) {
            ByteBuf frame = codec.frame(m);
            try {
                byte[] body = codec.encode(m);
                assertThat(frame.readableBytes()).isEqualTo(4 + body.length);
                assertThat(frame.getInt(0)).isEqualTo(body.length);
                byte[] rest = new byte[body.length];
                frame.getBytes(4, rest);
                assertThat(rest).isEqualTo(body);
            } finally {
                frame.release();
            }
        }
    }

    @Test
    void aMaximalPayloadFitsInOneFrame() throws MalformedFrameException {
        byte[] payload = new byte[PayloadCodec.MAX_PAYLOAD_BYTES];
        payload[payload.length - 1] = 7;
        ByteBuf frame = codec.frame(new WireMessage.Result(Long.MIN_VALUE, Long.MIN_VALUE, 0, payload));
        try {
            assertThat(frame.getInt(0)).isBetween(PayloadCodec.MAX_PAYLOAD_BYTES, WireProtocol.MAX_FRAME_BYTES);
            WireMessage decoded = codec.decode(frame.slice(4, frame.readableBytes() - 4));
            assertThat(((WireMessage.Result) decoded).payload()).hasSize(payload.length).endsWith(7);
        } finally {
            frame.release();
        }
    }

    @Test
    void aPayloadAboveTheLimitIsRefusedBeforeSending() {
        assertThatThrownBy(() -> new WireMessage.Submit(1, new byte[PayloadCodec.MAX_PAYLOAD_BYTES + 1]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUnregisteredClassIdIsMalformed() {
        byte[] bytes = {(byte) (99 + 2), 0, 0, 0};
        assertThatThrownBy(() -> codec.decode(bytes)).isInstanceOf(MalformedFrameException.class).hasMessageContaining("unregistered");
    }

    @Test
    void aClassOutsideTheWireIsRefusedEvenIfAnotherKryoKnowsIt() {
        // A Kryo that registers an extra class at a free id: the codec must not instantiate it.
        Kryo other = WireCodec.newKryo();
        other.register(java.util.HashMap.class, 90);
        Output out = new Output(64);
        other.writeClassAndObject(out, new java.util.HashMap<>());
        assertThatThrownBy(() -> codec.decode(out.toBytes())).isInstanceOf(MalformedFrameException.class);
    }

    @Test
    void trailingBytesAreMalformed() {
        byte[] valid = codec.encode(new WireMessage.StatusRequest(1));
        byte[] longer = Arrays.copyOf(valid, valid.length + 1);
        assertThatThrownBy(() -> codec.decode(longer)).isInstanceOf(MalformedFrameException.class).hasMessageContaining("after");
    }

    @Test
    void aLengthClaimAboveTheFrameIsRefusedBeforeAllocating() {
        // Submit (40 + 2), payload claiming ~2 GB, nothing behind it.
        byte[] hostile = {(byte) 42, (byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};
        assertThatThrownBy(() -> codec.decode(hostile)).isInstanceOf(MalformedFrameException.class).hasMessageContaining("remain");
    }

    @Test
    void aMessageThatBreaksItsOwnRulesIsMalformed() {
        // A chunk request with maxBytes 0 encodes with another Kryo but must not decode.
        Kryo kryo = WireCodec.newKryo();
        Output out = new Output(64);
        kryo.writeClassAndObject(out, new WireMessage.SnapshotChunkRequest(1, 1, "p", 0, 1));
        byte[] bytes = out.toBytes();
        // Components in name order: correlation, instance, maxBytes, offset, part. maxBytes (zigzag 1 = 02) is byte 3.
        assertThat(bytes[3]).isEqualTo((byte) 2);
        bytes[3] = 0;
        assertThatThrownBy(() -> codec.decode(bytes)).isInstanceOf(MalformedFrameException.class);
    }

    @Test
    void theHelloNeverShowsThePassword() {
        assertThat(WireMessage.Hello.password(1, "alice", "hunter2").toString()).contains("alice").doesNotContain("hunter2");
        assertThat(new Credentials.Password("alice", "hunter2").toString()).doesNotContain("hunter2");
    }

    @Test
    void theSecretProofDependsOnSecretNonceAndClientId() {
        byte[] secret = "0123456789abcdef0123".getBytes(StandardCharsets.US_ASCII);
        byte[] nonce = WireProtocol.newNonce();
        byte[] proof = WireProtocol.secretProof(secret, nonce, 1);
        assertThat(proof).hasSize(WireProtocol.PROOF_BYTES).isEqualTo(WireProtocol.secretProof(secret, nonce, 1));
        assertThat(WireProtocol.secretProof(secret, nonce, 2)).isNotEqualTo(proof);
        assertThat(WireProtocol.secretProof(secret, WireProtocol.newNonce(), 1)).isNotEqualTo(proof);
        byte[] otherSecret = secret.clone();
        otherSecret[0] ^= 1;
        assertThat(WireProtocol.secretProof(otherSecret, nonce, 1)).isNotEqualTo(proof);
    }

    /** Garbage and mutations of valid encodings: nothing but MalformedFrameException may escape, and no OOM. */
    @Test
    void hostileBytesOnlyEverRaiseMalformedFrame() {
        long seed = Long.getLong("fuzz.seed", 0x31AE_C0DEL);
        System.out.println("WireCodecTest fuzz seed " + seed + " (rerun with -Dfuzz.seed=" + seed + ")");
        Random random = new Random(seed);
        List<byte[]> valid = samples().stream().map(codec::encode).toList();
        int decoded = 0;
        for (int i = 0; i < 50_000; i++) {
            byte[] bytes;
            if (random.nextInt(4) == 0) {
                bytes = new byte[1 + random.nextInt(64)];
                random.nextBytes(bytes);
            } else {
                bytes = mutate(valid.get(random.nextInt(valid.size())), random);
            }
            try {
                WireMessage m = codec.decode(bytes);
                assertThat(m).as("seed %d", seed).isNotNull();
                decoded++;
            } catch (MalformedFrameException expected) {
                // the only acceptable failure
            } catch (Throwable t) {
                throw new AssertionError("seed " + seed + ", case " + i + ": " + HexFormat.of().formatHex(bytes), t);
            }
        }
        assertThat(decoded).as("some mutations still decode (seed %d)", seed).isPositive();
    }

    static byte[] mutate(byte[] valid, Random random) {
        byte[] bytes = valid.clone();
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations && bytes.length > 0; i++) {
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(4)) {
                case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> bytes[at] = (byte) random.nextInt(256);
                case 2 -> bytes = Arrays.copyOf(bytes, Math.max(1, at));
                default -> {
                    byte[] longer = new byte[bytes.length + 1];
                    System.arraycopy(bytes, 0, longer, 0, at);
                    longer[at] = (byte) random.nextInt(256);
                    System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
                    bytes = longer;
                }
            }
        }
        return bytes;
    }

    private static List<Class<?>> concreteMessageTypes() {
        return Stream.of(WireMessage.class.getPermittedSubclasses())
                .flatMap(WireCodecTest::leaves)
                .toList();
    }

    private static Stream<Class<?>> leaves(Class<?> type) {
        Class<?>[] sub = type.getPermittedSubclasses();
        return sub == null ? Stream.of(type) : Stream.of(sub).flatMap(WireCodecTest::leaves);
    }
}
