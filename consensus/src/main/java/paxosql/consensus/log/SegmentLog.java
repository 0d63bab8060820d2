package paxosql.consensus.log;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;
import static paxosql.consensus.log.SegmentFormat.HEADER_SIZE;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paxosql.consensus.core.LogRecord;
import paxosql.consensus.log.SegmentFormat.SegmentName;
import paxosql.consensus.log.SegmentReader.Scan;

/**
 * The durable log of one node (DESIGN.md § Durable log): append-only segment files in one
 * directory, every record framed with its length and CRC32C (layout in {@link SegmentFormat}).
 *
 * <h2>What the caller may rely on</h2>
 * <ul>
 *   <li><b>Recovery.</b> {@link #open} returns, through {@link #recovered()}, the records of the
 *       log in append order. That is always a prefix of what was appended (since the last
 *       {@link #rewriteBase}, which counts as appending its base), and it contains at least every
 *       record appended before the last {@link #sync()} or {@code rewriteBase} that returned. It
 *       may contain more, since the OS may have written later records on its own.
 *   <li><b>Torn tails are cut, never read.</b> A torn or corrupt tail of the last segment (the
 *       only place a crash can tear) is truncated to the last intact frame and fsynced before
 *       {@code open} returns, and reported in {@link Recovery#tailCut()} and in one log line. The
 *       same damage in any other segment, a missing segment, or an intact header of another
 *       format version is refused: {@code open} throws ({@link LogCorruptedException},
 *       {@link LogFormatException}) before changing anything on disk.
 *   <li><b>{@link #append}</b> writes to the OS without fsync: the records survive a crash of this
 *       process, but not of the machine until a later {@code sync()} returns. It does not wait for
 *       the disk, except for one fsync when a full segment rolls over.
 *   <li><b>{@link #sync}</b> returns once everything appended before it was called is on stable
 *       storage, including the directory entry of any segment created since the last sync. A sync
 *       with nothing new to write costs no fsync.
 *   <li><b>{@link #rewriteBase}</b> replaces the whole log by {@code base}, atomically across
 *       crashes; see its Javadoc for how.
 *   <li><b>Threads.</b> Every method is thread-safe, and {@code sync()} runs its fsync without
 *       holding up {@code append}: one thread may keep appending while another syncs (that is
 *       what {@link GroupCommitLog} builds on). Records appended while a sync is running may or
 *       may not be covered by it. Do not interrupt a thread inside this class: a
 *       {@link FileChannel} closes itself on interrupt, which leaves the log unusable.
 *   <li><b>Failure.</b> After an I/O error in {@code append}, {@code sync} or {@code rewriteBase}
 *       the disk may no longer match what this object believes (a failed fsync may have dropped
 *       written pages), so every later call throws {@link IOException}. Close it and reopen the
 *       directory (in practice: restart the node) to recover from what is really on disk.
 *   <li><b>One owner.</b> The directory is locked (file {@code LOCK}) while
 *       open; a second open, from this or another process, fails.
 * </ul>
 *
 * <p>Invariant that makes recovery sound: a segment is fully fsynced before its successor is
 * created, so a torn frame can only ever be in the last segment.
 */
public final class SegmentLog implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentLog.class);

    /**
     * Tuning of a segment log.
     *
     * @param segmentBytes a segment rolls over before a frame would take it past this size
     *     (default {@value #DEFAULT_SEGMENT_BYTES}); a single larger frame gets a segment of its own
     * @param maxRecordBytes largest encoded record {@link #append} accepts (default
     *     {@value #DEFAULT_MAX_RECORD_BYTES}); guards against runaway batches. Recovery does not use
     *     it, so lowering it never makes existing records unreadable
     */
    public record Options(long segmentBytes, int maxRecordBytes) {
        public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
        public static final int DEFAULT_MAX_RECORD_BYTES = 16 << 20;

        public Options {
            if (segmentBytes <= HEADER_SIZE) {
                throw new IllegalArgumentException("segmentBytes must exceed the " + HEADER_SIZE
                        + "-byte segment header, got " + segmentBytes);
            }
            if (maxRecordBytes < 1 || maxRecordBytes > SegmentFormat.MAX_PAYLOAD_BYTES) {
                throw new IllegalArgumentException("maxRecordBytes must be in [1, "
                        + SegmentFormat.MAX_PAYLOAD_BYTES + "], got " + maxRecordBytes);
            }
        }

        public static Options defaults() {
            return new Options(DEFAULT_SEGMENT_BYTES, DEFAULT_MAX_RECORD_BYTES);
        }

        public Options withSegmentBytes(long bytes) {
            return new Options(bytes, maxRecordBytes);
        }

        public Options withMaxRecordBytes(int bytes) {
            return new Options(segmentBytes, bytes);
        }
    }

    /** Points inside {@link #rewriteBase} where tests simulate a crash. */
    enum RewriteStep { TEMP_FILE_SYNCED, RENAMED, DIRECTORY_SYNCED, OLD_SEGMENT_DELETED }

    /** Test hook called at each {@link RewriteStep}; throwing from it simulates a crash there. */
    @FunctionalInterface
    interface RewriteObserver {
        RewriteObserver NONE = step -> {};

        void reached(RewriteStep step) throws IOException;
    }

    /** A segment open for appending. */
    private static final class Segment {
        final long number;
        final Path path;
        final FileChannel channel;
        long size;

        Segment(long number, Path path, FileChannel channel, long size) {
            this.number = number;
            this.path = path;
            this.channel = channel;
            this.size = size;
        }

        void write(byte[] bytes, int offset, int length) throws IOException {
            writeFully(channel, bytes, offset, length, size);
            size += length;
        }
    }

    private final Path dir;
    private final Options options;
    private final RewriteObserver rewriteObserver;
    private final FileChannel lockChannel;
    private final AtomicLong fsyncs = new AtomicLong();
    /** Records appended since open that a completed sync (or rewriteBase) has made durable. */
    private final AtomicLong durableRecords = new AtomicLong();

    /** Serializes sync, rewriteBase and close; always taken before {@link #stateLock}. */
    private final Object syncLock = new Object();
    /** Guards everything below; never held during a sync's fsync. */
    private final Object stateLock = new Object();

    private final FrameEncoder frames;
    private final List<Path> liveSegments = new ArrayList<>();
    private Segment active;
    private long appendedRecords;
    private boolean activeDirty;
    private boolean directoryDirty;
    /** Segments rolled over from: already fsynced, closed by the next sync (one may still be forcing them). */
    private List<FileChannel> retired = new ArrayList<>();
    private Throwable failure;
    private boolean closed;
    private Recovery recovery;

    private SegmentLog(Path dir, Options options, RewriteObserver rewriteObserver, FileChannel lockChannel) {
        this.dir = dir;
        this.options = options;
        this.rewriteObserver = rewriteObserver;
        this.lockChannel = lockChannel;
        this.frames = new FrameEncoder(options.maxRecordBytes());
    }

    /**
     * Opens the log in {@code dir} (created if missing) and recovers it; see the class comment
     * for what recovery guarantees. Leftovers of an interrupted {@link #rewriteBase} are deleted.
     *
     * @throws LogCorruptedException if a segment other than the last is damaged or missing
     * @throws LogFormatException if a segment is in another format version, or an intact record
     *     does not decode
     * @throws IOException if the directory is locked by another open log, or on I/O errors
     */
    public static SegmentLog open(Path dir, Options options) throws IOException {
        return open(dir, options, RewriteObserver.NONE);
    }

    static SegmentLog open(Path dir, Options options, RewriteObserver rewriteObserver) throws IOException {
        Objects.requireNonNull(options, "options");
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null) forceDirectory(parent);
        }
        FileChannel lockChannel = FileChannel.open(dir.resolve(SegmentFormat.LOCK_FILE), CREATE, WRITE);
        SegmentLog log = new SegmentLog(dir, options, rewriteObserver, lockChannel);
        try {
            lockDirectory(dir, lockChannel);
            log.recover();
            return log;
        } catch (Throwable t) {
            IOException releaseFailure = log.releaseFiles();
            if (releaseFailure != null) t.addSuppressed(releaseFailure);
            throw t;
        }
    }

    private static void lockDirectory(Path dir, FileChannel lockChannel) throws IOException {
        boolean locked;
        try {
            locked = lockChannel.tryLock() != null;
        } catch (OverlappingFileLockException e) {
            locked = false;
        }
        if (!locked) {
            throw new IOException("log directory " + dir + " is already open (by this or another process);"
                    + " two writers would corrupt it");
        }
    }

    /** What {@link #open} recovered; the same object for the lifetime of this instance. */
    public Recovery recovered() {
        synchronized (stateLock) {
            return recovery;
        }
    }

    /**
     * Appends {@code records} in order; see the class comment for durability. All records are
     * encoded before anything is written, so a rejected record leaves the log unchanged.
     *
     * @throws IllegalArgumentException if a record exceeds {@link Options#maxRecordBytes()}
     * @throws NullPointerException if a record or one of its fields is null
     * @throws IllegalStateException if the log is closed
     * @throws IOException on an I/O error, or if the log failed earlier
     */
    public void append(List<LogRecord> records) throws IOException {
        if (records.isEmpty()) return;
        synchronized (stateLock) {
            ensureUsable();
            encode(records);
            try {
                writeFramesRollingOver();
                appendedRecords += records.size();
            } catch (IOException | RuntimeException e) {
                fail(e);
                throw e;
            }
        }
    }

    private void encode(List<LogRecord> records) {
        frames.reset();
        for (LogRecord r : records) frames.add(r);
    }

    /** Writes the encoded frames, starting a new segment wherever the next frame would not fit. */
    private void writeFramesRollingOver() throws IOException {
        byte[] bytes = frames.array();
        int chunkStart = 0;
        long projectedSize = active.size;
        for (int i = 0; i < frames.frameCount(); i++) {
            int frameStart = frames.frameStart(i);
            int frameLength = frames.frameEnd(i) - frameStart;
            boolean segmentHasFrames = projectedSize > HEADER_SIZE;
            if (segmentHasFrames && projectedSize + frameLength > options.segmentBytes()) {
                active.write(bytes, chunkStart, frameStart - chunkStart);
                rollOver();
                chunkStart = frameStart;
                projectedSize = active.size;
            }
            projectedSize += frameLength;
        }
        active.write(bytes, chunkStart, frames.size() - chunkStart);
        activeDirty = true;
    }

    private void rollOver() throws IOException {
        // Forced before the successor exists, so recovery may treat damage in any but the last
        // segment as real corruption rather than a torn write.
        force(active.channel);
        retired.add(active.channel);
        long number = active.number + 1;
        Path path = dir.resolve(SegmentFormat.fileName(number, false));
        FileChannel channel = FileChannel.open(path, CREATE_NEW, WRITE);
        active = new Segment(number, path, channel, 0);
        liveSegments.add(path);
        activeDirty = true;
        directoryDirty = true;
        byte[] header = SegmentFormat.header(SegmentFormat.VERSION, number);
        active.write(header, 0, header.length);
    }

    /**
     * Makes everything appended before this call durable: fsyncs the active segment (segments
     * already rolled over were fsynced then) and, if a segment was created since the last sync,
     * the directory. Does nothing if nothing was appended since the last sync. Appends may
     * proceed on other threads while it waits for the disk.
     *
     * @throws IllegalStateException if the log is closed
     * @throws IOException if an fsync fails (the log is then unusable), or if it failed earlier
     */
    public void sync() throws IOException {
        synchronized (syncLock) {
            FileChannel dirtyChannel;
            boolean dirtyDirectory;
            List<FileChannel> finished;
            long covered;
            synchronized (stateLock) {
                ensureUsable();
                covered = appendedRecords;
                dirtyChannel = activeDirty ? active.channel : null;
                dirtyDirectory = directoryDirty;
                finished = retired;
                retired = new ArrayList<>();
                activeDirty = false;
                directoryDirty = false;
            }
            try {
                if (dirtyChannel != null) force(dirtyChannel);
                if (dirtyDirectory) syncDirectory();
                for (FileChannel channel : finished) channel.close();
                durableRecords.accumulateAndGet(covered, Math::max);
            } catch (IOException | RuntimeException e) {
                synchronized (stateLock) {
                    fail(e);
                }
                throw e;
            }
        }
    }

    /**
     * Replaces the whole log by {@code base}: compaction below a durable snapshot. The caller
     * passes the live state (latest promise, a {@code SnapshotMark}, votes and chosen values above
     * it); records appended earlier and not repeated in {@code base} are gone afterwards. When it
     * returns, {@code base} is durable and later appends follow it.
     *
     * <p>Crash safety: the base is written to {@code log-N.base.tmp} (N above every existing
     * segment), fsynced, renamed to {@code log-N.base}, and the directory fsynced; only then are
     * the older segments deleted. Recovery deletes {@code .tmp} files and every segment below the
     * newest {@code .base}. So a crash before the rename leaves the old log, and any crash after it
     * the new base: never a mixture, never nothing.
     *
     * @throws IllegalArgumentException if a record exceeds {@link Options#maxRecordBytes()} (the
     *     log is then unchanged)
     * @throws IOException on an I/O error (the log is then unusable; reopen to recover), or if the
     *     log failed earlier
     */
    public void rewriteBase(List<LogRecord> base) throws IOException {
        synchronized (syncLock) {
            synchronized (stateLock) {
                ensureUsable();
                encode(base);
                try {
                    Segment newBase = installEncodedBase(active.number + 1);
                    List<Path> superseded = List.copyOf(liveSegments);
                    closeSegmentChannels();
                    active = newBase;
                    activeDirty = false;
                    directoryDirty = false;
                    liveSegments.clear();
                    liveSegments.add(newBase.path);
                    durableRecords.set(appendedRecords); // superseded by the durable base
                    for (Path old : superseded) {
                        Files.deleteIfExists(old);
                        rewriteObserver.reached(RewriteStep.OLD_SEGMENT_DELETED);
                    }
                } catch (IOException | RuntimeException e) {
                    fail(e);
                    throw e;
                }
            }
        }
    }

    /** Writes the frames in {@link #frames} as base segment {@code number}; the crash-safe steps of {@link #rewriteBase}. */
    private Segment installEncodedBase(long number) throws IOException {
        Path temp = dir.resolve(SegmentFormat.tempFileName(number));
        Path path = dir.resolve(SegmentFormat.fileName(number, true));
        try (FileChannel channel = FileChannel.open(temp, CREATE, TRUNCATE_EXISTING, WRITE)) {
            byte[] header = SegmentFormat.header(SegmentFormat.VERSION, number);
            writeFully(channel, header, 0, header.length, 0);
            writeFully(channel, frames.array(), 0, frames.size(), HEADER_SIZE);
            force(channel);
        }
        rewriteObserver.reached(RewriteStep.TEMP_FILE_SYNCED);
        Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE);
        rewriteObserver.reached(RewriteStep.RENAMED);
        // The new name must be durable before anything it supersedes is deleted.
        syncDirectory();
        rewriteObserver.reached(RewriteStep.DIRECTORY_SYNCED);
        FileChannel channel = FileChannel.open(path, WRITE);
        return new Segment(number, path, channel, HEADER_SIZE + (long) frames.size());
    }

    /**
     * How many of the records appended since open a completed {@link #sync()} (or
     * {@link #rewriteBase}) has made durable; for tests and diagnostics. Never runs ahead of
     * the truth, but may lag it (a rollover's fsync is not counted here).
     */
    long durableRecordCount() {
        return durableRecords.get();
    }

    /** fsyncs of this log's files and directory since it was opened, recovery included. */
    public long fsyncCount() {
        return fsyncs.get();
    }

    /**
     * Syncs what was appended (unless the log failed earlier, in which case nothing more is
     * written) and releases the files and the directory lock. Idempotent.
     *
     * @throws IOException if the final sync fails; the files are released anyway
     */
    @Override
    public void close() throws IOException {
        synchronized (syncLock) {
            boolean flush;
            synchronized (stateLock) {
                if (closed) return;
                flush = failure == null;
            }
            IOException flushFailure = null;
            if (flush) {
                try {
                    sync();
                } catch (IOException e) {
                    flushFailure = e;
                }
            }
            synchronized (stateLock) {
                closed = true;
                IOException releaseFailure = releaseFiles();
                if (flushFailure == null) flushFailure = releaseFailure;
            }
            if (flushFailure != null) throw flushFailure;
        }
    }

    // ---------------------------------------------------------------- recovery

    private void recover() throws IOException {
        List<SegmentName> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) SegmentName.parse(entry.getFileName().toString()).ifPresent(names::add);
        }
        names.sort(Comparator.comparingLong(SegmentName::number));
        List<Path> discarded = new ArrayList<>();
        for (SegmentName name : names) {
            if (name.temporary()) discarded.add(dir.resolve(SegmentFormat.tempFileName(name.number())));
        }
        List<SegmentName> segments = names.stream().filter(n -> !n.temporary()).toList();
        if (segments.isEmpty()) {
            deleteLeftovers(discarded);
            createEmptyLog(discarded);
            return;
        }

        long baseNumber = segments.stream().filter(SegmentName::base).mapToLong(SegmentName::number).max()
                .orElseThrow(() -> new LogCorruptedException(pathOf(segments.get(0)), 0,
                        "no base segment precedes it: the start of the log is missing"));
        List<SegmentName> live = new ArrayList<>();
        for (SegmentName name : segments) {
            if (name.number() < baseNumber) discarded.add(pathOf(name));
            else live.add(name);
        }
        checkContiguous(live, baseNumber);

        // Read and check everything before changing anything on disk.
        List<Scan> scans = new ArrayList<>();
        for (int i = 0; i < live.size(); i++) {
            SegmentName name = live.get(i);
            Scan scan = SegmentReader.scan(pathOf(name), name.number());
            boolean last = i == live.size() - 1;
            if (!scan.clean() && !last) throw new LogCorruptedException(pathOf(name), scan.intactEnd(), scan.defect());
            scans.add(scan);
        }

        deleteLeftovers(discarded);
        SegmentName lastName = live.get(live.size() - 1);
        Scan lastScan = scans.get(scans.size() - 1);
        Optional<Recovery.TailCut> cut = lastScan.clean()
                ? Optional.empty()
                : Optional.of(cutTail(pathOf(lastName), lastName.number(), lastScan));
        List<LogRecord> records = new ArrayList<>();
        for (Scan scan : scans) records.addAll(scan.records());
        for (SegmentName name : live) liveSegments.add(pathOf(name));
        Path lastPath = pathOf(lastName);
        FileChannel channel = FileChannel.open(lastPath, WRITE);
        active = new Segment(lastName.number(), lastPath, channel, channel.size());
        recovery = new Recovery(records, cut, discarded);
    }

    private void createEmptyLog(List<Path> discarded) throws IOException {
        encode(List.of());
        active = installEncodedBase(1);
        liveSegments.add(active.path);
        recovery = new Recovery(List.of(), Optional.empty(), discarded);
    }

    private void checkContiguous(List<SegmentName> live, long baseNumber) throws LogCorruptedException {
        for (int i = 0; i < live.size(); i++) {
            long expected = baseNumber + i;
            SegmentName name = live.get(i);
            if (name.number() != expected) {
                String problem = name.number() < expected
                        ? "two segments carry number " + name.number()
                        : "segment " + expected + " is missing before it";
                throw new LogCorruptedException(pathOf(name), 0, problem);
            }
        }
    }

    /** Truncates the last segment to its intact part (or resets a damaged header) and fsyncs it. */
    private Recovery.TailCut cutTail(Path path, long number, Scan scan) throws IOException {
        try (FileChannel channel = FileChannel.open(path, WRITE)) {
            channel.truncate(scan.intactEnd());
            if (scan.intactEnd() == 0) {
                byte[] header = SegmentFormat.header(SegmentFormat.VERSION, number);
                writeFully(channel, header, 0, header.length, 0);
            }
            force(channel);
        }
        long bytesCut = scan.fileSize() - scan.intactEnd();
        LOG.warn("Cut the tail of log segment {} at offset {}: {} bytes discarded ({}); {} intact records kept in it",
                path, scan.intactEnd(), bytesCut, scan.defect(), scan.records().size());
        return new Recovery.TailCut(path, scan.intactEnd(), bytesCut, scan.defect());
    }

    /** Deletes an unfinished base or segments superseded by a newer base (an interrupted rewriteBase). */
    private void deleteLeftovers(List<Path> leftovers) throws IOException {
        for (Path leftover : leftovers) {
            LOG.info("Deleting {}, left over from an interrupted log compaction", leftover);
            Files.deleteIfExists(leftover);
        }
        // No directory fsync: if a crash brings them back, the next recovery deletes them again.
    }

    private Path pathOf(SegmentName name) {
        return dir.resolve(SegmentFormat.fileName(name.number(), name.base()));
    }

    // ---------------------------------------------------------------- helpers

    private void ensureUsable() throws IOException {
        if (closed) throw new IllegalStateException("segment log " + dir + " is closed");
        if (failure != null) {
            throw new IOException("segment log " + dir + " is unusable after an earlier failure;"
                    + " reopen it (restart the node) to recover from what is on disk", failure);
        }
    }

    /** Marks the log unusable after {@code e}. Caller holds {@link #stateLock}. */
    private void fail(Throwable e) {
        if (failure == null) failure = e;
    }

    private void force(FileChannel channel) throws IOException {
        // fdatasync is enough: it persists the data and the file size, which is all recovery reads.
        channel.force(false);
        fsyncs.incrementAndGet();
    }

    private void syncDirectory() throws IOException {
        forceDirectory(dir);
        fsyncs.incrementAndGet();
    }

    /** Makes created, renamed and deleted names in {@code directory} durable (POSIX: fsync the directory). */
    private static void forceDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, READ)) {
            channel.force(true);
        }
    }

    private static void writeFully(FileChannel channel, byte[] bytes, int offset, int length, long position)
            throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes, offset, length);
        long at = position;
        while (buf.hasRemaining()) at += channel.write(buf, at);
    }

    private void closeSegmentChannels() throws IOException {
        for (FileChannel channel : retired) channel.close();
        retired.clear();
        if (active != null) active.channel.close();
    }

    /** Closes every file and releases the directory lock; returns the first failure instead of stopping. */
    private IOException releaseFiles() {
        IOException first = null;
        try {
            closeSegmentChannels();
        } catch (IOException e) {
            first = e;
        }
        try {
            lockChannel.close();
        } catch (IOException e) {
            if (first == null) first = e;
            else first.addSuppressed(e);
        }
        return first;
    }
}
