package paxosql.consensus.log;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import paxosql.consensus.core.LogRecord;

/**
 * What {@link SegmentLog#open} found on disk.
 *
 * @param records every intact record of the live segments, in the order they were appended
 *     (after a {@link SegmentLog#rewriteBase rewrite}: the base, then what was appended after it)
 * @param tailCut the torn or corrupt tail that was cut from the last segment, if any
 * @param discardedFiles leftovers of an interrupted {@link SegmentLog#rewriteBase} that were
 *     deleted: an unfinished base ({@code .tmp}) or segments superseded by a newer base
 */
public record Recovery(List<LogRecord> records, Optional<TailCut> tailCut, List<Path> discardedFiles) {

    public Recovery {
        records = List.copyOf(records);
        discardedFiles = List.copyOf(discardedFiles);
    }

    /**
     * A tail cut from the last segment: the file now ends at {@code offset}; the
     * {@code bytesCut} bytes after it were never decoded. {@code offset == 0} means the segment
     * header itself was unusable: the file was reset to an empty segment with a fresh header.
     *
     * @param reason what was wrong with the first rejected bytes
     */
    public record TailCut(Path file, long offset, long bytesCut, String reason) {}
}
