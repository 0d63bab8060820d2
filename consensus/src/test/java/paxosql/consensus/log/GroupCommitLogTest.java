package paxosql.consensus.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static paxosql.consensus.log.TestRecords.votes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import paxosql.consensus.core.LogRecord;
import paxosql.consensus.log.SegmentLog.Options;

class GroupCommitLogTest {

    private static final int CLIENTS = 8;
    private static final int SUBMISSIONS_PER_CLIENT = 100;

    @TempDir
    Path dir;

    @Test
    void concurrentClientsShareFsyncsAndEveryCallbackCoversOnlyAppendedSeqs() throws Exception {
        SegmentLog segments = SegmentLog.open(dir, Options.defaults());
        long fsyncsAtStart = segments.fsyncCount();
        List<Long> callbacks = new CopyOnWriteArrayList<>();
        List<String> violations = new CopyOnWriteArrayList<>();
        QueueFedLoop loop = QueueFedLoop.start(segments, (seq, highestAppended) -> {
            if (!callbacks.isEmpty() && seq <= callbacks.get(callbacks.size() - 1)) {
                violations.add("seq " + seq + " reported after " + callbacks.get(callbacks.size() - 1));
            }
            if (seq > highestAppended) violations.add("seq " + seq + " reported, highest appended " + highestAppended);
            // One record per seq, none before: seq s is durable only once s records are.
            if (segments.durableRecordCount() < seq) {
                violations.add("seq " + seq + " reported with only " + segments.durableRecordCount() + " records durable");
            }
            callbacks.add(seq);
        });

        List<LogRecord> submitted = new CopyOnWriteArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            List<LogRecord> mine = votes(c * 10_000L, SUBMISSIONS_PER_CLIENT);
            done.add(clients.submit(() -> {
                for (LogRecord record : mine) {
                    loop.submit(List.of(record)).get(10, TimeUnit.SECONDS); // wait until durable, as a client does
                    submitted.add(record);
                }
                return null;
            }));
        }
        for (Future<?> f : done) f.get(30, TimeUnit.SECONDS);
        clients.shutdown();
        long fsyncs = loop.fsyncCount() - fsyncsAtStart;
        loop.close();

        int appends = CLIENTS * SUBMISSIONS_PER_CLIENT;
        assertThat(violations).isEmpty();
        assertThat(callbacks).last().isEqualTo((long) appends);
        assertThat(fsyncs).as("fsyncs for %d appends", appends).isPositive().isLessThan(appends);
        try (SegmentLog reopened = SegmentLog.open(dir, Options.defaults())) {
            assertThat(reopened.recovered().records()).containsExactlyInAnyOrderElementsOf(submitted);
        }
    }

    @Test
    void closeMakesEverythingAppendedDurableAndReportsIt() throws IOException {
        List<Long> callbacks = new CopyOnWriteArrayList<>();
        List<LogRecord> written = votes(1, 50);
        GroupCommitLog log = GroupCommitLog.start(SegmentLog.open(dir, Options.defaults()), callbacks::add, e -> {});
        for (int i = 0; i < written.size(); i++) log.append(List.of(written.get(i)), i + 1);

        log.close();

        assertThat(callbacks).isNotEmpty().isSorted().last().isEqualTo(50L);
        assertThat(log.durableSeq()).isEqualTo(50);
        try (SegmentLog reopened = SegmentLog.open(dir, Options.defaults())) {
            assertThat(reopened.recovered().records()).isEqualTo(written);
        }
    }

    @Test
    void appendFromASecondThreadIsRefused() throws Exception {
        try (GroupCommitLog log = GroupCommitLog.start(SegmentLog.open(dir, Options.defaults()), seq -> {}, e -> {})) {
            log.append(votes(1, 1), 1);

            CompletableFuture<Void> other = CompletableFuture.runAsync(() -> {
                try {
                    log.append(votes(2, 1), 2);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });

            assertThatThrownBy(() -> other.get(5, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("event loop thread");
        }
    }

    @Test
    void seqMustIncrease() throws Exception {
        try (GroupCommitLog log = GroupCommitLog.start(SegmentLog.open(dir, Options.defaults()), seq -> {}, e -> {})) {
            log.append(votes(1, 1), 5);

            assertThatThrownBy(() -> log.append(votes(2, 1), 5)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> log.append(votes(2, 1), 4)).isInstanceOf(IllegalArgumentException.class);
            log.append(votes(2, 1), 6);
        }
    }
}
