package paxosql.replica.server;

import paxosql.driver.wire.TestCertificates;

import io.netty.handler.ssl.SslContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import paxosql.consensus.transport.ClusterLayout;
import paxosql.driver.wire.Credentials;
import paxosql.driver.wire.ReplicaConnection;
import paxosql.driver.wire.TlsSettings;
import paxosql.driver.wire.WireMessage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static paxosql.replica.server.ClientServerTest.awaitTrue;

/** The client port with TLS: real server, real driver connection, certificates made by keytool for this run. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientServerTlsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration HANDSHAKE = Duration.ofSeconds(2);
    private static final Credentials ALICE = new Credentials.Password("alice", "alice-pw");
    private static final char[] PASSWORD = TestCertificates.PASSWORD.toCharArray();

    @TempDir
    static Path dir;
    /** Names 127.0.0.1 and localhost. */
    static Path nodeKeys;
    static Path nodeCert;
    /** Another key, also naming 127.0.0.1: trusting it is trusting the wrong server. */
    static Path otherCert;
    /** Names only a DNS name this test never dials. */
    static Path elsewhereKeys;
    static Path elsewhereCert;

    private final FakeClientService service = new FakeClientService();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final ClusterLayout layout = ServerFixture.layoutOnFreePorts();
    private ClientServer server;

    @BeforeAll
    static void makeCertificates() throws IOException {
        nodeKeys = TestCertificates.keyStore(dir, "node", "ip:127.0.0.1,dns:localhost");
        nodeCert = TestCertificates.pem(nodeKeys, "node");
        otherCert = TestCertificates.pem(TestCertificates.keyStore(dir, "other", "ip:127.0.0.1"), "other");
        elsewhereKeys = TestCertificates.keyStore(dir, "elsewhere", "dns:db.example.invalid");
        elsewhereCert = TestCertificates.pem(elsewhereKeys, "elsewhere");
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) toClose.get(i).close();
    }

    private ClientServer startTls(Path keyStore, ClientServer.Options options) throws IOException {
        SslContext context = ServerTls.fromKeyStore(keyStore, PASSWORD);
        ClientServer s = new ClientServer(layout, ServerFixture.SELF, ServerFixture.SECRET, service, options.withTls(context));
        toClose.add(s);
        s.start();
        server = s;
        return s;
    }

    private ClientServer startTls(Path keyStore) throws IOException {
        return startTls(keyStore, ClientServer.Options.defaults().withHandshakeTimeout(HANDSHAKE));
    }

    private ReplicaConnection connect(Credentials credentials, TlsSettings tls, long clientId, ClientServerTest.Inbox inbox) throws SQLException {
        ReplicaConnection c = ReplicaConnection.connect(server.address().host(), server.address().port(), credentials, tls, clientId,
                TIMEOUT, inbox);
        toClose.add(c);
        return c;
    }

    private static TlsSettings trusting(Path pem) throws IOException {
        return TlsSettings.trustStore(pem, null);
    }

    @Test
    void aClientTrustingTheCertificateIsWelcomedAuthenticatedAndGetsItsResults() throws Exception {
        startTls(nodeKeys);
        ClientServerTest.Inbox inbox = new ClientServerTest.Inbox();
        ReplicaConnection c = connect(ALICE, trusting(nodeCert), 10, inbox);
        assertThat(c.isTls()).isTrue();
        assertThat(c.welcome().nodeId()).isEqualTo(ServerFixture.SELF);
        assertThat(service.authentications.get()).isEqualTo(1);

        c.submit(1, new byte[] {1, 2, 3});
        awaitTrue("the submit arrived", () -> !service.submits.isEmpty());
        assertThat(service.submits.peek().user()).isEqualTo("alice");
        server.deliver(10, 1, 0, new byte[] {42});
        awaitTrue("the result was routed to the TLS connection", () -> inbox.results.size() == 1);
        assertThat(inbox.results.get(0).payload()).containsExactly(42);
        assertThat(c.status(TIMEOUT)).contains("voter");

        ReplicaConnection admin = connect(new Credentials.ClusterSecret(ServerFixture.SECRET), trusting(nodeCert), 11,
                new ClientServerTest.Inbox());
        assertThat(admin.status(TIMEOUT)).as("a cluster-secret session over TLS").contains("voter");
    }

    @Test
    void aPlaintextClientIsRefusedAtTheTlsHandshakeAndTheServerStaysUp() throws Exception {
        startTls(nodeKeys);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try (RawClient raw = RawClient.connect(server.address())) {
            raw.send(WireMessage.Hello.password(10, "alice", "alice-pw"));
            assertThat(raw.closedByServer()).as("a hello in clear ends the connection").isTrue();
            awaitTrue("the failed TLS handshake is counted", () -> server.stats().refused() == 1 && server.stats().openConnections() == 0);
        } finally {
            System.setErr(stderr);
        }
        assertThat(service.authentications.get()).as("nothing the plaintext client sent was read as a frame").isZero();
        String logged = log.toString(StandardCharsets.UTF_8);
        assertThat(logged).contains("TLS handshake failed: the client does not speak TLS")
                .as("the password, in hex or in clear, is not logged")
                .doesNotContain(HexFormat.of().formatHex("alice-pw".getBytes(StandardCharsets.UTF_8))).doesNotContain("alice-pw");

        long start = System.nanoTime();
        assertThatThrownBy(() -> connect(ALICE, null, 10, new ClientServerTest.Inbox()))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("08001"))
                .hasMessageContaining("if its client port requires TLS, connect with TLS");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("refused at the handshake timeout").isLessThan(TIMEOUT);

        ReplicaConnection c = connect(ALICE, trusting(nodeCert), 10, new ClientServerTest.Inbox());
        assertThat(c.isOpen()).as("the server still serves TLS clients").isTrue();
        assertThat(service.authentications.get()).isEqualTo(1);
    }

    @Test
    void aClientLeavingDuringTheTlsHandshakeIsNeitherRefusedNorLogged() throws Exception {
        startTls(nodeKeys);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            try (Socket s = new Socket(server.address().host(), server.address().port())) {
                s.shutdownOutput(); // an orderly close, as a client giving up sends
            }
            awaitTrue("the connection is gone", () -> server.stats().accepted() == 1 && server.stats().openConnections() == 0);
        } finally {
            System.setErr(stderr);
        }
        assertThat(server.stats().refused()).isZero();
        assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain("TLS handshake failed");
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateFailsWith08001() throws Exception {
        startTls(nodeKeys);
        assertThatThrownBy(() -> connect(ALICE, trusting(otherCert), 10, new ClientServerTest.Inbox()))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("08001"))
                .hasMessageContaining("TLS handshake with replica at " + server.address() + " failed")
                .hasMessageContaining("its certificate is not trusted by " + otherCert);
        assertThat(service.authentications.get()).as("no credentials sent").isZero();
        awaitTrue("the server closed its side", () -> server.stats().openConnections() == 0);
        assertThat(connect(ALICE, trusting(nodeCert), 10, new ClientServerTest.Inbox()).isOpen()).isTrue();
    }

    @Test
    void hostnameVerificationRefusesACertificateThatDoesNotNameTheAddress() throws Exception {
        startTls(elsewhereKeys);
        assertThatThrownBy(() -> connect(ALICE, trusting(elsewhereCert), 10, new ClientServerTest.Inbox()))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("08001"))
                .hasMessageContaining("its certificate does not name 127.0.0.1");
        assertThat(service.authentications.get()).isZero();

        ReplicaConnection c = connect(ALICE, trusting(elsewhereCert).withoutHostnameVerification(), 10, new ClientServerTest.Inbox());
        assertThat(c.isOpen()).as("the explicit opt-out accepts the trusted certificate").isTrue();
    }

    @Test
    void tlsHandshakesCountAgainstTheHandshakeLimitAndTimeout() throws Exception {
        startTls(nodeKeys, ClientServer.Options.defaults().withHandshakeTimeout(HANDSHAKE).withConnectionLimits(2, 8));
        RawClient silent1 = RawClient.connect(server.address());
        RawClient silent2 = RawClient.connect(server.address());
        toClose.add(silent1);
        toClose.add(silent2);
        awaitTrue("two connections in the TLS handshake", () -> server.stats().handshaking() == 2);

        assertThatThrownBy(() -> connect(ALICE, trusting(nodeCert), 10, new ClientServerTest.Inbox()))
                .as("a third handshake is over the limit")
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("08001"));

        long start = System.nanoTime();
        assertThat(silent1.closedByServer()).as("a TLS handshake never started is timed out").isTrue();
        assertThat(silent2.closedByServer()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(HANDSHAKE.plusSeconds(2));
        awaitTrue("handshake slots free again", () -> server.stats().handshaking() == 0);
        assertThat(connect(ALICE, trusting(nodeCert), 10, new ClientServerTest.Inbox()).isOpen()).isTrue();
    }
}
