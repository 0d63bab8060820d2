package paxosql.consensus.transport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paxosql.consensus.core.Message;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throws thousands of hostile connections at one node's peer port, from plain
 * sockets, while it is connected to a legitimate peer; then demands that the node is
 * still up, still talks to that peer and to a newcomer, and never handed its handler
 * anything that is not a well-formed message.
 *
 * <p>Seeded: a failure names the seed; rerun with {@code -Dfuzz.seed=<seed>}.
 */
class PeerTransportFuzzTest {

    private static final Logger log = LoggerFactory.getLogger(PeerTransportFuzzTest.class);

    private static final int CASES = 10_000;
    private static final int FUZZ_THREADS = 4;
    private static final int MAX_FRAME = 64 * 1024;
    /** The node under attack is 2; the fuzzer plays node 1 when it authenticates; node 3 is the legitimate peer. */
    private static final int TARGET = 2;
    private static final int IMPERSONATED = 1;
    private static final int LEGIT_PEER = 3;

    private enum Attack {
        RANDOM_BYTES, GARBAGE_FRAME, BAD_LENGTH, TRUNCATED_HELLO, MUTATED_HELLO, BAD_PROOF, AUTHENTICATED_GARBAGE
    }

    private final long seed = Long.getLong("fuzz.seed", 0x5EED_F00DL);
    private final MessageSerializer serializer = new MessageSerializer(MAX_FRAME - 1);
    private final List<byte[]> validEncodings = SampleMessages.all().stream().map(serializer::encode).toList();
    private final AtomicLong framesSent = new AtomicLong();
    private final ConcurrentLinkedQueue<String> anomalies = new ConcurrentLinkedQueue<>();

    private TestCluster cluster;

    @AfterEach
    void closeEverything() {
        if (cluster != null) cluster.close();
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void nodeSurvivesTenThousandHostileConnectionsAndKeepsServingItsPeers() throws Exception {
        PeerTransport.Options options = TestCluster.FAST_OPTIONS.withMaxFrameBytes(MAX_FRAME);
        cluster = TestCluster.ofVoters(3);
        PeerTransport target = cluster.start(TARGET, options);
        PeerTransport legitPeer = cluster.start(LEGIT_PEER, options);
        cluster.awaitConnected(TARGET, LEGIT_PEER);

        long startNanos = System.nanoTime();
        ExecutorService fuzzers = Executors.newFixedThreadPool(FUZZ_THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < FUZZ_THREADS; t++) {
                Random random = new Random(seed + t);
                done.add(fuzzers.submit(() -> runCases(CASES / FUZZ_THREADS, random)));
            }
            for (Future<?> f : done) f.get(100, TimeUnit.SECONDS);
        } finally {
            fuzzers.shutdownNow();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        TransportStats stats = target.stats();
        log.info("fuzz seed {}: {} cases, {} frames in {} ms; target {}", seed, CASES, framesSent.get(), elapsed.toMillis(), stats);

        assertThat(anomalies).as("seed %d", seed).isEmpty();
        assertThat(framesSent.get()).isGreaterThanOrEqualTo(CASES);
        assertThat(stats.closedMalformed()).as("seed %d", seed).isPositive();
        assertThat(stats.handshakesRefused()).as("seed %d", seed).isPositive();

        // The legitimate connection was never disturbed, and still carries messages both ways.
        assertThat(legitPeer.stats().connectionsEstablished()).as("seed %d", seed).isEqualTo(1);
        assertExchange(TARGET, LEGIT_PEER);
        // Only well-formed messages reached the handler: the fuzzer's lucky mutations, from the id it proved.
        for (RecordingHandler.Delivery d : cluster.inbox(TARGET).all()) {
            assertThat(d.from()).as("seed %d", seed).isIn(IMPERSONATED, LEGIT_PEER);
            assertThat(serializer.decode(serializer.encode(d.message()))).as("seed %d", seed).isEqualTo(d.message());
        }
        // A newcomer is still admitted: the real node 1 joins and talks to both.
        cluster.start(IMPERSONATED, options);
        cluster.awaitConnected(IMPERSONATED, TARGET);
        cluster.awaitConnected(IMPERSONATED, LEGIT_PEER);
        assertExchange(IMPERSONATED, TARGET);
    }

    private void runCases(int count, Random random) {
        HostPort address = cluster.layout.peerAddressOf(TARGET);
        for (int i = 0; i < count; i++) {
            Attack attack = Attack.values()[random.nextInt(Attack.values().length)];
            try (RawPeer raw = new RawPeer(address, Duration.ofSeconds(5))) {
                framesSent.addAndGet(attack == Attack.AUTHENTICATED_GARBAGE ? sendAuthenticatedGarbage(raw, random) : sendUnauthenticated(raw, attack, random));
                raw.finishSending(); // end of stream: the node must close, not wait for the handshake timeout
                if (!raw.closedByNode()) anomalies.add(attack + ": connection left open after end of stream");
            } catch (ConnectException e) {
                anomalies.add(attack + ": node no longer accepts connections: " + e.getMessage());
                return;
            } catch (IOException e) {
                // Resets and refusals mid-handshake are legitimate answers to garbage.
            }
        }
    }

    /** Sends one hostile input before any authentication; returns the frames it counts as. */
    private int sendUnauthenticated(RawPeer raw, Attack attack, Random random) throws IOException {
        byte[] hash = cluster.layout.configHash();
        byte[] validHello = new Handshake.Hello(Handshake.PROTOCOL_VERSION, IMPERSONATED, hash, Handshake.newNonce()).encode();
        switch (attack) {
            case RANDOM_BYTES -> raw.sendRaw(Garbage.randomBytes(random, 1 + random.nextInt(300)));
            case GARBAGE_FRAME -> raw.sendFrame((byte) random.nextInt(256), Garbage.randomBytes(random, random.nextInt(200)));
            case BAD_LENGTH -> raw.sendRaw(ByteBuffer.allocate(8)
                    .putInt(random.nextBoolean() ? -random.nextInt(Integer.MAX_VALUE) : Handshake.MAX_HANDSHAKE_FRAME_BYTES + 1 + random.nextInt(1 << 30))
                    .putInt(random.nextInt()).array());
            case TRUNCATED_HELLO -> {
                byte[] frame = RawPeer.frame(Frames.HELLO, validHello);
                raw.sendRaw(Arrays.copyOf(frame, random.nextInt(frame.length)));
            }
            case MUTATED_HELLO -> raw.sendFrame(Frames.HELLO, Garbage.mutate(validHello, random));
            case BAD_PROOF -> {
                raw.sendFrame(Frames.HELLO, validHello);
                raw.sendFrame(Frames.PROOF, Garbage.randomBytes(random, random.nextBoolean() ? Handshake.PROOF_BYTES : random.nextInt(100)));
                return 2;
            }
            default -> throw new IllegalArgumentException(attack.name());
        }
        return 1;
    }

    /** Authenticates as node 1 (the fuzzer knows the secret), then sends 1-4 garbage frames in one write. */
    private int sendAuthenticatedGarbage(RawPeer raw, Random random) throws IOException {
        raw.handshakeAs(IMPERSONATED, TestCluster.SECRET, cluster.layout.configHash());
        ByteArrayOutputStream garbage = new ByteArrayOutputStream();
        int frames = 1 + random.nextInt(4);
        for (int i = 0; i < frames; i++) garbage.writeBytes(garbageFrame(random));
        raw.sendRaw(garbage.toByteArray());
        return 2 + frames;
    }

    private byte[] garbageFrame(Random random) {
        byte[] valid = validEncodings.get(random.nextInt(validEncodings.size()));
        return switch (random.nextInt(7)) {
            case 0 -> RawPeer.frame(Frames.MESSAGE, Garbage.randomBytes(random, 1 + random.nextInt(100)));
            case 1, 2 -> RawPeer.frame(Frames.MESSAGE, Garbage.mutate(valid, random));
            case 3 -> RawPeer.frame(Frames.MESSAGE, unregisteredClassPayload(random));
            case 4 -> RawPeer.frame((byte) (Frames.MESSAGE + 1 + random.nextInt(100)), valid); // unknown kind
            case 5 -> ByteBuffer.allocate(8).putInt(MAX_FRAME + 1 + random.nextInt(1 << 20)).putInt(random.nextInt()).array();
            default -> Arrays.copyOf(RawPeer.frame(Frames.MESSAGE, valid), 1 + random.nextInt(valid.length + 4));
        };
    }

    /** A class id no registration uses, followed by noise. */
    private static byte[] unregisteredClassPayload(Random random) {
        byte[] noise = Garbage.randomBytes(random, random.nextInt(20));
        return ByteBuffer.allocate(1 + noise.length).put((byte) (60 + random.nextInt(60))).put(noise).array();
    }

    private void assertExchange(int a, int b) {
        Message fromA = new Message.LeaderDurable(SampleMessages.BALLOT, 5_000 + a);
        Message fromB = new Message.LeaderDurable(SampleMessages.BALLOT, 5_000 + b);
        cluster.node(a).send(b, fromA);
        cluster.node(b).send(a, fromB);
        Await.until("node " + b + " got node " + a + "'s message (seed " + seed + ")", () -> cluster.inbox(b).from(a).contains(fromA));
        Await.until("node " + a + " got node " + b + "'s message (seed " + seed + ")", () -> cluster.inbox(a).from(b).contains(fromB));
    }
}
