package paxosql.replica.node;

import paxosql.consensus.core.Decision;
import paxosql.replica.state.H2StateMachine;

import java.nio.file.Path;

/**
 * The state machines a node can run. For now: the H2 state machine, whose per-command
 * results are not yet sent anywhere (answering clients arrives with the client protocol).
 */
public final class StateMachines {
    private StateMachines() {}

    /** Opens (creating if needed) the H2 state in {@code directory}; see {@link H2StateMachine#open(Path)}. */
    public static StateMachine open(Path directory) {
        H2StateMachine h2 = H2StateMachine.open(directory);
        return new StateMachine() {
            @Override public long appliedUpTo() { return h2.appliedUpTo(); }
            @Override public void apply(Decision decision) { h2.apply(decision); }
            @Override public void close() { h2.close(); }
        };
    }
}
