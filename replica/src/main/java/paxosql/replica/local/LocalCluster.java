package paxosql.replica.local;

import paxosql.consensus.core.CommitMode;
import paxosql.consensus.core.Member;
import paxosql.consensus.core.Role;
import paxosql.replica.config.ClusterConfig;
import paxosql.replica.node.NodeStatus;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;

/**
 * A whole group of {@code paxosql serve} processes on 127.0.0.1, for development and
 * tests: {@code paxosql local start|stop|kill|restart}. Everything lives in one
 * directory: the shared configuration ({@code cluster.conf}), the cluster secret
 * ({@code secret}, owner-only), and per node its data directory {@code <id>/}, its
 * output {@code <id>.log}, its PID file {@code <id>.pid} and the command that started
 * it ({@code <id>.cmd}). Processes are only ever stopped by the PIDs recorded here.
 */
public final class LocalCluster {
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final Path dir;

    public LocalCluster(Path dir) {
        this.dir = dir.toAbsolutePath();
    }

    /** Writes the configuration and starts every node; returns the configuration. */
    public ClusterConfig start(int voters, boolean witness, int learners, CommitMode mode) throws IOException {
        return start(voters, witness, learners, mode, List.of());
    }

    /**
     * As {@link #start(int, boolean, int, CommitMode)}, passing {@code serveOptions} (e.g.
     * {@code --snapshot-every 500}) to every node's {@code paxosql serve}, now and on restarts.
     */
    public ClusterConfig start(int voters, boolean witness, int learners, CommitMode mode, List<String> serveOptions) throws IOException {
        if (Files.exists(dir.resolve("cluster.conf"))) {
            throw new IllegalStateException(dir + " already holds a group; use 'paxosql local stop' and a new --dir, or restart its nodes");
        }
        Files.createDirectories(dir);
        if (witness && voters != 2) throw new IllegalArgumentException("--witness makes a group of 2 voters + 1 witness; use --nodes 2");
        StringBuilder conf = new StringBuilder("mode = " + mode.label() + "\n");
        Random r = new Random();
        int id = 1;
        for (int i = 0; i < voters; i++) conf.append(memberLine(id++, "voter", r));
        if (witness) conf.append(memberLine(id++, "witness", r));
        for (int i = 0; i < learners; i++) conf.append(memberLine(id++, "learner", r));
        Files.writeString(dir.resolve("cluster.conf"), conf.toString(), StandardCharsets.UTF_8);
        Files.write(dir.resolve("serve.options"), serveOptions, StandardCharsets.UTF_8);
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        Path secretFile = dir.resolve("secret");
        Files.writeString(secretFile, HexFormat.of().formatHex(secret) + "\n", StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(secretFile, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing more to do
        }
        ClusterConfig config = ClusterConfig.read(dir.resolve("cluster.conf"));
        for (Member m : config.group().members()) launch(m.id());
        return config;
    }

    private static String memberLine(int id, String role, Random r) throws IOException {
        int peer = freePortPair(r);
        return "member " + id + " = " + role + " 127.0.0.1:" + peer + " 127.0.0.1:" + (peer + 1) + "\n";
    }

    /** Two adjacent free ports below Linux's ephemeral range, so no outgoing socket takes them while a node restarts. */
    private static int freePortPair(Random r) throws IOException {
        for (int attempt = 0; attempt < 500; attempt++) {
            int port = 20_000 + 2 * r.nextInt(6_000);
            try (ServerSocket a = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
                 ServerSocket b = new ServerSocket(port + 1, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException busy) {
                // try another pair
            }
        }
        throw new IOException("no two adjacent free ports found on 127.0.0.1");
    }

    public ClusterConfig config() throws IOException {
        Path conf = dir.resolve("cluster.conf");
        if (!Files.exists(conf)) throw new IllegalStateException("no group in " + dir + " (no cluster.conf): run 'paxosql local start --dir " + dir + "' first");
        return ClusterConfig.read(conf);
    }

    /** Starts node {@code id} as its own process, in the background. */
    public void launch(int id) throws IOException {
        Optional<ProcessHandle> running = process(id);
        if (running.isPresent()) throw new IllegalStateException("node " + id + " is already running (pid " + running.get().pid() + ")");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "paxosql.replica.cli.Paxosql", "serve", "--id", String.valueOf(id),
                "--data", dir.resolve(String.valueOf(id)).toString(),
                "--secret-file", dir.resolve("secret").toString(),
                "--config", dir.resolve("cluster.conf").toString()));
        Path options = dir.resolve("serve.options");
        if (Files.exists(options)) cmd.addAll(Files.readAllLines(options, StandardCharsets.UTF_8));
        Files.writeString(dir.resolve(id + ".cmd"), String.join("\n", cmd) + "\n", StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(id + ".log").toFile())).start();
        Files.writeString(dir.resolve(id + ".pid"), p.pid() + "\n", StandardCharsets.UTF_8);
    }

    /** The live process recorded for {@code id}, if any. */
    public Optional<ProcessHandle> process(int id) throws IOException {
        Path pidFile = dir.resolve(id + ".pid");
        if (!Files.exists(pidFile)) return Optional.empty();
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    }

    /** Sends a signal to node {@code id}: TERM (clean stop), KILL, STOP (pause) or CONT (resume). */
    public void signal(int id, String signal) throws IOException, InterruptedException {
        ProcessHandle p = process(id).orElseThrow(() -> new IllegalStateException("node " + id + " is not running"));
        switch (signal.toUpperCase()) {
            case "TERM" -> p.destroy();
            case "KILL" -> p.destroyForcibly();
            case "STOP", "CONT" -> {
                Process kill = new ProcessBuilder("kill", "-" + signal.toUpperCase(), String.valueOf(p.pid())).inheritIO().start();
                if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                    throw new IOException("kill -" + signal.toUpperCase() + " " + p.pid() + " failed");
                }
            }
            default -> throw new IllegalArgumentException("unknown signal '" + signal + "': expected KILL, STOP, CONT or TERM");
        }
    }

    /** Stops node {@code id}: SIGTERM, then SIGKILL after a grace period. */
    public boolean stop(int id) throws IOException, InterruptedException {
        Optional<ProcessHandle> p = process(id);
        if (p.isEmpty()) return false;
        ProcessHandle h = p.get();
        // A paused process cannot act on SIGTERM.
        new ProcessBuilder("kill", "-CONT", String.valueOf(h.pid())).start().waitFor(5, TimeUnit.SECONDS);
        h.destroy();
        try {
            h.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            h.destroyForcibly();
            h.onExit().join();
        }
        return true;
    }

    public void restart(int id) throws IOException, InterruptedException {
        stop(id);
        launch(id);
    }

    /** Stops every node of the group. Returns how many were running. */
    public int stopAll() throws IOException, InterruptedException {
        int stopped = 0;
        for (Member m : config().group().members()) if (stop(m.id())) stopped++;
        return stopped;
    }

    /** What node {@code id} last reported in its data directory, if anything. */
    public Optional<NodeStatus> status(int id) {
        return NodeStatus.read(dir.resolve(String.valueOf(id)));
    }

    /** Waits until some node reports that it leads; returns its id. */
    public int awaitLeader(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ClusterConfig config = config();
        while (System.nanoTime() < deadline) {
            for (Member m : config.group().members()) {
                if (m.role() != Role.VOTER) continue;
                Optional<NodeStatus> s = status(m.id());
                if (s.isPresent() && s.get().leading() && process(m.id()).isPresent()) return m.id();
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("no leader elected within " + timeout.toSeconds() + " s; see the node logs in " + dir);
    }

    /** The JDBC URL that reaches this group. */
    public String jdbcUrl() throws IOException {
        StringJoiner hosts = new StringJoiner(",", "jdbc:paxosql://", "/paxosql");
        ClusterConfig config = config();
        for (Member m : config.group().members()) {
            if (m.role() == Role.WITNESS) continue;
            var client = config.layout().addressesOf(m.id()).client();
            hosts.add(client.host() + ":" + client.port());
        }
        return hosts.toString();
    }

    /** The client addresses of the members that answer clients (all but a witness). */
    public List<paxosql.driver.client.GroupClient.Address> clientAddresses() throws IOException {
        List<paxosql.driver.client.GroupClient.Address> out = new ArrayList<>();
        ClusterConfig config = config();
        for (Member m : config.group().members()) {
            if (m.role() == Role.WITNESS) continue;
            var client = config.layout().addressesOf(m.id()).client();
            out.add(new paxosql.driver.client.GroupClient.Address(client.host(), client.port()));
        }
        return out;
    }

    public Path dir() { return dir; }
}
