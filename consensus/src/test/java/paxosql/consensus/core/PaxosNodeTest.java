package paxosql.consensus.core;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The protocol's rules, one sentence of the patent or DESIGN.md per test. */
class PaxosNodeTest {
    private static final Timing TIMING = new Timing(20, 100, 40, 4, 5, 8, 4, 32, true);
    private static final Value.Batch V1 = new Value.Batch(List.of(Cluster.cmd(1, 1)));
    private static final Value.Batch V2 = new Value.Batch(List.of(Cluster.cmd(2, 1)));

    private static PaxosNode node(GroupConfig cfg, int id) {
        PaxosNode n = new PaxosNode(cfg, id, TIMING, id);
        n.start(0);
        return n;
    }

    private static <T extends Message> List<T> sent(Step s, Class<T> type) {
        return s.sends().stream().map(Envelope::message).filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    @DisplayName("§[0095]: a follower that accepts a proposal carrying the leader's vote executes it once both votes are durable")
    void followerExecutesWhenLeaderVoteArrivesWithAccept() {
        PaxosNode follower = node(GroupConfig.of(3, 0, CommitMode.SIMPLIFIED), 2);
        Ballot b = new Ballot(1, 1);

        Step accepted = follower.onMessage(1, new Message.Accept(b, 1, V1, false), 10);
        assertThat(accepted.writes()).containsExactly(new LogRecord.VoteRecord(1, b, V1));
        assertThat(accepted.decisions()).isEmpty();

        Step ownDurable = follower.onDurable(accepted.lastWriteSeq(), 11);
        assertThat(ownDurable.decisions()).as("the leader's vote is not yet durable").isEmpty();

        Step notice = follower.onMessage(1, new Message.LeaderDurable(b, 1), 12);
        assertThat(notice.decisions()).containsExactly(new Decision(1, V1));
    }

    @Test
    @DisplayName("the leader's notice may arrive first: the follower executes when its own vote becomes durable")
    void followerExecutesWhenOwnVoteTurnsDurableAfterNotice() {
        PaxosNode follower = node(GroupConfig.of(3, 0, CommitMode.SIMPLIFIED), 2);
        Ballot b = new Ballot(1, 1);
        Step accepted = follower.onMessage(1, new Message.Accept(b, 1, V1, false), 10);
        assertThat(follower.onMessage(1, new Message.LeaderDurable(b, 1), 11).decisions()).isEmpty();
        assertThat(follower.onDurable(accepted.lastWriteSeq(), 12).decisions()).containsExactly(new Decision(1, V1));
    }

    @Test
    @DisplayName("a durability notice for another ballot does not count: the instance may be re-decided at a higher ballot")
    void noticeForAnotherBallotDoesNotChoose() {
        PaxosNode follower = node(GroupConfig.of(3, 0, CommitMode.SIMPLIFIED), 2);
        Step accepted = follower.onMessage(1, new Message.Accept(new Ballot(1, 1), 1, V1, false), 10);
        follower.onDurable(accepted.lastWriteSeq(), 11);
        Step notice = follower.onMessage(3, new Message.LeaderDurable(new Ballot(2, 3), 5), 12);
        assertThat(notice.decisions()).isEmpty();
        assertThat(follower.chosenPrefix()).isZero();
    }

    @Test
    @DisplayName("classic mode: the follower's vote goes back to the leader, and the follower decides on the leader's announcement")
    void classicFollowerWaitsForCommit() {
        PaxosNode follower = node(GroupConfig.of(3, 0, CommitMode.CLASSIC), 2);
        Ballot b = new Ballot(1, 1);
        Step accepted = follower.onMessage(1, new Message.Accept(b, 1, V1, true), 10);
        Step durable = follower.onDurable(accepted.lastWriteSeq(), 11);
        assertThat(sent(durable, Message.Accepted.class)).containsExactly(new Message.Accepted(b, List.of(1L)));
        assertThat(durable.decisions()).isEmpty();
        assertThat(follower.onMessage(1, new Message.Commit(b, 1), 13).decisions()).containsExactly(new Decision(1, V1));
    }

    @Test
    @DisplayName("an acceptor's promise leaves only after it is durable")
    void promiseIsSentOnlyAfterItIsDurable() {
        PaxosNode acceptor = node(GroupConfig.of(3, 0, CommitMode.SIMPLIFIED), 2);
        Ballot b = new Ballot(1, 3);
        Step prepared = acceptor.onMessage(3, new Message.Prepare(b, 1), 500);
        assertThat(prepared.writes()).containsExactly(new LogRecord.PromiseRecord(b));
        assertThat(prepared.sends()).isEmpty();
        Step durable = acceptor.onDurable(prepared.lastWriteSeq(), 501);
        assertThat(sent(durable, Message.Promise.class)).containsExactly(new Message.Promise(b, 0, List.of()));
    }

    @Test
    @DisplayName("an acceptor refuses an accept below its promise")
    void acceptBelowPromiseIsRefused() {
        PaxosNode acceptor = node(GroupConfig.of(3, 0, CommitMode.SIMPLIFIED), 2);
        Step p = acceptor.onMessage(3, new Message.Prepare(new Ballot(5, 3), 1), 500);
        acceptor.onDurable(p.lastWriteSeq(), 501);
        Step refused = acceptor.onMessage(1, new Message.Accept(new Ballot(4, 1), 1, V1, false), 502);
        assertThat(refused.writes()).isEmpty();
        assertThat(sent(refused, Message.Nack.class)).containsExactly(new Message.Nack(new Ballot(5, 3)));
    }

    @Test
    @DisplayName("§[00113]: the witness votes for any proposal not below its promise, storing a digest, never the SQL")
    void witnessVotesWithDigest() {
        GroupConfig cfg = GroupConfig.witnessGroup(0, CommitMode.SIMPLIFIED);
        PaxosNode witness = node(cfg, 3);
        Ballot b = new Ballot(1, 1);
        Step accepted = witness.onMessage(1, new Message.Accept(b, 1, V1, false), 10);
        assertThat(accepted.writes()).containsExactly(new LogRecord.VoteRecord(1, b, Value.digestOf(V1)));
        Step durable = witness.onDurable(accepted.lastWriteSeq(), 11);
        assertThat(sent(durable, Message.Accepted.class)).as("the witness answers the leader at once")
                .containsExactly(new Message.Accepted(b, List.of(1L)));
        assertThat(durable.decisions()).as("a witness applies nothing").isEmpty();

        Step oq = witness.onMessage(1, new Message.Accept(b, 2, new Value.OqChange(List.of(1)), true), 12);
        assertThat(oq.writes()).containsExactly(new LogRecord.VoteRecord(2, b, new Value.OqChange(List.of(1))));
    }

    @Test
    @DisplayName("§[0064] pre-vote: an acceptor that hears a live leader ignores another node's Prepare")
    void acceptorHearingLiveLeaderIgnoresPrepare() {
        PaxosNode acceptor = node(GroupConfig.of(3, 0, CommitMode.SIMPLIFIED), 3);
        acceptor.onMessage(1, new Message.Heartbeat(new Ballot(1, 1), 0, 0, 0), 10);
        Step ignored = acceptor.onMessage(2, new Message.Prepare(new Ballot(2, 2), 1), 20);
        assertThat(ignored.writes()).isEmpty();
        assertThat(ignored.sends()).isEmpty();
        Step later = acceptor.onMessage(2, new Message.Prepare(new Ballot(2, 2), 1), 10 + TIMING.electionMillis() + 1);
        assertThat(later.writes()).containsExactly(new LogRecord.PromiseRecord(new Ballot(2, 2)));
    }

    @Test
    @DisplayName("a candidate's Prepares leave only once its ballot is durably recorded, so a crash cannot make it reuse a ballot")
    void candidatePreparesAfterItsBallotIsDurable() {
        PaxosNode candidate = node(GroupConfig.of(3, 0, CommitMode.SIMPLIFIED), 1);
        Step campaign = candidate.tick(1_000);
        assertThat(campaign.writes()).containsExactly(new LogRecord.CampaignRecord(candidate.ballot()));
        assertThat(sent(campaign, Message.Prepare.class)).isEmpty();
        Step durable = candidate.onDurable(campaign.lastWriteSeq(), 1_001);
        assertThat(durable.sends()).extracting(Envelope::to).containsExactlyInAnyOrder(2, 3);
        assertThat(sent(durable, Message.Prepare.class)).allMatch(p -> p.ballot().equals(candidate.ballot()));

        PaxosNode restarted = new PaxosNode(GroupConfig.of(3, 0, CommitMode.SIMPLIFIED), 1, TIMING, 9, campaign.writes(), 0, Mutation.NONE);
        restarted.start(2_000);
        restarted.tick(5_000);
        assertThat(restarted.ballot()).isGreaterThan(candidate.ballot());
    }

    @Test
    @DisplayName("pre-vote: a candidate that reaches no other voter keeps its promise, and follows the live leader when it hears it again")
    void isolatedCandidateDoesNotDeposeTheLeader() {
        PaxosNode cutOff = node(GroupConfig.of(3, 0, CommitMode.SIMPLIFIED), 3);
        Ballot leaderBallot = new Ballot(1, 1);
        Step p = cutOff.onMessage(1, new Message.Accept(leaderBallot, 1, V1, false), 10);
        cutOff.onDurable(p.lastWriteSeq(), 11);
        for (long t = 1_000; t < 5_000; t += 500) {
            Step s = cutOff.tick(t);
            if (!s.writes().isEmpty()) cutOff.onDurable(s.lastWriteSeq(), t);
        }
        assertThat(cutOff.phase()).isEqualTo(PaxosNode.Phase.PREPARING);
        assertThat(cutOff.promised()).as("no promise to itself without another voter's").isEqualTo(leaderBallot);
        Step heard = cutOff.onMessage(1, new Message.Heartbeat(leaderBallot, 0, 0, 0), 5_001);
        assertThat(sent(heard, Message.Nack.class)).isEmpty();
        assertThat(cutOff.phase()).isEqualTo(PaxosNode.Phase.FOLLOWER);
        assertThat(cutOff.leaderId()).isEqualTo(1);
    }

    @Test
    @DisplayName("§[0076]: a new leader re-proposes the highest-ballot vote its quorum reports")
    void newLeaderReproposesHighestBallotVote() {
        PaxosNode candidate = node(GroupConfig.of(5, 0, CommitMode.SIMPLIFIED), 1);
        Step campaign = candidate.tick(1_000);
        candidate.onDurable(campaign.lastWriteSeq(), 1_001);
        Ballot mine = candidate.ballot();
        candidate.onMessage(2, new Message.Promise(mine, 0, List.of(new Message.Entry(1, new Ballot(1, 2), V1, false))), 1_002);
        Step quorum = candidate.onMessage(3, new Message.Promise(mine, 0,
                List.of(new Message.Entry(1, new Ballot(2, 3), V2, false))), 1_003);
        assertThat(quorum.writes()).as("now it promises itself").containsExactly(new LogRecord.PromiseRecord(mine));
        Step leading = candidate.onDurable(quorum.lastWriteSeq(), 1_004);
        assertThat(candidate.isLeader()).isTrue();
        assertThat(sent(leading, Message.Accept.class)).isNotEmpty()
                .allMatch(a -> a.instance() == 1 && a.value().equals(V2) && a.ballot().equals(mine));
    }

    @Test
    @DisplayName("the acceptor's state is rebuilt from its log alone")
    void acceptorStateRecoveredFromLog() {
        GroupConfig cfg = GroupConfig.of(3, 0, CommitMode.SIMPLIFIED);
        PaxosNode before = node(cfg, 2);
        Ballot b = new Ballot(3, 1);
        Step s = before.onMessage(1, new Message.Accept(b, 7, V1, false), 10);
        PaxosNode after = new PaxosNode(cfg, 2, TIMING, 2, s.writes(), 0, Mutation.NONE);
        after.start(0);
        assertThat(after.promised()).isEqualTo(b);
        Step p = after.onMessage(3, new Message.Prepare(new Ballot(4, 3), 1), 500);
        Step promise = after.onDurable(p.lastWriteSeq(), 501);
        assertThat(sent(promise, Message.Promise.class)).singleElement()
                .satisfies(m -> assertThat(m.entries()).containsExactly(new Message.Entry(7, b, V1, false)));
    }

    @Test
    @DisplayName("simplified-one is refused with more than three voters")
    void simplifiedOneNeedsThreeVoters() {
        assertThatThrownBy(() -> GroupConfig.of(5, 0, CommitMode.SIMPLIFIED_ONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("simplified-one");
    }

    @Test
    @DisplayName("batching: commands queued while the window is full share one instance")
    void commandsAreBatched() {
        Cluster c = new Cluster(GroupConfig.of(3, 0, CommitMode.SIMPLIFIED));
        c.run(1_000);
        int leader = c.leader();
        for (int i = 1; i <= 40; i++) c.absorb(leader, c.node(leader).propose(Cluster.cmd(1, i), c.now));
        c.drain();
        c.run(500);
        assertThat(c.appliedCommands(2)).hasSize(40);
        assertThat(c.node(2).chosenPrefix()).as("40 commands in fewer instances").isLessThan(40);
    }

    @Test
    @DisplayName("a node restarted from a log truncated below its snapshot rejoins and keeps applying")
    void compactedNodeRejoins() {
        Cluster c = new Cluster(GroupConfig.of(3, 0, CommitMode.SIMPLIFIED));
        c.run(1_000);
        for (int i = 1; i <= 30; i++) c.propose(c.leader(), Cluster.cmd(1, i));
        c.run(300);
        int leader = c.leader();
        long snapshot = c.compact(leader);
        assertThat(snapshot).isPositive();
        c.crash(leader);
        c.run(1_000);
        c.boot(leader, snapshot);
        c.applied.get(leader).clear();
        c.run(1_000);
        for (int i = 31; i <= 40; i++) c.propose(c.leader(), Cluster.cmd(1, i));
        c.run(500);
        assertThat(c.appliedCommands(leader)).extracting(Command::sequence).containsExactly(31L, 32L, 33L, 34L, 35L, 36L, 37L, 38L, 39L, 40L);
    }

    @Test
    @DisplayName("§[0079]: a node whose missing instances were truncated everywhere is told to fetch a snapshot, installs it and keeps applying")
    void laggingNodeInstallsSnapshotThenFollowsTheLog() {
        Cluster c = new Cluster(GroupConfig.of(3, 0, CommitMode.SIMPLIFIED));
        c.run(1_000);
        int leader = c.leader();
        int lagging = leader == 3 ? 2 : 3;
        c.crash(lagging);
        for (int i = 1; i <= 30; i++) c.propose(leader, Cluster.cmd(1, i));
        c.run(300);
        for (int id : List.of(1, 2, 3)) if (id != lagging) c.compact(id);
        long snapshot = c.node(leader).deliveredUpTo();
        c.boot(lagging, 0);
        c.run(1_000);
        assertThat(c.node(lagging).snapshotNeeded()).as("told to fetch a snapshot").isGreaterThanOrEqualTo(snapshot);
        assertThat(c.appliedCommands(lagging)).as("nothing below the truncation can be applied from the log").isEmpty();

        List<LogRecord> base = c.node(lagging).installSnapshot(snapshot, c.node(leader).operationalQuorumAfter(snapshot));
        c.logs.put(lagging, new ArrayList<>(base));
        assertThat(c.node(lagging).snapshotNeeded()).isEqualTo(-1);
        assertThat(c.node(lagging).deliveredUpTo()).isEqualTo(snapshot);
        for (int i = 31; i <= 40; i++) c.propose(c.leader(), Cluster.cmd(1, i));
        c.run(1_000);
        assertThat(c.appliedCommands(lagging)).extracting(Command::sequence)
                .containsExactly(31L, 32L, 33L, 34L, 35L, 36L, 37L, 38L, 39L, 40L);

        c.crash(lagging);
        c.boot(lagging, c.node(lagging).deliveredUpTo());
        c.run(500);
        assertThat(c.node(lagging).chosenPrefix()).as("the rewritten log alone restarts the node past the snapshot")
                .isGreaterThanOrEqualTo(snapshot);
    }
}
