package paxosql.consensus.sim;

import paxosql.consensus.core.Mutation;

import java.util.function.Consumer;

/** Runs a range of seeds and adds up what they found. */
public final class SeedRunner {

    public record Summary(long seeds, long events, long chosen, long violations, long firstViolatingSeed) {}

    private SeedRunner() {}

    public static Summary run(long firstSeed, long count, int events, Mutation mutation, boolean stopAtFirst,
                              boolean fullTrace, Consumer<Simulation.Result> onViolation) {
        long total = 0, chosen = 0, violations = 0, first = -1, ran = 0;
        for (long seed = firstSeed; seed < firstSeed + count; seed++) {
            Simulation sim = new Simulation(seed, Simulation.Params.randomFor(seed, events, mutation));
            if (fullTrace) sim.traceAll();
            Simulation.Result r = sim.run();
            ran++;
            total += r.events();
            chosen += r.chosen();
            if (!r.ok()) {
                violations += r.violations().size();
                if (first < 0) first = seed;
                onViolation.accept(r);
                if (stopAtFirst) break;
            }
        }
        return new Summary(ran, total, chosen, violations, first);
    }
}
