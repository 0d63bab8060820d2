package paxosql.replica.snapshot;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paxosql.replica.state.H2StateMachine;
import paxosql.replica.state.ReplicaStateException;
import paxosql.replica.state.StateChecksum;
import paxosql.replica.state.StateParts;
import paxosql.replica.state.TableScan;
import paxosql.replica.state.UserTable;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Builds a state directory from a manifest and its parts, verifies it, and swaps it in.
 *
 * <p>Building: an empty H2 database in a staging directory; the catalog script; with
 * referential integrity off, every table part's rows, the sequence journal and the meta
 * tables. Verifying: the staged state is opened as a {@link H2StateMachine} — which
 * restarts every sequence to its journaled value and reopens the client sessions, as
 * after any restart — and its checksum must equal the manifest's, part for part; if not,
 * the staging directory is deleted and nothing is installed. Swapping: the verified
 * directory is forced to disk, marked, and renamed into place; {@link #finishInterruptedInstall}
 * completes a swap a crash cut short.
 *
 * <p>Snapshots are trusted input, like any database backup: hashes and checksums catch
 * damage, not a forged file (its catalog script runs as the database admin).
 */
public final class StateInstaller {
    private static final Logger LOG = LoggerFactory.getLogger(StateInstaller.class);
    private static final String VERIFIED_MARKER = "INSTALL-VERIFIED";
    private static final int INSERT_BATCH_BYTES = 256 << 10;

    private StateInstaller() {}

    /** The staging directory used for {@code stateDir}: a sibling, so the final rename stays in one file system. */
    public static Path stagingFor(Path stateDir) {
        return stateDir.resolveSibling(stateDir.getFileName() + ".installing");
    }

    /**
     * Restores {@code stateDir} (which must not exist yet, or be empty) from a snapshot file,
     * verifying it completely first.
     */
    public static void restore(Path snapshotFile, Path stateDir) throws IOException {
        requireEmpty(stateDir);
        restore(SnapshotFile.open(snapshotFile), stateDir, (done, total) -> { });
    }

    /** How far a restore has come: bytes of parts loaded of all the parts' bytes. */
    @FunctionalInterface
    public interface Progress {
        void loaded(long partBytes, long totalPartBytes);
    }

    /**
     * Restores {@code stateDir} (which must not exist yet, or be empty) from an opened, hence
     * verified, snapshot file, reporting each part as it is loaded; the built state is
     * verified against the manifest before it is moved into place.
     */
    public static void restore(SnapshotFile file, Path stateDir, Progress progress) throws IOException {
        requireEmpty(stateDir);
        long total = 0;
        for (Manifest.Part p : file.manifest().parts()) total += p.length();
        long all = total;
        long[] done = {0};
        progress.loaded(0, all);
        PartSource counted = part -> {
            PartSource.PartBytes b = file.bytes(part);
            done[0] += part.length();
            progress.loaded(done[0], all);
            return b;
        };
        Path staging = stagingFor(stateDir);
        build(file.manifest(), counted, staging);
        swapIn(staging, stateDir);
    }

    private static void requireEmpty(Path stateDir) throws IOException {
        if (Files.isDirectory(stateDir)) {
            try (Stream<Path> s = Files.list(stateDir)) {
                if (s.findAny().isPresent()) {
                    throw new IOException("will not restore into " + stateDir + ": it is not empty (move the old state away first)");
                }
            }
            Files.delete(stateDir);
        } else if (Files.exists(stateDir)) {
            throw new IOException("will not restore into " + stateDir + ": it is a file, not a directory");
        }
    }

    /**
     * Builds and verifies in {@code staging} (replacing whatever is there) the state that
     * {@code manifest} describes, taking each part's bytes from {@code source}.
     *
     * @throws SnapshotInstallException if a part is refused or the built state does not verify
     */
    public static void build(Manifest manifest, PartSource source, Path staging) throws IOException {
        long started = System.nanoTime();
        deleteTree(staging);
        Files.createDirectories(staging);
        boolean ok = false;
        try {
            load(manifest, source, staging);
            verify(manifest, staging);
            forceTree(staging);
            Path marker = staging.resolve(VERIFIED_MARKER);
            Files.writeString(marker, manifest.stateDigest() + "\n", StandardCharsets.US_ASCII);
            force(marker);
            SnapshotFileWriter.forceDirectory(staging);
            ok = true;
            LOG.info("state at instance {} built and verified in {} ({} parts, {} ms)", manifest.instance(), staging,
                    manifest.parts().size(), (System.nanoTime() - started) / 1_000_000);
        } finally {
            if (!ok) deleteTree(staging);
        }
    }

    private static void load(Manifest manifest, PartSource source, Path staging) throws IOException {
        Manifest.Part catalog = manifest.part(StateParts.CATALOG).orElseThrow();
        try (Connection conn = H2StateMachine.connectAdmin(staging)) {
            try (Statement s = conn.createStatement()) {
                CatalogPart.load(conn, fetch(source, catalog), "catalog part");
                // Rows arrive bucket by bucket, in no order that foreign keys would accept.
                s.execute("SET REFERENTIAL_INTEGRITY FALSE");
            }
            conn.setAutoCommit(false);
            Map<String, UserTable> tables = new TreeMap<>();
            for (UserTable t : UserTable.readAll(conn)) tables.put(t.displayName(), t);
            for (Manifest.Part part : manifest.parts()) {
                if (part == catalog) continue;
                byte[] bytes = fetch(source, part);
                String what = "part " + part.name();
                if (part.name().equals(StateParts.SEQUENCES)) {
                    SequencesPart.load(conn, bytes, what);
                } else if (part.name().equals(StateParts.META)) {
                    MetaPart.load(conn, bytes, what);
                } else if (StateParts.parseTablePart(part.name()) != null) {
                    loadTable(conn, tables, part, bytes);
                } else {
                    throw new SnapshotInstallException("the snapshot has a part this build does not know: " + part.name());
                }
                conn.commit();
            }
            conn.setAutoCommit(true);
            try (Statement s = conn.createStatement()) {
                s.execute("SET REFERENTIAL_INTEGRITY TRUE");
            }
        } catch (SQLException e) {
            throw new SnapshotInstallException("building the state from the snapshot at instance " + manifest.instance()
                    + " failed: " + e.getMessage(), e);
        }
    }

    private static byte[] fetch(PartSource source, Manifest.Part part) throws IOException {
        PartSource.PartBytes b = source.bytes(part);
        if (b.exact() && !part.hashMatches(b.bytes())) {
            throw new SnapshotInstallException("the bytes of part " + part.name() + " do not match the manifest's SHA-256");
        }
        return b.bytes();
    }

    private static void loadTable(Connection conn, Map<String, UserTable> tables, Manifest.Part part, byte[] bytes)
            throws SQLException, IOException {
        TablePart.Decoded d = TablePart.decode(bytes, "part " + part.name());
        UserTable table = tables.get(StateParts.parseTablePart(part.name()).table());
        if (table == null || !table.schema().equals(d.index().schema()) || !table.name().equals(d.index().table())) {
            throw new SnapshotInstallException("part " + part.name() + " holds rows of " + d.index().schema() + "."
                    + d.index().table() + ", which the snapshot's catalog does not have under that name");
        }
        StringBuilder head = new StringBuilder("INSERT INTO ").append(table.sqlName()).append(" (");
        for (int i = 0; i < d.index().columns().size(); i++) {
            String c = d.index().columns().get(i);
            // The row key is a pseudo-column: it is named, never quoted.
            head.append(i == 0 ? "" : ", ").append(c.equals(TableScan.ROW_ID) && i == 0 ? c : '"' + c.replace("\"", "\"\"") + '"');
        }
        head.append(") OVERRIDING SYSTEM VALUE VALUES ");
        StringBuilder sql = new StringBuilder();
        try (Statement s = conn.createStatement()) {
            for (byte[] row : d.rows()) {
                sql.append(sql.length() == 0 ? head : ", ").append(new String(row, StandardCharsets.UTF_8));
                if (sql.length() > INSERT_BATCH_BYTES) {
                    s.executeUpdate(sql.toString());
                    sql.setLength(0);
                }
            }
            if (sql.length() > 0) s.executeUpdate(sql.toString());
        }
    }

    /** Opens the built state as a replica would and compares its checksum with the manifest's. */
    private static void verify(Manifest manifest, Path staging) throws SnapshotInstallException {
        StateChecksum built;
        long applied;
        try (H2StateMachine sm = H2StateMachine.open(staging)) {
            applied = sm.appliedUpTo();
            built = sm.stateChecksum();
        } catch (ReplicaStateException e) {
            throw new SnapshotInstallException("the state built from the snapshot at instance " + manifest.instance()
                    + " does not open: " + e.getMessage(), e);
        }
        if (applied != manifest.instance()) {
            throw new SnapshotInstallException("the state built from the snapshot at instance " + manifest.instance()
                    + " says it applied up to " + applied);
        }
        if (!built.digest().equals(manifest.stateDigest())) {
            List<String> differing = new ArrayList<>();
            Map<String, String> expected = new TreeMap<>();
            for (Manifest.Part p : manifest.parts()) expected.put(p.name(), p.checksum());
            for (String name : union(expected, built.parts())) {
                if (!String.valueOf(expected.get(name)).equals(String.valueOf(built.parts().get(name)))) differing.add(name);
            }
            throw new SnapshotInstallException("refusing the state built from the snapshot at instance " + manifest.instance()
                    + ": its checksum " + built.digest() + " is not the snapshot's " + manifest.stateDigest()
                    + "; differing parts: " + differing);
        }
    }

    private static List<String> union(Map<String, String> a, Map<String, String> b) {
        TreeMap<String, String> all = new TreeMap<>(a);
        all.putAll(b);
        return new ArrayList<>(all.keySet());
    }

    /**
     * Moves the verified {@code staging} directory into place as {@code stateDir}; any old
     * state there is removed. No state machine may have either open.
     */
    public static void swapIn(Path staging, Path stateDir) throws IOException {
        if (!Files.exists(staging.resolve(VERIFIED_MARKER))) {
            throw new IOException(staging + " holds no verified state; refusing to install it");
        }
        Path replaced = stateDir.resolveSibling(stateDir.getFileName() + ".replaced");
        deleteTree(replaced);
        if (Files.exists(stateDir)) Files.move(stateDir, replaced, StandardCopyOption.ATOMIC_MOVE);
        Files.move(staging, stateDir, StandardCopyOption.ATOMIC_MOVE);
        SnapshotFileWriter.forceDirectory(stateDir.toAbsolutePath().getParent());
        Files.delete(stateDir.resolve(VERIFIED_MARKER));
        deleteTree(replaced);
        LOG.info("installed the verified state in {}", stateDir);
    }

    /**
     * Completes or cleans up after an install a crash interrupted; call before opening the
     * state. If the old state was already moved aside, the verified new one goes in.
     */
    public static void finishInterruptedInstall(Path stateDir) throws IOException {
        Path staging = stagingFor(stateDir);
        Path replaced = stateDir.resolveSibling(stateDir.getFileName() + ".replaced");
        if (!Files.exists(stateDir) && Files.exists(staging.resolve(VERIFIED_MARKER))) {
            LOG.warn("completing an install of {} that a crash interrupted", stateDir);
            swapIn(staging, stateDir);
            return;
        }
        Files.deleteIfExists(stateDir.resolve(VERIFIED_MARKER));
        deleteTree(staging);
        if (Files.exists(stateDir)) deleteTree(replaced);
    }

    private static void forceTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) force(p);
        }
        SnapshotFileWriter.forceDirectory(dir);
    }

    private static void force(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
