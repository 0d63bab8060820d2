package paxosql.consensus.sim;

import paxosql.consensus.core.Command;
import paxosql.consensus.core.Decision;
import paxosql.consensus.core.SessionTable;
import paxosql.consensus.core.Value;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A replica's state machine in the simulator: it applies decisions in order through
 * the production {@link SessionTable}, so a command chosen twice takes effect once.
 * It is rebuilt from the node's log after each crash, as the replica rebuilds from
 * its snapshot and log.
 */
final class StateMachine {
    private final int node;
    private final SessionTable sessions;
    private final Set<String> applied;
    private long appliedUpTo;

    StateMachine(int node) {
        this(node, new SessionTable(), new HashSet<>(), 0);
    }

    private StateMachine(int node, SessionTable sessions, Set<String> applied, long appliedUpTo) {
        this.node = node;
        this.sessions = sessions;
        this.applied = applied;
        this.appliedUpTo = appliedUpTo;
    }

    /** A durable copy of this state at {@link #appliedUpTo()}, with the operational quorum in force after it. */
    record Snapshot(long instance, SessionTable sessions, Set<String> applied, List<Integer> oqAfter) {}

    Snapshot snapshot(List<Integer> oqAfter) {
        return new Snapshot(appliedUpTo, sessions.copy(), Set.copyOf(applied), oqAfter);
    }

    /** The state of {@code s}, as node {@code node} installs it (from its own disk or from a peer). */
    static StateMachine restore(int node, Snapshot s) {
        return new StateMachine(node, s.sessions().copy(), new HashSet<>(s.applied()), s.instance());
    }

    /** Applies one decision; returns the commands that took effect now (the ones to answer). */
    List<Command> apply(Decision d, Checker checker, long now) {
        if (d.instance() != appliedUpTo + 1) {
            checker.violation("gap: node " + node + " applied instance " + d.instance() + " after " + appliedUpTo);
        }
        appliedUpTo = d.instance();
        checker.decided(node, d);
        List<Command> fresh = new ArrayList<>();
        if (d.value() instanceof Value.Batch b) {
            for (Command c : b.commands()) {
                if (!sessions.admit(c)) continue;
                if (!applied.add(key(c))) {
                    checker.violation("duplicate application: node " + node + " applied " + c + " twice");
                }
                fresh.add(c);
            }
        }
        return fresh;
    }

    static String key(Command c) { return c.clientId() + "#" + c.sequence(); }

    boolean hasApplied(Command c) { return applied.contains(key(c)); }

    long appliedUpTo() { return appliedUpTo; }

    int node() { return node; }
}
