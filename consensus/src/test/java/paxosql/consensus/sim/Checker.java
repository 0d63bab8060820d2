package paxosql.consensus.sim;

import paxosql.consensus.core.Command;
import paxosql.consensus.core.Decision;
import paxosql.consensus.core.GroupConfig;
import paxosql.consensus.core.Value;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safety properties checked after every event of a simulation:
 * agreement (one value per instance across every node that ever learned it), validity
 * (only submitted commands, NO-OPs or operational-quorum changes are chosen), identical
 * applied prefixes (each node applies exactly the global sequence, in order), no
 * duplicate application, and no lost acknowledgement (checked after the heal).
 */
public final class Checker {
    private final GroupConfig config;
    private final Map<Long, Value> chosen = new HashMap<>();
    private final Map<Long, Integer> firstLearner = new HashMap<>();
    private final Map<String, Command> submitted = new HashMap<>();
    private final Map<String, Command> acknowledged = new LinkedHashMap<>();
    private final List<String> violations = new ArrayList<>();
    private long lastLatency;

    Checker(GroupConfig config) { this.config = config; }

    void submitted(Command c) { submitted.put(StateMachine.key(c), c); }

    void acknowledged(Command c, long latency) {
        acknowledged.put(StateMachine.key(c), c);
        lastLatency = latency;
    }

    public void violation(String v) {
        if (violations.size() < 20) violations.add(v);
    }

    void decided(int node, Decision d) {
        Value v = d.value();
        Value before = chosen.putIfAbsent(d.instance(), v);
        if (before == null) {
            firstLearner.put(d.instance(), node);
            checkValid(node, d);
        } else if (!before.equals(v)) {
            violation("agreement: instance " + d.instance() + " is " + before + " at node " + firstLearner.get(d.instance())
                    + " but " + v + " at node " + node);
        }
    }

    private void checkValid(int node, Decision d) {
        if (d.value() instanceof Value.Batch b) {
            for (Command c : b.commands()) {
                Command s = submitted.get(StateMachine.key(c));
                if (s == null || !s.equals(c)) violation("validity: node " + node + " chose unsubmitted " + c + " at " + d.instance());
            }
        } else if (d.value() instanceof Value.OqChange oq) {
            if (!config.fullVoterIds().containsAll(oq.members()) || oq.members().isEmpty()) {
                violation("validity: bad operational quorum " + oq + " at " + d.instance());
            }
        } else if (d.value() instanceof Value.Digest) {
            violation("validity: node " + node + " applied a digest at " + d.instance());
        }
    }

    /** After the heal: an acknowledged command is in every replica's applied sequence. */
    void checkAcknowledgedEverywhere(List<StateMachine> replicas) {
        for (Command c : acknowledged.values()) {
            for (StateMachine sm : replicas) {
                if (!sm.hasApplied(c)) violation("lost acknowledgement: " + c + " was acknowledged but node " + sm.node() + " never applied it");
            }
        }
    }

    public List<String> violations() { return violations; }

    public long chosenInstances() { return chosen.size(); }

    long lastLatency() { return lastLatency; }
}
