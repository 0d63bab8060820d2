package paxosql.consensus.transport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Complements {@link PeerTransportFuzzTest} (one to four frames per connection): here
 * connections are long-lived and carry many frames, split across writes at random points,
 * while two real peers keep talking and a crowd of half-open handshakes sits on the port.
 *
 * <ul>
 *   <li>an impersonator that knows the secret streams runs of up to 200 valid and mutated
 *       messages, each run ended by a malformed frame, a stray handshake frame or a cut;</li>
 *   <li>strangers send many-frame handshake violations: protocol frames before the hello,
 *       frames instead of the proof, hellos dribbled in pieces with garbage after;</li>
 *   <li>200 lingerers each send part of a hello and wait.</li>
 * </ul>
 * Afterwards: every lingerer was cut off by the handshake timeout, the real peers' traffic
 * arrived complete and in order on their one undisturbed connection, the node never handed
 * its handler a malformed message, and a newcomer still joins.
 *
 * <p>Seeded: the seed is printed; rerun with {@code -Dfuzz.seed=<seed>}.
 */
class PeerTransportStreamFuzzTest {

    private static final int MIN_FRAMES = 12_000;
    private static final int STRANGER_THREADS = 2;
    private static final int LINGERERS = 200;
    private static final Duration BUDGET = Duration.ofSeconds(20);
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(1);
    private static final int MAX_FRAME = 64 * 1024;
    private static final int TARGET = 2;
    private static final int IMPERSONATED = 1;
    private static final int LEGIT_PEER = 3;

    private final long seed = Long.getLong("fuzz.seed", 0x57EA_3F0DL);
    private final MessageSerializer serializer = new MessageSerializer(MAX_FRAME - 1);
    private final List<byte[]> validEncodings = SampleMessages.all().stream().map(serializer::encode).toList();
    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong impersonatorRuns = new AtomicLong();
    private final ConcurrentLinkedQueue<String> anomalies = new ConcurrentLinkedQueue<>();
    private final List<RawPeer> lingerers = new ArrayList<>();

    private TestCluster cluster;

    @AfterEach
    void closeEverything() throws IOException {
        for (RawPeer p : lingerers) p.close();
        if (cluster != null) cluster.close();
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void longHostileStreamsNeitherKillTheNodeNorDisturbItsPeers() throws Exception {
        System.out.println("PeerTransportStreamFuzzTest seed " + seed + " (rerun with -Dfuzz.seed=" + seed + ")");
        PeerTransport.Options options = TestCluster.FAST_OPTIONS.withMaxFrameBytes(MAX_FRAME).withHandshakeTimeout(HANDSHAKE_TIMEOUT);
        cluster = TestCluster.ofVoters(3);
        PeerTransport target = cluster.start(TARGET, options);
        PeerTransport legitPeer = cluster.start(LEGIT_PEER, options);
        cluster.awaitConnected(TARGET, LEGIT_PEER);

        HostPort address = cluster.layout.peerAddressOf(TARGET);
        byte[] partialHello = Arrays.copyOf(RawPeer.frame(Frames.HELLO, hello(IMPERSONATED)), 10);
        for (int i = 0; i < LINGERERS; i++) {
            RawPeer p = new RawPeer(address, Duration.ofSeconds(5));
            lingerers.add(p);
            p.sendRaw(partialHello);
        }

        AtomicBoolean fuzzing = new AtomicBoolean(true);
        long deadline = System.nanoTime() + BUDGET.toNanos();
        ExecutorService threads = Executors.newFixedThreadPool(2 + STRANGER_THREADS);
        long chatterSent;
        try {
            Future<Long> chatter = threads.submit(() -> chatter(fuzzing));
            List<Future<?>> fuzzers = new ArrayList<>();
            fuzzers.add(threads.submit(() -> impersonate(new Random(seed), deadline)));
            for (int t = 1; t <= STRANGER_THREADS; t++) {
                Random random = new Random(seed + t);
                fuzzers.add(threads.submit(() -> strangers(random, deadline)));
            }
            for (Future<?> f : fuzzers) f.get(BUDGET.toSeconds() + 20, TimeUnit.SECONDS);
            fuzzing.set(false);
            chatterSent = chatter.get(10, TimeUnit.SECONDS);
        } finally {
            fuzzing.set(false);
            threads.shutdownNow();
        }
        TransportStats stats = target.stats();
        System.out.printf("PeerTransportStreamFuzzTest seed %d: %d frames, %d impersonator runs, %d chatter messages each way; target %s%n",
                seed, framesSent.get(), impersonatorRuns.get(), chatterSent, stats);

        assertThat(anomalies).as("seed %d", seed).isEmpty();
        assertThat(framesSent.get()).as("seed %d", seed).isGreaterThanOrEqualTo(MIN_FRAMES);
        assertThat(stats.closedMalformed()).as("seed %d", seed).isPositive();
        assertThat(stats.handshakesRefused()).as("seed %d", seed).isPositive();

        // Half-open handshakes were cut off by the timeout, not left to pile up.
        for (RawPeer p : lingerers) assertThat(p.closedByNode()).as("lingerer closed (seed %d)", seed).isTrue();

        // The real peers' connection was never replaced, and all their traffic arrived, in order.
        assertThat(legitPeer.stats().connectionsEstablished()).as("seed %d", seed).isEqualTo(1);
        assertThat(target.stats().dropped()).as("seed %d", seed).isZero();
        Await.until("chatter delivered (seed " + seed + ")", () -> cluster.inbox(TARGET).from(LEGIT_PEER).size() == chatterSent
                && cluster.inbox(LEGIT_PEER).from(TARGET).size() == chatterSent);
        assertThat(cluster.inbox(TARGET).from(LEGIT_PEER)).as("seed %d", seed).isEqualTo(chatterMessages(chatterSent));
        assertThat(cluster.inbox(LEGIT_PEER).from(TARGET)).as("seed %d", seed).isEqualTo(chatterMessages(chatterSent));

        // Only well-formed messages reached the handler: the impersonator's lucky mutations, and the chatter.
        for (RecordingHandler.Delivery d : cluster.inbox(TARGET).all()) {
            assertThat(d.from()).as("seed %d", seed).isIn(IMPERSONATED, LEGIT_PEER);
            assertThat(serializer.decode(serializer.encode(d.message()))).as("seed %d", seed).isEqualTo(d.message());
        }

        // A newcomer is still admitted: the real node 1 joins and talks to both.
        cluster.start(IMPERSONATED, options);
        cluster.awaitConnected(IMPERSONATED, TARGET);
        cluster.awaitConnected(IMPERSONATED, LEGIT_PEER);
        Message ping = new Message.LeaderDurable(SampleMessages.BALLOT, -1);
        cluster.node(IMPERSONATED).send(TARGET, ping);
        Await.until("node 2 got the newcomer's message (seed " + seed + ")", () -> cluster.inbox(TARGET).from(IMPERSONATED).contains(ping));
    }

    /** Nodes 2 and 3 exchange numbered messages until the fuzzing stops; returns how many went each way. */
    private long chatter(AtomicBoolean fuzzing) throws InterruptedException {
        long n = 0;
        while (fuzzing.get()) {
            for (Message m : chatterMessages(n, n + 10)) {
                cluster.node(LEGIT_PEER).send(TARGET, m);
                cluster.node(TARGET).send(LEGIT_PEER, m);
            }
            n += 10;
            Thread.sleep(1);
        }
        return n;
    }

    private static List<Message> chatterMessages(long count) {
        return chatterMessages(0, count);
    }

    private static List<Message> chatterMessages(long from, long to) {
        List<Message> list = new ArrayList<>();
        for (long i = from; i < to; i++) list.add(new Message.Commit(SampleMessages.BALLOT, 1_000_000 + i));
        return list;
    }

    /** Authenticates as node 1 and streams runs of valid and mutated messages, each ended by a violation or a cut. */
    private void impersonate(Random random, long deadline) {
        HostPort address = cluster.layout.peerAddressOf(TARGET);
        while (framesSent.get() < MIN_FRAMES * 2 / 3 && System.nanoTime() < deadline) {
            try (RawPeer raw = new RawPeer(address, Duration.ofSeconds(5))) {
                raw.handshakeAs(IMPERSONATED, TestCluster.SECRET, cluster.layout.configHash());
                impersonatorRuns.incrementAndGet();
                ByteArrayOutputStream run = new ByteArrayOutputStream();
                int frames = 2; // hello and proof
                int length = 1 + random.nextInt(200);
                boolean ended = false;
                for (int i = 0; i < length && !ended; i++) {
                    int roll = random.nextInt(100);
                    byte[] valid = validEncodings.get(random.nextInt(validEncodings.size()));
                    if (roll < 92) { // mostly valid, so that runs are long
                        run.writeBytes(RawPeer.frame(Frames.MESSAGE, valid));
                    } else if (roll < 98) {
                        run.writeBytes(RawPeer.frame(Frames.MESSAGE, Garbage.mutate(valid, random))); // may or may not decode
                    } else {
                        run.writeBytes(violation(random, valid));
                        ended = true;
                    }
                    frames++;
                }
                sendInPieces(raw, run.toByteArray(), random);
                framesSent.addAndGet(frames);
                raw.finishSending();
                if (!raw.closedByNode()) anomalies.add("impersonator connection left open after end of stream");
            } catch (ConnectException e) {
                anomalies.add("node no longer accepts connections: " + e.getMessage());
                return;
            } catch (IOException e) {
                // a reset while writing after a violation is a legitimate answer
            }
        }
    }

    private byte[] violation(Random random, byte[] valid) {
        return switch (random.nextInt(5)) {
            case 0 -> ByteBuffer.allocate(8).putInt(MAX_FRAME + 1 + random.nextInt(1 << 24)).putInt(random.nextInt()).array();
            case 1 -> RawPeer.frame(Frames.HELLO, hello(IMPERSONATED)); // a second handshake
            case 2 -> RawPeer.frame((byte) (Frames.MESSAGE + 1 + random.nextInt(100)), valid); // unknown kind
            case 3 -> RawPeer.frame(Frames.MESSAGE, ByteBuffer.allocate(3).put((byte) (60 + random.nextInt(60))).putShort((short) random.nextInt()).array());
            default -> Arrays.copyOf(RawPeer.frame(Frames.MESSAGE, valid), 1 + random.nextInt(valid.length + 4)); // cut mid-frame
        };
    }

    /** Unauthenticated connections, each sending several frames that break the handshake. */
    private void strangers(Random random, long deadline) {
        HostPort address = cluster.layout.peerAddressOf(TARGET);
        while (framesSent.get() < MIN_FRAMES && System.nanoTime() < deadline) {
            try (RawPeer raw = new RawPeer(address, Duration.ofSeconds(5))) {
                ByteArrayOutputStream stream = new ByteArrayOutputStream();
                int frames = 0;
                switch (random.nextInt(4)) {
                    case 0 -> { // protocol messages before any hello
                        for (int i = 0; i < 2 + random.nextInt(20); i++, frames++) {
                            stream.writeBytes(RawPeer.frame(Frames.MESSAGE, validEncodings.get(random.nextInt(validEncodings.size()))));
                        }
                    }
                    case 1 -> { // a hello, then messages where the proof should be
                        stream.writeBytes(RawPeer.frame(Frames.HELLO, hello(IMPERSONATED)));
                        frames++;
                        for (int i = 0; i < 1 + random.nextInt(20); i++, frames++) {
                            stream.writeBytes(RawPeer.frame(Frames.MESSAGE, validEncodings.get(random.nextInt(validEncodings.size()))));
                        }
                    }
                    case 2 -> { // mutated hellos, one after the other
                        for (int i = 0; i < 2 + random.nextInt(10); i++, frames++) {
                            stream.writeBytes(RawPeer.frame(Frames.HELLO, Garbage.mutate(hello(IMPERSONATED), random)));
                        }
                    }
                    default -> { // frames of random kinds and bodies
                        for (int i = 0; i < 2 + random.nextInt(20); i++, frames++) {
                            stream.writeBytes(RawPeer.frame((byte) random.nextInt(256), Garbage.randomBytes(random, random.nextInt(300))));
                        }
                    }
                }
                sendInPieces(raw, stream.toByteArray(), random);
                framesSent.addAndGet(frames);
                raw.finishSending();
                if (!raw.closedByNode()) anomalies.add("stranger connection left open after end of stream");
            } catch (ConnectException e) {
                anomalies.add("node no longer accepts connections: " + e.getMessage());
                return;
            } catch (IOException e) {
                // resets after a refusal are legitimate
            }
        }
    }

    private byte[] hello(int claimedId) {
        return new Handshake.Hello(Handshake.PROTOCOL_VERSION, claimedId, cluster.layout.configHash(), Handshake.newNonce()).encode();
    }

    /** Writes {@code bytes} in 1-6 pieces, so that frames arrive split at arbitrary points. */
    private static void sendInPieces(RawPeer raw, byte[] bytes, Random random) throws IOException {
        int pieces = 1 + random.nextInt(6);
        int from = 0;
        for (int p = 1; p <= pieces && from < bytes.length; p++) {
            int to = p == pieces ? bytes.length : from + random.nextInt(bytes.length - from + 1);
            raw.sendRaw(Arrays.copyOfRange(bytes, from, to));
            from = to;
        }
    }
}
