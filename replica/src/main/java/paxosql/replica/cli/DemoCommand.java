package paxosql.replica.cli;

import paxosql.consensus.core.CommitMode;
import paxosql.replica.local.LocalCluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code paxosql demo}: three local replicas on 127.0.0.1 and a shell on them; the group stops on exit. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Start a local group of three replicas on 127.0.0.1, open the SQL shell on it, and stop the group on exit.",
                "With --script FILE, run the script instead of the shell (non-zero exit at the first error)."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--script", paramLabel = "FILE", description = "Run the statements in FILE instead of an interactive shell.")
    Path script;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where the group keeps its data and logs (default: a new temporary directory).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        Path groupDir = dir != null ? dir : Files.createTempDirectory("paxosql-demo").resolve("group");
        LocalCluster cluster = new LocalCluster(groupDir);
        Thread stopper = new Thread(() -> stopQuietly(cluster), "paxosql-demo-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            cluster.start(3, false, 0, CommitMode.SIMPLIFIED);
            int leader = cluster.awaitLeader(Duration.ofSeconds(60));
            String url = cluster.jdbcUrl();
            System.err.println("three replicas running in " + groupDir + "; node " + leader + " leads; " + url);
            BufferedReader in = script == null ? null : Files.newBufferedReader(script, StandardCharsets.UTF_8);
            return ShellCommand.run(url, "sa", "", in, 1000);
        } finally {
            stopQuietly(cluster);
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or ran: nothing to remove
            }
        }
    }

    private static void stopQuietly(LocalCluster cluster) {
        try {
            if (Files.exists(cluster.dir().resolve("cluster.conf"))) {
                int n = cluster.stopAll();
                if (n > 0) System.err.println("stopped the demo group (" + n + " nodes)");
            }
        } catch (Exception e) {
            System.err.println("stopping the demo group: " + e.getMessage());
        }
    }
}
