package paxosql.replica.node;

import org.junit.jupiter.api.Test;
import paxosql.consensus.core.Command;
import paxosql.driver.protocol.ClientRequest;
import paxosql.driver.protocol.PayloadCodec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Read barriers: proposed after the reads they serve, shared by reads that arrive together, proposed again when lost. */
class ReadBarrierTest {
    private final List<Command> proposed = new ArrayList<>();
    private final AtomicLong now = new AtomicLong();
    private final ReadBarrier barrier = new ReadBarrier(2, proposed::add, now::get, 1_000, 500);

    @Test
    void aReadWaitsForABarrierProposedAfterItArrivedAndReadsArrivingMeanwhileShareTheNextOne() {
        CompletableFuture<Long> first = barrier.await();
        assertThat(proposed).hasSize(1);
        Command b1 = proposed.get(0);
        assertThat(b1.clientId()).isEqualTo(-2).isEqualTo(ClientRequest.barrierClient(2));
        assertThat(b1.sequence()).isEqualTo(500);
        assertThat(PayloadCodec.decodeRequest(b1.payload())).isInstanceOf(ClientRequest.Barrier.class);

        // Two reads arrive while the first barrier is in flight: it may not cover what was acknowledged before them.
        CompletableFuture<Long> second = barrier.await();
        CompletableFuture<Long> third = barrier.await();
        assertThat(proposed).as("no barrier per read").hasSize(1);

        barrier.applied(new Command(7, 500, new byte[0]), 40); // a client's command with the same sequence: not ours
        barrier.applied(new Command(-3, 500, new byte[0]), 40); // another replica's barrier
        assertThat(first).isNotDone();
        barrier.applied(b1, 41);
        assertThat(first).isCompletedWithValue(41L);
        assertThat(second).as("waits for the next barrier").isNotDone();
        assertThat(proposed).hasSize(2);
        Command b2 = proposed.get(1);
        assertThat(b2.sequence()).isEqualTo(501);

        barrier.applied(b1, 42); // a duplicate of the first: nothing
        assertThat(second).isNotDone();
        barrier.applied(b2, 45);
        assertThat(second).isCompletedWithValue(45L);
        assertThat(third).isCompletedWithValue(45L);
        assertThat(proposed).as("nobody waits: nothing proposed").hasSize(2);
    }

    @Test
    void aBarrierLostInALeaderChangeIsProposedAgainForEveryoneWaiting() {
        CompletableFuture<Long> first = barrier.await();
        CompletableFuture<Long> second = barrier.await();
        barrier.retryIfStale();
        assertThat(proposed).as("not stale yet").hasSize(1);
        now.addAndGet(1_000);
        barrier.retryIfStale();
        assertThat(proposed).hasSize(2);
        barrier.applied(proposed.get(0), 10); // the lost one after all: no longer awaited
        assertThat(first).isNotDone();
        barrier.applied(proposed.get(1), 12);
        assertThat(first).isCompletedWithValue(12L);
        assertThat(second).isCompletedWithValue(12L);
    }

    @Test
    void closingFailsEveryoneWaiting() {
        CompletableFuture<Long> first = barrier.await();
        CompletableFuture<Long> second = barrier.await();
        barrier.close(new IllegalStateException("closing"));
        assertThat(first).isCompletedExceptionally();
        assertThat(second).isCompletedExceptionally();
    }
}
