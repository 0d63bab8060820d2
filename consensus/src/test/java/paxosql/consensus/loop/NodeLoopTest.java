package paxosql.consensus.loop;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import paxosql.consensus.core.Command;
import paxosql.consensus.core.CommitMode;
import paxosql.consensus.core.Decision;
import paxosql.consensus.core.GroupConfig;
import paxosql.consensus.core.Member;
import paxosql.consensus.core.Timing;
import paxosql.consensus.core.Value;
import paxosql.consensus.transport.ClusterLayout;
import paxosql.consensus.transport.HostPort;
import paxosql.consensus.transport.PeerTransport;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Three real nodes in one JVM: Netty on 127.0.0.1, segment logs with fsync, the production loop. */
class NodeLoopTest {
    private static final byte[] SECRET = "test-cluster-secret".getBytes(StandardCharsets.UTF_8);
    private static final Timing TIMING = new Timing(20, 300, 100, 16, 2, 32, 64, 256, true);

    @TempDir
    Path dir;

    private final Map<Integer, NodeLoop> loops = new HashMap<>();
    private final Map<Integer, List<Command>> applied = new HashMap<>();
    private ClusterLayout layout;

    @AfterEach
    void stopAll() {
        loops.values().forEach(NodeLoop::close);
    }

    /**
     * A free port below Linux's ephemeral range (32768+), so that no outgoing connection
     * takes it as its local port while its node is down for a restart.
     */
    private static int freePort() throws IOException {
        java.util.Random r = new java.util.Random();
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = 20_000 + r.nextInt(12_000);
            try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException busy) {
                // try another
            }
        }
        throw new IOException("no free port found below the ephemeral range");
    }

    private void boot(int id) throws IOException {
        boot(id, 0);
    }

    private void boot(int id, long appliedUpTo) throws IOException {
        List<Command> sink = applied.computeIfAbsent(id, k -> Collections.synchronizedList(new ArrayList<>()));
        sink.clear();
        PeerTransport t = new PeerTransport(layout, id, SECRET, PeerTransport.Options.defaults());
        loops.put(id, NodeLoop.start(layout.config(), id, TIMING, dir.resolve("node" + id), t, appliedUpTo, (Decision d) -> {
            if (d.value() instanceof Value.Batch b) sink.addAll(b.commands());
        }));
    }

    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what + "; nodes: " + describe());
            Thread.sleep(10);
        }
    }

    private String describe() {
        StringBuilder b = new StringBuilder();
        loops.forEach((id, l) -> b.append(l.status()).append(" applied=").append(applied.get(id).size()).append("; "));
        return b.toString();
    }

    private Integer leader() {
        for (NodeLoop l : loops.values()) if (l.status().phase() == paxosql.consensus.core.PaxosNode.Phase.LEADING) return l.status().id();
        return null;
    }

    @Test
    void threeNodesAgreeSurviveLeaderLossAndRecoverFromTheLog() throws Exception {
        GroupConfig cfg = new GroupConfig(List.of(new Member(1, paxosql.consensus.core.Role.VOTER),
                new Member(2, paxosql.consensus.core.Role.VOTER), new Member(3, paxosql.consensus.core.Role.VOTER)), CommitMode.SIMPLIFIED);
        Map<Integer, ClusterLayout.MemberAddresses> addrs = new HashMap<>();
        for (int i = 1; i <= 3; i++) {
            addrs.put(i, new ClusterLayout.MemberAddresses(new HostPort("127.0.0.1", freePort()), new HostPort("127.0.0.1", freePort())));
        }
        layout = new ClusterLayout(cfg, addrs);
        for (int i = 1; i <= 3; i++) boot(i);
        await("a leader", () -> leader() != null);

        // One client per node, each sending its commands in order (as a driver session does); followers forward.
        await("every node knows the leader", () -> loops.values().stream().allMatch(l -> l.status().leaderId() != null));
        for (int i = 1; i <= 200; i++) loops.get(1 + i % 3).submit(new Command(1 + i % 3, i, ("w" + i).getBytes()));
        await("200 commands on every node", () -> applied.values().stream().allMatch(l -> l.size() >= 200));
        assertThat(applied.get(2)).isEqualTo(applied.get(1)).isEqualTo(applied.get(3));

        int oldLeader = leader();
        loops.remove(oldLeader).close();
        await("a new leader", () -> leader() != null && leader() != oldLeader);
        int survivor = leader();
        for (int i = 201; i <= 300; i++) loops.get(survivor).submit(new Command(9, i, ("w" + i).getBytes()));
        await("300 commands on the survivors", () -> loops.keySet().stream().allMatch(id -> applied.get(id).size() >= 300));

        boot(oldLeader); // recovers its log, replays from instance 1, catches up
        await("the restarted node catches up", () -> applied.get(oldLeader).size() >= 300);
        assertThat(applied.get(oldLeader)).isEqualTo(applied.get(survivor));
        assertThat(applied.get(survivor)).hasSize(300).extracting(Command::sequence).doesNotHaveDuplicates();

        // Truncate the survivor's log below a (pretend) durable snapshot; a restart keeps what lies above it.
        long snapshot = loops.get(survivor).status().appliedUpTo();
        loops.get(survivor).compact(snapshot);
        await("compaction ran", () -> !logFilesOf(survivor).isEmpty());
        loops.remove(survivor).close();
        boot(survivor, snapshot);
        await("the compacted node rejoins", () -> loops.get(survivor).status().chosenPrefix() >= snapshot);
        // The core drops commands while leadership changes (a driver resends them), so wait for a settled leader.
        await("a leader followed by every node", () -> leader() != null
                && loops.values().stream().allMatch(l -> leader().equals(l.status().leaderId())));
        for (int i = 301; i <= 310; i++) loops.get(leader()).submit(new Command(10, i, ("w" + i).getBytes()));
        await("new commands reach the compacted node", () -> applied.get(survivor).size() >= 10);
        assertThat(applied.get(survivor)).extracting(Command::sequence).containsExactly(301L, 302L, 303L, 304L, 305L, 306L, 307L, 308L, 309L, 310L);
    }

    private List<Path> logFilesOf(int id) {
        try (var files = java.nio.file.Files.list(dir.resolve("node" + id))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".base")).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
