package paxosql.consensus.core;

/** How phase 2 learns that a value is chosen (DESIGN.md § Protocol, "Commit modes"). */
public enum CommitMode {
    /** Patent Fig. 7: the accept carries the leader's vote; followers decide themselves. */
    SIMPLIFIED,
    /** Patent Fig. 8: accept+vote to one follower, which forwards "chosen" to the rest. 3 voters only. */
    SIMPLIFIED_ONE,
    /** Votes return to the leader, which announces "chosen". */
    CLASSIC;

    public static CommitMode parse(String s) {
        return switch (s.trim().toLowerCase()) {
            case "simplified" -> SIMPLIFIED;
            case "simplified-one" -> SIMPLIFIED_ONE;
            case "classic" -> CLASSIC;
            default -> throw new IllegalArgumentException(
                    "unknown commit mode '" + s + "': expected simplified, simplified-one or classic");
        };
    }

    public String label() {
        return switch (this) {
            case SIMPLIFIED -> "simplified";
            case SIMPLIFIED_ONE -> "simplified-one";
            case CLASSIC -> "classic";
        };
    }
}
