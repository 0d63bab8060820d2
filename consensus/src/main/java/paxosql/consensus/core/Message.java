package paxosql.consensus.core;

import java.util.List;

/**
 * Everything one node says to another. The transport carries these as they are;
 * the sender's id travels beside them in the {@link Envelope} (taken from the
 * authenticated connection, never from the message).
 */
public sealed interface Message {

    /** One instance as an acceptor or learner knows it; {@code chosen} marks a value known chosen. */
    record Entry(long instance, Ballot ballot, Value value, boolean chosen) {}

    /** Phase 1a for every instance from {@code fromInstance} upward (patent §[0073]). */
    record Prepare(Ballot ballot, long fromInstance) implements Message {}

    /**
     * Phase 1b: sent only once the promise is durable. Carries the votes the acceptor
     * cast at or above the leader's first unknown instance (and above its own chosen
     * prefix); chosen values up to {@code chosenUpTo} are streamed separately as
     * catch-up, so a promise never grows with the log.
     */
    record Promise(Ballot ballot, long chosenUpTo, List<Entry> entries) implements Message {}

    /** A refusal: the acceptor has promised {@code promised}, above the sender's ballot. */
    record Nack(Ballot promised) implements Message {}

    /**
     * Phase 2a. The leader's own vote rides with it (patent §[0094]); the vote only
     * counts once a {@link LeaderDurable} for this ballot covers the instance.
     * {@code voteUrgently}: answer with an {@link Accepted} at once (classic mode, retransmits).
     */
    record Accept(Ballot ballot, long instance, Value value, boolean voteUrgently) implements Message {}

    /** Phase 2b: durable votes of the sender at {@code ballot} for these instances. */
    record Accepted(Ballot ballot, List<Long> instances) implements Message {}

    /** "My votes at ballot b are durable up to instance upTo" (DESIGN.md § Durability order). */
    record LeaderDurable(Ballot ballot, long upTo) implements Message {}

    /**
     * Classic mode: every instance up to {@code upTo} that the leader proposed at
     * {@code ballot} is chosen. A receiver applies it only where its own vote is at that ballot.
     */
    record Commit(Ballot ballot, long upTo) implements Message {}

    /** Chosen values: catch-up answers, non-urgent learner batches (patent §[00101]), forwards of Fig. 8. */
    record Learn(List<Entry> entries, long senderChosenUpTo) implements Message {}

    /** Asks for chosen values in {@code [from, to]}. */
    record CatchUpRequest(long from, long to) implements Message {}

    /** The requested instances were truncated below a snapshot taken at {@code snapshotInstance}. */
    record SnapshotNeeded(long snapshotInstance) implements Message {}

    /**
     * The leader is alive. {@code chosenUpTo}: its chosen prefix (a {@link Commit} for
     * its ballot). {@code durableUpTo}: repeats its latest {@link LeaderDurable}, in case
     * that was lost. {@code stableUpTo}: every full voter has durably logged the chosen
     * prefix up to here, so a witness may forget its votes below it.
     */
    record Heartbeat(Ballot ballot, long chosenUpTo, long durableUpTo, long stableUpTo) implements Message {}

    /**
     * Answer to a heartbeat: the follower is alive (check-quorum) and has durably
     * logged the chosen prefix up to {@code durableChosenUpTo} (the rule before an
     * operational quorum grows back, patent §[00116]).
     */
    record HeartbeatReply(Ballot ballot, long durableChosenUpTo) implements Message {}

    /** Client commands a non-leader received, passed on to the leader. */
    record Forward(List<Command> commands) implements Message {}
}
