package paxosql.consensus.transport;

/**
 * A snapshot of a {@link PeerTransport}'s counters since it was created, for tests
 * and status pages. Each counter only grows.
 *
 * @param framesIn               protocol messages received and passed to the handler
 * @param framesOut              protocol messages written to a socket
 * @param dropped                messages {@link PeerTransport#send} did not write: peer not connected,
 *                               connection backlogged, message not encodable, transport closed, write failed
 * @param handshakesRefused      connections this node refused during the handshake (wrong version,
 *                               configuration, secret or node id; timeout; unexpected frame)
 * @param closedMalformed        connections this node closed for a malformed frame: bad length prefix,
 *                               an undecodable message or an unknown frame kind after the handshake
 * @param connectionsEstablished handshakes that completed (both directions counted)
 */
public record TransportStats(long framesIn, long framesOut, long dropped, long handshakesRefused,
                             long closedMalformed, long connectionsEstablished) {}
