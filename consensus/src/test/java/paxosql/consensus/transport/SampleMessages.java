package paxosql.consensus.transport;

import paxosql.consensus.core.Ballot;
import paxosql.consensus.core.Command;
import paxosql.consensus.core.Message;
import paxosql.consensus.core.Value;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One realistic instance of every message type, built the way the consensus core builds them. */
final class SampleMessages {
    private SampleMessages() {}

    static final Ballot BALLOT = new Ballot(7, 2);

    static Command command(long clientId, long sequence, String sql) {
        return new Command(clientId, sequence, sql.getBytes(StandardCharsets.UTF_8));
    }

    static Value.Batch batch() {
        return new Value.Batch(List.of(
                command(41, 1, "INSERT INTO account(id, owner, balance) VALUES (1, 'Zoë', 100.00)"),
                command(41, 2, "UPDATE account SET balance = balance - 25 WHERE id = 1"),
                command(77, 9, "")));
    }

    /** Entries holding every value type; an ArrayList, as the core collects them. */
    static List<Message.Entry> entries() {
        List<Message.Entry> entries = new ArrayList<>();
        entries.add(new Message.Entry(101, BALLOT, batch(), true));
        entries.add(new Message.Entry(102, new Ballot(6, 1), Value.NoOp.INSTANCE, false));
        entries.add(new Message.Entry(103, BALLOT, new Value.OqChange(List.of(2, 1)), true));
        entries.add(new Message.Entry(104, new Ballot(6, 3), Value.digestOf(batch()), false));
        return entries;
    }

    static List<Message> all() {
        return List.of(
                new Message.Prepare(BALLOT, 101),
                new Message.Promise(BALLOT, 100, entries()),
                new Message.Nack(new Ballot(9, 3)),
                new Message.Accept(BALLOT, 105, batch(), true),
                new Message.Accept(BALLOT, 106, Value.NoOp.INSTANCE, false),
                new Message.Accepted(BALLOT, List.of(101L, 102L, 103L)),
                new Message.LeaderDurable(BALLOT, 105),
                new Message.Commit(BALLOT, 104),
                new Message.Learn(List.copyOf(entries()), 104),
                new Message.CatchUpRequest(50, 99),
                new Message.SnapshotNeeded(1_000),
                new Message.Heartbeat(BALLOT, 104, 105, 90),
                new Message.HeartbeatReply(BALLOT, 104),
                new Message.Forward(List.of(command(5, 12, "DELETE FROM account WHERE id = 1"))));
    }
}
