package paxosql.consensus.transport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import paxosql.consensus.core.Command;
import paxosql.consensus.core.CommitMode;
import paxosql.consensus.core.GroupConfig;
import paxosql.consensus.core.Message;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class PeerTransportTest {

    private static final Message PING = new Message.Commit(SampleMessages.BALLOT, 1);
    private static final byte[] OTHER_SECRET = "another-secret-nobody-configured".getBytes(StandardCharsets.US_ASCII);

    private TestCluster cluster;

    @AfterEach
    void closeEverything() {
        if (cluster != null) cluster.close();
    }

    @Test
    void threeNodesFormAFullMeshAndExchangeEveryMessageTypeBothWays() {
        cluster = TestCluster.ofVoters(3);
        for (int id = 1; id <= 3; id++) cluster.start(id);
        cluster.awaitConnected(1, 2);
        cluster.awaitConnected(1, 3);
        cluster.awaitConnected(2, 3);

        List<Message> samples = SampleMessages.all();
        for (int from = 1; from <= 3; from++) {
            for (int to = 1; to <= 3; to++) {
                if (to != from) for (Message m : samples) cluster.node(from).send(to, m);
            }
        }

        for (int to = 1; to <= 3; to++) {
            for (int from = 1; from <= 3; from++) {
                if (to == from) continue;
                RecordingHandler inbox = cluster.inbox(to);
                int sender = from;
                Await.until("node " + to + " got every sample from node " + from, () -> inbox.from(sender).size() >= samples.size());
                assertThat(inbox.from(sender)).as("node %d from node %d, in order", to, from).containsExactlyElementsOf(samples);
            }
        }
        for (int id = 1; id <= 3; id++) {
            PeerTransport node = cluster.node(id);
            Await.until("node " + node.selfId() + " counted its writes", () -> node.stats().framesOut() == 2L * samples.size());
            assertThat(node.stats()).isEqualTo(new TransportStats(2L * samples.size(), 2L * samples.size(), 0, 0, 0, 2));
        }
    }

    @Test
    void peerWithAnotherSecretIsRefusedAndNothingIsDelivered() {
        cluster = TestCluster.ofVoters(3);
        PeerTransport node1 = cluster.start(1, cluster.layout, OTHER_SECRET, TestCluster.FAST_OPTIONS, Handshake.PROTOCOL_VERSION);
        PeerTransport node2 = cluster.start(2);

        // Each end checks the other's proof, so both refuse.
        Await.until("node 2 refused node 1", () -> node2.stats().handshakesRefused() >= 1);
        Await.until("node 1 refused node 2", () -> node1.stats().handshakesRefused() >= 1);
        node1.send(2, PING);
        node2.send(1, PING);

        assertThat(node1.isConnected(2)).isFalse();
        assertThat(node2.isConnected(1)).isFalse();
        assertThat(node1.stats().connectionsEstablished() + node2.stats().connectionsEstablished()).isZero();
        assertThat(node1.stats().dropped()).isEqualTo(1);
        assertThat(cluster.inbox(1).count() + cluster.inbox(2).count()).isZero();
    }

    @Test
    void rawPeerWithAWrongProofIsToldWhyAndItsMessagesAreIgnored() throws IOException {
        cluster = TestCluster.ofVoters(3);
        PeerTransport node2 = cluster.start(2);
        try (RawPeer raw = RawPeer.connect(cluster.layout.peerAddressOf(2))) {
            byte[] nonce = Handshake.newNonce();
            byte[] hash = cluster.layout.configHash();
            raw.sendFrame(Frames.HELLO, new Handshake.Hello(Handshake.PROTOCOL_VERSION, 1, hash, nonce).encode());
            Handshake.Hello nodeHello = decodeHello(raw.readFrame());
            // Proof and a message in one write, so the node has read both before it refuses and closes.
            byte[] badProof = RawPeer.frame(Frames.PROOF, Handshake.proof(OTHER_SECRET, Handshake.Side.DIALER, nonce, nodeHello.nonce(), 1, hash));
            byte[] message = RawPeer.frame(Frames.MESSAGE, new MessageSerializer(1024).encode(PING)); // must never reach the handler
            raw.sendRaw(ByteBuffer.allocate(badProof.length + message.length).put(badProof).put(message).array());

            assertThat(raw.readRefusal()).isEqualTo("authentication failed: the peer did not prove knowledge of the cluster secret");
            assertThat(raw.closedByNode()).isTrue();
        }
        assertThat(node2.stats().handshakesRefused()).isEqualTo(1);
        assertThat(cluster.inbox(2).count()).isZero();
    }

    @Test
    void peerWithAnotherConfigurationIsRefused() {
        cluster = TestCluster.ofVoters(3);
        ClusterLayout classicMode = new ClusterLayout(GroupConfig.of(3, 0, CommitMode.CLASSIC), cluster.layout.addresses());
        PeerTransport node1 = cluster.start(1, classicMode, TestCluster.SECRET, TestCluster.FAST_OPTIONS, Handshake.PROTOCOL_VERSION);
        PeerTransport node2 = cluster.start(2);

        Await.until("node 2 refused node 1", () -> node2.stats().handshakesRefused() >= 1);
        Await.until("node 1 refused node 2", () -> node1.stats().handshakesRefused() >= 1);
        assertThat(node1.stats().connectionsEstablished() + node2.stats().connectionsEstablished()).isZero();
    }

    @Test
    void peerSpeakingAnotherProtocolVersionIsRefused() {
        cluster = TestCluster.ofVoters(3);
        PeerTransport node1 = cluster.start(1, cluster.layout, TestCluster.SECRET, TestCluster.FAST_OPTIONS, Handshake.PROTOCOL_VERSION + 1);
        PeerTransport node2 = cluster.start(2);

        Await.until("node 2 refused node 1", () -> node2.stats().handshakesRefused() >= 1);
        Await.until("node 1 refused node 2", () -> node1.stats().handshakesRefused() >= 1);
        assertThat(node1.stats().connectionsEstablished() + node2.stats().connectionsEstablished()).isZero();
    }

    /** What a raw peer sends as its hello (given the cluster's config hash and a nonce), and the reason it must be refused with. */
    static Stream<Arguments> refusedHellos() {
        BiFunction<byte[], byte[], byte[]> otherVersion = (hash, nonce) -> new Handshake.Hello(2, 1, hash, nonce).encode();
        BiFunction<byte[], byte[], byte[]> otherConfig = (hash, nonce) -> new Handshake.Hello(1, 1, new byte[32], nonce).encode();
        BiFunction<byte[], byte[], byte[]> unknownId = (hash, nonce) -> new Handshake.Hello(1, 9, hash, nonce).encode();
        BiFunction<byte[], byte[], byte[]> higherId = (hash, nonce) -> new Handshake.Hello(1, 3, hash, nonce).encode();
        BiFunction<byte[], byte[], byte[]> ownId = (hash, nonce) -> new Handshake.Hello(1, 2, hash, nonce).encode();
        BiFunction<byte[], byte[], byte[]> badMagic = (hash, nonce) -> "GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
        BiFunction<byte[], byte[], byte[]> shortHello = (hash, nonce) -> ByteBuffer.allocate(12).putInt(Handshake.MAGIC).putInt(1).putInt(1).array();
        return Stream.of(
                arguments("protocol version 2", otherVersion, "protocol version 2 is not supported; this node speaks version 1"),
                arguments("another configuration", otherConfig, "configuration differs from this node's: refusing, not merging"),
                arguments("unknown node id", unknownId, "node id 9 is not a member of this cluster"),
                arguments("higher id dialing a lower one", higherId, "node 3 must not dial node 2: the lower id dials the higher"),
                arguments("this node's own id", ownId, "the peer claims this node's own id 2"),
                arguments("not a PaxoSQL hello", badMagic, "not a PaxoSQL peer hello (bad magic)"),
                arguments("truncated hello", shortHello, "hello of 12 bytes, expected 76"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedHellos")
    void helloIsRefusedWithAReason(String description, BiFunction<byte[], byte[], byte[]> hello, String reason) throws IOException {
        cluster = TestCluster.ofVoters(3);
        PeerTransport node2 = cluster.start(2);
        try (RawPeer raw = RawPeer.connect(cluster.layout.peerAddressOf(2))) {
            raw.sendFrame(Frames.HELLO, hello.apply(cluster.layout.configHash(), Handshake.newNonce()));
            assertThat(raw.readRefusal()).startsWith(reason);
            assertThat(raw.closedByNode()).isTrue();
        }
        assertThat(node2.stats().handshakesRefused()).isEqualTo(1);
        assertThat(node2.stats().connectionsEstablished()).isZero();
    }

    @Test
    void protocolMessageBeforeTheHandshakeIsRefused() throws IOException {
        cluster = TestCluster.ofVoters(3);
        PeerTransport node2 = cluster.start(2);
        try (RawPeer raw = RawPeer.connect(cluster.layout.peerAddressOf(2))) {
            raw.sendFrame(Frames.MESSAGE, new MessageSerializer(1024).encode(PING));
            assertThat(raw.readRefusal()).isEqualTo("expected a hello, got a message frame");
        }
        assertThat(node2.stats().handshakesRefused()).isEqualTo(1);
        assertThat(cluster.inbox(2).count()).isZero();
    }

    @Test
    void silentConnectionIsRefusedAtTheHandshakeTimeout() throws IOException {
        cluster = TestCluster.ofVoters(3);
        PeerTransport node2 = cluster.start(2, TestCluster.FAST_OPTIONS.withHandshakeTimeout(Duration.ofMillis(300)));
        long startNanos = System.nanoTime();
        try (RawPeer raw = RawPeer.connect(cluster.layout.peerAddressOf(2))) {
            assertThat(raw.readRefusal()).isEqualTo("handshake not completed within 300 ms");
            assertThat(raw.closedByNode()).isTrue();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - startNanos)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        assertThat(node2.stats().handshakesRefused()).isEqualTo(1);
    }

    @Test
    void oversizedFrameBeforeTheHandshakeClosesOnlyThatConnection() throws IOException {
        cluster = TestCluster.ofVoters(3);
        PeerTransport node2 = cluster.start(2);
        cluster.start(3);
        cluster.awaitConnected(2, 3);

        try (RawPeer raw = RawPeer.connect(cluster.layout.peerAddressOf(2))) {
            raw.sendRaw(ByteBuffer.allocate(8).putInt(Handshake.MAX_HANDSHAKE_FRAME_BYTES + 1).putInt(0).array());
            assertThat(raw.closedByNode()).isTrue();
        }
        assertThat(node2.stats().closedMalformed()).isEqualTo(1);
        assertStillExchanging(2, 3);
    }

    @Test
    void oversizedFrameAfterTheHandshakeClosesOnlyThatConnection() throws IOException {
        int maxFrame = 64 * 1024;
        PeerTransport.Options options = TestCluster.FAST_OPTIONS.withMaxFrameBytes(maxFrame);
        cluster = TestCluster.ofVoters(3);
        PeerTransport node2 = cluster.start(2, options);
        cluster.start(3, options);
        cluster.awaitConnected(2, 3);

        try (RawPeer raw = RawPeer.connect(cluster.layout.peerAddressOf(2))) {
            raw.handshakeAs(1, TestCluster.SECRET, cluster.layout.configHash()); // node 1 is not running: the raw peer plays it
            Await.until("node 2 accepted the raw peer as node 1", () -> node2.isConnected(1));
            raw.sendRaw(ByteBuffer.allocate(8).putInt(maxFrame + 1).putInt(0).array());
            assertThat(raw.closedByNode()).isTrue();
        }
        Await.until("node 2 dropped the raw peer", () -> !node2.isConnected(1));
        assertThat(node2.stats().closedMalformed()).isEqualTo(1);
        assertStillExchanging(2, 3);
    }

    @Test
    void messageUpToTheFrameLimitIsDeliveredAndOneAboveIsDroppedBySender() {
        int maxFrame = 64 * 1024;
        PeerTransport.Options options = TestCluster.FAST_OPTIONS.withMaxFrameBytes(maxFrame);
        cluster = TestCluster.ofVoters(3);
        PeerTransport node1 = cluster.start(1, options);
        cluster.start(2, options);
        cluster.awaitConnected(1, 2);

        MessageSerializer serializer = new MessageSerializer(Integer.MAX_VALUE - 8);
        Message largest = forwardEncodingTo(maxFrame - 1, serializer); // plus the kind byte: exactly maxFrame
        Message tooLarge = forwardEncodingTo(maxFrame, serializer);
        node1.send(2, largest);
        node1.send(2, tooLarge);

        Await.until("node 2 got the largest message", () -> cluster.inbox(2).count() == 1);
        assertThat(cluster.inbox(2).from(1)).containsExactly(largest);
        assertThat(node1.stats().dropped()).isEqualTo(1);
        assertThat(cluster.node(2).stats().closedMalformed()).isZero();
    }

    @Test
    void peerReconnectsAfterRestartOnTheSamePort() {
        cluster = TestCluster.ofVoters(3);
        PeerTransport node1 = cluster.start(1);
        cluster.start(2);
        cluster.awaitConnected(1, 2);

        cluster.stop(2);
        Await.until("node 1 noticed node 2 is gone", () -> !node1.isConnected(2));
        node1.send(2, PING);
        assertThat(node1.stats().dropped()).isEqualTo(1);

        cluster.start(2);
        cluster.awaitConnected(1, 2);
        assertStillExchanging(1, 2);
        assertThat(node1.stats().connectionsEstablished()).isEqualTo(2);
    }

    @Test
    void secondAuthenticatedConnectionFromAPeerReplacesTheFirst() throws IOException {
        cluster = TestCluster.ofVoters(3);
        PeerTransport node1 = cluster.start(1);
        PeerTransport node2 = cluster.start(2);
        cluster.awaitConnected(1, 2);

        // As when node 1 restarts while node 2 still holds its old, half-open socket.
        try (RawPeer impostorWithSecret = RawPeer.connect(cluster.layout.peerAddressOf(2))) {
            impostorWithSecret.handshakeAs(1, TestCluster.SECRET, cluster.layout.configHash());
            // Counters only grow, so they cannot miss a disconnect-and-redial that polling isConnected might.
            Await.until("node 1 lost its connection and dialed again", () -> node1.stats().connectionsEstablished() == 2);
            cluster.awaitConnected(1, 2);
            assertThat(impostorWithSecret.closedByNode()).as("the newer connection from node 1 replaced the impostor's").isTrue();
        }
        assertThat(node2.stats().connectionsEstablished()).isEqualTo(3);
        assertStillExchanging(1, 2);
    }

    @Test
    void sendNeverThrowsAndCountsWhatItDrops() {
        cluster = TestCluster.ofVoters(3);
        PeerTransport node1 = new PeerTransport(cluster.layout, 1, TestCluster.SECRET, TestCluster.FAST_OPTIONS);
        try (node1) {
            node1.send(2, PING);   // not started, so not connected
            node1.send(1, PING);   // to itself
            node1.send(99, PING);  // not a member
            node1.send(2, null);
            assertThat(node1.stats().dropped()).isEqualTo(4);
            assertThat(node1.isConnected(1)).isFalse();
        }
    }

    @Test
    void closeIsBoundedIdempotentAndReleasesThePort() throws IOException {
        cluster = TestCluster.ofVoters(3);
        PeerTransport node1 = cluster.start(1);
        cluster.start(2);
        cluster.awaitConnected(1, 2);

        long startNanos = System.nanoTime();
        node1.close();
        assertThat(Duration.ofNanos(System.nanoTime() - startNanos))
                .isLessThan(TestCluster.FAST_OPTIONS.closeTimeout().plusSeconds(1));
        node1.close();
        node1.send(2, PING);
        assertThat(node1.isConnected(2)).isFalse();
        assertThat(node1.stats().dropped()).isEqualTo(1);
        HostPort address = cluster.layout.peerAddressOf(1);
        try (ServerSocket rebound = new ServerSocket()) {
            rebound.setReuseAddress(true);
            rebound.bind(new java.net.InetSocketAddress(InetAddress.getByName(address.host()), address.port()));
        }
        assertThatThrownBy(() -> node1.start(new RecordingHandler())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void startFailsClearlyWhenThePeerPortIsTaken() throws IOException {
        cluster = TestCluster.ofVoters(3);
        HostPort address = cluster.layout.peerAddressOf(1);
        try (ServerSocket squatter = new ServerSocket(address.port(), 1, InetAddress.getByName(address.host()));
             PeerTransport node1 = new PeerTransport(cluster.layout, 1, TestCluster.SECRET, TestCluster.FAST_OPTIONS)) {
            assertThat(squatter.isBound()).isTrue();
            assertThatThrownBy(() -> node1.start(new RecordingHandler()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("node 1 cannot listen for peers on " + address);
        }
    }

    /** A fresh message each way between {@code a} and {@code b} arrives. */
    private void assertStillExchanging(int a, int b) {
        Message fromA = new Message.Commit(SampleMessages.BALLOT, 1_000 + a);
        Message fromB = new Message.Commit(SampleMessages.BALLOT, 1_000 + b);
        cluster.node(a).send(b, fromA);
        cluster.node(b).send(a, fromB);
        Await.until("node " + b + " got node " + a + "'s message", () -> cluster.inbox(b).from(a).contains(fromA));
        Await.until("node " + a + " got node " + b + "'s message", () -> cluster.inbox(a).from(b).contains(fromB));
    }

    /** A Forward whose encoding is exactly {@code bytes} long. */
    private static Message forwardEncodingTo(int bytes, MessageSerializer serializer) {
        int payload = bytes;
        while (true) {
            Message m = new Message.Forward(List.of(new Command(1, 1, new byte[payload])));
            int size = serializer.encode(m).length;
            if (size == bytes) return m;
            payload -= size - bytes; // varint widths shift by a byte at most; converges in a step or two
        }
    }

    private static Handshake.Hello decodeHello(RawPeer.Frame frame) throws IOException {
        assertThat(frame.kind()).isEqualTo(Frames.HELLO);
        try {
            return Handshake.Hello.decode(frame.body(), Handshake.PROTOCOL_VERSION);
        } catch (HandshakeRefusal e) {
            throw new AssertionError(e.getMessage());
        }
    }
}
