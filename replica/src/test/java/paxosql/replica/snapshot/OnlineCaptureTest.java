package paxosql.replica.snapshot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import paxosql.consensus.core.Decision;
import paxosql.replica.state.CatalogChangedException;
import paxosql.replica.state.H2StateMachine;
import paxosql.replica.state.StateChecksum;
import paxosql.replica.state.StateView;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static paxosql.replica.state.Cmds.applyAll;
import static paxosql.replica.state.Cmds.batch;
import static paxosql.replica.state.Cmds.sql;

/** Snapshots taken while decisions go on being applied on another thread. */
class OnlineCaptureTest {

    @TempDir
    Path dir;

    /** Small write decisions after {@link States#rich()}: each changes rows of two tables, takes an identity value and a sequence value. */
    private static List<Decision> writes(long first, int count) {
        List<Decision> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long seq = 1000 + i;
            out.add(batch(first + i,
                    sql(States.C1, seq, "UPDATE ITEMS SET PRICE = PRICE + 1, NAME = NAME || '+' WHERE ID = ?", 1 + (i * 37L) % 5000),
                    sql(States.C2, seq, "INSERT INTO ORDERS(ACCOUNT, AMOUNT) VALUES (1, ?)", new java.math.BigDecimal(i % 100)),
                    sql(States.C1, seq + 100_000, "INSERT INTO LOG VALUES (?, NEXT VALUE FOR ORDER_NO || '')", i)));
        }
        return out;
    }

    @Test
    void aCaptureDuringWritesEqualsTheStateAtItsInstanceAndBarelyStallsThem() throws Exception {
        List<Decision> history = new ArrayList<>(States.rich());
        history.addAll(writes(26, 1500));
        SnapshotFile file;
        long viewInstance;
        AtomicLong maxApplyNanos = new AtomicLong();
        AtomicLong maxApplyDuringCapture = new AtomicLong();
        AtomicLong appliedDuringCapture = new AtomicLong();
        AtomicLong maxApplyBefore = new AtomicLong();
        long openViewMicros;
        AtomicLong worstAt = new AtomicLong();
        AtomicLong captureStart = new AtomicLong();
        long captureMillis;
        try (H2StateMachine source = H2StateMachine.open(dir.resolve("source"))) {
            applyAll(source, history.subList(0, 25 + 300));
            CountDownLatch capturing = new CountDownLatch(1);
            AtomicLong captureState = new AtomicLong(); // 0 before, 1 during, 2 after
            Thread writer = new Thread(() -> {
                for (Decision d : history.subList(25 + 300, history.size())) {
                    if (d.instance() == 25 + 400) capturing.countDown();
                    long t0 = System.nanoTime();
                    source.apply(d);
                    long took = System.nanoTime() - t0;
                    maxApplyNanos.accumulateAndGet(took, Math::max);
                    if (captureState.get() == 0) maxApplyBefore.accumulateAndGet(took, Math::max);
                    if (captureState.get() == 1) {
                        if (took > maxApplyDuringCapture.get()) worstAt.set((t0 - captureStart.get()) / 1_000_000);
                        maxApplyDuringCapture.accumulateAndGet(took, Math::max);
                        appliedDuringCapture.incrementAndGet();
                    }
                }
            }, "writer");
            writer.start();
            assertThat(capturing.await(30, TimeUnit.SECONDS)).isTrue();
            long t0 = System.nanoTime();
            captureStart.set(t0);
            captureState.set(1);
            long o0 = System.nanoTime();
            try (StateView view = source.openView()) {
                openViewMicros = (System.nanoTime() - o0) / 1000;
                viewInstance = view.instance();
                file = SnapshotWriter.write(view, dir.resolve("during.psnap"));
            }
            captureState.set(2);
            captureMillis = (System.nanoTime() - t0) / 1_000_000;
            writer.join();
            assertThat(source.appliedUpTo()).isEqualTo(history.size());
        }
        System.out.printf("capture at instance %d while writing: %d ms, %d bytes; %d decisions applied meanwhile; opening the view "
                        + "took %d us; longest apply during capture %.1f ms, %d ms into it (before it %.1f ms, overall %.1f ms)%n",
                viewInstance, captureMillis, file.size(), appliedDuringCapture.get(), openViewMicros,
                maxApplyDuringCapture.get() / 1e6, worstAt.get(), maxApplyBefore.get() / 1e6, maxApplyNanos.get() / 1e6);
        assertThat(appliedDuringCapture.get()).as("writes kept flowing during the capture").isPositive();
        assertThat(maxApplyDuringCapture.get()).isLessThan(TimeUnit.MILLISECONDS.toNanos(500));

        // A replica that applied exactly up to the view's instance has the snapshot's checksum.
        try (H2StateMachine twin = H2StateMachine.open(dir.resolve("twin"))) {
            applyAll(twin, history.subList(0, (int) viewInstance));
            assertThat(file.instance()).isEqualTo(viewInstance);
            assertThat(file.manifest().stateDigest()).isEqualTo(twin.stateChecksum().digest());
            assertThat(SnapshotRestoreTest.partChecksums(file.manifest())).isEqualTo(twin.stateChecksum().parts());
        }
    }

    @Test
    void ddlAppliedDuringACaptureIsDetectedAndNoFileIsLeft() throws IOException {
        try (H2StateMachine source = H2StateMachine.open(dir.resolve("source"))) {
            applyAll(source, States.rich());
            Path target = dir.resolve("snapshots").resolve("s.psnap");
            Files.createDirectories(target.getParent());
            try (StateView view = source.openView()) {
                source.apply(batch(26, sql(States.C1, 500, "CREATE TABLE LATE(ID INT PRIMARY KEY)")));
                assertThatThrownBy(() -> SnapshotWriter.write(view, target)).isInstanceOf(CatalogChangedException.class)
                        .hasMessageContaining("DDL");
            }
            try (Stream<Path> s = Files.list(target.getParent())) {
                assertThat(s.toList()).isEmpty();
            }
            // DML alone does not disturb a capture: it sees the state as of its instance.
            StateChecksum before = source.stateChecksum();
            try (StateView view = source.openView()) {
                source.apply(batch(27, sql(States.C1, 501, "DELETE FROM ITEMS WHERE ID < 100")));
                assertThat(SnapshotWriter.write(view, target).manifest().stateDigest()).isEqualTo(before.digest());
            }
        }
    }
}
