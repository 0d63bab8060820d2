package paxosql.replica.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientServerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Credentials ALICE = new Credentials.Password("alice", "alice-pw");
    private static final Credentials ADMIN = new Credentials.Password("admin", "admin-pw");

    private final FakeClientService service = new FakeClientService();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private ClusterLayout layout;
    private ClientServer server;

    /** Collects what a connection's listener saw. */
    static final class Inbox implements ReplicaConnection.Listener {
        final List<WireMessage.Result> results = new CopyOnWriteArrayList<>();
        final List<WireMessage.NotLeader> notLeaders = new CopyOnWriteArrayList<>();
        final CompletableFuture<SQLException> closed = new CompletableFuture<>();

        @Override
        public void onResult(ReplicaConnection from, WireMessage.Result result) { results.add(result); }

        @Override
        public void onNotLeader(ReplicaConnection from, WireMessage.NotLeader notLeader) { notLeaders.add(notLeader); }

        @Override
        public void onClosed(ReplicaConnection from, SQLException cause) { closed.complete(cause); }

        List<Long> sequences() { return results.stream().map(WireMessage.Result::sequence).toList(); }
    }

    @BeforeEach
    void startServer() {
        layout = ServerFixture.layoutOnFreePorts();
        server = start(ClientServer.Options.defaults().withHandshakeTimeout(Duration.ofSeconds(2)));
    }

    private ClientServer start(ClientServer.Options options) {
        ClientServer s = new ClientServer(layout, ServerFixture.SELF, ServerFixture.SECRET, service, options);
        toClose.add(s);
        s.start();
        return s;
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) toClose.get(i).close();
    }

    private HostPort address() { return server.address(); }

    private ReplicaConnection connect(Credentials credentials, long clientId, Inbox inbox) throws SQLException {
        ReplicaConnection c = ReplicaConnection.connect(address().host(), address().port(), credentials, clientId, TIMEOUT, inbox);
        toClose.add(c);
        return c;
    }

    private RawClient raw() throws IOException {
        RawClient c = RawClient.connect(address());
        toClose.add(c);
        return c;
    }

    // ---------------------------------------------------------------- handshake

    @Test
    void aUserWithTheRightPasswordIsWelcomedWithTheMembersAndLeader() throws SQLException {
        ReplicaConnection c = connect(ALICE, 10, new Inbox());
        WireMessage.Welcome w = c.welcome();
        assertThat(w.nodeId()).isEqualTo(1);
        assertThat(w.leaderId()).isEqualTo(2);
        assertThat(w.members()).extracting(WireMessage.MemberAddress::nodeId, WireMessage.MemberAddress::role, WireMessage.MemberAddress::port)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, "voter", layout.addressesOf(1).client().port()),
                        org.assertj.core.groups.Tuple.tuple(2, "voter", layout.addressesOf(2).client().port()),
                        org.assertj.core.groups.Tuple.tuple(3, "witness", layout.addressesOf(3).client().port()));
        assertThat(server.connectionsOf(10)).isEqualTo(1);
    }

    @Test
    void aWrongPasswordIsRefusedWith28P01() {
        assertThatThrownBy(() -> connect(new Credentials.Password("alice", "nope"), 10, new Inbox()))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
        assertThatThrownBy(() -> connect(new Credentials.Password("mallory", "alice-pw"), 10, new Inbox()))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
        assertThat(server.connectionsOf(10)).isZero();
    }

    @Test
    void anUnsupportedProtocolVersionIsRefusedWith08P01() throws IOException {
        RawClient c = raw();
        c.readChallenge();
        c.send(new WireMessage.Hello(WireProtocol.PROTOCOL_VERSION + 1, 10, "alice", "alice-pw", null));
        WireMessage.Refused refused = c.readRefusal();
        assertThat(refused.sqlState()).isEqualTo("08P01");
        assertThat(refused.message()).contains("version " + (WireProtocol.PROTOCOL_VERSION + 1));
        assertThat(c.closedByServer()).isTrue();
        assertThat(service.authentications.get()).as("credentials of another version are not even checked").isZero();
    }

    @Test
    void theClusterSecretOpensAnAdminSessionAndABadProofIsRefused() throws SQLException {
        ReplicaConnection admin = connect(new Credentials.ClusterSecret(ServerFixture.SECRET), 77, new Inbox());
        assertThat(admin.status(TIMEOUT)).contains("\"node\":1");
        assertThat(server.connectionsOf(77)).as("secret sessions receive no results").isZero();
        assertThatThrownBy(() -> admin.read(new byte[] {1}, 0, TIMEOUT))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));

        byte[] wrong = ServerFixture.SECRET.clone();
        wrong[0] ^= 1;
        assertThatThrownBy(() -> connect(new Credentials.ClusterSecret(wrong), 78, new Inbox()))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28000"));
    }

    @Test
    void aProofReplayedOnAnotherConnectionIsRefused() throws IOException {
        RawClient first = raw();
        WireMessage.Challenge challenge = first.readChallenge();
        byte[] proof = WireProtocol.secretProof(ServerFixture.SECRET, challenge.nonce(), 5);
        first.send(WireMessage.Hello.secret(5, proof));
        assertThat(first.receive()).isInstanceOf(WireMessage.Welcome.class);

        RawClient replay = raw();
        replay.readChallenge(); // a fresh nonce: the old proof does not match it
        replay.send(WireMessage.Hello.secret(5, proof));
        assertThat(replay.readRefusal().sqlState()).isEqualTo("28000");
    }

    @Test
    void aServerWithoutSecretRefusesSecretSessions() throws Exception {
        server.close();
        ClientServer noSecret = new ClientServer(layout, ServerFixture.SELF, null, service, ClientServer.Options.defaults());
        toClose.add(noSecret);
        noSecret.start();
        assertThatThrownBy(() -> connect(new Credentials.ClusterSecret(ServerFixture.SECRET), 1, new Inbox()))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28000"));
    }

    @Test
    void noProtocolMessageIsAcceptedBeforeTheHello() throws IOException {
        RawClient c = raw();
        c.readChallenge();
        c.send(new WireMessage.Submit(1, "DROP TABLE t".getBytes(StandardCharsets.UTF_8)));
        assertThat(c.readRefusal().sqlState()).isEqualTo("08P01");
        assertThat(c.closedByServer()).isTrue();

        RawClient d = raw();
        d.send(new WireMessage.StatusRequest(1)); // without even reading the challenge
        assertThat(d.readRefusal().sqlState()).isEqualTo("08P01");
        assertThat(service.submits).isEmpty();
    }

    @Test
    void noProtocolMessageIsAcceptedWhileTheHelloIsBeingChecked() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        service.authenticationGate = gate; // the right password, but its check is still running
        RawClient c = raw();
        c.readChallenge();
        c.sendRaw(concat(RawClient.frame(WireMessage.Hello.password(10, "alice", "alice-pw")),
                RawClient.frame(new WireMessage.Submit(1, new byte[] {1}))));
        WireMessage.Refused refused = c.readRefusal();
        gate.countDown();
        assertThat(refused.sqlState()).isEqualTo("08P01");
        assertThat(refused.message()).contains("before being welcomed");
        assertThat(c.closedByServer()).isTrue();
        awaitTrue("the password check finished", () -> service.authentications.get() == 1);
        Thread.sleep(100); // give a wrong welcome a chance to show
        assertThat(service.submits).isEmpty();
        assertThat(server.connectionsOf(10)).isZero();
    }

    @Test
    void aClientIdHeldByAnotherUserIsRefused() throws SQLException {
        connect(ALICE, 10, new Inbox());
        assertThatThrownBy(() -> connect(new Credentials.Password("bob", "bob-pw"), 10, new Inbox()))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("08004"));
        connect(ALICE, 10, new Inbox()); // the same user may connect again
        assertThat(server.connectionsOf(10)).isEqualTo(2);
    }

    @Test
    void aHandshakeThatNeverCompletesIsClosedAfterTheTimeout() throws Exception {
        server.close();
        server = start(ClientServer.Options.defaults().withHandshakeTimeout(Duration.ofMillis(200)));
        RawClient idle = raw();
        idle.readChallenge();
        long start = System.nanoTime();
        assertThat(idle.closedByServer()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        awaitTrue("no connection left", () -> server.stats().openConnections() == 0 && server.stats().handshaking() == 0);
    }

    @Test
    void connectionsBeyondTheUnauthenticatedCapAreRefusedAndTheCapFreesUp() throws Exception {
        server.close();
        server = start(ClientServer.Options.defaults().withConnectionLimits(4, 100));
        List<RawClient> idle = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            RawClient c = raw();
            c.readChallenge();
            idle.add(c);
        }
        RawClient fifth = raw();
        WireMessage.Refused refused = fifth.readRefusal();
        assertThat(refused.sqlState()).isEqualTo("08004");
        assertThat(fifth.closedByServer()).isTrue();
        // Welcomed connections do not count against the handshake cap.
        for (RawClient c : idle) c.close();
        awaitTrue("handshake slots are free", () -> server.stats().handshaking() == 0);
        for (int i = 0; i < 6; i++) connect(ALICE, 100 + i, new Inbox());
        assertThat(server.stats().openConnections()).isEqualTo(6);
    }

    // ---------------------------------------------------------------- commands and results

    @Test
    void aSubmitReachesTheServiceWithClientIdAndUserOnAnIoThread() throws Exception {
        ReplicaConnection c = connect(ALICE, 10, new Inbox());
        c.submit(1, new byte[] {1, 2, 3});
        awaitTrue("submit arrived", () -> !service.submits.isEmpty());
        FakeClientService.Submitted s = service.submits.peek();
        assertThat(s.clientId()).isEqualTo(10);
        assertThat(s.user()).isEqualTo("alice");
        assertThat(s.sequence()).isEqualTo(1);
        assertThat(s.payload()).containsExactly(1, 2, 3);
        assertThat(s.thread()).startsWith("paxosql-client-io-n1");
    }

    @Test
    void aResultGoesToEveryConnectionOfItsClientAndNoOther() throws Exception {
        Inbox a1 = new Inbox();
        Inbox a2 = new Inbox();
        Inbox b = new Inbox();
        connect(ALICE, 10, a1);
        connect(ALICE, 10, a2);
        connect(new Credentials.Password("bob", "bob-pw"), 20, b);
        server.deliver(10, 1, 0, new byte[] {42});
        server.deliver(30, 1, 0, new byte[] {99}); // a client with no connection here: nothing happens
        server.deliver(20, 7, 0, new byte[] {7});
        awaitTrue("both of client 10's connections got its result", () -> a1.results.size() == 1 && a2.results.size() == 1);
        awaitTrue("client 20 got its own result", () -> b.results.size() == 1);
        for (Inbox inbox : List.of(a1, a2)) {
            WireMessage.Result r = inbox.results.get(0);
            assertThat(r.clientId()).isEqualTo(10);
            assertThat(r.sequence()).isEqualTo(1);
            assertThat(r.payload()).containsExactly(42);
        }
        // Results are written in order per connection, so b's own result coming last proves it got no other.
        assertThat(b.sequences()).containsExactly(7L);
        assertThat(b.results.get(0).clientId()).isEqualTo(20);
        assertThat(server.stats().resultsSent()).isEqualTo(3);
    }

    @Test
    void aClosedConnectionStopsReceivingAndTheSessionIsReportedClosedWithItsLastConnection() throws Exception {
        Inbox first = new Inbox();
        Inbox second = new Inbox();
        ReplicaConnection one = connect(ALICE, 10, first);
        ReplicaConnection two = connect(ALICE, 10, second);
        one.close();
        awaitTrue("the server dropped the closed connection", () -> server.connectionsOf(10) == 1);
        assertThat(service.closedSessions).isEmpty();
        server.deliver(10, 5, 0, new byte[] {5});
        awaitTrue("the open connection got it", () -> second.results.size() == 1);
        assertThat(first.results).isEmpty();
        two.close();
        awaitTrue("session closed on this node", () -> service.closedSessions.contains(10L));
        assertThat(server.connectionsOf(10)).isZero();
    }

    @Test
    void notLeaderReachesTheClient() throws Exception {
        Inbox inbox = new Inbox();
        connect(ALICE, 10, inbox);
        server.notLeader(10, 4, 2);
        awaitTrue("notice arrived", () -> !inbox.notLeaders.isEmpty());
        assertThat(inbox.notLeaders).containsExactly(new WireMessage.NotLeader(4, 2));
    }

    @Test
    void aClusterSecretSessionCannotSubmit() throws IOException {
        RawClient c = raw();
        WireMessage.Challenge challenge = c.readChallenge();
        c.send(WireMessage.Hello.secret(5, WireProtocol.secretProof(ServerFixture.SECRET, challenge.nonce(), 5)));
        assertThat(c.receive()).isInstanceOf(WireMessage.Welcome.class);
        c.send(new WireMessage.Submit(1, new byte[] {1}));
        assertThat(c.readRefusal().sqlState()).isEqualTo("08P01");
        assertThat(service.submits).isEmpty();
    }

    // ---------------------------------------------------------------- requests with replies

    @Test
    void concurrentReadsEachGetTheirOwnAnswer() throws Exception {
        // The service answers out of order, after random delays.
        ExecutorService delays = Executors.newFixedThreadPool(4);
        service.reads = call -> CompletableFuture.supplyAsync(() -> {
            sleep(ThreadLocalRandom.current().nextInt(20));
            return new ClientService.ReadReply(call.minApplied() * 10, call.payload());
        }, delays);
        ReplicaConnection c = connect(ALICE, 10, new Inbox());
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> checks = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                checks.add(callers.submit(() -> {
                    byte[] payload = ByteBuffer.allocate(4).putInt(n).array();
                    WireMessage.ReadResult r = c.read(payload, n, TIMEOUT);
                    return Arrays.equals(r.payload(), payload) && r.applied() == n * 10L;
                }));
            }
            for (Future<Boolean> check : checks) assertThat(check.get(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            callers.shutdownNow();
            delays.shutdownNow();
        }
    }

    @Test
    void aFailedReadCarriesItsSqlState() throws SQLException {
        service.reads = call -> CompletableFuture.failedFuture(new SQLException("Table \"NOPE\" not found", "42S02"));
        ReplicaConnection c = connect(ALICE, 10, new Inbox());
        assertThatThrownBy(() -> c.read(new byte[] {1}, 0, TIMEOUT))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42S02"))
                .hasMessageContaining("NOPE");
        assertThat(c.isOpen()).isTrue();
    }

    @Test
    void aReadThatNeverCompletesTimesOutOnTheClientWith08006() throws SQLException {
        service.reads = call -> new CompletableFuture<>(); // waits forever for minApplied
        ReplicaConnection c = connect(ALICE, 10, new Inbox());
        long start = System.nanoTime();
        assertThatThrownBy(() -> c.read(new byte[] {1}, Long.MAX_VALUE, Duration.ofMillis(200)))
                .isInstanceOfSatisfying(SQLTimeoutException.class, e -> assertThat(e.getSQLState()).isEqualTo("08006"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void requestsBeyondTheInFlightCapAreRefusedNotQueued() throws Exception {
        server.close();
        server = start(ClientServer.Options.defaults().withMaxRequestsInFlight(2));
        CompletableFuture<ClientService.ReadReply> never = new CompletableFuture<>();
        AtomicInteger started = new AtomicInteger();
        service.reads = call -> {
            started.incrementAndGet();
            return never;
        };
        ReplicaConnection c = connect(ALICE, 10, new Inbox());
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            callers.submit(() -> c.read(new byte[] {1}, 0, TIMEOUT));
            callers.submit(() -> c.read(new byte[] {2}, 0, TIMEOUT));
            awaitTrue("two reads in flight", () -> started.get() == 2);
            assertThatThrownBy(() -> c.read(new byte[] {3}, 0, TIMEOUT))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("53000"));
            never.complete(new ClientService.ReadReply(1, new byte[0]));
            awaitTrue("slots free again", () -> {
                try {
                    return c.read(new byte[] {4}, 0, TIMEOUT).applied() == 1;
                } catch (SQLException e) {
                    return false;
                }
            });
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void snapshotsAreForAdminsAndClusterSecretSessionsOnly() throws SQLException {
        byte[] part = new byte[10_000];
        ThreadLocalRandom.current().nextBytes(part);
        service.snapshot = Optional.of(new ClientService.SnapshotSource() {
            @Override public long instance() { return 500; }
            @Override public byte[] manifest() { return "parts: p1".getBytes(StandardCharsets.UTF_8); }
            @Override public byte[] chunk(String name, long offset, int max) {
                if (!name.equals("p1")) throw new IllegalArgumentException("no part " + name);
                int from = (int) Math.min(offset, part.length);
                return Arrays.copyOfRange(part, from, Math.min(part.length, from + max));
            }
        });
        ReplicaConnection alice = connect(ALICE, 10, new Inbox());
        assertThatThrownBy(() -> alice.snapshotManifest(TIMEOUT))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
        assertThatThrownBy(() -> alice.snapshotChunk(500, "p1", 0, 100, TIMEOUT))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));

        for (ReplicaConnection c : List.of(connect(ADMIN, 11, new Inbox()),
                connect(new Credentials.ClusterSecret(ServerFixture.SECRET), 12, new Inbox()))) {
            WireMessage.SnapshotManifest m = c.snapshotManifest(TIMEOUT);
            assertThat(m.instance()).isEqualTo(500);
            assertThat(new String(m.manifest(), StandardCharsets.UTF_8)).isEqualTo("parts: p1");
            // Fetch the part in chunks of 4096: the last one is short and says so.
            ByteArrayOutputStream fetched = new ByteArrayOutputStream();
            WireMessage.SnapshotChunk chunk;
            do {
                chunk = c.snapshotChunk(500, "p1", fetched.size(), 4096, TIMEOUT);
                fetched.writeBytes(chunk.bytes());
            } while (!chunk.last());
            assertThat(fetched.toByteArray()).isEqualTo(part);
            assertThatThrownBy(() -> c.snapshotChunk(499, "p1", 0, 10, TIMEOUT))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("55000"));
            assertThatThrownBy(() -> c.snapshotChunk(500, "nope", 0, 10, TIMEOUT))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("22023"));
        }
    }

    @Test
    void anAnswerTooLargeForTheWireFailsTheRequestNotTheConnection() throws SQLException {
        service.status = new byte[paxosql.driver.protocol.PayloadCodec.MAX_PAYLOAD_BYTES + 1];
        ReplicaConnection c = connect(ALICE, 10, new Inbox());
        assertThatThrownBy(() -> c.status(TIMEOUT))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("54000"));
        service.status = "{}".getBytes(StandardCharsets.UTF_8);
        assertThat(c.status(TIMEOUT)).isEqualTo("{}");
    }

    @Test
    void aReplicaWithoutSnapshotSaysSo() throws SQLException {
        ReplicaConnection admin = connect(ADMIN, 11, new Inbox());
        assertThatThrownBy(() -> admin.snapshotManifest(TIMEOUT))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("55000"));
    }

    // ---------------------------------------------------------------- failures stay local

    @Test
    void anOversizedFrameClosesOnlyItsConnection() throws Exception {
        Inbox inbox = new Inbox();
        ReplicaConnection good = connect(ALICE, 10, inbox);

        RawClient before = raw(); // unauthenticated: a 5 KB frame is already too big
        before.readChallenge();
        before.sendRaw(ByteBuffer.allocate(8).putInt(WireProtocol.MAX_UNAUTHENTICATED_FRAME_BYTES + 1).putInt(0).array());
        assertThat(before.readRefusal().sqlState()).isEqualTo("08P01");
        assertThat(before.closedByServer()).isTrue();

        RawClient after = raw(); // welcomed: more than the frame limit is refused from the length alone
        after.handshake(20, "bob", "bob-pw");
        after.sendRaw(ByteBuffer.allocate(8).putInt(WireProtocol.MAX_FRAME_BYTES + 1).putInt(0).array());
        assertThat(after.readRefusal().message()).contains("exceeds the limit");
        assertThat(after.closedByServer()).isTrue();

        assertThat(good.status(TIMEOUT)).contains("node");
        server.deliver(10, 1, 0, new byte[] {1});
        awaitTrue("the good connection still gets results", () -> inbox.results.size() == 1);
        assertThat(server.stats().closedMalformed()).isEqualTo(2);
    }

    @Test
    void closeReleasesThePortAtOnce() throws Exception {
        Inbox inbox = new Inbox();
        connect(ALICE, 10, inbox);
        server.close();
        assertThat(inbox.closed.get(5, TimeUnit.SECONDS).getSQLState()).isEqualTo("08006");
        ClientServer again = start(ClientServer.Options.defaults()); // the same address, right away
        assertThat(again.address()).isEqualTo(server.address());
        connect(ALICE, 10, new Inbox());
        assertThat(again.connectionsOf(10)).isEqualTo(1);
    }

    @Test
    void aServerCannotBeStartedTwice() {
        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
    }

    // ---------------------------------------------------------------- helpers

    static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not true within 10 s: " + what);
            sleep(5);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
