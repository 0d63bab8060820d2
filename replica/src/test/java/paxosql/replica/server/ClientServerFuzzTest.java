package paxosql.replica.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import paxosql.consensus.transport.ClusterLayout;
import paxosql.consensus.transport.HostPort;
import paxosql.driver.wire.Credentials;
import paxosql.driver.wire.ReplicaConnection;
import paxosql.driver.wire.WireMessage;
import paxosql.driver.wire.WireProtocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throws random and mutated frames at a client port over real sockets: garbage before
 * and during the handshake, lies in length fields, unregistered Kryo ids, mutated hellos,
 * protocol messages before the welcome, and long runs of valid and mutated requests on
 * authenticated connections. Then demands that the server still welcomes a proper client
 * and routes its result, that its connection counters and routes are back to zero, and
 * that no submit ever reached the service from a connection that was not authenticated.
 *
 * <p>Seeded: the seed is printed; rerun with {@code -Dfuzz.seed=<seed>}.
 */
class ClientServerFuzzTest {

    private static final int MIN_FRAMES = 20_000;
    private static final int THREADS = 4;
    private static final Duration BUDGET = Duration.ofSeconds(20);
    /** Marks every payload sent on a connection that is not authenticated. */
    private static final byte[] UNAUTHENTICATED = "UNAUTHENTICATED".getBytes(StandardCharsets.US_ASCII);
    private static final String USER = "fuzzer";
    private static final String PASSWORD = FakeClientService.PASSWORDS.get(USER);

    private final long seed = Long.getLong("fuzz.seed", 0xC11E_47F0L);
    private final FakeClientService service = new FakeClientService();
    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong authenticatedConnections = new AtomicLong();
    private final AtomicLong hostileConnections = new AtomicLong();
    private final Set<Long> welcomedClientIds = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<String> anomalies = new ConcurrentLinkedQueue<>();
    private final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();
    private ClientServer server;

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable c : toClose) c.close();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void serverSurvivesHostileFramesAndStillServesAProperClient() throws Exception {
        System.out.println("ClientServerFuzzTest seed " + seed + " (rerun with -Dfuzz.seed=" + seed + ")");
        ClusterLayout layout = ServerFixture.layoutOnFreePorts();
        server = new ClientServer(layout, ServerFixture.SELF, ServerFixture.SECRET, service,
                ClientServer.Options.defaults().withHandshakeTimeout(Duration.ofSeconds(2)));
        toClose.add(server);
        server.start();

        long deadline = System.nanoTime() + BUDGET.toNanos();
        ExecutorService fuzzers = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Random random = new Random(seed + t);
                long firstClientId = 1_000_000L * (t + 1);
                done.add(fuzzers.submit(() -> fuzz(random, firstClientId, deadline)));
            }
            for (Future<?> f : done) f.get(BUDGET.toSeconds() + 20, TimeUnit.SECONDS);
        } finally {
            fuzzers.shutdownNow();
        }
        ClientServer.Stats stats = server.stats();
        System.out.printf("ClientServerFuzzTest seed %d: %d frames on %d hostile and %d authenticated connections; %s%n",
                seed, framesSent.get(), hostileConnections.get(), authenticatedConnections.get(), stats);

        assertThat(anomalies).as("seed %d", seed).isEmpty();
        assertThat(framesSent.get()).as("seed %d", seed).isGreaterThanOrEqualTo(MIN_FRAMES);
        assertThat(stats.closedMalformed()).as("seed %d", seed).isPositive();
        assertThat(stats.refused()).as("seed %d", seed).isPositive();

        // Nothing reached the service but from connections that completed the handshake, as the user they proved.
        assertThat(service.submits).as("seed %d: authenticated submits got through", seed).isNotEmpty();
        for (FakeClientService.Submitted s : service.submits) {
            assertThat(s.user()).as("seed %d", seed).isEqualTo(USER);
            assertThat(welcomedClientIds).as("seed %d: client id of a submit", seed).contains(s.clientId());
            assertThat(startsWith(s.payload(), UNAUTHENTICATED)).as("seed %d: submit sent before authentication", seed).isFalse();
        }

        // Every connection is gone, and so is every route: no counter or registration leaked.
        ClientServerTest.awaitTrue("all fuzz connections closed (seed " + seed + ")",
                () -> server.stats().openConnections() == 0 && server.stats().handshaking() == 0);
        for (long id : welcomedClientIds) assertThat(server.connectionsOf(id)).as("seed %d, client %d", seed, id).isZero();
        assertThat(Set.copyOf(service.closedSessions)).as("seed %d", seed).containsAll(welcomedClientIds);

        // A proper client is still welcomed, its submit reaches the service and its result comes back.
        ClientServerTest.Inbox inbox = new ClientServerTest.Inbox();
        HostPort address = server.address();
        ReplicaConnection client = ReplicaConnection.connect(address.host(), address.port(),
                new Credentials.Password("alice", "alice-pw"), 42, Duration.ofSeconds(5), inbox);
        toClose.add(client);
        int before = service.submits.size();
        client.submit(1, new byte[] {7});
        ClientServerTest.awaitTrue("the proper client's submit arrived", () -> service.submits.size() == before + 1);
        server.deliver(42, 1, 0, new byte[] {8, 9});
        ClientServerTest.awaitTrue("the proper client got its result", () -> inbox.results.size() == 1);
        assertThat(inbox.results.get(0).payload()).containsExactly(8, 9);
        assertThat(client.status(Duration.ofSeconds(5))).contains("node");
    }

    private void fuzz(Random random, long firstClientId, long deadline) {
        HostPort address = server.address();
        long nextClientId = firstClientId;
        while (framesSent.get() < MIN_FRAMES && System.nanoTime() < deadline) {
            boolean authenticate = random.nextBoolean();
            try (RawClient raw = new RawClient(address, Duration.ofSeconds(5))) {
                int frames = authenticate ? authenticatedRun(raw, random, nextClientId++) : hostileRun(raw, random);
                framesSent.addAndGet(frames);
                raw.finishSending(); // end of stream: the server must close, not wait for the handshake timeout
                if (!raw.closedByServer()) anomalies.add((authenticate ? "authenticated" : "hostile") + " connection left open after end of stream");
            } catch (ConnectException e) {
                anomalies.add("the server no longer accepts connections: " + e.getMessage());
                return;
            } catch (IOException e) {
                // resets and refusals mid-write are legitimate answers to garbage
            }
        }
    }

    /** 1-4 hostile items on a connection that never authenticates; returns the frames sent. */
    private int hostileRun(RawClient raw, Random random) throws IOException {
        hostileConnections.incrementAndGet();
        byte[] nonce = new byte[WireProtocol.NONCE_BYTES];
        if (random.nextBoolean()) nonce = raw.readChallenge().nonce();
        long badClientId = -1 - random.nextInt(1_000_000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int items = 1 + random.nextInt(4);
        for (int i = 0; i < items; i++) out.writeBytes(hostileItem(random, nonce, badClientId));
        sendInPieces(raw, out.toByteArray(), random);
        return items;
    }

    private byte[] hostileItem(Random random, byte[] nonce, long badClientId) {
        WireMessage.Hello wrongPassword = WireMessage.Hello.password(badClientId, USER, "not-" + PASSWORD);
        return switch (random.nextInt(12)) {
            case 0 -> randomBytes(random, 1 + random.nextInt(300)); // not even framed
            case 1 -> RawClient.frameOf(randomBytes(random, 1 + random.nextInt(200)));
            case 2 -> ByteBuffer.allocate(8).putInt(random.nextBoolean() ? -random.nextInt(Integer.MAX_VALUE)
                    : WireProtocol.MAX_UNAUTHENTICATED_FRAME_BYTES + 1 + random.nextInt(Integer.MAX_VALUE - 8192)).putInt(random.nextInt()).array();
            case 3 -> { // a length that promises more than ever comes
                byte[] body = randomBytes(random, random.nextInt(64));
                yield ByteBuffer.allocate(4 + body.length).putInt(body.length + 1 + random.nextInt(4000)).put(body).array();
            }
            case 4 -> RawClient.frameOf(mutate(RawClient.CODEC.encode(wrongPassword), random));
            case 5 -> RawClient.frame(wrongPassword);
            case 6 -> RawClient.frame(WireMessage.Hello.secret(badClientId, randomBytes(random, random.nextBoolean() ? WireProtocol.PROOF_BYTES : random.nextInt(64))));
            case 7 -> { // a protocol message before any hello, sometimes mutated
                byte[] body = RawClient.CODEC.encode(requestBeforeWelcome(random));
                yield RawClient.frameOf(random.nextBoolean() ? body : mutate(body, random));
            }
            case 8 -> RawClient.frameOf(unregisteredClassBody(random));
            case 9 -> { // a valid frame cut short
                byte[] whole = RawClient.frame(wrongPassword);
                yield Arrays.copyOf(whole, 1 + random.nextInt(whole.length - 1));
            }
            case 10 -> RawClient.frame(new WireMessage.Hello(random.nextInt(), badClientId, USER, PASSWORD, null)); // right password, wrong version
            default -> ClientServerTest.concat(RawClient.frame(wrongPassword), RawClient.frame(requestBeforeWelcome(random)));
        };
    }

    private WireMessage requestBeforeWelcome(Random random) {
        byte[] marked = marked(random);
        return switch (random.nextInt(4)) {
            case 0, 1 -> new WireMessage.Submit(random.nextLong(), marked);
            case 2 -> new WireMessage.Read(random.nextLong(), marked, 0);
            default -> new WireMessage.SnapshotChunkRequest(random.nextLong(), 1, "p", 0, 1 + random.nextInt(1000));
        };
    }

    /** Authenticates, then sends 1-40 valid, mutated and hostile frames; returns the frames sent. */
    private int authenticatedRun(RawClient raw, Random random, long clientId) throws IOException {
        welcomedClientIds.add(clientId); // before the welcome: the server may pass submits on as soon as it is sent
        raw.handshake(clientId, USER, PASSWORD);
        authenticatedConnections.incrementAndGet();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int frames = 1 + random.nextInt(40);
        for (int i = 0; i < frames; i++) out.writeBytes(authenticatedItem(random, i));
        sendInPieces(raw, out.toByteArray(), random);
        return 2 + frames;
    }

    private byte[] authenticatedItem(Random random, long sequence) {
        WireMessage valid = switch (random.nextInt(5)) {
            case 0, 1 -> new WireMessage.Submit(sequence, randomBytes(random, random.nextInt(100)));
            case 2 -> new WireMessage.StatusRequest(sequence);
            case 3 -> new WireMessage.Read(sequence, randomBytes(random, random.nextInt(50)), random.nextInt(100));
            default -> new WireMessage.SnapshotManifestRequest(sequence);
        };
        int roll = random.nextInt(100);
        if (roll < 70) return RawClient.frame(valid); // mostly valid: keeps the connection, and the server, busy
        if (roll < 85) return RawClient.frameOf(mutate(RawClient.CODEC.encode(valid), random));
        return switch (random.nextInt(5)) {
            case 0 -> RawClient.frameOf(unregisteredClassBody(random));
            case 1 -> RawClient.frameOf(randomBytes(random, 1 + random.nextInt(100)));
            case 2 -> ByteBuffer.allocate(8).putInt(WireProtocol.MAX_FRAME_BYTES + 1 + random.nextInt(1 << 20)).putInt(0).array();
            case 3 -> RawClient.frame(WireMessage.Hello.password(sequence, USER, PASSWORD)); // a second hello
            default -> RawClient.frame(new WireMessage.Result(sequence, sequence, 0, new byte[1])); // the wrong direction
        };
    }

    /** Writes {@code bytes} in 1-3 pieces, so that frames also arrive split across reads. */
    private static void sendInPieces(RawClient raw, byte[] bytes, Random random) throws IOException {
        int pieces = 1 + random.nextInt(3);
        int from = 0;
        for (int p = 1; p <= pieces && from < bytes.length; p++) {
            int to = p == pieces ? bytes.length : from + random.nextInt(bytes.length - from + 1);
            raw.sendRaw(Arrays.copyOfRange(bytes, from, to));
            from = to;
        }
    }

    private static byte[] marked(Random random) {
        byte[] tail = randomBytes(random, random.nextInt(40));
        return ClientServerTest.concat(UNAUTHENTICATED, tail);
    }

    /** A class id no registration uses (ids 59-120 are free), followed by noise. */
    private static byte[] unregisteredClassBody(Random random) {
        byte[] noise = randomBytes(random, random.nextInt(20));
        return ByteBuffer.allocate(1 + noise.length).put((byte) ((59 + random.nextInt(62)) + 2)).put(noise).array();
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Flips, overwrites, inserts or cuts one to three bytes; never returns an empty array. */
    private static byte[] mutate(byte[] valid, Random random) {
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

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }
}
