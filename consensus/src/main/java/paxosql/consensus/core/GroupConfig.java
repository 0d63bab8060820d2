package paxosql.consensus.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The members of one Paxos group and its commit mode. Every node of a group must
 * hold the same configuration; the transport refuses peers whose configuration hash differs.
 */
public record GroupConfig(List<Member> members, CommitMode mode) {

    public GroupConfig {
        members = members.stream().sorted(Comparator.comparingInt(Member::id)).toList();
        Set<Integer> ids = new HashSet<>();
        for (Member m : members) {
            if (!ids.add(m.id())) throw new IllegalArgumentException("member id " + m.id() + " appears twice");
        }
        long voters = members.stream().filter(m -> m.role() == Role.VOTER).count();
        long witnesses = members.stream().filter(m -> m.role() == Role.WITNESS).count();
        if (voters == 0) throw new IllegalArgumentException("a group needs at least one voter");
        if (witnesses > 0 && !(witnesses == 1 && voters == 2)) {
            throw new IllegalArgumentException(
                    "a witness group is exactly two voters and one witness; got " + voters + " voters, " + witnesses + " witnesses");
        }
        long voting = voters + witnesses;
        if (voting % 2 == 0) {
            throw new IllegalArgumentException("an even number of voting members (" + voting + ") adds no fault tolerance; use 3, 5 or 7");
        }
        if (mode == CommitMode.SIMPLIFIED_ONE && voting != 3) {
            throw new IllegalArgumentException("commit mode simplified-one needs exactly 3 voting members, got " + voting
                    + " (with more, one follower's vote plus the leader's is no majority)");
        }
    }

    public static GroupConfig of(int voters, int learners, CommitMode mode) {
        List<Member> ms = new ArrayList<>();
        for (int i = 1; i <= voters; i++) ms.add(new Member(i, Role.VOTER));
        for (int i = 1; i <= learners; i++) ms.add(new Member(voters + i, Role.LEARNER));
        return new GroupConfig(ms, mode);
    }

    public static GroupConfig witnessGroup(int learners, CommitMode mode) {
        List<Member> ms = new ArrayList<>(List.of(new Member(1, Role.VOTER), new Member(2, Role.VOTER), new Member(3, Role.WITNESS)));
        for (int i = 1; i <= learners; i++) ms.add(new Member(3 + i, Role.LEARNER));
        return new GroupConfig(ms, mode);
    }

    public Optional<Member> member(int id) {
        return members.stream().filter(m -> m.id() == id).findFirst();
    }

    public Role roleOf(int id) {
        return member(id).map(Member::role).orElseThrow(() -> new IllegalArgumentException("node " + id + " is not a member"));
    }

    /** Members that vote: voters and the witness. */
    public List<Integer> votingIds() {
        return members.stream().filter(m -> m.role() != Role.LEARNER).map(Member::id).toList();
    }

    /** Members that may lead and keep the full state. */
    public List<Integer> fullVoterIds() {
        return members.stream().filter(m -> m.role() == Role.VOTER).map(Member::id).toList();
    }

    public List<Integer> learnerIds() {
        return members.stream().filter(m -> m.role() == Role.LEARNER).map(Member::id).toList();
    }

    public List<Integer> allIds() { return members.stream().map(Member::id).toList(); }

    public boolean hasWitness() { return members.stream().anyMatch(m -> m.role() == Role.WITNESS); }

    /** ⌊n/2⌋+1 of the voting members. */
    public int majority() { return votingIds().size() / 2 + 1; }
}
