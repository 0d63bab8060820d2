package paxosql.replica.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code paxosql} command line. Every subcommand has {@code --help}. Errors are one
 * clear line on standard error and a non-zero exit status, never a stack trace.
 */
@Command(name = "paxosql", mixinStandardHelpOptions = true, versionProvider = Paxosql.Version.class,
        description = "PaxoSQL: a replicated SQL database (Multi-Paxos over embedded H2).",
        subcommands = {ServeCommand.class, LocalCommand.class, StatusCommand.class, ShellCommand.class, DemoCommand.class, SnapshotCommand.class, RestoreCommand.class,
                CommandLine.HelpCommand.class})
public final class Paxosql {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Paxosql());
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("paxosql " + String.join(" ", parsed.originalArgs()).split(" ")[0] + ": " + message(e));
            return 1;
        });
        return cl;
    }

    /**
     * For commands that print their own results: the library's INFO lines would only clutter
     * them (warnings still show). Effective when called before the first logger is made.
     */
    static void quietLogs() {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Paxosql.class.getPackage().getImplementationVersion();
            return new String[] {"paxosql " + (v == null ? "(development build)" : v)};
        }
    }
}
