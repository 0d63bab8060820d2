package paxosql.consensus.log;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import paxosql.consensus.core.LogRecord;

/**
 * A stand-in for the consensus event loop, shared by {@link GroupCommitLogTest} and
 * {@link GroupCommitBenchmark}: client threads {@link #submit} records over a queue, one loop
 * thread appends each submission to a {@link GroupCommitLog} under the next seq, and the
 * durability callback completes the submission's future with its append-to-durable latency.
 */
final class QueueFedLoop implements AutoCloseable {

    /** Sees every durability callback before any future completes; {@code highestAppendedSeq} is the last seq handed to append. */
    @FunctionalInterface
    interface DurabilityObserver {
        void durable(long seq, long highestAppendedSeq);
    }

    private static final class Submission {
        final List<LogRecord> records;
        final CompletableFuture<Long> durable = new CompletableFuture<>();
        volatile long appendNanos;

        Submission(List<LogRecord> records) {
            this.records = records;
        }
    }

    private final BlockingQueue<Submission> inbox = new LinkedBlockingQueue<>();
    private final NavigableMap<Long, Submission> awaitingDurability = new ConcurrentSkipListMap<>();
    private final AtomicLong highestAppendedSeq = new AtomicLong(0);
    private final DurabilityObserver observer;
    private final GroupCommitLog log;
    private final Thread loop;
    private volatile boolean running = true;

    private QueueFedLoop(SegmentLog segments, DurabilityObserver observer) {
        this.observer = observer;
        this.log = GroupCommitLog.start(segments, this::onDurable, this::onFailure);
        this.loop = new Thread(this::run, "test-event-loop");
    }

    static QueueFedLoop start(SegmentLog segments, DurabilityObserver observer) {
        QueueFedLoop loop = new QueueFedLoop(segments, observer);
        loop.loop.start();
        return loop;
    }

    /** Completes with the nanoseconds from append to the durability callback. */
    CompletableFuture<Long> submit(List<LogRecord> records) {
        Submission submission = new Submission(records);
        inbox.add(submission);
        return submission.durable;
    }

    long fsyncCount() {
        return log.fsyncCount();
    }

    private void run() {
        List<Submission> batch = new ArrayList<>();
        long seq = 0;
        try {
            while (running || !inbox.isEmpty()) {
                Submission first = inbox.poll(5, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                inbox.drainTo(batch);
                for (Submission s : batch) {
                    seq++;
                    // Registered before the append, so the callback for this seq always finds it.
                    highestAppendedSeq.set(seq);
                    s.appendNanos = System.nanoTime();
                    awaitingDurability.put(seq, s);
                    log.append(s.records, seq);
                }
                batch.clear();
            }
        } catch (IOException | RuntimeException e) {
            batch.forEach(s -> s.durable.completeExceptionally(e));
            onFailure(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void onDurable(long seq) {
        observer.durable(seq, highestAppendedSeq.get());
        long now = System.nanoTime();
        NavigableMap<Long, Submission> done = awaitingDurability.headMap(seq, true);
        for (Submission s : done.values()) s.durable.complete(now - s.appendNanos);
        done.clear();
    }

    private void onFailure(Exception e) {
        awaitingDurability.values().forEach(s -> s.durable.completeExceptionally(e));
    }

    /** Stops the loop after it appended everything submitted, then closes the log (final flush). */
    @Override
    public void close() throws IOException {
        running = false;
        try {
            loop.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the event loop", e);
        }
        if (loop.isAlive()) throw new IllegalStateException("event loop did not stop within 10 s");
        log.close();
    }
}
