package paxosql.replica.snapshot;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paxosql.replica.state.StateChecksum;
import paxosql.replica.state.StateParts;
import paxosql.replica.state.StateView;
import paxosql.replica.state.UserTable;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Writes the state a {@link StateView} shows into a snapshot file: catalog, sequences,
 * meta, then every table cut into buckets. Meant for a background thread: the state
 * machine goes on applying meanwhile. If DDL was applied during the capture the file is
 * not written ({@link paxosql.replica.state.CatalogChangedException}); capture again.
 */
public final class SnapshotWriter {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotWriter.class);

    private SnapshotWriter() {}

    /** Writes {@code view} to {@code target} (atomically: the file appears complete or not at all) and returns it. */
    public static SnapshotFile write(StateView view, Path target) throws IOException {
        long started = System.nanoTime();
        SortedMap<String, String> checksums = new TreeMap<>();
        try (SnapshotFileWriter out = new SnapshotFileWriter(target)) {
            var conn = view.connection();
            add(out, checksums, StateParts.CATALOG, view.catalogChecksum(), CatalogPart.read(view), 0);
            add(out, checksums, StateParts.SEQUENCES, view.sequencesChecksum(), SequencesPart.read(conn), 0);
            add(out, checksums, StateParts.META, view.metaChecksum(), MetaPart.read(conn), 0);
            for (UserTable table : view.tables()) {
                TableRows rows = TableRows.read(conn, table);
                int buckets = StateParts.BucketCut.BY_ROW_COUNT.buckets(table, rows.rows().size());
                List<List<TablePart.Row>> byBucket = rows.byBucket(buckets);
                for (int b = 0; b < buckets; b++) {
                    TablePart.Encoded part = rows.encode(byBucket.get(b));
                    add(out, checksums, StateParts.tablePart(table, b, buckets), part.checksum(), part.bytes(), part.indexLength());
                }
            }
            // Only now: everything read above is trusted only if no DDL ran meanwhile.
            view.checkCatalogUnchanged();
            StateChecksum checksum = StateChecksum.of(view.instance(), checksums);
            SnapshotFile file = out.finish(view.instance(), checksum.digest(), System.currentTimeMillis());
            LOG.info("snapshot at instance {} written to {}: {} parts, {} bytes, {} ms", view.instance(), target,
                    checksums.size(), file.size(), (System.nanoTime() - started) / 1_000_000);
            return file;
        } catch (SQLException e) {
            throw new IOException("reading the state at instance " + view.instance() + " for a snapshot failed: " + e.getMessage(), e);
        }
    }

    private static void add(SnapshotFileWriter out, SortedMap<String, String> checksums, String name, String checksum,
                            byte[] body, int indexLength) throws IOException {
        // Manifest order is name order, like the checksum's, so a catch-up meets each table's buckets together.
        checksums.put(name, checksum);
        out.add(name, checksum, body, indexLength);
    }
}
