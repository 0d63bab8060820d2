package paxosql.replica.snapshot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import paxosql.consensus.core.Decision;
import paxosql.replica.state.H2StateMachine;
import paxosql.replica.state.StateChecksum;
import paxosql.replica.state.StateView;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static paxosql.replica.state.Cmds.applyAll;
import static paxosql.replica.state.Cmds.batch;
import static paxosql.replica.state.Cmds.open;
import static paxosql.replica.state.Cmds.sql;

/** A replica behind a peer catches up from the peer's snapshot, fetching little more than what changed. */
class CatchUpTest {

    @TempDir
    Path dir;

    private static final long C = 7;
    private static final int ROWS = 20_000;

    /** 20,000 customers (about 100 bytes each as SQL values) and a small unkeyed table. */
    private static List<Decision> base() {
        return List.of(
                batch(1, open(C, 1), sql(C, 2, "CREATE TABLE CUSTOMERS(ID BIGINT PRIMARY KEY, NAME VARCHAR(40), "
                        + "BALANCE DECIMAL(12, 2), NOTE VARCHAR(80), SINCE DATE)")),
                batch(2, sql(C, 3, "INSERT INTO CUSTOMERS SELECT X, 'customer ' || X, MOD(X * 7919, 100000) / 100.0, "
                        + "'note for customer ' || X || ' of the catch-up test', DATE '2026-01-01' + MOD(X, 300) "
                        + "FROM SYSTEM_RANGE(1, " + ROWS + ")")),
                batch(3, sql(C, 4, "CREATE TABLE EVENTS(AT INT, WHAT VARCHAR(20))"),
                        sql(C, 5, "INSERT INTO EVENTS SELECT X, 'event' FROM SYSTEM_RANGE(1, 50)")));
    }

    /** 1% of the rows change, spread over the whole key range: 150 updated, 30 inserted, 20 deleted. */
    private static List<Decision> onePercent() {
        List<Decision> out = new ArrayList<>();
        out.add(batch(4, sql(C, 10, "UPDATE CUSTOMERS SET BALANCE = BALANCE + 1 WHERE MOD(ID, 133) = 0 AND ID <= 19950")));
        out.add(batch(5, sql(C, 11, "INSERT INTO CUSTOMERS SELECT " + ROWS + " + X, 'new ' || X, 0, 'joined late', "
                + "DATE '2026-06-01' FROM SYSTEM_RANGE(1, 30)")));
        out.add(batch(6, sql(C, 12, "DELETE FROM CUSTOMERS WHERE MOD(ID, 997) = 1 AND ID < " + ROWS)));
        out.add(batch(7, sql(C, 13, "INSERT INTO EVENTS VALUES (51, 'late')")));
        return out;
    }

    @Test
    void aReplicaBehindFetchesOnlyTheChangedRowsOfAPeersSnapshot() throws IOException {
        SnapshotFile peerSnapshot;
        StateChecksum peerChecksum;
        try (H2StateMachine peer = H2StateMachine.open(dir.resolve("peer"))) {
            applyAll(peer, base());
            applyAll(peer, onePercent());
            peerChecksum = peer.stateChecksum();
            try (StateView view = peer.openView()) {
                peerSnapshot = SnapshotWriter.write(view, dir.resolve("peer.psnap"));
            }
        }

        Path behindDir = dir.resolve("behind");
        Path staging = StateInstaller.stagingFor(behindDir);
        byte[] manifestBytes = peerSnapshot.manifestBytes();
        Manifest manifest = Manifest.decode(manifestBytes, "peer");
        CatchUpPlan plan;
        CatchUpSource source;
        try (H2StateMachine behind = H2StateMachine.open(behindDir)) {
            applyAll(behind, base());
            try (StateView view = behind.openView()) {
                plan = CatchUpPlan.forLocal(view, manifest);
                source = new CatchUpSource(view, plan, peerSnapshot::read);
                StateInstaller.build(manifest, source, staging);
            }
        }
        StateInstaller.swapIn(staging, behindDir);
        try (H2StateMachine caughtUp = H2StateMachine.open(behindDir)) {
            assertThat(caughtUp.appliedUpTo()).isEqualTo(7);
            assertThat(caughtUp.stateChecksum()).isEqualTo(peerChecksum);
        }

        long fetched = manifestBytes.length + source.bytesFetched();
        double ratio = (double) fetched / peerSnapshot.size();
        System.out.printf("catch-up with 1%% of %d rows changed: %s; fetched %d of %d snapshot bytes (%.2f%%) in %d requests "
                        + "(whole differing parts would be %d bytes, %.1f%%): %s%n", ROWS, plan, fetched, peerSnapshot.size(),
                100 * ratio, source.requests() + 1, plan.bytesToFetch(), 100 * plan.fetchFraction(), source.summary());
        assertThat(ratio).isLessThanOrEqualTo(0.05);
    }

    @Test
    void aReplicaWithTheSameStateFetchesNothingButTheManifestAndMeta() throws IOException {
        SnapshotFile peerSnapshot;
        try (H2StateMachine peer = H2StateMachine.open(dir.resolve("peer"))) {
            applyAll(peer, base());
            try (StateView view = peer.openView()) {
                peerSnapshot = SnapshotWriter.write(view, dir.resolve("peer.psnap"));
            }
        }
        Manifest manifest = peerSnapshot.manifest();
        try (H2StateMachine same = H2StateMachine.open(dir.resolve("same"))) {
            applyAll(same, base());
            try (StateView view = same.openView()) {
                CatchUpPlan plan = CatchUpPlan.forLocal(view, manifest);
                assertThat(plan.fetch()).isEmpty();
                CatchUpSource source = new CatchUpSource(view, plan, peerSnapshot::read);
                StateInstaller.build(manifest, source, dir.resolve("rebuilt"));
                assertThat(source.bytesFetched()).isZero();
            }
        }
    }
}
