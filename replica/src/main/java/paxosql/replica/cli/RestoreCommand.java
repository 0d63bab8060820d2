package paxosql.replica.cli;

import paxosql.replica.snapshot.SnapshotFile;
import paxosql.replica.snapshot.StateInstaller;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code paxosql restore --from FILE --data DIR}: builds a node's state from a snapshot
 * file. Nothing is written unless the whole file verifies; the state is built beside its
 * place, checked against the snapshot's checksum and only then moved to {@code DIR/state}.
 */
@Command(name = "restore", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Build a node's state from a snapshot file, to seed a new node or a new group.",
                "",
                "The file (see 'paxosql snapshot') is verified completely first: a corrupt or truncated one is refused "
                        + "and nothing is written. DIR/state is then built, its checksum compared with the snapshot's, "
                        + "and moved into place.",
                "",
                "DIR must be a new data directory: one whose state/, log/ or snapshots/ holds anything is refused. "
                        + "A node started with 'paxosql serve --data DIR' continues from the snapshot's instance and "
                        + "catches up with its group through the log, or from a peer's snapshot.",
                ""},
        footerHeading = "%nExample:%n",
        footer = "  paxosql restore --from app.psnap --data /var/lib/paxosql/node4")
final class RestoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** What in a data directory belongs to a node that already has a history. */
    static final List<String> NODE_DIRECTORIES = List.of("state", "log", "snapshots");

    @Option(names = "--from", required = true, paramLabel = "FILE", description = "The snapshot file.")
    Path from;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "The new node's data directory (created if missing).")
    Path data;

    @Option(names = "--progress", description = "Show a progress bar on standard error even when it is not a terminal.")
    boolean progress;

    @Override
    public Integer call() throws Exception {
        Paxosql.quietLogs();
        if (!Files.exists(from)) throw new IllegalArgumentException("the snapshot file " + from + " does not exist");
        if (!Files.isRegularFile(from) || !Files.isReadable(from)) throw new IllegalArgumentException("cannot read the snapshot file " + from);
        checkDataDirectory(data);

        SnapshotFile file;
        try (ProgressBar bar = ProgressBar.on(err(), progress, "verifying " + from.getFileName(), Files.size(from))) {
            bar.update(0);
            file = SnapshotFile.open(from);
            bar.update(file.size());
        }

        boolean created = !Files.exists(data);
        long started = System.nanoTime();
        Path state = data.resolve("state");
        long partBytes = file.manifest().parts().stream().mapToLong(p -> p.length()).sum();
        try (ProgressBar bar = ProgressBar.on(err(), progress, "restoring instance " + file.instance(), partBytes)) {
            Files.createDirectories(data);
            StateInstaller.restore(file, state, (done, total) -> bar.update(done));
        } catch (IOException | RuntimeException e) {
            if (created) deleteIfEmpty(data);
            throw e;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        out().println("restored " + state.toAbsolutePath().normalize() + " from " + from);
        out().println("instance  " + file.instance());
        out().println("checksum  " + file.manifest().stateDigest());
        out().println("size      " + file.size() + " bytes (" + ProgressBar.bytes(file.size()) + ", "
                + file.manifest().parts().size() + " parts), built and verified in " + String.format(java.util.Locale.ROOT, "%.1f s", seconds));
        out().println("next      start the node with 'paxosql serve --data " + data + " ...': it continues from instance "
                + file.instance() + " and catches up through the log");
        return 0;
    }

    /** Refuses a data directory that already holds a node's state, log or snapshots. */
    static void checkDataDirectory(Path data) throws IOException {
        if (Files.exists(data) && !Files.isDirectory(data)) throw new IllegalArgumentException(data + " is a file, not a data directory");
        for (String name : NODE_DIRECTORIES) {
            Path sub = data.resolve(name);
            if (Files.exists(sub) && (!Files.isDirectory(sub) || !isEmpty(sub))) {
                throw new IllegalArgumentException("refusing to restore into " + data + ": its " + name + "/ is not empty"
                        + " (restore only into a new data directory; move the old node's data away first)");
            }
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    private static void deleteIfEmpty(Path dir) {
        try {
            if (Files.isDirectory(dir) && isEmpty(dir)) Files.delete(dir);
        } catch (IOException ignored) {
            // leave it: the error that brought us here matters more
        }
    }

    private PrintWriter out() { return spec.commandLine().getOut(); }

    private PrintWriter err() { return spec.commandLine().getErr(); }
}
