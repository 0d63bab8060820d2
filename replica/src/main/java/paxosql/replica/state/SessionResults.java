package paxosql.replica.state;

import paxosql.driver.protocol.ExecResult;
import paxosql.driver.protocol.MalformedPayloadException;
import paxosql.driver.protocol.PayloadCodec;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each client session's last applied sequence number and the encoded result of that
 * command, readable from any thread while commands are applied: what lets a replica answer
 * a client's resend of an applied command at once, without proposing it again.
 *
 * <p>The apply thread publishes a session's entry after the command's transaction has
 * committed (and, on open, what the session table holds), so an answer given from here is
 * always one that survives a crash. The encoded bytes are the ones the session table
 * holds, shared, not copied.
 */
final class SessionResults {

    private record Last(long sequence, byte[] result) {}

    private final ConcurrentHashMap<Long, Last> last = new ConcurrentHashMap<>();

    /** Records that {@code sequence} is the last command applied in the session, with its encoded result. */
    void publish(long clientId, long sequence, byte[] encodedResult) {
        Last now = last.get(clientId);
        if (now != null && now.sequence == sequence && now.result == encodedResult) return;
        last.put(clientId, new Last(sequence, encodedResult));
    }

    /**
     * The result of command {@code sequence} of the session if it was its last applied one;
     * a failure with SQLState 08007 if a later command of the session was applied since (only
     * the last result is kept); empty if the command was not applied yet or the session is unknown.
     *
     * @throws ReplicaStateException if the stored result does not decode
     */
    Optional<ExecResult> lookup(long clientId, long sequence) {
        Last l = last.get(clientId);
        if (l == null || sequence > l.sequence) return Optional.empty();
        if (sequence < l.sequence) return Optional.of(superseded(clientId, sequence, l.sequence));
        try {
            return Optional.of(PayloadCodec.decodeResult(l.result));
        } catch (MalformedPayloadException e) {
            throw new ReplicaStateException("the stored result of client session " + clientId + " sequence " + sequence
                    + " does not decode: " + e.getMessage(), e);
        }
    }

    /** The answer for a command that a later command of the same session superseded. */
    static ExecResult.Failure superseded(long clientId, long sequence, long lastSequence) {
        return new ExecResult.Failure(H2StateMachine.SQLSTATE_OUTCOME_UNKNOWN, 0, "command " + sequence + " of client session "
                + clientId + " was applied before and superseded by a later command of the same session (sequence "
                + lastSequence + "); only the session's last result is kept, so this command's outcome is unknown here");
    }
}
