package paxosql.consensus.core;

/**
 * Time and size knobs of the core, in milliseconds of whatever clock drives
 * {@code tick} (the simulator's or the wall clock).
 *
 * @param heartbeatMillis      how often a leader shows it is alive
 * @param electionMillis       silence after which a leader is suspected (randomised up to 1.5x, plus a rank delay)
 * @param retransmitMillis     an accept not known chosen after this long is sent again, to every voter
 * @param learnerFlushCount    non-urgent notices cached before a batch is sent (patent §[00101])
 * @param learnerFlushMillis   the longest a non-urgent notice waits in the cache
 * @param window               instances a leader may have in flight
 * @param maxBatch             client commands per instance
 * @param catchUpChunk         chosen values per catch-up message
 * @param voteBeforeDurable    the leader sends its accept before its own vote is durable (fsyncs overlap);
 *                             false serializes them, kept to measure the difference
 */
public record Timing(long heartbeatMillis, long electionMillis, long retransmitMillis,
                     int learnerFlushCount, long learnerFlushMillis, int window, int maxBatch,
                     int catchUpChunk, boolean voteBeforeDurable) {

    public static Timing defaults() {
        return new Timing(50, 500, 200, 32, 5, 64, 64, 256, true);
    }

    public Timing withVoteBeforeDurable(boolean v) {
        return new Timing(heartbeatMillis, electionMillis, retransmitMillis, learnerFlushCount, learnerFlushMillis,
                window, maxBatch, catchUpChunk, v);
    }

    public Timing withWindow(int w, int batch) {
        return new Timing(heartbeatMillis, electionMillis, retransmitMillis, learnerFlushCount, learnerFlushMillis,
                w, batch, catchUpChunk, voteBeforeDurable);
    }
}
