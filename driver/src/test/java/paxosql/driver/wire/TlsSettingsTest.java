package paxosql.driver.wire;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsSettingsTest {
    @TempDir
    static Path dir;
    static Path keys;
    static Path pem;
    static Path trust;

    @BeforeAll
    static void makeCertificates() throws IOException {
        keys = TestCertificates.keyStore(dir, "node", "ip:127.0.0.1");
        pem = TestCertificates.pem(keys, "node");
        trust = TestCertificates.trustStore(pem, "node");
    }

    @Test
    void trustComesFromAPemFileAPkcs12TrustStoreOrAKeyStore() throws IOException {
        assertThat(TlsSettings.trustStore(pem, null).trustDescription()).isEqualTo(pem.toString());
        assertThat(TlsSettings.trustStore(trust, TestCertificates.PASSWORD.toCharArray()).verifiesHostname()).isTrue();
        assertThat(TlsSettings.trustStore(keys, TestCertificates.PASSWORD.toCharArray())).isNotNull();
        assertThat(TlsSettings.jvmDefaultTrust().withoutHostnameVerification().verifiesHostname()).isFalse();
    }

    @Test
    void unusableTrustStoresAreRefusedNamingTheFileAndTheReason() throws IOException {
        Path junk = Files.writeString(dir.resolve("junk.p12"), "not a key store");

        assertThatThrownBy(() -> TlsSettings.trustStore(trust, "wrong".toCharArray()))
                .isInstanceOf(IOException.class).hasMessageContaining(trust.toString()).hasMessageContaining("password is wrong");
        assertThatThrownBy(() -> TlsSettings.trustStore(trust, null))
                .isInstanceOf(IOException.class).hasMessageContaining("holds no certificate that can be read without its password");
        assertThatThrownBy(() -> TlsSettings.trustStore(junk, null))
                .isInstanceOf(IOException.class).hasMessageContaining("is not a PKCS12 or JKS key store");
        assertThatThrownBy(() -> TlsSettings.trustStore(dir.resolve("missing.pem"), null))
                .isInstanceOf(IOException.class).hasMessageContaining("cannot read the trust store");
    }

    @Test
    void aTlsClientAgainstAPlaintextReplicaFailsWith08001SayingSo() throws Exception {
        ExecutorService script = Executors.newSingleThreadExecutor();
        try (FakeReplica replica = new FakeReplica()) {
            script.submit(() -> {
                replica.accept();
                replica.send(new WireMessage.Challenge(WireProtocol.PROTOCOL_VERSION, WireProtocol.newNonce()));
                return replica.clientClosed();
            });
            assertThatThrownBy(() -> ReplicaConnection.connect("127.0.0.1", replica.port(), new Credentials.Password("alice", "pw"),
                    TlsSettings.trustStore(pem, null), 1, Duration.ofSeconds(5), (from, result) -> { }))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("08001"))
                    .hasMessageContaining("TLS handshake with replica at 127.0.0.1:" + replica.port() + " failed")
                    .hasMessageContaining("did not answer with TLS");
        } finally {
            script.shutdownNow();
        }
    }
}
