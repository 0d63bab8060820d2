package paxosql.replica.cli;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import paxosql.replica.shell.SqlShell;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.concurrent.Callable;

/** {@code paxosql shell [--url] URL}: an SQL shell on a group, interactive or for scripts. */
@Command(name = "shell", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"An SQL shell on a group: history, multi-line statements ending with ';', aligned tables, row counts and timing.",
                "\\status shows the group, \\help the commands. With -e or -f it runs a script and exits non-zero at the first error."})
final class ShellCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "URL", description = "The group's JDBC URL (or use --url).")
    String urlArgument;

    @Option(names = "--url", paramLabel = "URL", description = "The group: jdbc:paxosql://host:port,host:port/db")
    String url;

    @Option(names = {"-u", "--user"}, defaultValue = "sa", description = "Database user (default: ${DEFAULT-VALUE}).")
    String user;

    @Option(names = {"-p", "--password"}, defaultValue = "", description = "Its password (default: empty).")
    String password;

    @Option(names = "-e", paramLabel = "SQL", description = "Run these statements and exit.")
    String execute;

    @Option(names = "-f", paramLabel = "FILE", description = "Run the statements in FILE and exit.")
    Path file;

    @Option(names = "--max-rows", defaultValue = "1000", description = "Most rows a query prints (default: ${DEFAULT-VALUE}; 0: all).")
    int maxRows;

    @Override
    public Integer call() throws Exception {
        String target = url != null ? url : urlArgument;
        if (target == null) throw new IllegalArgumentException("give the group's URL: paxosql shell jdbc:paxosql://host:port,.../db");
        BufferedReader script = execute != null ? new BufferedReader(new StringReader(execute))
                : file != null ? Files.newBufferedReader(file, StandardCharsets.UTF_8) : null;
        return run(target, user, password, script, maxRows);
    }

    /** Connects to {@code url} and runs {@code script}, or an interactive session when it is null. */
    static int run(String url, String user, String password, BufferedReader script, int maxRows) throws Exception {
        GroupAccess access = new GroupAccess();
        access.url = url;
        access.user = user;
        access.password = password;
        access.timeoutSeconds = 10;
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            SqlShell shell = new SqlShell(c, System.out, System.err, () -> StatusCommand.collect(access).toTable(), maxRows);
            if (script != null) {
                try (script) {
                    return shell.runScript(script);
                }
            }
            return interactive(shell);
        }
    }

    private static int interactive(SqlShell shell) throws Exception {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            // SQL keeps its backslashes (\status) and exclamation marks: no shell-style escapes or history expansion.
            DefaultParser parser = new DefaultParser();
            parser.setEscapeChars(new char[0]);
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("paxosql").parser(parser)
                    .variable(LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"), ".paxosql_history"))
                    .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                    .build();
            return shell.runInteractive(prompt -> {
                while (true) {
                    try {
                        return reader.readLine(prompt);
                    } catch (UserInterruptException e) {
                        // Ctrl-C: drop the line, keep the shell
                    } catch (EndOfFileException e) {
                        return null;
                    }
                }
            });
        }
    }
}
