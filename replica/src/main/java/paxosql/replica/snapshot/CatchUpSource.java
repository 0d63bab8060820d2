package paxosql.replica.snapshot;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paxosql.replica.state.RowSum;
import paxosql.replica.state.StateParts;
import paxosql.replica.state.StateView;
import paxosql.replica.state.UserTable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of a peer's snapshot for a replica that catches up, fetching as little as it
 * can: a part whose checksum matches is rebuilt from the local state; a differing table
 * part is fetched in steps — its index, then the row fingerprints of the pages whose
 * checksums differ, then only the rows the local state lacks — and reassembled with the
 * local rows. Table parts are canonical, so everything rebuilt is checked against the
 * peer's SHA-256; on a mismatch the whole part is fetched instead.
 *
 * <p>Reads the local state through a {@link StateView}; throws
 * {@link paxosql.replica.state.CatalogChangedException} if DDL is applied locally meanwhile.
 */
public final class CatchUpSource implements PartSource {
    private static final Logger LOG = LoggerFactory.getLogger(CatchUpSource.class);
    private static final int MAX_CHUNK = 1 << 20;
    /** Ranges closer than this are fetched as one: a request costs more than a few bytes. */
    private static final int MERGE_GAP = 64;

    private final StateView local;
    private final CatchUpPlan plan;
    private final ChunkFetcher peer;
    private Map<String, UserTable> localTables;
    private String rowsOf;
    private TableRows rows;
    private List<List<TablePart.Row>> buckets;
    private long bytesFetched;
    private int requests;
    private int partsLocal;
    private int partsByRows;
    private int partsWhole;

    public CatchUpSource(StateView local, CatchUpPlan plan, ChunkFetcher peer) {
        this.local = local;
        this.plan = plan;
        this.peer = peer;
    }

    /** Bytes fetched from the peer so far (the manifest, fetched before, not included). */
    public long bytesFetched() {
        return bytesFetched;
    }

    public int requests() {
        return requests;
    }

    public String summary() {
        return partsLocal + " parts rebuilt locally, " + partsByRows + " by changed rows, " + partsWhole + " fetched whole; "
                + bytesFetched + " bytes in " + requests + " requests";
    }

    @Override
    public PartBytes bytes(Manifest.Part part) throws IOException {
        try {
            PartBytes b = find(part);
            local.checkCatalogUnchanged();
            return b;
        } catch (SQLException e) {
            throw new IOException("reading the local state for part " + part.name() + " failed: " + e.getMessage(), e);
        }
    }

    private PartBytes find(Manifest.Part part) throws IOException, SQLException {
        boolean same = plan.isLocal(part);
        switch (part.name()) {
            case StateParts.CATALOG:
                // SCRIPT's text may order objects differently on each replica: trusted through the final checksum only.
                if (same) partsLocal++;
                return same ? new PartBytes(CatalogPart.read(local), false) : whole(part);
            case StateParts.SEQUENCES:
                return same ? localOrWhole(part, SequencesPart.read(local.connection())) : whole(part);
            case StateParts.META:
                return same ? localOrWhole(part, MetaPart.read(local.connection())) : whole(part);
            default:
                break;
        }
        StateParts.TablePartName name = StateParts.parseTablePart(part.name());
        List<TablePart.Row> bucket = name == null ? null : localBucket(name);
        if (bucket == null) return whole(part);
        if (same) return localOrWhole(part, rows.encode(bucket).bytes());
        return byChangedRows(part, bucket);
    }

    /** The local rows of the bucket {@code name} names, cut as the peer cut; null if the table is not here. */
    private List<TablePart.Row> localBucket(StateParts.TablePartName name) throws SQLException {
        if (localTables == null) {
            localTables = new HashMap<>();
            for (UserTable t : local.tables()) localTables.put(t.displayName(), t);
        }
        UserTable table = localTables.get(name.table());
        if (table == null) return null;
        String key = name.table() + "/" + name.buckets();
        if (!key.equals(rowsOf)) {
            rowsOf = key;
            rows = TableRows.read(local.connection(), table);
            buckets = rows.byBucket(name.buckets());
        }
        return buckets.get(name.bucket());
    }

    private PartBytes localOrWhole(Manifest.Part part, byte[] bytes) throws IOException {
        if (part.hashMatches(bytes)) {
            partsLocal++;
            return new PartBytes(bytes, true);
        }
        LOG.debug("part {} rebuilt locally has other bytes than the peer's; fetching it whole", part.name());
        return whole(part);
    }

    private PartBytes whole(Manifest.Part part) throws IOException {
        partsWhole++;
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) part.length());
        for (long pos = 0; pos < part.length(); pos += MAX_CHUNK) {
            out.write(fetch(part.offset() + pos, (int) Math.min(MAX_CHUNK, part.length() - pos)));
        }
        return new PartBytes(out.toByteArray(), true);
    }

    private PartBytes byChangedRows(Manifest.Part part, List<TablePart.Row> bucket) throws IOException {
        String source = "peer's part " + part.name();
        TablePart.Index index = TablePart.decodeIndex(fetch(part.offset(), part.indexLength()), source);
        if (!index.columns().equals(rows.columnNames()) || index.hashedInJava() != rows.hashedInJava()) return whole(part);
        List<List<TablePart.Row>> localPages = TablePart.byPage(bucket, index.pages());
        List<List<TablePart.Row>> pages = new ArrayList<>(localPages);
        List<Integer> differing = new ArrayList<>();
        List<long[]> fingerprintRanges = new ArrayList<>();
        for (int p = 0; p < index.pages(); p++) {
            RowSum sum = new RowSum();
            for (TablePart.Row r : localPages.get(p)) sum.add(r.rowHash());
            if (sum.rows() == index.pageRows()[p] && sum.fingerprint(index.hashedInJava()) == index.pageChecksums()[p]) continue;
            differing.add(p);
            fingerprintRanges.add(new long[] {part.offset() + index.fingerprintsAt(p), (long) TablePart.FINGERPRINT_BYTES * index.pageRows()[p]});
        }
        List<byte[]> fingerprints = fetchRanges(fingerprintRanges);
        // Per differing page: which peer rows the local page has (same hash and bytes), and where the others lie.
        List<long[]> needed = new ArrayList<>();
        /** A row of a differing page: the local row that matches it, or where its fetched bytes will be. */
        record Slot(TablePart.Row local, long rowHash, int fetched) {}
        List<List<Slot>> plans = new ArrayList<>();
        for (int i = 0; i < differing.size(); i++) {
            int p = differing.get(i);
            Map<Long, Deque<TablePart.Row>> mine = new HashMap<>();
            for (TablePart.Row r : localPages.get(p)) mine.computeIfAbsent(r.rowHash(), h -> new ArrayDeque<>()).add(r);
            ByteBuffer fp = ByteBuffer.wrap(fingerprints.get(i));
            long at = part.offset() + index.rowsAt(p);
            List<Slot> plan = new ArrayList<>();
            while (fp.hasRemaining()) {
                long hash = fp.getLong();
                int length = fp.getInt();
                Deque<TablePart.Row> candidates = mine.get(hash);
                TablePart.Row have = candidates == null ? null : candidates.peekFirst();
                if (have != null && have.literal().length == length) {
                    plan.add(new Slot(candidates.pollFirst(), hash, -1));
                } else {
                    plan.add(new Slot(null, hash, needed.size()));
                    needed.add(new long[] {at, length});
                }
                at += length;
            }
            plans.add(plan);
        }
        List<byte[]> fetched = fetchRanges(needed);
        for (int i = 0; i < differing.size(); i++) {
            List<TablePart.Row> page = new ArrayList<>();
            for (Slot slot : plans.get(i)) {
                page.add(slot.local() != null ? slot.local() : new TablePart.Row(0, slot.rowHash(), fetched.get(slot.fetched())));
            }
            pages.set(differing.get(i), page);
        }
        byte[] bytes = TablePart.assemble(index.schema(), index.table(), index.columns(), index.hashedInJava(), pages).bytes();
        if (!part.hashMatches(bytes)) {
            LOG.warn("part {} rebuilt from local and fetched rows does not match the peer's hash; fetching it whole", part.name());
            return whole(part);
        }
        partsByRows++;
        return new PartBytes(bytes, true);
    }

    /** Fetches byte ranges ({offset, length}, ascending), merging near neighbours into one request; returns each range's bytes. */
    private List<byte[]> fetchRanges(List<long[]> ranges) throws IOException {
        List<byte[]> out = new ArrayList<>(ranges.size());
        int i = 0;
        while (i < ranges.size()) {
            long start = ranges.get(i)[0];
            long end = start + ranges.get(i)[1];
            int j = i + 1;
            while (j < ranges.size() && ranges.get(j)[0] - end <= MERGE_GAP && ranges.get(j)[0] + ranges.get(j)[1] - start <= MAX_CHUNK) {
                end = Math.max(end, ranges.get(j)[0] + ranges.get(j)[1]);
                j++;
            }
            byte[] chunk = fetch(start, (int) (end - start));
            for (int k = i; k < j; k++) {
                int from = (int) (ranges.get(k)[0] - start);
                byte[] b = new byte[(int) ranges.get(k)[1]];
                System.arraycopy(chunk, from, b, 0, b.length);
                out.add(b);
            }
            i = j;
        }
        return out;
    }

    private byte[] fetch(long offset, int length) throws IOException {
        byte[] b = peer.fetch(offset, length);
        if (b.length != length) throw new IOException("asked the peer for " + length + " bytes at " + offset + ", got " + b.length);
        bytesFetched += length;
        requests++;
        return b;
    }
}
