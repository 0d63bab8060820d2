package paxosql.consensus.core;

/** A member's part in the group (DESIGN.md § Protocol, § Replica). */
public enum Role {
    /** Acceptor and learner; may lead. */
    VOTER,
    /** Cheap Paxos auxiliary (patent §[00106]): votes, stores no SQL, never leads. */
    WITNESS,
    /** Passive learner: receives chosen values in batches, never votes or leads. */
    LEARNER
}
