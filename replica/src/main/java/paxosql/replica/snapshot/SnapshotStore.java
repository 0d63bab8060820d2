package paxosql.replica.snapshot;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paxosql.replica.state.StateView;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The snapshots of one node: files {@code snapshot-<instance>.psnap} in the directory
 * {@code snapshots/} of its data directory, the newest {@code keep} of them kept.
 */
public final class SnapshotStore {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotStore.class);
    public static final int DEFAULT_KEEP = 2;
    private static final Pattern NAME = Pattern.compile("snapshot-(\\d{20})\\.psnap");

    private final Path directory;
    private final int keep;

    public SnapshotStore(Path dataDirectory) throws IOException {
        this(dataDirectory, DEFAULT_KEEP);
    }

    public SnapshotStore(Path dataDirectory, int keep) throws IOException {
        if (keep < 1) throw new IllegalArgumentException("keep must be at least 1, got " + keep);
        this.directory = dataDirectory.resolve("snapshots");
        this.keep = keep;
        Files.createDirectories(directory);
        try (Stream<Path> s = Files.list(directory)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                // Left by a writer that did not finish (crash): never a valid snapshot.
                if (n.endsWith(".tmp") || n.endsWith(".spool")) Files.deleteIfExists(p);
            }
        }
    }

    public Path directory() {
        return directory;
    }

    /** Writes a snapshot of {@code view}, then prunes the oldest beyond {@code keep}. */
    public SnapshotFile write(StateView view) throws IOException {
        SnapshotFile file = SnapshotWriter.write(view, directory.resolve(String.format("snapshot-%020d.psnap", view.instance())));
        prune();
        return file;
    }

    /** The newest snapshot that verifies; a corrupt one is reported and passed over. */
    public Optional<SnapshotFile> latest() throws IOException {
        List<Path> files = files();
        for (int i = files.size() - 1; i >= 0; i--) {
            try {
                return Optional.of(SnapshotFile.open(files.get(i)));
            } catch (SnapshotCorruptException e) {
                LOG.error("passing over a corrupt snapshot: {}", e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** The snapshot files, oldest first. */
    public List<Path> files() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(directory)) {
            s.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).forEach(out::add);
        }
        out.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return out;
    }

    /** The instance a snapshot file is named after (see {@link #files()}). */
    public static long instanceOf(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        if (!m.matches()) throw new IllegalArgumentException(file + " is not named like a snapshot file");
        return Long.parseLong(m.group(1));
    }

    /** Deletes all but the newest {@code keep} snapshots. */
    public void prune() throws IOException {
        List<Path> files = files();
        for (int i = 0; i < files.size() - keep; i++) {
            Files.deleteIfExists(files.get(i));
            LOG.info("pruned snapshot {}", files.get(i));
        }
    }
}
