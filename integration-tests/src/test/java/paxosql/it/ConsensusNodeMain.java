package paxosql.it;

import paxosql.consensus.core.Command;
import paxosql.consensus.core.CommitMode;
import paxosql.consensus.core.Decision;
import paxosql.consensus.core.GroupConfig;
import paxosql.consensus.core.Timing;
import paxosql.consensus.core.Value;
import paxosql.consensus.loop.NodeLoop;
import paxosql.consensus.transport.ClusterLayout;
import paxosql.consensus.transport.HostPort;
import paxosql.consensus.transport.PeerTransport;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * One consensus node as its own process, for the multi-process tests: a {@link NodeLoop}
 * with a real log and transport, a state machine that writes every applied command to
 * {@code applied.txt}, and one built-in client that submits its own numbered commands
 * one at a time, resending each until this node has applied it (as a driver does).
 *
 * <p>Arguments: {@code id dataDir mode peerPort1 peerPort2 peerPort3}. It runs until
 * SIGTERM (clean close) or SIGKILL.
 */
public final class ConsensusNodeMain {
    private static final byte[] SECRET = "multi-process-test-secret".getBytes(StandardCharsets.UTF_8);

    private static volatile long appliedOwn;
    private static final Object lock = new Object();

    public static void main(String[] args) throws Exception {
        int id = Integer.parseInt(args[0]);
        Path dir = Path.of(args[1]);
        CommitMode mode = CommitMode.parse(args[2]);
        GroupConfig cfg = GroupConfig.of(3, 0, mode);
        Map<Integer, ClusterLayout.MemberAddresses> addrs = new HashMap<>();
        for (int i = 1; i <= 3; i++) {
            int peer = Integer.parseInt(args[2 + i]);
            addrs.put(i, new ClusterLayout.MemberAddresses(new HostPort("127.0.0.1", peer), new HostPort("127.0.0.1", peer + 1)));
        }
        ClusterLayout layout = new ClusterLayout(cfg, addrs);
        Files.createDirectories(dir);
        // The state machine is rebuilt from the log on every start: the file starts empty.
        BufferedWriter applied = Files.newBufferedWriter(dir.resolve("applied.txt"), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        long client = 1000L * id + (System.currentTimeMillis() % 1000) * 1_000_000L;
        NodeLoop loop = NodeLoop.start(cfg, id, new Timing(20, 300, 100, 16, 2, 32, 64, 256, true),
                dir.resolve("log"), new PeerTransport(layout, id, SECRET, PeerTransport.Options.defaults()), 0,
                (Decision d) -> {
                    try {
                        if (d.value() instanceof Value.Batch b) {
                            for (Command c : b.commands()) {
                                applied.write(d.instance() + " " + c.clientId() + " " + c.sequence() + "\n");
                                if (c.clientId() == client) {
                                    synchronized (lock) {
                                        appliedOwn = Math.max(appliedOwn, c.sequence());
                                        lock.notifyAll();
                                    }
                                }
                            }
                        }
                        applied.flush();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            loop.close();
        }));
        Path status = dir.resolve("status.txt");
        Thread reporter = new Thread(() -> {
            while (stop.getCount() > 0) {
                NodeLoop.Status s = loop.status();
                try {
                    Path tmp = dir.resolve("status.tmp");
                    Files.writeString(tmp, s.phase() + " " + s.leaderId() + " " + s.chosenPrefix() + " " + appliedOwn + "\n");
                    Files.move(tmp, status, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    Thread.sleep(50);
                } catch (IOException | InterruptedException e) {
                    return;
                }
            }
        }, "status-reporter");
        reporter.setDaemon(true);
        reporter.start();

        // The built-in client: one command at a time, resent until applied here.
        for (long seq = 1; stop.getCount() > 0; seq++) {
            byte[] payload = ("n" + id + "-" + seq).getBytes(StandardCharsets.UTF_8);
            while (stop.getCount() > 0) {
                loop.submit(new Command(client, seq, payload));
                synchronized (lock) {
                    long deadline = System.currentTimeMillis() + 500;
                    while (appliedOwn < seq && System.currentTimeMillis() < deadline) lock.wait(50);
                }
                if (appliedOwn >= seq) break;
            }
            Thread.sleep(5);
        }
    }
}
