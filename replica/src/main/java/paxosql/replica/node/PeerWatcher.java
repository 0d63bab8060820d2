package paxosql.replica.node;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paxosql.consensus.core.Member;
import paxosql.consensus.core.Role;
import paxosql.driver.wire.ReplicaConnection;
import paxosql.driver.wire.TlsSettings;
import paxosql.replica.config.ClusterConfig;

import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Divergence detection across replicas: every few seconds asks each full peer for its
 * status (over the peer's client port, authenticated with the cluster secret) and hands
 * the state checksum it reports, with its instance, to the {@link DivergenceDetector}.
 * Checksums are compared only at equal instances: the snapshot instances every replica
 * shares, and the applied instance on a quiet group.
 */
final class PeerWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerWatcher.class);
    private static final Duration PERIOD = Duration.ofSeconds(2);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final int self;
    private final ClusterConfig config;
    private final TlsSettings tls;
    private final PeerClientPort port;
    private final DivergenceDetector divergence;
    private final Map<Integer, ReplicaConnection> connections = new HashMap<>();
    /** Peers whose status was read at least once (logged the first time). */
    private final java.util.Set<Integer> reached = new java.util.HashSet<>();
    private final Thread thread;
    private final CountDownLatch stop = new CountDownLatch(1);

    /** @param tls TLS to the peers' client ports, or null when the group uses none */
    PeerWatcher(int self, ClusterConfig config, byte[] secret, TlsSettings tls, DivergenceDetector divergence) {
        this.self = self;
        this.config = config;
        this.tls = tls;
        this.port = new PeerClientPort(config, secret, tls);
        this.divergence = divergence;
        this.thread = new Thread(this::run, "paxosql-peers-" + self);
        thread.setDaemon(true);
    }

    void start() { thread.start(); }

    private void run() {
        try {
            while (!stop.await(PERIOD.toMillis(), TimeUnit.MILLISECONDS)) {
                for (Member m : config.group().members()) {
                    if (m.id() == self || m.role() == Role.WITNESS) continue;
                    poll(m.id());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            connections.values().forEach(ReplicaConnection::close);
        }
    }

    private void poll(int peer) {
        try {
            ReplicaConnection c = connections.get(peer);
            if (c == null || !c.isOpen()) {
                c = port.connect(peer, TIMEOUT);
                connections.put(peer, c);
            }
            NodeStatus s = NodeStatus.parse(c.status(TIMEOUT));
            if (reached.add(peer)) {
                LOG.info("node {}: comparing state checksums with node {} through its client port ({})", self, peer,
                        c.isTls() ? "TLS" : "plaintext");
            }
            divergence.comparePeer(peer, s.checksumInstance(), s.checksum());
            divergence.comparePeerHistory(peer, s.checksumHistory());
        } catch (SQLException | RuntimeException e) {
            LOG.debug("node {}: no status from node {}: {}", self, peer, e.getMessage());
            ReplicaConnection c = connections.remove(peer);
            if (c != null) c.close();
        }
    }

    @Override
    public void close() {
        stop.countDown();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
