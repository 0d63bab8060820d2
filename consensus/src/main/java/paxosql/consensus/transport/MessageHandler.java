package paxosql.consensus.transport;

import paxosql.consensus.core.Message;

/** Receives the protocol messages that arrive from peers. */
@FunctionalInterface
public interface MessageHandler {

    /**
     * One message from an authenticated peer.
     *
     * <p>Called on a transport I/O thread: it <b>must not block</b> (hand the message to
     * the consensus loop's queue and return). Messages from one peer arrive in the order
     * that peer sent them; messages from different peers may arrive concurrently on
     * different threads. An exception thrown here is logged and the message is lost;
     * the connection stays open.
     *
     * @param fromNodeId the sender, as proven by the connection's handshake, never as claimed by the message
     * @param message    a well-formed message: every component non-null and of its declared type
     */
    void onMessage(int fromNodeId, Message message);
}
