package paxosql.consensus.transport;

import paxosql.consensus.core.CommitMode;
import paxosql.consensus.core.GroupConfig;
import paxosql.consensus.core.Member;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Real transports on 127.0.0.1 for one test: builds a layout on free ports, starts
 * nodes with a recording handler each, and closes everything it started.
 */
final class TestCluster implements AutoCloseable {

    static final String HOST = "127.0.0.1";
    static final byte[] SECRET = "paxosql-test-cluster-secret-0001".getBytes(StandardCharsets.US_ASCII);
    /** Short backoff and handshake timeout so that tests converge quickly. */
    static final PeerTransport.Options FAST_OPTIONS = PeerTransport.Options.defaults()
            .withHandshakeTimeout(Duration.ofSeconds(2))
            .withReconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(200))
            .withCloseTimeout(Duration.ofSeconds(3));

    final ClusterLayout layout;
    private final Map<Integer, PeerTransport> running = new HashMap<>();
    private final Map<Integer, RecordingHandler> inboxes = new HashMap<>();

    TestCluster(ClusterLayout layout) {
        this.layout = layout;
    }

    /** A cluster of {@code voters} voters (ids 1..n) on free loopback ports. */
    static TestCluster ofVoters(int voters) {
        return new TestCluster(layoutOnFreePorts(GroupConfig.of(voters, 0, CommitMode.SIMPLIFIED)));
    }

    static ClusterLayout layoutOnFreePorts(GroupConfig config) {
        List<Member> members = config.members();
        int[] ports = freePorts(2 * members.size());
        Map<Integer, ClusterLayout.MemberAddresses> addresses = new HashMap<>();
        for (int i = 0; i < members.size(); i++) {
            addresses.put(members.get(i).id(), new ClusterLayout.MemberAddresses(
                    new HostPort(HOST, ports[2 * i]), new HostPort(HOST, ports[2 * i + 1])));
        }
        return new ClusterLayout(config, addresses);
    }

    /** Ports the kernel just handed out, all held open at once so that they are distinct. */
    static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) sockets.add(new ServerSocket(0, 1, InetAddress.getByName(HOST)));
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // the port is released either way
                }
            }
        }
    }

    PeerTransport start(int id) {
        return start(id, layout, SECRET, FAST_OPTIONS, Handshake.PROTOCOL_VERSION);
    }

    PeerTransport start(int id, PeerTransport.Options options) {
        return start(id, layout, SECRET, options, Handshake.PROTOCOL_VERSION);
    }

    /** Starts node {@code id} with its own view of the world (layout, secret, version) to test refusals. */
    PeerTransport start(int id, ClusterLayout nodeLayout, byte[] secret, PeerTransport.Options options, int protocolVersion) {
        if (running.containsKey(id)) throw new IllegalStateException("node " + id + " is already running");
        PeerTransport transport = new PeerTransport(nodeLayout, id, secret, options, protocolVersion);
        RecordingHandler inbox = new RecordingHandler();
        running.put(id, transport);
        inboxes.put(id, inbox);
        transport.start(inbox);
        return transport;
    }

    void stop(int id) {
        PeerTransport transport = running.remove(id);
        if (transport != null) transport.close();
    }

    PeerTransport node(int id) { return running.get(id); }

    RecordingHandler inbox(int id) { return inboxes.get(id); }

    /** Both ends of the pair see the authenticated connection. */
    void awaitConnected(int a, int b) {
        Await.until("nodes " + a + " and " + b + " are connected", () -> node(a).isConnected(b) && node(b).isConnected(a));
    }

    @Override
    public void close() {
        for (PeerTransport transport : running.values()) transport.close();
        running.clear();
    }
}
