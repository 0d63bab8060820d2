package paxosql.consensus.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static paxosql.consensus.log.SegmentFormat.FRAME_HEADER_SIZE;
import static paxosql.consensus.log.SegmentFormat.HEADER_SIZE;
import static paxosql.consensus.log.TestRecords.frameSize;
import static paxosql.consensus.log.TestRecords.votes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import paxosql.consensus.core.Ballot;
import paxosql.consensus.core.LogRecord;
import paxosql.consensus.core.LogRecord.PromiseRecord;
import paxosql.consensus.core.LogRecord.SnapshotMark;
import paxosql.consensus.log.Recovery.TailCut;
import paxosql.consensus.log.SegmentLog.Options;
import paxosql.consensus.log.SegmentLog.RewriteStep;

class SegmentLogTest {

    /** Small segments so a few dozen records span several files. */
    private static final Options SMALL_SEGMENTS = Options.defaults().withSegmentBytes(512);

    @TempDir
    Path dir;

    @Test
    void freshDirectoryRecoversAnEmptyLog() throws IOException {
        try (SegmentLog log = SegmentLog.open(dir.resolve("new"), SMALL_SEGMENTS)) {
            assertThat(log.recovered().records()).isEmpty();
            assertThat(log.recovered().tailCut()).isEmpty();
        }
        assertThat(segmentFiles(dir.resolve("new"))).extracting(p -> p.getFileName().toString())
                .containsExactly("log-00000000000000000001.base");
    }

    @Test
    void syncedRecordsAreRecoveredInOrder() throws IOException {
        List<LogRecord> written = votes(1, 10);
        try (SegmentLog log = SegmentLog.open(dir, Options.defaults())) {
            log.append(written.subList(0, 4));
            log.append(written.subList(4, 10));
            log.sync();
        }
        assertThat(reopen(Options.defaults()).records()).isEqualTo(written);
    }

    @Test
    void truncationAtEveryOffsetOfTheLastThreeRecordsRecoversAnIntactPrefix() throws IOException {
        List<LogRecord> written = votes(1, 10);
        try (SegmentLog log = SegmentLog.open(dir, Options.defaults())) {
            log.append(written);
            log.sync();
        }
        Path segment = onlySegment();
        byte[] original = Files.readAllBytes(segment);
        long[] frameEnds = frameEnds(written);
        assertThat(frameEnds[written.size()]).isEqualTo(original.length);

        for (int length = (int) frameEnds[written.size() - 3]; length <= original.length; length++) {
            Files.write(segment, Arrays.copyOf(original, length)); // what a crash may leave behind
            int intact = intactFrames(frameEnds, length);
            long intactEnd = frameEnds[intact];
            long bytesCut = length - intactEnd;

            Recovery recovery = reopen(Options.defaults());

            assertThat(recovery.records()).as("file cut at %d", length).isEqualTo(written.subList(0, intact));
            if (bytesCut == 0) {
                assertThat(recovery.tailCut()).as("file cut at frame boundary %d", length).isEmpty();
            } else {
                assertThat(recovery.tailCut()).as("file cut at %d", length)
                        .hasValueSatisfying(cut -> assertCut(cut, segment, intactEnd, bytesCut));
            }
            assertThat(Files.size(segment)).as("file cut at %d", length).isEqualTo(intactEnd);
        }
    }

    @Test
    void aDamagedByteInTheLastRecordsIsCutWithEverythingAfterIt() throws IOException {
        List<LogRecord> written = writeSegments(SMALL_SEGMENTS, 20);
        List<Path> segments = segmentFiles(dir);
        assertThat(segments).hasSizeGreaterThan(1);
        Path last = segments.get(segments.size() - 1);
        byte[] original = Files.readAllBytes(last);
        List<Integer> frameStarts = frameStarts(original);
        int inEarlierSegments = written.size() - frameStarts.size();
        Random random = new Random(7);

        for (int frame = frameStarts.size() - 3; frame < frameStarts.size(); frame++) {
            int start = frameStarts.get(frame);
            int end = frame + 1 < frameStarts.size() ? frameStarts.get(frame + 1) : original.length;
            for (int position = start; position < end; position++) {
                byte[] damaged = original.clone();
                damaged[position] ^= (byte) (1 + random.nextInt(255));
                Files.write(last, damaged);

                Recovery recovery = reopen(SMALL_SEGMENTS);

                assertThat(recovery.records()).as("byte %d damaged", position)
                        .isEqualTo(written.subList(0, inEarlierSegments + frame));
                assertThat(recovery.tailCut()).as("byte %d damaged", position)
                        .hasValueSatisfying(cut -> assertCut(cut, last, start, original.length - start));
            }
        }
    }

    @Test
    void aDamagedHeaderOfTheLastSegmentCutsTheWholeSegmentAndTheLogStaysUsable() throws IOException {
        List<LogRecord> written = writeSegments(SMALL_SEGMENTS, 20);
        List<Path> segments = segmentFiles(dir);
        Path last = segments.get(segments.size() - 1);
        byte[] original = Files.readAllBytes(last);
        int inEarlierSegments = written.size() - frameStarts(original).size();
        LogRecord afterRepair = votes(100, 1).get(0);

        for (int position = 0; position < HEADER_SIZE; position++) {
            byte[] damaged = original.clone();
            damaged[position] ^= (byte) 0xFF;
            Files.write(last, damaged);

            try (SegmentLog log = SegmentLog.open(dir, SMALL_SEGMENTS)) {
                assertThat(log.recovered().records()).as("header byte %d damaged", position)
                        .isEqualTo(written.subList(0, inEarlierSegments));
                assertThat(log.recovered().tailCut()).as("header byte %d damaged", position)
                        .hasValueSatisfying(cut -> assertCut(cut, last, 0, original.length));
                log.append(List.of(afterRepair));
            }
            List<LogRecord> expected = new ArrayList<>(written.subList(0, inEarlierSegments));
            expected.add(afterRepair);
            assertThat(reopen(SMALL_SEGMENTS).records()).as("header byte %d damaged", position).isEqualTo(expected);
        }
    }

    @Test
    void aDamagedByteInAnEarlierSegmentIsRefusedAndNothingIsChanged() throws IOException {
        writeSegments(SMALL_SEGMENTS, 20);
        List<Path> segments = segmentFiles(dir);
        Path first = segments.get(0);
        Path last = segments.get(segments.size() - 1);
        byte[] original = Files.readAllBytes(first);
        byte[] lastBefore = Files.readAllBytes(last);
        List<Integer> frameStarts = frameStarts(original);

        // Every header byte, and every fifth byte of the records.
        for (int position = 0; position < original.length; position += position < HEADER_SIZE ? 1 : 5) {
            byte[] damaged = original.clone();
            damaged[position] ^= (byte) 0xFF;
            Files.write(first, damaged);
            long damagedFrame = position < HEADER_SIZE ? 0 : frameContaining(frameStarts, position);

            assertThatThrownBy(() -> SegmentLog.open(dir, SMALL_SEGMENTS))
                    .as("byte %d damaged", position)
                    .isInstanceOfSatisfying(LogCorruptedException.class, e -> {
                        assertThat(e.file()).isEqualTo(first);
                        assertThat(e.offset()).isEqualTo(damagedFrame);
                    })
                    .hasMessageContaining(first.toString())
                    .hasMessageContaining("re-seed");
            assertThat(Files.readAllBytes(first)).isEqualTo(damaged);
            assertThat(Files.readAllBytes(last)).isEqualTo(lastBefore);
        }
    }

    @Test
    void aSegmentOfAnotherFormatVersionIsRefusedUntouched() throws IOException {
        writeSegments(Options.defaults(), 3);
        Path segment = onlySegment();
        byte[] bytes = Files.readAllBytes(segment);
        System.arraycopy(SegmentFormat.header(2, 1), 0, bytes, 0, HEADER_SIZE);
        Files.write(segment, bytes);

        assertThatThrownBy(() -> SegmentLog.open(dir, Options.defaults()))
                .isInstanceOf(LogFormatException.class)
                .hasMessageContaining("format version 2")
                .hasMessageContaining("reads only version 1");
        assertThat(Files.readAllBytes(segment)).isEqualTo(bytes);
    }

    @Test
    void aMissingMiddleSegmentIsRefused() throws IOException {
        writeSegments(SMALL_SEGMENTS, 30);
        List<Path> segments = segmentFiles(dir);
        assertThat(segments).hasSizeGreaterThan(2);
        Files.delete(segments.get(1));

        assertThatThrownBy(() -> SegmentLog.open(dir, SMALL_SEGMENTS))
                .isInstanceOf(LogCorruptedException.class)
                .hasMessageContaining("is missing before it");
    }

    @Test
    void recordsRollOverAcrossSegmentsAndSurviveReopenAndMoreAppends() throws IOException {
        List<LogRecord> first = writeSegments(SMALL_SEGMENTS, 60);
        List<Path> segments = segmentFiles(dir);
        assertThat(segments).hasSizeGreaterThan(3);
        assertThat(segments.get(0).getFileName().toString()).endsWith(".base");
        for (Path segment : segments.subList(1, segments.size())) {
            assertThat(segment.getFileName().toString()).endsWith(".seg");
        }
        for (Path segment : segments) assertThat(Files.size(segment)).isLessThanOrEqualTo(512);

        List<LogRecord> second = votes(1000, 40);
        try (SegmentLog log = SegmentLog.open(dir, SMALL_SEGMENTS)) {
            assertThat(log.recovered().records()).isEqualTo(first);
            log.append(second);
        }

        assertThat(reopen(SMALL_SEGMENTS).records()).isEqualTo(concat(first, second));
        assertThat(segmentFiles(dir).size()).isGreaterThan(segments.size());
    }

    @Test
    void aRecordLargerThanASegmentGetsASegmentOfItsOwn() throws IOException {
        List<LogRecord> written = List.of(votes(1, 1).get(0), TestRecords.vote(2, 2000), votes(3, 1).get(0));
        writeRecords(SMALL_SEGMENTS, written);

        assertThat(segmentFiles(dir)).hasSize(3);
        assertThat(reopen(SMALL_SEGMENTS).records()).isEqualTo(written);
    }

    @Test
    void anOversizedRecordIsRejectedAndNothingOfItsBatchIsWritten() throws IOException {
        Options smallRecords = Options.defaults().withMaxRecordBytes(200);
        try (SegmentLog log = SegmentLog.open(dir, smallRecords)) {
            assertThatThrownBy(() -> log.append(List.of(votes(1, 1).get(0), TestRecords.vote(2, 500))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("exceeds maxRecordBytes (200)");
            log.append(votes(3, 1)); // still usable
        }
        assertThat(reopen(smallRecords).records()).isEqualTo(votes(3, 1));
    }

    @Test
    void rewriteBaseLeavesOnlyTheBaseAndLaterRecords() throws IOException {
        List<LogRecord> base = base();
        List<LogRecord> later = votes(500, 5);
        List<Path> oldSegments;
        try (SegmentLog log = SegmentLog.open(dir, SMALL_SEGMENTS)) {
            log.append(votes(1, 40));
            log.sync();
            oldSegments = segmentFiles(dir);
            log.rewriteBase(base);
            log.append(later);
        }

        Recovery recovery = reopen(SMALL_SEGMENTS);

        assertThat(recovery.records()).isEqualTo(concat(base, later));
        assertThat(recovery.discardedFiles()).isEmpty();
        assertThat(oldSegments).hasSizeGreaterThan(2).noneMatch(Files::exists);
        assertThat(segmentFiles(dir).get(0).getFileName().toString()).endsWith(".base");
    }

    @ParameterizedTest
    @EnumSource(RewriteStep.class)
    void aCrashDuringRewriteBaseRecoversTheOldLogOrTheNewBase(RewriteStep crashAt) throws IOException {
        List<LogRecord> old = votes(1, 40);
        List<LogRecord> base = base();
        SegmentLog.open(dir, SMALL_SEGMENTS).close(); // creating a log installs a base too; crash only later
        SegmentLog log = SegmentLog.open(dir, SMALL_SEGMENTS, step -> {
            if (step == crashAt) throw new SimulatedCrash(step);
        });
        log.append(old);
        log.sync();
        assertThat(segmentFiles(dir)).hasSizeGreaterThan(2);

        assertThatThrownBy(() -> log.rewriteBase(base)).isInstanceOf(SimulatedCrash.class);
        assertThatThrownBy(() -> log.append(votes(99, 1))).as("a failed log refuses further work")
                .isInstanceOf(IOException.class).hasMessageContaining("unusable");
        log.close(); // releases the files without writing: the directory is left as the crash left it

        List<LogRecord> expected = crashAt == RewriteStep.TEMP_FILE_SYNCED ? old : base;
        LogRecord afterRestart = votes(900, 1).get(0);
        try (SegmentLog reopened = SegmentLog.open(dir, SMALL_SEGMENTS)) {
            assertThat(reopened.recovered().records()).isEqualTo(expected);
            assertThat(reopened.recovered().discardedFiles()).isNotEmpty();
            assertThat(reopened.recovered().tailCut()).isEmpty();
            reopened.append(List.of(afterRestart));
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
        }
        assertThat(reopen(SMALL_SEGMENTS).records()).isEqualTo(concat(expected, List.of(afterRestart)));
    }

    @Test
    void syncWithNothingNewCostsNoFsync() throws IOException {
        try (SegmentLog log = SegmentLog.open(dir, Options.defaults())) {
            long before = log.fsyncCount();
            log.sync();
            assertThat(log.fsyncCount()).isEqualTo(before);

            log.append(votes(1, 3));
            log.sync();
            assertThat(log.fsyncCount()).isEqualTo(before + 1);
        }
    }

    @Test
    void aSecondOpenOfTheSameDirectoryIsRefused() throws IOException {
        SegmentLog first = SegmentLog.open(dir, Options.defaults());
        try {
            assertThatThrownBy(() -> SegmentLog.open(dir, Options.defaults()))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("already open");
        } finally {
            first.close();
        }
        SegmentLog.open(dir, Options.defaults()).close(); // free again after close
    }

    // ---------------------------------------------------------------- helpers

    private static final class SimulatedCrash extends RuntimeException {
        SimulatedCrash(RewriteStep step) {
            super("simulated crash at " + step);
        }
    }

    private static List<LogRecord> base() {
        List<LogRecord> base = new ArrayList<>();
        base.add(new PromiseRecord(new Ballot(7, 2)));
        base.add(new SnapshotMark(38, List.of(1, 2, 3)));
        base.addAll(votes(39, 2));
        return base;
    }

    private List<LogRecord> writeSegments(Options options, int count) throws IOException {
        List<LogRecord> written = votes(1, count);
        writeRecords(options, written);
        return written;
    }

    private void writeRecords(Options options, List<LogRecord> records) throws IOException {
        try (SegmentLog log = SegmentLog.open(dir, options)) {
            for (LogRecord r : records) log.append(List.of(r));
            log.sync();
        }
    }

    private Recovery reopen(Options options) throws IOException {
        try (SegmentLog log = SegmentLog.open(dir, options)) {
            return log.recovered();
        }
    }

    private Path onlySegment() throws IOException {
        List<Path> segments = segmentFiles(dir);
        assertThat(segments).hasSize(1);
        return segments.get(0);
    }

    private static List<Path> segmentFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("log-\\d{20}\\.(base|seg)")).sorted().toList();
        }
    }

    /** {@code ends[i]}: offset where the first {@code i} records end in a single segment. */
    private static long[] frameEnds(List<LogRecord> records) {
        long[] ends = new long[records.size() + 1];
        ends[0] = HEADER_SIZE;
        for (int i = 0; i < records.size(); i++) ends[i + 1] = ends[i] + frameSize(records.get(i));
        return ends;
    }

    private static int intactFrames(long[] frameEnds, long length) {
        int intact = 0;
        while (intact + 1 < frameEnds.length && frameEnds[intact + 1] <= length) intact++;
        return intact;
    }

    /** Frame offsets found by walking the length fields of an intact segment. */
    private static List<Integer> frameStarts(byte[] segment) {
        List<Integer> starts = new ArrayList<>();
        ByteBuffer buf = ByteBuffer.wrap(segment);
        for (int at = HEADER_SIZE; at < segment.length; at += FRAME_HEADER_SIZE + buf.getInt(at)) starts.add(at);
        return starts;
    }

    private static int frameContaining(List<Integer> frameStarts, int position) {
        int start = frameStarts.get(0);
        for (int s : frameStarts) if (s <= position) start = s;
        return start;
    }

    private static void assertCut(TailCut cut, Path file, long offset, long bytesCut) {
        assertThat(cut.file()).isEqualTo(file);
        assertThat(cut.offset()).isEqualTo(offset);
        assertThat(cut.bytesCut()).isEqualTo(bytesCut);
        assertThat(cut.reason()).isNotBlank();
    }

    private static List<LogRecord> concat(List<LogRecord> a, List<LogRecord> b) {
        List<LogRecord> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
