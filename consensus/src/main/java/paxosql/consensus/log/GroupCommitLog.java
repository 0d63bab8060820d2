package paxosql.consensus.log;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paxosql.consensus.core.LogRecord;

/**
 * Group commit for the single-threaded event loop: the loop appends without waiting for the disk,
 * and a flusher thread makes many appends durable with one fsync, then says how far it got.
 *
 * <h2>What the caller may rely on</h2>
 * <ul>
 *   <li>{@link #append} is called from one thread only, the event loop (the first caller becomes
 *       that thread; another caller gets {@link IllegalStateException}). It writes the records to
 *       the {@link SegmentLog} at once and returns without waiting for an fsync.
 *   <li>Each append carries a caller-chosen {@code seq}, strictly greater than the previous one.
 *   <li>The flusher repeatedly takes the highest seq appended so far, runs one
 *       {@link SegmentLog#sync()} (which covers every append made before it), and then calls
 *       {@code onDurable} with that seq: every append with a seq up to it is durable. Appends made
 *       while a sync is running wait for the next sync. So a callback never names a seq whose
 *       records are not durable, and callbacks come with strictly increasing seqs. Seqs are not
 *       reported one by one; the callback means "everything up to here".
 *   <li>{@code onDurable} runs on the flusher thread: keep it short and hand the news to the loop
 *       (e.g. enqueue an event). It must not call {@link #append}.
 *   <li>If a sync fails, no further callback is made; {@code onFailure} is called once on the
 *       flusher thread and later appends throw. The node should stop and recover from disk.
 *   <li>{@link #close()} waits (bounded) for the flusher to make everything appended durable and
 *       report it, then stops the flusher and closes the {@code SegmentLog}, which this object owns.
 * </ul>
 */
public final class GroupCommitLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitLog.class);

    /** Seq before any append; not a valid seq. */
    public static final long NO_SEQ = Long.MIN_VALUE;

    /** How long {@link #close()} waits for the final fsync. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final SegmentLog log;
    private final LongConsumer onDurable;
    private final Consumer<? super IOException> onFailure;
    private final Thread flusher;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    // Guarded by lock.
    private long appendedSeq = NO_SEQ;
    private long durableSeq = NO_SEQ;
    private Thread appender;
    private boolean closing;
    private IOException failure;

    private GroupCommitLog(SegmentLog log, LongConsumer onDurable, Consumer<? super IOException> onFailure) {
        this.log = log;
        this.onDurable = onDurable;
        this.onFailure = onFailure;
        this.flusher = new Thread(this::flushUntilClosed, "paxosql-log-flusher");
        // Daemon: a forgotten close() must not keep the JVM alive; close() is what makes data durable.
        flusher.setDaemon(true);
    }

    /**
     * Wraps {@code log} (taking ownership of it) and starts the flusher thread.
     *
     * @param onDurable called with the highest seq made durable by each sync
     * @param onFailure called once if a sync fails; no callback follows it
     */
    public static GroupCommitLog start(SegmentLog log, LongConsumer onDurable, Consumer<? super IOException> onFailure) {
        GroupCommitLog groupCommit = new GroupCommitLog(Objects.requireNonNull(log, "log"),
                Objects.requireNonNull(onDurable, "onDurable"), Objects.requireNonNull(onFailure, "onFailure"));
        groupCommit.flusher.start();
        return groupCommit;
    }

    /**
     * Writes {@code records} to the log now and queues them for the next sync. Never waits for an
     * fsync, except the one a segment rollover needs.
     *
     * @param seq identifies this append in {@code onDurable}; strictly greater than the previous
     * @return the highest seq already durable when this call returns ({@link #NO_SEQ} if none), so
     *     the loop may notice without waiting for the callback
     * @throws IllegalStateException if called from a thread other than the first caller's, or
     *     after {@link #close()}
     * @throws IllegalArgumentException if {@code seq} does not increase
     * @throws IOException if the write fails or an earlier sync failed
     */
    public long append(List<LogRecord> records, long seq) throws IOException {
        lock.lock();
        try {
            checkAppendAllowed(seq);
        } finally {
            lock.unlock();
        }
        try {
            log.append(records);
        } catch (IOException e) {
            lock.lock();
            try {
                if (failure == null) failure = e;
            } finally {
                lock.unlock();
            }
            throw e;
        }
        lock.lock();
        try {
            appendedSeq = seq;
            appended.signal();
            return durableSeq;
        } finally {
            lock.unlock();
        }
    }

    private void checkAppendAllowed(long seq) throws IOException {
        if (appender == null) appender = Thread.currentThread();
        if (appender != Thread.currentThread()) {
            throw new IllegalStateException("append is for the event loop thread " + appender.getName()
                    + " only, called from " + Thread.currentThread().getName());
        }
        if (closing) throw new IllegalStateException("group commit log is closed");
        if (failure != null) throw new IOException("an earlier log write or sync failed; the node must recover from disk", failure);
        if (seq == NO_SEQ || seq <= appendedSeq) {
            throw new IllegalArgumentException("seq must increase: " + seq + " after " + appendedSeq);
        }
    }

    /** The highest seq known durable ({@link #NO_SEQ} if none yet). */
    public long durableSeq() {
        lock.lock();
        try {
            return durableSeq;
        } finally {
            lock.unlock();
        }
    }

    /** fsyncs of the underlying log so far. */
    public long fsyncCount() {
        return log.fsyncCount();
    }

    private void flushUntilClosed() {
        try {
            while (true) {
                long target;
                lock.lock();
                try {
                    while (appendedSeq == durableSeq && !closing) appended.await();
                    if (appendedSeq == durableSeq) return; // closing, and nothing left to flush
                    target = appendedSeq;
                } finally {
                    lock.unlock();
                }
                // Every append up to target finished its write before target was published,
                // hence before this sync starts: the sync covers it.
                log.sync();
                lock.lock();
                try {
                    durableSeq = target;
                } finally {
                    lock.unlock();
                }
                notifyDurable(target);
            }
        } catch (IOException e) {
            stopOnFailure(e);
        } catch (RuntimeException e) {
            // E.g. the SegmentLog was closed behind our back; still a failure the loop must hear of.
            stopOnFailure(new IOException("log sync failed unexpectedly", e));
        } catch (InterruptedException e) {
            // Nobody interrupts the flusher on purpose (an interrupt would close the log's files);
            // stop without claiming anything more is durable.
            LOG.error("Log flusher interrupted; no further appends will be reported durable");
            Thread.currentThread().interrupt();
        }
    }

    private void stopOnFailure(IOException e) {
        lock.lock();
        try {
            failure = e;
        } finally {
            lock.unlock();
        }
        onFailure.accept(e);
    }

    private void notifyDurable(long seq) {
        try {
            onDurable.accept(seq);
        } catch (RuntimeException e) {
            // A bug in the callback; callbacks are cumulative, so the next one still covers this seq.
            LOG.error("onDurable callback failed for seq {}", seq, e);
        }
    }

    /**
     * Lets the flusher make everything appended durable and report it, waits up to
     * {@link #CLOSE_TIMEOUT} for that, then closes the underlying log. Call it from the loop
     * thread, or after the loop stopped appending. Idempotent.
     *
     * @throws IOException if the flusher did not finish in time (the log is then left open, and
     *     records after {@link #durableSeq()} may not be durable), or if closing the log fails
     */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            closing = true;
            appended.signal();
        } finally {
            lock.unlock();
        }
        try {
            flusher.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the log flusher; records after seq "
                    + durableSeq() + " may not be durable", e);
        }
        if (flusher.isAlive()) {
            throw new IOException("log flusher still busy after " + CLOSE_TIMEOUT.toSeconds()
                    + " s (disk stalled?); records after seq " + durableSeq() + " may not be durable");
        }
        log.close();
    }
}
