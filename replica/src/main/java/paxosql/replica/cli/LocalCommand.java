package paxosql.replica.cli;

import paxosql.consensus.core.CommitMode;
import paxosql.consensus.core.Member;
import paxosql.replica.local.LocalCluster;
import paxosql.replica.node.NodeStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code paxosql local}: a whole group on 127.0.0.1, for development and for trying failures by hand. */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = "Run a whole group of nodes on 127.0.0.1, each its own process, and act on them.",
        subcommands = {LocalCommand.Start.class, LocalCommand.Stop.class, LocalCommand.Kill.class,
                LocalCommand.Restart.class, LocalCommand.Status.class})
final class LocalCommand {

    @Command(name = "start", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Start a new group in --dir, wait until it has a leader, and print its JDBC URL.")
    static final class Start implements Callable<Integer> {
        @Option(names = "--dir", required = true, description = "Directory for the group's configuration, data, logs and PID files.")
        Path dir;
        @Option(names = "--nodes", defaultValue = "3", description = "Voters (default: ${DEFAULT-VALUE}; with --witness: 2).")
        int nodes;
        @Option(names = "--witness", description = "Two voters plus one witness (Cheap Paxos).")
        boolean witness;
        @Option(names = "--learners", defaultValue = "0", description = "Passive learners (default: ${DEFAULT-VALUE}).")
        int learners;
        @Option(names = "--mode", defaultValue = "simplified", description = "simplified, simplified-one or classic (default: ${DEFAULT-VALUE}).")
        String mode;
        @Option(names = "--timeout", defaultValue = "60", description = "Seconds to wait for a leader (default: ${DEFAULT-VALUE}).")
        int timeout;

        @Override
        public Integer call() throws Exception {
            int voters = witness && nodes == 3 ? 2 : nodes;
            LocalCluster cluster = new LocalCluster(dir);
            cluster.start(voters, witness, learners, CommitMode.parse(mode));
            int leader = cluster.awaitLeader(Duration.ofSeconds(timeout));
            System.err.println("group running in " + cluster.dir() + "; node " + leader + " leads");
            java.nio.file.Files.writeString(cluster.dir().resolve("url"), cluster.jdbcUrl() + "\n");
            System.out.println(cluster.jdbcUrl());
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop every node of the group in --dir (SIGTERM, then SIGKILL after 15 s).")
    static final class Stop implements Callable<Integer> {
        @Option(names = "--dir", required = true, description = "The group's directory.")
        Path dir;

        @Override
        public Integer call() throws Exception {
            int n = new LocalCluster(dir).stopAll();
            System.err.println("stopped " + n + " node" + (n == 1 ? "" : "s"));
            return 0;
        }
    }

    @Command(name = "kill", mixinStandardHelpOptions = true, description = "Send a signal to one node: KILL (crash), STOP (pause), CONT (resume) or TERM (clean stop).")
    static final class Kill implements Callable<Integer> {
        @Option(names = "--dir", required = true, description = "The group's directory.")
        Path dir;
        @Option(names = "--id", required = true, description = "The node.")
        int id;
        @Option(names = "--signal", defaultValue = "KILL", description = "KILL, STOP, CONT or TERM (default: ${DEFAULT-VALUE}).")
        String signal;

        @Override
        public Integer call() throws Exception {
            new LocalCluster(dir).signal(id, signal);
            return 0;
        }
    }

    @Command(name = "restart", mixinStandardHelpOptions = true, description = "Stop one node (if running) and start it again from its data directory.")
    static final class Restart implements Callable<Integer> {
        @Option(names = "--dir", required = true, description = "The group's directory.")
        Path dir;
        @Option(names = "--id", required = true, description = "The node.")
        int id;

        @Override
        public Integer call() throws Exception {
            new LocalCluster(dir).restart(id);
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show what each node of the local group last reported.")
    static final class Status implements Callable<Integer> {
        @Option(names = "--dir", required = true, description = "The group's directory.")
        Path dir;

        @Override
        public Integer call() throws Exception {
            LocalCluster cluster = new LocalCluster(dir);
            System.out.printf("%-4s %-8s %-8s %-9s %-7s %-8s %-9s %-9s %s%n", "id", "role", "process", "phase", "leader", "ballot", "chosen", "applied", "oq");
            for (Member m : cluster.config().group().members()) {
                String proc = cluster.process(m.id()).map(p -> "pid " + p.pid()).orElse("down");
                Optional<NodeStatus> s = cluster.status(m.id());
                if (s.isPresent()) {
                    NodeStatus st = s.get();
                    System.out.printf("%-4d %-8s %-8s %-9s %-7s %-8s %-9d %-9d %s%n", m.id(), st.role(), proc, st.phase(),
                            st.leaderId() == null ? "-" : st.leaderId(), st.ballot(), st.chosen(), st.applied(), st.operationalQuorum());
                } else {
                    System.out.printf("%-4d %-8s %-8s (no status yet)%n", m.id(), m.role().name().toLowerCase(), proc);
                }
            }
            return 0;
        }
    }
}
