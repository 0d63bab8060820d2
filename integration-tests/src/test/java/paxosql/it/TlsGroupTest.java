package paxosql.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import paxosql.consensus.core.CommitMode;
import paxosql.driver.client.GroupClient;
import paxosql.driver.protocol.ExecResult;
import paxosql.driver.protocol.SqlValue;
import paxosql.driver.wire.TestCertificates;
import paxosql.driver.wire.TlsSettings;
import paxosql.replica.local.LocalCluster;
import paxosql.replica.node.NodeStatus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A real 3-process group whose client ports speak TLS only (a PKCS12 key store made by
 * keytool for this run, naming 127.0.0.1): clients and operator commands connect with TLS
 * and a trust store, plaintext ones are refused, and the nodes' own connections to each
 * other's client ports (divergence checks, checksum catch-up) use TLS too.
 */
class TlsGroupTest extends GroupTest {

    @Test
    void aTlsGroupServesTlsClientsOnlyAndItsNodesTalkTlsToEachOther() throws Exception {
        Path tls = Files.createDirectories(dir.resolve("tls"));
        Path keyStore = TestCertificates.keyStore(tls, "node", "ip:127.0.0.1,dns:localhost");
        Path cert = TestCertificates.pem(keyStore, "node");
        Path passwordFile = Files.writeString(tls.resolve("password"), TestCertificates.PASSWORD + "\n");

        cluster = new LocalCluster(dir.resolve("group"));
        cluster.start(3, false, 0, CommitMode.SIMPLIFIED, List.of("--tls-keystore", keyStore.toString(),
                "--tls-keystore-password-file", passwordFile.toString(), "--snapshot-every", "50"));
        cluster.awaitLeader(Duration.ofSeconds(60));
        String url = cluster.jdbcUrl();
        GroupClient.Options overTls = GroupClient.Options.defaults().withTls(TlsSettings.trustStore(cert, null));

        try (GroupClient c = GroupClient.connect(cluster.clientAddresses(), "sa", "", overTls)) {
            assertThat(c.connectedReplicas()).isEqualTo(3);
            c.execute("CREATE TABLE t(id INT PRIMARY KEY, v VARCHAR)");
            for (int i = 1; i <= 20; i++) c.execute("INSERT INTO t VALUES (?, ?)", SqlValue.of(i), SqlValue.of("v" + i));
            assertThat(c.execute("SELECT COUNT(*) FROM t")).isInstanceOfSatisfying(ExecResult.Rows.class,
                    rows -> assertThat(rows.rows().get(0).get(0)).isEqualTo(SqlValue.of(20L)));

            GroupClient.Options plaintext = new GroupClient.Options(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMillis(500));
            assertThatThrownBy(() -> GroupClient.connect(cluster.clientAddresses(), "sa", "", plaintext))
                    .as("a plaintext client").isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("08001"));

            // Checksum catch-up over TLS: a node stopped while its peers snapshot and truncate past it.
            int behind = cluster.awaitLeader(Duration.ofSeconds(10)) == 3 ? 2 : 3;
            cluster.signal(behind, "KILL");
            for (int i = 21; i <= 170; i++) c.execute("INSERT INTO t VALUES (?, ?)", SqlValue.of(i), SqlValue.of("v" + i));
            awaitSnapshotsBut(behind, 150);
            cluster.launch(behind);
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            String catchUp = "";
            while (System.nanoTime() < deadline && catchUp.isEmpty()) {
                catchUp = cluster.status(behind).map(NodeStatus::lastCatchUp).orElse("");
                Thread.sleep(100);
            }
            assertThat(catchUp).as("node " + behind + " caught up from a peer's snapshot over TLS").isNotEmpty();
            c.execute("INSERT INTO t VALUES (1000, 'after')");
        }

        Cli.Run status = Cli.run("status", "--url", url, "--tls-truststore", cert.toString());
        assertThat(status.exit()).as(status.out()).isZero();
        Cli.Run refused = Cli.run("status", "--url", url, "--timeout", "2");
        assertThat(refused.exit()).as("status without TLS: " + refused.out()).isNotZero();
        assertThat(refused.out()).contains("connect with TLS");

        JsonNode settled = Checksums.assertAllEqual(url, 3, "--tls-truststore", cert.toString());
        for (JsonNode m : settled.get("members")) assertThat(m.get("up").asBoolean()).isTrue();

        for (int id = 1; id <= 3; id++) {
            String log = Files.readString(cluster.dir().resolve(id + ".log"), StandardCharsets.UTF_8);
            assertThat(log).as("node " + id + "'s log").contains("clients on 127.0.0.1:").contains("(TLS)")
                    .containsPattern("comparing state checksums with node \\d through its client port \\(TLS\\)")
                    .doesNotContain("TLS handshake failed");
        }
    }

    private void awaitSnapshotsBut(int skip, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (int id = 1; id <= 3; id++) {
                if (id != skip) all &= cluster.status(id).map(s -> s.snapshot() >= atLeast).orElse(false);
            }
            if (all) return;
            Thread.sleep(100);
        }
        throw new AssertionError("snapshots at or past instance " + atLeast + " were not taken in time");
    }
}
