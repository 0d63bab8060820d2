package paxosql.replica.node;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paxosql.consensus.core.Role;
import paxosql.consensus.core.Timing;
import paxosql.consensus.loop.NodeLoop;
import paxosql.consensus.transport.PeerTransport;
import paxosql.replica.config.ClusterConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * One PaxoSQL node, embeddable: {@code paxosql serve} is a thin wrapper around it, and
 * tests or applications that want a replica in their own JVM start it directly.
 *
 * <p>Data directory layout: {@code log/} (the Paxos log, the node's durability),
 * {@code state/} (the state machine's files), {@code status} (what the node reports
 * about itself, for local tools).
 */
public final class ReplicaNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaNode.class);

    /**
     * @param id      this node's member id in {@code config}
     * @param dataDir where the node keeps its log, state and status
     * @param secret  the cluster secret shared by all members (at least 16 bytes)
     */
    public record Options(int id, Path dataDir, byte[] secret, ClusterConfig config, Timing timing) {
        public Options {
            if (!config.layout().isMember(id)) throw new IllegalArgumentException("node " + id + " is not a member of the configuration");
        }
    }

    private final Options options;
    private final StateMachine stateMachine;
    private final NodeLoop loop;
    private final Thread reporter;
    private final CountDownLatch closed = new CountDownLatch(1);

    private ReplicaNode(Options options, StateMachine stateMachine, NodeLoop loop) {
        this.options = options;
        this.stateMachine = stateMachine;
        this.loop = loop;
        this.reporter = new Thread(this::reportStatus, "paxosql-status-" + options.id());
        reporter.setDaemon(true);
    }

    /**
     * Recovers and starts the node.
     *
     * @param stateMachines opens the state machine in a directory (not called for a witness)
     */
    public static ReplicaNode start(Options options, Function<Path, StateMachine> stateMachines) throws IOException {
        Path data = options.dataDir();
        Files.createDirectories(data);
        Role role = options.config().group().roleOf(options.id());
        StateMachine sm = role == Role.WITNESS ? StateMachine.NONE : stateMachines.apply(data.resolve("state"));
        NodeLoop loop;
        try {
            PeerTransport transport = new PeerTransport(options.config().layout(), options.id(), options.secret(),
                    PeerTransport.Options.defaults());
            loop = NodeLoop.start(options.config().group(), options.id(), options.timing(), data.resolve("log"), transport,
                    sm.appliedUpTo(), sm::apply);
        } catch (IOException | RuntimeException e) {
            sm.close();
            throw e;
        }
        ReplicaNode node = new ReplicaNode(options, sm, loop);
        node.reporter.start();
        LOG.info("node {} ({}) started: data {}, commit mode {}, state applied up to {}", options.id(),
                role.name().toLowerCase(), data, options.config().mode().label(), sm.appliedUpTo());
        return node;
    }

    public NodeLoop.Status status() { return loop.status(); }

    public NodeLoop loop() { return loop; }

    private void reportStatus() {
        String role = options.config().group().roleOf(options.id()).name().toLowerCase();
        while (closed.getCount() > 0) {
            NodeLoop.Status s = loop.status();
            try {
                new NodeStatus(s.id(), role, s.phase().name(), s.leaderId(), s.ballot(), s.chosenPrefix(), s.appliedUpTo(),
                        s.operationalQuorum().toString(), 0, 0, "", "", System.currentTimeMillis()).write(options.dataDir());
            } catch (IOException e) {
                LOG.warn("node {}: cannot write its status file: {}", options.id(), e.getMessage());
            }
            try {
                if (closed.await(200, java.util.concurrent.TimeUnit.MILLISECONDS)) return;
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Blocks until {@link #close} has run. */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    @Override
    public void close() {
        if (closed.getCount() == 0) return;
        loop.close();
        stateMachine.close();
        closed.countDown();
        LOG.info("node {} stopped", options.id());
    }
}
