package paxosql.consensus.transport;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import paxosql.consensus.core.Ballot;
import paxosql.consensus.core.Command;
import paxosql.consensus.core.Message;
import paxosql.consensus.core.Value;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageSerializerTest {

    private static final int MAX_BYTES = 1 << 20;
    private final MessageSerializer serializer = new MessageSerializer(MAX_BYTES);

    static List<Message> samples() { return SampleMessages.all(); }

    @ParameterizedTest
    @MethodSource("samples")
    void everyMessageTypeRoundTrips(Message message) throws MalformedMessageException {
        assertThat(serializer.decode(serializer.encode(message))).isEqualTo(message);
    }

    @Test
    void samplesCoverEveryMessageType() {
        Set<Class<?>> sampled = samples().stream().map(Object::getClass).collect(Collectors.toSet());
        assertThat(sampled).containsExactlyInAnyOrder(Message.class.getPermittedSubclasses());
    }

    @Test
    void everyMessageAndValueTypeHasAFixedWireId() {
        Stream.of(Message.class.getPermittedSubclasses(), Value.class.getPermittedSubclasses())
              .flatMap(Arrays::stream)
              .forEach(type -> assertThat(MessageSerializer.wireIds()).as("wire id of " + type.getSimpleName()).containsKey(type));
        assertThat(MessageSerializer.wireIds()).containsKeys(Message.Entry.class, Ballot.class, Command.class, byte[].class, ArrayList.class);
        assertThat(MessageSerializer.wireIds().values()).doesNotHaveDuplicates().allMatch(id -> id > 8, "above Kryo's built-in ids");
    }

    @Test
    void twoInstancesProduceIdenticalBytes() {
        MessageSerializer other = new MessageSerializer(MAX_BYTES);
        for (Message m : samples()) assertThat(other.encode(m)).as(m.getClass().getSimpleName()).isEqualTo(serializer.encode(m));
    }

    @Test
    void wireIdsArePinned() {
        // Changing these bytes breaks every node of an older build: renumbering needs a new protocol version.
        // Class id + 2 (0x2a = Prepare), ballot not null (01), then components in name order as zigzag
        // varints: ballot.nodeId 1 (02), ballot.round 3 (06), fromInstance 42 (54).
        assertThat(HexFormat.of().formatHex(serializer.encode(new Message.Prepare(new Ballot(3, 1), 42))))
                .isEqualTo("2a01020654");
    }

    static Stream<List<Long>> listShapes() {
        return Stream.of(
                List.of(), List.of(1L), List.of(1L, 2L), List.of(1L, 2L, 3L),
                List.copyOf(new ArrayList<>(List.of(4L))), List.copyOf(new ArrayList<>(List.of(4L, 5L, 6L))),
                Stream.<Long>empty().toList(), Stream.of(7L).toList(), Stream.of(7L, 8L).toList(),
                LongStream.range(0, 5).boxed().toList(), List.of(1L, 2L, 3L).subList(1, 3),
                new ArrayList<>(List.of(9L, 10L)));
    }

    @ParameterizedTest
    @MethodSource("listShapes")
    void jdkListClassesTravelAsComponents(List<Long> instances) throws MalformedMessageException {
        Message.Accepted accepted = new Message.Accepted(SampleMessages.BALLOT, instances);
        Message decoded = serializer.decode(serializer.encode(accepted));
        assertThat(decoded).isEqualTo(accepted);
        assertThat(((Message.Accepted) decoded).instances().getClass()).as("decoded list of a %s", instances.getClass().getSimpleName())
                .isEqualTo(instances instanceof ArrayList ? ArrayList.class : List.copyOf(instances).getClass());
    }

    @Test
    void listShapesIncludeWhatTheCoreProduces() {
        // toList() and List.copyOf() are what Value.OqChange and Value.Batch store; both classes must be covered.
        Set<Class<?>> covered = listShapes().map(Object::getClass).collect(Collectors.toSet());
        assertThat(covered).contains(new Value.OqChange(List.of(1, 2)).members().getClass(),
                new Value.Batch(List.of(SampleMessages.command(1, 1, "x"))).commands().getClass(),
                IntStream.range(0, 3).boxed().toList().getClass());
    }

    @Test
    void unsupportedListClassIsRefusedOnEncode() {
        Message forward = new Message.Forward(Arrays.asList(SampleMessages.command(1, 1, "SELECT 1")));
        assertThatThrownBy(() -> serializer.encode(forward)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Arrays$ArrayList");
    }

    @Test
    void nullComponentIsRefusedOnEncode() {
        assertThatThrownBy(() -> serializer.encode(new Message.Prepare(null, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Prepare.ballot is null");
        assertThatThrownBy(() -> serializer.encode(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void messageAboveTheLimitIsRefusedOnEncode() {
        MessageSerializer small = new MessageSerializer(1024);
        Message big = new Message.Forward(List.of(new Command(1, 1, new byte[2048])));
        assertThatThrownBy(() -> small.encode(big)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than 1024 bytes");
        assertThat(small.encode(new Message.Commit(SampleMessages.BALLOT, 1))).isNotEmpty(); // the pooled codec still works
    }

    @Test
    void unregisteredClassIdIsRefused() {
        byte[] bytes = craft(out -> out.writeVarInt(999 + 2, true)); // Kryo writes class ids + 2
        assertMalformed(bytes, "unregistered class ID: 999");
    }

    @Test
    void registeredNonMessageIsRefused() {
        byte[] bytes = craft(out -> newKryo().writeClassAndObject(out, SampleMessages.BALLOT));
        assertMalformed(bytes, "expected a Message, found Ballot");
    }

    @Test
    void trailingBytesAreRefused() {
        byte[] valid = serializer.encode(new Message.Commit(SampleMessages.BALLOT, 7));
        assertMalformed(Arrays.copyOf(valid, valid.length + 1), "1 bytes after a Commit");
    }

    @Test
    void truncatedMessageIsRefused() {
        byte[] valid = serializer.encode(SampleMessages.all().get(1));
        for (int length = 0; length < valid.length; length++) {
            int cut = length;
            assertThatThrownBy(() -> serializer.decode(valid, 0, cut)).as("cut at %d", cut).isInstanceOf(MalformedMessageException.class);
        }
    }

    @Test
    void wronglyTypedListElementIsRefused() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        List<Long> poisoned = (List) List.of(SampleMessages.BALLOT);
        byte[] bytes = craft(out -> newKryo().writeClassAndObject(out, new Message.Accepted(SampleMessages.BALLOT, poisoned)));
        assertMalformed(bytes, "Accepted.instances[0]: expected Long, found Ballot");
    }

    @Test
    void nullComponentIsRefusedOnDecode() {
        byte[] bytes = craft(out -> newKryo().writeClassAndObject(out, new Message.Nack(null)));
        assertMalformed(bytes, "Nack.promised is null");
    }

    @Test
    void hugeClaimedLengthsAreRefusedBeforeAllocating() {
        int digestId = MessageSerializer.wireIds().get(Value.Digest.class);
        int forwardId = MessageSerializer.wireIds().get(Message.Forward.class);
        int arrayListId = MessageSerializer.wireIds().get(ArrayList.class);
        // Kryo's own serializers would allocate 1.5 GB for each of these few bytes.
        byte[] hugeBytes = craft(out -> {
            out.writeVarInt(digestId + 2, true);      // Kryo writes class ids + 2
            out.writeVarInt(1_500_000_001, true);      // Digest.sha256: length + 1
        });
        assertMalformed(hugeBytes, "byte[] claims 1500000000 elements");
        byte[] hugeList = craft(out -> {
            out.writeVarInt(forwardId + 2, true);
            out.writeVarInt(arrayListId + 2, true);   // Forward.commands is an ArrayList ...
            out.writeVarIntFlag(false, 1_500_000_001, true); // ... of 1.5 G elements
        });
        assertMalformed(hugeList, "list claims 1500000000 elements");
        byte[] hugeString = craft(out -> {
            out.writeVarInt(forwardId + 2, true);
            out.writeVarInt(arrayListId + 2, true);
            out.writeVarIntFlag(false, 2, true);      // one element ...
            out.writeVarInt(1 + 2, true);             // ... of class String (Kryo's id 1) ...
            out.writeVarInt(1_500_000_001, true);      // ... of 1.5 GB
        });
        assertMalformed(hugeString, "String claims 1500000000 elements");
    }

    @Test
    void deeplyNestedGraphIsRefusedWithoutStackOverflow() {
        int forwardId = MessageSerializer.wireIds().get(Message.Forward.class);
        int arrayListId = MessageSerializer.wireIds().get(ArrayList.class);
        byte[] bytes = craft(out -> {
            out.writeVarInt(forwardId + 2, true);
            for (int depth = 0; depth < 100_000; depth++) {
                out.writeVarInt(arrayListId + 2, true); // a list of one element, which is a list of one element, ...
                out.writeVarIntFlag(false, 2, true);
            }
        });
        assertMalformed(bytes, "Max depth exceeded");
    }

    @Test
    void randomAndMutatedBytesOnlyEverFailAsMalformed() {
        Random random = new Random(20_240_601);
        List<byte[]> valid = samples().stream().map(serializer::encode).toList();
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = round % 2 == 0
                    ? Garbage.randomBytes(random, 1 + random.nextInt(64))
                    : Garbage.mutate(valid.get(random.nextInt(valid.size())), random);
            try {
                Message m = serializer.decode(bytes);
                assertThat(serializer.decode(serializer.encode(m))).isEqualTo(m); // whatever decodes is a well-formed message
            } catch (MalformedMessageException expected) {
                // the only acceptable failure
            }
        }
    }

    private static Kryo newKryo() { return MessageSerializer.newKryo(); }

    private static byte[] craft(Consumer<Output> writer) {
        Output out = new Output(64, -1);
        writer.accept(out);
        return out.toBytes();
    }

    private void assertMalformed(byte[] bytes, String reason) {
        assertThatThrownBy(() -> serializer.decode(bytes)).isInstanceOf(MalformedMessageException.class).hasMessageContaining(reason);
    }
}
