package paxosql.consensus.log;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import paxosql.consensus.core.Ballot;
import paxosql.consensus.core.Command;
import paxosql.consensus.core.LogRecord;
import paxosql.consensus.core.LogRecord.VoteRecord;
import paxosql.consensus.core.Value;

/** Records for log tests and the benchmark. */
final class TestRecords {

    /** Bytes a one-command VoteRecord encodes to beyond its command payload. */
    static final int VOTE_OVERHEAD_BYTES = LogRecordCodec.encode(vote(0, 0)).length;

    private TestRecords() {}

    /** A vote for a one-command batch whose payload has {@code payloadBytes} bytes derived from {@code instance}. */
    static VoteRecord vote(long instance, int payloadBytes) {
        byte[] payload = new byte[payloadBytes];
        Arrays.fill(payload, (byte) instance);
        Command command = new Command(instance % 97, instance, payload);
        return new VoteRecord(instance, new Ballot(1, 1), new Value.Batch(List.of(command)));
    }

    /** {@code count} votes for instances {@code first, first+1, ...}, of slightly varying sizes. */
    static List<LogRecord> votes(long first, int count) {
        List<LogRecord> votes = new ArrayList<>(count);
        for (long i = first; i < first + count; i++) votes.add(vote(i, 16 + (int) (i % 7) * 5));
        return votes;
    }

    /** The size of {@code record}'s frame in a segment. */
    static int frameSize(LogRecord record) {
        return SegmentFormat.FRAME_HEADER_SIZE + LogRecordCodec.encode(record).length;
    }
}
