package paxosql.replica.server;

import paxosql.consensus.core.CommitMode;
import paxosql.consensus.core.GroupConfig;
import paxosql.consensus.core.Member;
import paxosql.consensus.transport.ClusterLayout;
import paxosql.consensus.transport.HostPort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A three-member layout on free loopback ports; node 1's client server under test. */
final class ServerFixture {
    private ServerFixture() {}

    static final String HOST = "127.0.0.1";
    static final byte[] SECRET = "paxosql-test-cluster-secret-0001".getBytes(StandardCharsets.US_ASCII);
    static final int SELF = 1;

    static ClusterLayout layoutOnFreePorts() {
        GroupConfig config = GroupConfig.witnessGroup(0, CommitMode.SIMPLIFIED); // voters 1, 2 and witness 3
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
                    // released either way
                }
            }
        }
    }
}
