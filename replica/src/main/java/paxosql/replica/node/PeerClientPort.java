package paxosql.replica.node;

import paxosql.driver.wire.Credentials;
import paxosql.driver.wire.ReplicaConnection;
import paxosql.driver.wire.TlsSettings;
import paxosql.consensus.transport.HostPort;
import paxosql.replica.config.ClusterConfig;

import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;

/**
 * How a node reaches another node's client port (checksum catch-up, divergence checks):
 * authenticated with the cluster secret, with TLS when the group uses it, under a fresh
 * client id, ignoring command results (these connections run no commands).
 */
final class PeerClientPort {
    private static final SecureRandom IDS = new SecureRandom();

    private final ClusterConfig config;
    private final byte[] secret;
    private final TlsSettings tls;

    PeerClientPort(ClusterConfig config, byte[] secret, TlsSettings tls) {
        this.config = config;
        this.secret = secret;
        this.tls = tls;
    }

    ReplicaConnection connect(int peer, Duration timeout) throws SQLException {
        HostPort a = config.layout().addressesOf(peer).client();
        return ReplicaConnection.connect(a.host(), a.port(), new Credentials.ClusterSecret(secret), tls,
                IDS.nextLong() & Long.MAX_VALUE, timeout, (from, result) -> { });
    }
}
