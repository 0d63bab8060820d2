package paxosql.consensus.sim;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import paxosql.consensus.core.CommitMode;
import paxosql.consensus.core.GroupConfig;
import paxosql.consensus.core.Timing;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Message delays from submit to first answer, in simulated time with a fixed one-way
 * latency d and fsync latency f (patent §[0094]): 3d for simplified against 4d for
 * classic; 3d+f when the leader's fsync overlaps the follower's, 3d+2f when serialized.
 */
class MessageDelaysTest {
    private static final long D = 10;
    private static final long F = 4;

    private static long firstAnswer(CommitMode mode, long f, boolean overlap) {
        Timing t = new Timing(20, 100, 1_000, 8, 5, 8, 4, 32, overlap);
        Simulation sim = new Simulation(7, Simulation.Params.quiet(GroupConfig.of(3, 0, mode), t, D, f, 5_000));
        List<Long> lat = sim.measureLatencies(20);
        assertThat(lat).hasSize(20);
        assertThat(lat.stream().distinct().count()).as("no faults: every command takes the same time").isEqualTo(1);
        return lat.get(0);
    }

    @Test
    @DisplayName("simplified: 3d; classic: 4d (no disk latency)")
    void simplifiedSavesOneMessageDelay() {
        long simplified = firstAnswer(CommitMode.SIMPLIFIED, 0, true);
        long simplifiedOne = firstAnswer(CommitMode.SIMPLIFIED_ONE, 0, true);
        long classic = firstAnswer(CommitMode.CLASSIC, 0, true);
        System.out.printf("d=%dms: simplified %dms (%.1fd), simplified-one %dms (%.1fd), classic %dms (%.1fd)%n",
                D, simplified, simplified / (double) D, simplifiedOne, simplifiedOne / (double) D, classic, classic / (double) D);
        assertThat(simplified).isEqualTo(3 * D);
        assertThat(simplifiedOne).isEqualTo(3 * D);
        assertThat(classic).isEqualTo(4 * D);
    }

    @Test
    @DisplayName("with fsync latency f: 3d+f when the two fsyncs overlap, 3d+2f when serialized")
    void overlappedFsyncsCostOneFsync() {
        long overlapped = firstAnswer(CommitMode.SIMPLIFIED, F, true);
        long serialized = firstAnswer(CommitMode.SIMPLIFIED, F, false);
        long classic = firstAnswer(CommitMode.CLASSIC, F, true);
        System.out.printf("d=%dms f=%dms: overlapped %dms, serialized %dms, classic %dms%n", D, F, overlapped, serialized, classic);
        assertThat(overlapped).isEqualTo(3 * D + F);
        assertThat(serialized).isEqualTo(3 * D + 2 * F);
    }
}
