package paxosql.consensus.core;

/**
 * Deliberately broken variants of the protocol. They exist only so the simulator's
 * checkers can be shown to catch real bugs ("a checker that cannot fail is no
 * checker"); production code always runs {@link #NONE}.
 */
public enum Mutation {
    NONE,
    /** The acceptor votes for a ballot below the one it promised. */
    IGNORE_PROMISE,
    /** A new leader proposes a NO-OP where it should re-propose the highest accepted value. */
    OWN_VALUE,
    /** A follower counts the leader's piggybacked vote before the leader said it is durable. */
    ACT_BEFORE_DURABLE,
    /** The leader's durability notice is read without its ballot. */
    BALLOTLESS_DURABLE;

    public static Mutation parse(String s) {
        return Mutation.valueOf(s.trim().toUpperCase().replace('-', '_'));
    }

    public String label() { return name().toLowerCase().replace('_', '-'); }
}
