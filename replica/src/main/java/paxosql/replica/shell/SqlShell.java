package paxosql.replica.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * The SQL shell over one JDBC connection: statements end with ';' and may span lines;
 * queries print as aligned tables with their row count, updates print their count; every
 * statement prints its time. Meta-commands start with a backslash: {@code \status} (the
 * group's members), {@code \help}, {@code \q}. In script mode the first failing statement
 * stops the script with a non-zero exit status; interactively the error is printed and
 * the shell goes on.
 */
public final class SqlShell {
    /** Where lines come from: JLine interactively, a reader for scripts. Null at the end of input. */
    public interface LineSource {
        String readLine(String prompt) throws IOException;
    }

    static final String HELP = String.join("\n",
            "Statements end with ';' and may span several lines.",
            "  \\status   the group's members: role, leader, applied instance, checksum",
            "  \\help     this text",
            "  \\q        quit (or end of input)");

    private final Connection connection;
    private final PrintStream out;
    private final PrintStream err;
    private final Callable<String> status;
    private final int maxRows;

    /**
     * @param status  what {@code \status} prints
     * @param maxRows most rows a query prints (0: all)
     */
    public SqlShell(Connection connection, PrintStream out, PrintStream err, Callable<String> status, int maxRows) {
        this.connection = connection;
        this.out = out;
        this.err = err;
        this.status = status;
        this.maxRows = maxRows;
    }

    /** Runs statements from {@code in} to its end; returns 0, or 1 at the first failing statement (which stops it). */
    public int runScript(BufferedReader in) throws IOException {
        return run(prompt -> in.readLine(), true);
    }

    /** Reads and runs statements until {@code \q} or the end of input; errors are printed, not fatal. */
    public int runInteractive(LineSource lines) throws IOException {
        out.println("Connected. Statements end with ';'. \\help for help, \\q to quit.");
        return run(lines, false);
    }

    private int run(LineSource lines, boolean stopOnError) throws IOException {
        StatementSplitter splitter = new StatementSplitter();
        while (true) {
            String line = lines.readLine(splitter.inStatement() ? "     -> " : "paxosql> ");
            if (line == null) break;
            String trimmed = line.trim();
            if (!splitter.inStatement() && trimmed.startsWith("\\")) {
                if (!meta(trimmed)) return 0;
                continue;
            }
            for (String sql : splitter.add(line)) {
                if (!execute(sql) && stopOnError) return 1;
            }
        }
        String rest = splitter.rest();
        if (!rest.isEmpty() && !execute(rest) && stopOnError) return 1;
        return 0;
    }

    /** Runs a meta-command; false means quit. */
    private boolean meta(String command) {
        String name = command.split("\\s+")[0].toLowerCase(Locale.ROOT);
        switch (name) {
            case "\\q", "\\quit" -> { return false; }
            case "\\help", "\\h", "\\?" -> out.println(HELP);
            case "\\status" -> {
                try {
                    out.print(status.call());
                } catch (Exception e) {
                    err.println("status: " + message(e));
                }
            }
            default -> err.println("unknown command " + name + "; \\help lists the commands");
        }
        return true;
    }

    /** Runs one statement and prints its outcome; false if it failed. */
    boolean execute(String sql) {
        long start = System.nanoTime();
        try (Statement st = connection.createStatement()) {
            boolean rows = st.execute(sql);
            String elapsed = String.format(Locale.ROOT, "%.1f ms", (System.nanoTime() - start) / 1e6);
            if (rows) {
                try (ResultSet rs = st.getResultSet()) {
                    out.println(ResultTable.format(rs, maxRows) + " " + elapsed);
                }
            } else {
                long count = st.getLargeUpdateCount();
                out.println((count == 1 ? "1 row" : count + " rows") + " affected, " + elapsed);
            }
            return true;
        } catch (SQLException e) {
            err.println("ERROR " + e.getSQLState() + ": " + message(e));
            return false;
        }
    }

    private static String message(Exception e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    /** For tests: statements cut from {@code text} as the shell would cut them. */
    static List<String> split(String text) {
        StatementSplitter s = new StatementSplitter();
        List<String> out = new java.util.ArrayList<>();
        for (String line : text.split("\n", -1)) out.addAll(s.add(line));
        String rest = s.rest();
        if (!rest.isEmpty()) out.add(rest);
        return out;
    }
}
