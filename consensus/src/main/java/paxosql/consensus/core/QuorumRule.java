package paxosql.consensus.core;

import java.util.Collection;
import java.util.List;

/**
 * Which sets of votes choose a value, and which sets of promises let a new leader
 * proceed (DESIGN.md § Protocol, patent §[00105]–[00118]).
 *
 * <p>Without a witness: any majority of the voters, for both phases.
 *
 * <p>With a witness (two voters A, B and witness W): the operational quorum (OQ) is
 * {A,B} or a single voter. Under a two-member OQ any majority of {A,B,W} chooses;
 * the leader normally asks only the OQ, and the witness (which stores digests only)
 * when a member fails. Under a single-member OQ {X}, X's vote alone chooses a normal
 * value, so every phase-1 quorum for those instances must contain X (§[00116]).
 * An operational-quorum change always needs a majority of all voters (§[00112]),
 * including X when the OQ in force is {X}.
 */
public final class QuorumRule {
    private final GroupConfig config;
    private final List<Integer> voting;
    private final Integer lost;

    public QuorumRule(GroupConfig config) {
        this(config, null);
    }

    private QuorumRule(GroupConfig config, Integer lost) {
        this.config = config;
        this.voting = config.votingIds();
        this.lost = lost;
    }

    /**
     * The rule after an operator declared {@code lostNode} lost for good (patent
     * §[00118]): a single-node OQ of that node no longer binds; majorities decide.
     */
    public QuorumRule forgetting(int lostNode) {
        return new QuorumRule(config, lostNode);
    }

    private boolean singleton(List<Integer> oq) {
        return config.hasWitness() && oq.size() == 1 && (lost == null || !oq.get(0).equals(lost));
    }

    /** Do {@code voters} choose {@code value} in an instance governed by {@code oq}? */
    public boolean chooses(Collection<Integer> voters, Value value, List<Integer> oq) {
        boolean singleton = singleton(oq);
        if (value instanceof Value.OqChange || !singleton) {
            return isMajority(voters) && (!singleton || voters.contains(oq.get(0)));
        }
        return voters.contains(oq.get(0));
    }

    /** May a leader decide instances governed by {@code oq} from these promises? */
    public boolean canRead(Collection<Integer> promisers, List<Integer> oq) {
        boolean singleton = singleton(oq);
        return isMajority(promisers) && (!singleton || promisers.contains(oq.get(0)));
    }

    public boolean isMajority(Collection<Integer> nodes) {
        int n = 0;
        for (int v : voting) if (nodes.contains(v)) n++;
        return n >= config.majority();
    }

    /** The operational quorum a group starts with: all full voters. */
    public List<Integer> initialOq() { return config.fullVoterIds(); }
}
