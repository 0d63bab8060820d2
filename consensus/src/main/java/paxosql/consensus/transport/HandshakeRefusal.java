package paxosql.consensus.transport;

/** Why this node refuses a peer during the handshake; the reason is logged and sent to the peer. */
final class HandshakeRefusal extends Exception {
    private static final long serialVersionUID = 1L;

    HandshakeRefusal(String reason) {
        super(reason, null, false, false); // an expected outcome: no stack trace to fill or print
    }
}
