package paxosql.replica.cli;

import paxosql.driver.wire.ReplicaConnection;
import paxosql.driver.wire.SqlStates;
import paxosql.driver.wire.WireMessage;
import paxosql.replica.node.NodeStatus;
import paxosql.replica.server.ClientService;
import paxosql.replica.snapshot.Manifest;
import paxosql.replica.snapshot.SnapshotCorruptException;
import paxosql.replica.snapshot.SnapshotFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code paxosql snapshot --url URL --out FILE}: copies the newest durable snapshot a
 * healthy full replica of the group offers — a consistent state at one instance, with
 * every part's checksum — into a file, which {@code paxosql restore} turns into a node's
 * state. The file appears under its name only once it is complete, durable and verified.
 */
@Command(name = "snapshot", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Copy the group's newest snapshot into a file, to restore a node or a new group from.",
                "",
                "The snapshot is the database as it was after one instance of the log, with the checksum of every part: "
                        + "the newest one any healthy full replica offers is fetched in chunks into FILE.part, forced to disk, "
                        + "verified completely and only then renamed to FILE.",
                "",
                "Replicas take snapshots on their own (serve --snapshot-every, --snapshot-seconds), so the file may be a little "
                        + "behind the group; a node restored from it catches up through the log. Fetching a snapshot takes "
                        + "an admin user (default: sa) or the cluster secret.",
                ""},
        footerHeading = "%nExample:%n",
        footer = "  paxosql snapshot --url jdbc:paxosql://db1:7001,db2:7001/app --out app.psnap")
final class SnapshotCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** The largest chunk a replica sends. */
    static final int CHUNK_BYTES = 4 << 20;
    /** Whole fetches tried when a replica moves on to a newer snapshot or goes away mid-transfer. */
    static final int ATTEMPTS = 3;

    @Mixin
    GroupAccess access;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the snapshot. An existing FILE is kept unless --force.")
    Path out;

    @Option(names = "--force", description = "Replace FILE if it already exists.")
    boolean force;

    @Option(names = "--progress", description = "Show a progress bar on standard error even when it is not a terminal.")
    boolean progress;

    /** A replica that offers a snapshot. */
    private record Offer(WireMessage.MemberAddress member, long instance) {}

    @Override
    public Integer call() throws Exception {
        Paxosql.quietLogs();
        Path target = out.toAbsolutePath().normalize();
        checkTarget(target, force);
        Path part = target.resolveSibling(target.getFileName() + ".part");
        long started = System.nanoTime();

        WireMessage.Welcome welcome = access.welcome();
        List<WireMessage.MemberAddress> order = sourcesInOrder(welcome);
        if (order.isEmpty()) throw new IllegalStateException("the group has no full replica to take a snapshot from");

        List<String> retries = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            Probe probe = probe(order);
            Offer best = probe.best();
            try {
                SnapshotFile file = fetch(best, part);
                if (!force && Files.exists(target)) throw new IllegalArgumentException(target + " appeared meanwhile; use --force to replace it");
                Files.move(part, target, force ? new StandardCopyOption[] {StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING}
                        : new StandardCopyOption[] {StandardCopyOption.ATOMIC_MOVE});
                forceDirectory(target.getParent());
                report(target, file, best, probe.groupApplied(), (System.nanoTime() - started) / 1e9);
                return 0;
            } catch (SQLException | SnapshotCorruptException e) {
                Files.deleteIfExists(part);
                if (!retryable(e) || attempt == ATTEMPTS) {
                    throw new IOException("fetching the snapshot at instance " + best.instance() + " from " + describe(best.member()) + " failed: "
                            + e.getMessage() + (retries.isEmpty() ? "" : " (earlier attempts: " + String.join("; ", retries) + ")"), e);
                }
                retries.add(e.getMessage());
                err().println("paxosql snapshot: " + e.getMessage() + "; trying again");
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(part);
                throw e;
            }
        }
    }

    static void checkTarget(Path target, boolean force) {
        if (Files.isDirectory(target)) throw new IllegalArgumentException(target + " is a directory; name the snapshot file to write");
        if (Files.exists(target) && !force) throw new IllegalArgumentException(target + " already exists; use --force to replace it");
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) throw new IllegalArgumentException("the directory " + dir + " does not exist");
        if (!Files.isWritable(dir)) throw new IllegalArgumentException("cannot write into " + dir);
    }

    /** Full replicas (witnesses hold no state): the leader first, then voters, then learners. */
    static List<WireMessage.MemberAddress> sourcesInOrder(WireMessage.Welcome welcome) {
        List<WireMessage.MemberAddress> out = new ArrayList<>();
        for (WireMessage.MemberAddress m : welcome.members()) {
            if (!"witness".equals(m.role())) out.add(m);
        }
        out.sort(Comparator.comparingInt((WireMessage.MemberAddress m) -> m.nodeId() == welcome.leaderId() ? 0 : "voter".equals(m.role()) ? 1 : 2)
                .thenComparingInt(WireMessage.MemberAddress::nodeId));
        return out;
    }

    private record Probe(Offer best, long groupApplied) {}

    /** Asks every full replica for its status and its snapshot; the newest snapshot of a healthy one wins, the leader's on a tie. */
    private Probe probe(List<WireMessage.MemberAddress> order) throws SQLException, IOException {
        Offer best = null;
        long groupApplied = 0;
        List<String> why = new ArrayList<>();
        for (WireMessage.MemberAddress m : order) {
            try (ReplicaConnection c = access.connect(m.host(), m.port())) {
                NodeStatus status = NodeStatus.parse(c.status(access.timeout()));
                groupApplied = Math.max(groupApplied, status.applied());
                if (status.diverged() != null && !status.diverged().isEmpty()) {
                    why.add(describe(m) + ": its state diverged (" + status.diverged() + ")");
                    continue;
                }
                WireMessage.SnapshotManifest manifest = c.snapshotManifest(access.timeout());
                if (best == null || manifest.instance() > best.instance()) best = new Offer(m, manifest.instance());
            } catch (SQLException e) {
                String state = String.valueOf(e.getSQLState());
                if (state.equals(SqlStates.INSUFFICIENT_PRIVILEGE)) {
                    throw new SQLException(e.getMessage() + " (use an admin user with --user/--password, or --secret-file)", state, e);
                }
                if (state.startsWith("28")) throw e; // refused credentials: every replica would say so
                why.add(describe(m) + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                why.add(describe(m) + ": unreadable status (" + e.getMessage() + ")");
            }
        }
        if (best == null) throw new IllegalStateException("no replica offers a snapshot: " + String.join("; ", why));
        return new Probe(best, groupApplied);
    }

    /** The whole snapshot file of {@code offer} into {@code part}, forced to disk and verified. */
    private SnapshotFile fetch(Offer offer, Path part) throws SQLException, IOException {
        WireMessage.MemberAddress m = offer.member();
        try (ReplicaConnection c = access.connect(m.host(), m.port())) {
            WireMessage.SnapshotManifest manifest = c.snapshotManifest(access.timeout());
            long instance = manifest.instance();
            Manifest decoded = Manifest.decode(manifest.manifest(), "the snapshot manifest of " + describe(m));
            long size = decoded.fileSize();
            try (FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
                 ProgressBar bar = ProgressBar.on(err(), progress, "fetching snapshot " + instance, size)) {
                long offset = 0;
                bar.update(0);
                while (offset < size) {
                    int want = (int) Math.min(CHUNK_BYTES, size - offset);
                    byte[] bytes = c.snapshotChunk(instance, ClientService.SnapshotSource.WHOLE_FILE, offset, want, access.timeout()).bytes();
                    if (bytes.length == 0 || bytes.length > want) {
                        throw new SnapshotCorruptException("the snapshot of " + describe(m), "it sent " + bytes.length + " bytes at offset " + offset
                                + " of a " + size + "-byte file");
                    }
                    ByteBuffer b = ByteBuffer.wrap(bytes);
                    while (b.hasRemaining()) ch.write(b, offset + b.position());
                    offset += bytes.length;
                    bar.update(offset);
                }
                ch.force(true);
            }
            SnapshotFile file = SnapshotFile.open(part);
            if (file.instance() != instance || !Arrays.equals(file.manifestBytes(), manifest.manifest())) {
                throw new SnapshotCorruptException("the snapshot of " + describe(m), "the file fetched does not start with the manifest it announced");
            }
            return file;
        }
    }

    /** A replica that moved on to a newer snapshot, went away, or sent damaged bytes: worth another try. */
    private static boolean retryable(Exception e) {
        if (e instanceof SnapshotCorruptException) return true;
        String state = String.valueOf(((SQLException) e).getSQLState());
        return state.equals(SqlStates.OBJECT_NOT_IN_PREREQUISITE_STATE) || state.startsWith("08");
    }

    private void report(Path target, SnapshotFile file, Offer from, long groupApplied, double seconds) {
        Manifest m = file.manifest();
        out().println("snapshot written to " + target);
        out().println("instance  " + m.instance());
        out().println("size      " + file.size() + " bytes (" + ProgressBar.bytes(file.size()) + ", " + m.parts().size() + " parts)");
        out().println("checksum  " + m.stateDigest());
        out().println("source    " + describe(from.member()) + String.format(Locale.ROOT, ", %.1f s", seconds)
                + (groupApplied > m.instance() ? "; the group had applied up to instance " + groupApplied : ""));
    }

    private static String describe(WireMessage.MemberAddress m) {
        return "node " + m.nodeId() + " (" + m.host() + ":" + m.port() + ")";
    }

    /** Makes the rename durable. */
    static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some platforms cannot open a directory; the file itself is already durable.
        }
    }

    private PrintWriter out() { return spec.commandLine().getOut(); }

    private PrintWriter err() { return spec.commandLine().getErr(); }
}
