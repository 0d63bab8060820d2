package paxosql.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three consensus nodes as separate JVM processes on 127.0.0.1 with fsynced logs. The
 * leader is killed with SIGKILL mid-load and restarted; afterwards every node's applied
 * sequence must be a prefix of one common sequence, with no command applied twice, and
 * the group must have kept committing.
 */
class MultiProcessConsensusTest {
    @TempDir
    Path dir;

    private final Map<Integer, Process> processes = new HashMap<>();
    private int[] ports;

    @AfterEach
    void stopAll() {
        for (Process p : processes.values()) p.destroyForcibly();
        for (Process p : processes.values()) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int freePortPair(Random r) throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = 20_000 + 2 * r.nextInt(6_000); // below Linux's ephemeral range
            try (ServerSocket a = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
                 ServerSocket b = new ServerSocket(port + 1, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException busy) {
                // try another
            }
        }
        throw new IOException("no free port pair");
    }

    private void start(int id, String mode) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), ConsensusNodeMain.class.getName(),
                String.valueOf(id), dir.resolve("node" + id).toString(), mode));
        for (int p : ports) cmd.add(String.valueOf(p));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("node" + id + ".out").toFile()).start();
        processes.put(id, p);
    }

    private String[] status(int id) {
        try {
            Path f = dir.resolve("node" + id).resolve("status.txt");
            return Files.exists(f) ? Files.readString(f).trim().split(" ") : new String[0];
        } catch (IOException e) {
            return new String[0];
        }
    }

    private Integer leader() {
        for (int id : processes.keySet()) {
            String[] s = status(id);
            if (s.length == 4 && s[0].equals("LEADING") && processes.get(id).isAlive()) return id;
        }
        return null;
    }

    private long ownApplied(int id) {
        String[] s = status(id);
        return s.length == 4 ? Long.parseLong(s[3]) : 0;
    }

    private static void await(String what, BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(50);
        }
    }

    private List<String[]> applied(int id) throws IOException {
        List<String[]> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("node" + id).resolve("applied.txt"))) {
            String[] f = line.split(" ");
            if (f.length == 3) out.add(f);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"simplified", "classic"})
    void killedLeaderRestartsAndEveryNodeAppliesOneSequence(String mode) throws Exception {
        Random r = new Random();
        ports = new int[3];
        for (int i = 0; i < 3; i++) ports[i] = freePortPair(r);
        for (int id = 1; id <= 3; id++) start(id, mode);
        await("a leader", () -> leader() != null);
        await("every node's client commits", () -> ownApplied(1) > 20 && ownApplied(2) > 20 && ownApplied(3) > 20);

        int victim = leader();
        processes.get(victim).destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL, mid-load
        long before = ownApplied(victim == 1 ? 2 : 1);
        await("a new leader", () -> leader() != null && leader() != victim);
        int survivor = victim == 1 ? 2 : 1;
        await("the survivors keep committing", () -> ownApplied(survivor) > before + 20);

        start(victim, mode);
        await("the restarted node commits again", () -> ownApplied(victim) > 30);

        for (Process p : processes.values()) p.destroy(); // SIGTERM: clean close
        for (Process p : processes.values()) assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();

        List<String[]> longest = List.of();
        for (int id = 1; id <= 3; id++) if (applied(id).size() > longest.size()) longest = applied(id);
        Set<String> seen = new HashSet<>();
        for (String[] e : longest) assertThat(seen.add(e[1] + "#" + e[2])).as("applied once: " + e[1] + "#" + e[2]).isTrue();
        for (int id = 1; id <= 3; id++) {
            List<String[]> mine = applied(id);
            assertThat(mine.size()).as("node " + id + " applied something").isPositive();
            for (int i = 0; i < mine.size(); i++) {
                assertThat(String.join(" ", mine.get(i))).as("node %d, entry %d", id, i).isEqualTo(String.join(" ", longest.get(i)));
            }
        }
    }
}
