package paxosql.consensus.core;

import java.util.Arrays;

/**
 * One client command: the opaque payload the state machine executes, identified
 * by {@code (clientId, sequence)} so a resend after a leader change is recognised
 * and applied once (DESIGN.md § Driver).
 */
public record Command(long clientId, long sequence, byte[] payload) {
    public Command {
        if (payload == null) throw new IllegalArgumentException("payload must not be null");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Command c && c.clientId == clientId && c.sequence == sequence
                && Arrays.equals(c.payload, payload);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(clientId) * 31 + Long.hashCode(sequence) * 17 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() { return "c" + clientId + "#" + sequence + "(" + payload.length + "B)"; }
}
