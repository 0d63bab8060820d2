package paxosql.consensus.core;

/**
 * A proposal number: {@code (round, nodeId)} compared lexicographically, so two
 * nodes never use the same ballot (DESIGN.md § Protocol).
 */
public record Ballot(long round, int nodeId) implements Comparable<Ballot> {
    /** Below every real ballot: what an acceptor that never promised holds. */
    public static final Ballot ZERO = new Ballot(0, 0);

    @Override
    public int compareTo(Ballot o) {
        int c = Long.compare(round, o.round);
        return c != 0 ? c : Integer.compare(nodeId, o.nodeId);
    }

    public boolean greaterThan(Ballot o) { return compareTo(o) > 0; }
    public boolean atLeast(Ballot o) { return compareTo(o) >= 0; }

    /** The next ballot this node may use that is above {@code seen}. */
    public static Ballot next(Ballot seen, int nodeId) {
        return new Ballot(seen.round + 1, nodeId);
    }

    @Override
    public String toString() { return round + "." + nodeId; }
}
