package paxosql.consensus.core;

import java.util.List;

/**
 * What the core asks to be made durable. The acceptor's whole state (promise, votes,
 * chosen marks) is rebuilt from these alone (DESIGN.md § Durable log).
 */
public sealed interface LogRecord {

    /** The acceptor promised not to vote below {@code ballot}. */
    record PromiseRecord(Ballot ballot) implements LogRecord {}

    /**
     * This node started phase 1 with {@code ballot}: it must never use it again, even after a
     * crash. Separate from its promise as an acceptor, which it gives itself only once
     * another voter has promised, so a node that cannot reach the others does not raise its
     * promise above the live leader's ballot (and then depose it when it reconnects).
     */
    record CampaignRecord(Ballot ballot) implements LogRecord {}

    /** The acceptor voted for {@code value} at {@code ballot} in {@code instance} (a witness stores a digest). */
    record VoteRecord(long instance, Ballot ballot, Value value) implements LogRecord {}

    /** {@code instance} is chosen with the value this node voted for at {@code ballot}. */
    record ChosenMark(long instance, Ballot ballot) implements LogRecord {}

    /** {@code instance} is chosen with {@code value}, learned from another node. */
    record ChosenRecord(long instance, Value value) implements LogRecord {}

    /**
     * Everything up to {@code instance} is in a durable snapshot; the log below may go.
     * {@code operationalQuorum} is the operational quorum in force after it.
     */
    record SnapshotMark(long instance, List<Integer> operationalQuorum) implements LogRecord {}

    /** The operator declared {@code lostNode} lost for good while it alone formed the operational quorum. */
    record ForcedRecoveryRecord(int lostNode, long fromInstance) implements LogRecord {}
}
