package paxosql.replica.node;

import paxosql.consensus.core.Decision;

/**
 * What a replica applies chosen commands to. Called on the node's loop thread, one
 * decision at a time, strictly in instance order.
 */
public interface StateMachine extends AutoCloseable {

    /** The last instance whose effects are durable here; the node resumes delivery after it. */
    long appliedUpTo();

    /** Applies one decision; must be deterministic (every replica gets the same result). */
    void apply(Decision decision);

    @Override
    void close();

    /** The witness keeps no state: it never receives decisions. */
    StateMachine NONE = new StateMachine() {
        @Override public long appliedUpTo() { return 0; }
        @Override public void apply(Decision decision) {
            throw new IllegalStateException("a witness applies nothing, got instance " + decision.instance());
        }
        @Override public void close() { }
    };
}
