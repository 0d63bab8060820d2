package paxosql.driver.wire;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client against scripted replicas: what it does when a replica is unreachable,
 * silent, speaks another version, refuses, answers late or out of order, or vanishes.
 * (The real server is exercised in the replica module's tests.)
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReplicaConnectionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Credentials ALICE = new Credentials.Password("alice", "pw");

    private final ExecutorService script = Executors.newSingleThreadExecutor();
    private final Recorder recorder = new Recorder();
    private FakeReplica replica;
    private ReplicaConnection connection;

    /** What the listener saw. */
    static final class Recorder implements ReplicaConnection.Listener {
        final List<WireMessage.Result> results = new CopyOnWriteArrayList<>();
        final List<WireMessage.NotLeader> notLeaders = new CopyOnWriteArrayList<>();
        final CompletableFuture<SQLException> closed = new CompletableFuture<>();
        final AtomicReference<Throwable> fromListenerThread = new AtomicReference<>();

        @Override
        public void onResult(ReplicaConnection from, WireMessage.Result result) { results.add(result); }

        @Override
        public void onNotLeader(ReplicaConnection from, WireMessage.NotLeader notLeader) { notLeaders.add(notLeader); }

        @Override
        public void onClosed(ReplicaConnection from, SQLException cause) {
            if (!closed.complete(cause)) fromListenerThread.set(new AssertionError("onClosed called twice"));
        }
    }

    @AfterEach
    void tearDown() throws IOException {
        if (connection != null) connection.close();
        if (replica != null) replica.close();
        script.shutdownNow();
    }

    private ReplicaConnection connect(Credentials credentials, Duration timeout) throws SQLException {
        return ReplicaConnection.connect("127.0.0.1", replica.port(), credentials, 99, timeout, recorder);
    }

    /** A connected client and a fake replica that completed the handshake. */
    private void connected() throws Exception {
        replica = new FakeReplica();
        Future<WireMessage.Hello> hello = script.submit(() -> replica.handshake(WireProtocol.newNonce()));
        connection = connect(ALICE, TIMEOUT);
        assertThat(hello.get(5, TimeUnit.SECONDS).user()).isEqualTo("alice");
    }

    @Test
    void anUnreachableReplicaFailsWith08001() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertThatThrownBy(() -> ReplicaConnection.connect("127.0.0.1", port, ALICE, 1, TIMEOUT, recorder))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("08001"));
    }

    @Test
    void aSilentReplicaFailsWith08001WithinTheTimeout() throws IOException {
        replica = new FakeReplica();
        script.submit(() -> { replica.accept(); return null; });
        long start = System.nanoTime();
        assertThatThrownBy(() -> connect(ALICE, Duration.ofMillis(300)))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("08001"))
                .hasMessageContaining("handshake");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aReplicaOfAnotherVersionIsRefusedWithoutSendingCredentials() throws Exception {
        replica = new FakeReplica();
        Future<Boolean> clientClosedSilently = script.submit(() -> {
            replica.accept();
            replica.send(new WireMessage.Challenge(WireProtocol.PROTOCOL_VERSION + 1, WireProtocol.newNonce()));
            return replica.clientClosed();
        });
        assertThatThrownBy(() -> connect(ALICE, TIMEOUT))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("08P01"));
        assertThat(clientClosedSilently.get(5, TimeUnit.SECONDS)).as("closed without sending a hello").isTrue();
    }

    @Test
    void garbageInsteadOfAChallengeIs08P01() throws IOException {
        replica = new FakeReplica();
        script.submit(() -> {
            replica.accept();
            replica.sendRaw(new byte[] {0, 0, 0, 3, 1, 2, 3});
            return null;
        });
        assertThatThrownBy(() -> connect(ALICE, TIMEOUT))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("08P01"));
    }

    @Test
    void aRefusalCarriesTheReplicasSqlState() throws IOException {
        replica = new FakeReplica();
        script.submit(() -> {
            replica.accept();
            replica.send(new WireMessage.Challenge(WireProtocol.PROTOCOL_VERSION, WireProtocol.newNonce()));
            replica.receive();
            replica.send(new WireMessage.Refused("28P01", "password authentication failed for user \"alice\""));
            return null;
        });
        assertThatThrownBy(() -> connect(ALICE, TIMEOUT))
                .isInstanceOf(SQLInvalidAuthorizationSpecException.class)
                .hasMessageContaining("password authentication failed")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28P01"));
    }

    @Test
    void theClusterSecretIsProvenNotSent() throws Exception {
        byte[] secret = "a-cluster-secret-of-32-bytes-...".getBytes(StandardCharsets.US_ASCII);
        byte[] nonce = WireProtocol.newNonce();
        replica = new FakeReplica();
        Future<WireMessage.Hello> hello = script.submit(() -> replica.handshake(nonce));
        connection = ReplicaConnection.connect("127.0.0.1", replica.port(), new Credentials.ClusterSecret(secret), 5, TIMEOUT, recorder);
        WireMessage.Hello sent = hello.get(5, TimeUnit.SECONDS);
        assertThat(sent.password()).isNull();
        assertThat(sent.secretProof()).isEqualTo(WireProtocol.secretProof(secret, nonce, 5));
        assertThat(connection.nodeId()).isEqualTo(7);
    }

    @Test
    void repliesAreMatchedByCorrelationEvenOutOfOrder() throws Exception {
        connected();
        // The replica collects two status requests and answers them in reverse order.
        Future<?> answers = script.submit(() -> {
            WireMessage.StatusRequest first = (WireMessage.StatusRequest) replica.receive();
            WireMessage.StatusRequest second = (WireMessage.StatusRequest) replica.receive();
            replica.send(new WireMessage.StatusReply(second.correlation(), ("{\"n\":" + second.correlation() + "}").getBytes(StandardCharsets.UTF_8)));
            replica.send(new WireMessage.StatusReply(first.correlation(), ("{\"n\":" + first.correlation() + "}").getBytes(StandardCharsets.UTF_8)));
            return null;
        });
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch firstSent = new CountDownLatch(1);
            Future<String> a = callers.submit(() -> { firstSent.countDown(); return connection.status(TIMEOUT); });
            firstSent.await();
            Thread.sleep(50); // let the first request leave before the second
            Future<String> b = callers.submit(() -> connection.status(TIMEOUT));
            String ra = a.get(5, TimeUnit.SECONDS);
            String rb = b.get(5, TimeUnit.SECONDS);
            answers.get(5, TimeUnit.SECONDS);
            assertThat(ra).isNotEqualTo(rb);
            assertThat(List.of(ra, rb)).containsExactlyInAnyOrder("{\"n\":1}", "{\"n\":2}");
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aRequestWithoutAnswerTimesOutWith08006AndALateReplyIsIgnored() throws Exception {
        connected();
        long start = System.nanoTime();
        assertThatThrownBy(() -> connection.status(Duration.ofMillis(200)))
                .isInstanceOfSatisfying(SQLTimeoutException.class, e -> assertThat(e.getSQLState()).isEqualTo("08006"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        // The late reply to request 1 must not be taken as the answer to request 2.
        Future<?> answers = script.submit(() -> {
            WireMessage.StatusRequest late = (WireMessage.StatusRequest) replica.receive();
            WireMessage.StatusRequest next = (WireMessage.StatusRequest) replica.receive();
            replica.send(new WireMessage.StatusReply(late.correlation(), "late".getBytes(StandardCharsets.UTF_8)));
            replica.send(new WireMessage.StatusReply(next.correlation(), "fresh".getBytes(StandardCharsets.UTF_8)));
            return null;
        });
        assertThat(connection.status(TIMEOUT)).isEqualTo("fresh");
        answers.get(5, TimeUnit.SECONDS);
        assertThat(connection.isOpen()).isTrue();
    }

    @Test
    void aFailedRequestCarriesTheReplicasSqlState() throws Exception {
        connected();
        script.submit(() -> {
            WireMessage.SnapshotManifestRequest r = (WireMessage.SnapshotManifestRequest) replica.receive();
            replica.send(new WireMessage.RequestFailed(r.correlation(), "42501", "user \"alice\" may not fetch snapshots"));
            return null;
        });
        assertThatThrownBy(() -> connection.snapshotManifest(TIMEOUT))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"))
                .hasMessageContaining("may not fetch snapshots");
    }

    @Test
    void resultsAndNotLeaderNoticesReachTheListenerInOrder() throws Exception {
        connected();
        script.submit(() -> {
            for (int seq = 1; seq <= 100; seq++) replica.send(new WireMessage.Result(99, seq, seq, new byte[] {(byte) seq}));
            replica.send(new WireMessage.NotLeader(101, 2));
            return null;
        }).get(5, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (recorder.notLeaders.isEmpty() && System.nanoTime() < deadline) Thread.sleep(5);
        assertThat(recorder.results).extracting(WireMessage.Result::sequence).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, 100).boxed().toList());
        assertThat(recorder.notLeaders).containsExactly(new WireMessage.NotLeader(101, 2));
    }

    @Test
    void submitsArriveInOrder() throws Exception {
        connected();
        for (int seq = 1; seq <= 50; seq++) connection.submit(seq, new byte[] {(byte) seq});
        for (int seq = 1; seq <= 50; seq++) {
            WireMessage.Submit s = (WireMessage.Submit) replica.receive();
            assertThat(s.sequence()).isEqualTo(seq);
            assertThat(s.payload()).containsExactly((byte) seq);
        }
    }

    @Test
    void losingTheReplicaFailsOutstandingRequestsAndTellsTheListener() throws Exception {
        connected();
        script.submit(() -> {
            replica.receive();
            replica.dropConnection();
            return null;
        });
        assertThatThrownBy(() -> connection.status(TIMEOUT))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isIn("08003", "08006"));
        SQLException cause = recorder.closed.get(5, TimeUnit.SECONDS);
        assertThat((Object) cause).isNotNull();
        assertThat(cause.getSQLState()).isEqualTo("08006");
        assertThat(connection.isOpen()).isFalse();
        assertThatThrownBy(() -> connection.submit(1, new byte[1]))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("08003"));
    }

    @Test
    void closeEndsTheConnectionQuietly() throws Exception {
        connected();
        connection.close();
        assertThat((Object) recorder.closed.get(5, TimeUnit.SECONDS)).as("no cause after close()").isNull();
        assertThat(replica.clientClosed()).isTrue();
        assertThatThrownBy(() -> connection.status(TIMEOUT))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("08003"));
        connection.close(); // idempotent
        assertThat(recorder.fromListenerThread.get()).isNull();
    }

    @Test
    void aRequestFromTheListenerThreadIsRefusedRatherThanDeadlocking() throws Exception {
        replica = new FakeReplica();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        CountDownLatch called = new CountDownLatch(1);
        ReplicaConnection.Listener blocking = (from, result) -> {
            try {
                from.status(TIMEOUT);
            } catch (Throwable t) {
                thrown.set(t);
            }
            called.countDown();
        };
        script.submit(() -> replica.handshake(WireProtocol.newNonce()));
        connection = ReplicaConnection.connect("127.0.0.1", replica.port(), ALICE, 99, TIMEOUT, blocking);
        script.submit(() -> { replica.send(new WireMessage.Result(99, 1, 0, new byte[0])); return null; });
        assertThat(called.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(thrown.get()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aMalformedFrameAfterTheWelcomeClosesWith08P01() throws Exception {
        connected();
        script.submit(() -> { replica.sendRaw(new byte[] {0, 0, 0, 2, (byte) 0xEE, 0}); return null; });
        SQLException cause = recorder.closed.get(5, TimeUnit.SECONDS);
        assertThat(cause.getSQLState()).isEqualTo("08P01");
    }
}
