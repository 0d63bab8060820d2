package paxosql.consensus.core;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Cheap Paxos with a witness: patent §[00105]–[00118]. */
class OperationalQuorumTest {

    private static Cluster witnessGroupWithFollowerLost() {
        Cluster c = new Cluster(GroupConfig.witnessGroup(0, CommitMode.SIMPLIFIED));
        c.run(1_000);
        assertThat(c.leader()).isEqualTo(1);
        c.propose(1, Cluster.cmd(1, 1));
        c.run(200);
        assertThat(c.appliedCommands(2)).containsExactly(Cluster.cmd(1, 1));
        c.crash(2);
        c.run(1_000);
        return c;
    }

    @Test
    @DisplayName("§[00112]–[00114]: when the follower fails, leader and witness choose {leader} and the leader continues alone")
    void leaderContinuesAloneWhenFollowerFails() {
        Cluster c = witnessGroupWithFollowerLost();
        assertThat(c.node(1).operationalQuorum()).containsExactly(1);
        c.propose(1, Cluster.cmd(1, 2));
        c.run(200);
        assertThat(c.appliedCommands(1)).containsExactly(Cluster.cmd(1, 1), Cluster.cmd(1, 2));
    }

    @Test
    @DisplayName("the returning follower rejoins the operational quorum only after logging what the leader chose alone")
    void followerRejoinsAfterCatchingUp() {
        Cluster c = witnessGroupWithFollowerLost();
        for (int i = 2; i <= 20; i++) c.propose(1, Cluster.cmd(1, i));
        c.run(200);
        c.boot(2);
        c.run(2_000);
        assertThat(c.node(1).operationalQuorum()).containsExactly(1, 2);
        assertThat(c.appliedCommands(2)).hasSize(20);
        c.propose(1, Cluster.cmd(1, 21));
        c.run(200);
        assertThat(c.appliedCommands(2)).hasSize(21);
    }

    @Test
    @DisplayName("§[00116]: nobody proceeds past a single-node operational quorum until it learns what that node chose")
    void noProgressPastSingleNodeQuorumUntilLearned() {
        Cluster c = witnessGroupWithFollowerLost();
        for (int i = 2; i <= 5; i++) c.propose(1, Cluster.cmd(1, i));
        c.run(200);
        long chosenAlone = c.node(1).chosenPrefix();
        c.crash(1);
        c.boot(2);
        c.run(3_000);
        c.propose(2, Cluster.cmd(2, 1));
        c.run(1_000);
        assertThat(c.node(2).chosenPrefix()).as("node 2 must not decide instances the lone node may have chosen")
                .isLessThan(chosenAlone);
        assertThat(c.appliedCommands(2)).doesNotContain(Cluster.cmd(2, 1));

        c.boot(1);
        c.run(3_000);
        c.propose(c.leader(), Cluster.cmd(2, 1));
        c.run(500);
        List<Command> onTwo = c.appliedCommands(2);
        assertThat(onTwo).startsWith(Cluster.cmd(1, 1), Cluster.cmd(1, 2), Cluster.cmd(1, 3), Cluster.cmd(1, 4), Cluster.cmd(1, 5));
        assertThat(onTwo).contains(Cluster.cmd(2, 1));
        assertThat(c.appliedCommands(1)).isEqualTo(onTwo);
    }

    @Test
    @DisplayName("§[00118]: an operator may declare the lone node lost; the survivor then proceeds, possibly without its last writes")
    void forcedRecoveryUnblocksTheSurvivor() {
        Cluster c = witnessGroupWithFollowerLost();
        c.propose(1, Cluster.cmd(1, 2));
        c.run(200);
        c.crash(1);
        c.boot(2);
        c.run(2_000);
        c.absorb(2, c.node(2).forceRecovery(1, c.now));
        assertThat(c.logs.get(2)).contains(new LogRecord.ForcedRecoveryRecord(1, c.node(2).chosenPrefix() + 1));
        c.run(2_000);
        assertThat(c.leader()).isEqualTo(2);
        c.propose(2, Cluster.cmd(2, 1));
        c.run(1_000);
        assertThat(c.appliedCommands(2)).contains(Cluster.cmd(1, 1), Cluster.cmd(2, 1));
    }
}
