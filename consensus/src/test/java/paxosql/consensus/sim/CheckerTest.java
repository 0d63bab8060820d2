package paxosql.consensus.sim;

import org.junit.jupiter.api.Test;
import paxosql.consensus.core.Command;
import paxosql.consensus.core.CommitMode;
import paxosql.consensus.core.Decision;
import paxosql.consensus.core.GroupConfig;
import paxosql.consensus.core.Value;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each checker, shown a broken history, must say so. */
class CheckerTest {
    private final Checker checker = new Checker(GroupConfig.of(3, 0, CommitMode.SIMPLIFIED));
    private final Command a = new Command(1, 1, "a".getBytes());
    private final Command b = new Command(2, 1, "b".getBytes());

    @Test
    void agreementViolationIsReported() {
        checker.submitted(a);
        checker.submitted(b);
        new StateMachine(1).apply(new Decision(1, new Value.Batch(List.of(a))), checker, 0);
        new StateMachine(2).apply(new Decision(1, new Value.Batch(List.of(b))), checker, 0);
        assertThat(checker.violations()).singleElement().asString().startsWith("agreement");
    }

    @Test
    void unsubmittedCommandIsReported() {
        new StateMachine(1).apply(new Decision(1, new Value.Batch(List.of(a))), checker, 0);
        assertThat(checker.violations()).singleElement().asString().startsWith("validity");
    }

    @Test
    void gapInAppliedSequenceIsReported() {
        StateMachine sm = new StateMachine(1);
        sm.apply(new Decision(2, Value.NoOp.INSTANCE), checker, 0);
        assertThat(checker.violations()).singleElement().asString().startsWith("gap");
    }

    @Test
    void commandChosenTwiceIsAppliedOnce() {
        checker.submitted(a);
        StateMachine sm = new StateMachine(1);
        assertThat(sm.apply(new Decision(1, new Value.Batch(List.of(a))), checker, 0)).containsExactly(a);
        assertThat(sm.apply(new Decision(2, new Value.Batch(List.of(a))), checker, 0)).isEmpty();
        assertThat(checker.violations()).isEmpty();
    }

    @Test
    void lostAcknowledgementIsReported() {
        checker.submitted(a);
        checker.acknowledged(a, 5);
        StateMachine has = new StateMachine(1);
        has.apply(new Decision(1, new Value.Batch(List.of(a))), checker, 0);
        StateMachine lacks = new StateMachine(2);
        lacks.apply(new Decision(1, Value.NoOp.INSTANCE), checker, 0);
        checker.checkAcknowledgedEverywhere(List.of(has, lacks));
        assertThat(checker.violations()).anySatisfy(v -> assertThat(v).startsWith("lost acknowledgement"));
    }
}
