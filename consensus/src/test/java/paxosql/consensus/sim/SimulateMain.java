package paxosql.consensus.sim;

import paxosql.consensus.core.Mutation;

import java.util.Locale;

/**
 * {@code bin/simulate --seeds N [--seed S] [--events E] [--mutant NAME]}: runs seeds
 * 1..N (or only S), prints each violation with its seed and a trace, and ends with
 * the line {@code simulation seeds=<N> events=<total> chosen=<instances> violations=<V>}.
 */
public final class SimulateMain {

    public static void main(String[] args) {
        long seeds = 100;
        Long only = null;
        int events = 2000;
        Mutation mutation = Mutation.NONE;
        boolean stopAtFirst = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--seeds" -> seeds = Long.parseLong(args[++i]);
                    case "--seed" -> only = Long.parseLong(args[++i]);
                    case "--events" -> events = Integer.parseInt(args[++i]);
                    case "--mutant" -> mutation = Mutation.parse(args[++i]);
                    case "--stop-at-first" -> stopAtFirst = true;
                    case "-h", "--help" -> {
                        usage();
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
        } catch (RuntimeException e) {
            System.err.println("simulate: " + (e instanceof ArrayIndexOutOfBoundsException ? "missing value" : e.getMessage()));
            usage();
            System.exit(2);
        }
        SeedRunner.Summary s = SeedRunner.run(only != null ? only : 1, only != null ? 1 : seeds, events, mutation,
                stopAtFirst, only != null, r -> {
                    System.out.println("VIOLATION seed=" + r.seed() + " (" + describe(r.params()) + ")");
                    r.violations().forEach(v -> System.out.println("  " + v));
                    System.out.println("  trace (last events):");
                    r.trace().forEach(t -> System.out.println("    " + t));
                    System.out.println("  reproduce: bin/simulate --seed " + r.seed() + " --events " + r.params().faultEvents()
                            + (r.params().mutation() != Mutation.NONE ? " --mutant " + r.params().mutation().label() : ""));
                });
        System.out.println(String.format(Locale.ROOT, "simulation seeds=%d events=%d chosen=%d violations=%d",
                s.seeds(), s.events(), s.chosen(), s.violations()));
        System.exit(s.violations() == 0 || mutation != Mutation.NONE ? 0 : 1);
    }

    static String describe(Simulation.Params p) {
        long voters = p.config().fullVoterIds().size();
        return voters + " voters" + (p.config().hasWitness() ? " + witness" : "") + ", "
                + p.config().learnerIds().size() + " learners, " + p.config().mode().label()
                + String.format(Locale.ROOT, ", loss %.2f, dup %.2f", p.loss(), p.duplication())
                + (p.timing().voteBeforeDurable() ? ", overlapped fsyncs" : ", serialized fsyncs");
    }

    private static void usage() {
        System.out.println("usage: bin/simulate --seeds N [--seed S] [--events E] [--mutant NAME] [--stop-at-first]");
        System.out.println("  --seeds N       run seeds 1..N (default 100)");
        System.out.println("  --seed S        run only seed S, printing its full trace on a violation");
        System.out.println("  --events E      events in the fault phase of each seed (default 2000)");
        System.out.println("  --mutant NAME   run a deliberately broken variant: ignore-promise, own-value,");
        System.out.println("                  act-before-durable, ballotless-durable");
        System.out.println("  --stop-at-first stop at the first seed with a violation");
    }
}
