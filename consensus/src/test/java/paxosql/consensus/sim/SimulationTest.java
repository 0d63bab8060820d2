package paxosql.consensus.sim;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import paxosql.consensus.core.Mutation;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator's verdicts, as CI runs them: a thousand seeds of two thousand fault
 * events each with no violation, and every deliberately broken variant caught.
 */
class SimulationTest {

    @Test
    @DisplayName("1,000 seeds x 2,000 fault events: agreement, validity, no duplicates, no lost acks, liveness")
    void thousandSeedsHaveNoViolations() {
        List<String> found = new ArrayList<>();
        SeedRunner.Summary s = SeedRunner.run(1, 1_000, 2_000, Mutation.NONE, false, false,
                r -> found.add("seed " + r.seed() + ": " + r.violations()));
        System.out.printf("simulation seeds=%d events=%d chosen=%d violations=%d%n", s.seeds(), s.events(), s.chosen(), s.violations());
        assertThat(found).isEmpty();
        assertThat(s.events()).isGreaterThanOrEqualTo(2_000_000L);
        assertThat(s.chosen()).as("the runs must make progress, not just survive").isGreaterThan(10_000L);
    }

    @ParameterizedTest
    @EnumSource(value = Mutation.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    @DisplayName("each broken variant is caught within 1,000 seeds")
    void mutantIsCaught(Mutation mutant) {
        SeedRunner.Summary s = SeedRunner.run(1, 1_000, 2_000, mutant, true, false, r -> { });
        System.out.printf("mutant %s caught at seed %d%n", mutant.label(), s.firstViolatingSeed());
        assertThat(s.violations()).as(mutant.label()).isPositive();
        assertThat(s.firstViolatingSeed()).isBetween(1L, 1_000L);
    }

    @Test
    @DisplayName("a seed replays exactly")
    void seedReplaysExactly() {
        Simulation.Result a = new Simulation(42, Simulation.Params.randomFor(42, 2_000, Mutation.NONE)).run();
        Simulation.Result b = new Simulation(42, Simulation.Params.randomFor(42, 2_000, Mutation.NONE)).run();
        assertThat(a.events()).isEqualTo(b.events());
        assertThat(a.chosen()).isEqualTo(b.chosen());
        assertThat(a.trace()).isEqualTo(b.trace());
    }
}
