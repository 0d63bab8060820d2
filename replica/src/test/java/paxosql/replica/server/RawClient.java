package paxosql.replica.server;

import paxosql.consensus.transport.HostPort;
import paxosql.driver.wire.MalformedFrameException;
import paxosql.driver.wire.WireCodec;
import paxosql.driver.wire.WireMessage;
import paxosql.driver.wire.WireProtocol;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * A plain socket speaking, or deliberately mis-speaking, the client wire protocol: what a
 * broken driver, an attacker or a fuzzer looks like to a {@link ClientServer}. Uses the
 * production codec, so that "valid" means exactly what the server accepts.
 */
final class RawClient implements AutoCloseable {

    static final WireCodec CODEC = new WireCodec();

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawClient(HostPort target, Duration readTimeout) throws IOException {
        socket = new Socket();
        socket.setSoLinger(true, 0); // reset on close: thousands of fuzz connections must not pile up in TIME_WAIT
        socket.connect(new InetSocketAddress(target.host(), target.port()), (int) readTimeout.toMillis());
        socket.setSoTimeout((int) readTimeout.toMillis());
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    static RawClient connect(HostPort target) throws IOException {
        return new RawClient(target, Duration.ofSeconds(5));
    }

    /** The bytes of one frame around {@code message}. */
    static byte[] frame(WireMessage message) {
        return frameOf(CODEC.encode(message));
    }

    /** The bytes of one frame around an arbitrary body. */
    static byte[] frameOf(byte[] body) {
        return ByteBuffer.allocate(WireProtocol.LENGTH_PREFIX_BYTES + body.length).putInt(body.length).put(body).array();
    }

    void send(WireMessage message) throws IOException {
        sendRaw(frame(message));
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    WireMessage receive() throws IOException {
        int length = in.readInt();
        if (length < 1 || length > WireProtocol.MAX_FRAME_BYTES) throw new IOException("bad frame length " + length);
        byte[] body = new byte[length];
        in.readFully(body);
        try {
            return CODEC.decode(body);
        } catch (MalformedFrameException e) {
            throw new IOException("malformed frame from the server: " + e.getMessage());
        }
    }

    WireMessage.Challenge readChallenge() throws IOException {
        WireMessage first = receive();
        if (!(first instanceof WireMessage.Challenge c)) throw new IOException("expected a challenge, got " + first);
        return c;
    }

    /** Completes a password handshake; fails if the server refuses. */
    WireMessage.Welcome handshake(long clientId, String user, String password) throws IOException {
        readChallenge();
        send(WireMessage.Hello.password(clientId, user, password));
        WireMessage answer = receive();
        if (!(answer instanceof WireMessage.Welcome w)) throw new IOException("not welcomed: " + answer);
        return w;
    }

    /** Reads until the server's refusal; returns it. */
    WireMessage.Refused readRefusal() throws IOException {
        while (true) {
            WireMessage m = receive();
            if (m instanceof WireMessage.Refused r) return r;
        }
    }

    /** Tells the server we will send nothing more; it sees end of stream. */
    void finishSending() throws IOException {
        socket.shutdownOutput();
    }

    /** Whether the server closed the connection (end of stream or reset) before the read timeout; discards what it sent. */
    boolean closedByServer() throws IOException {
        byte[] sink = new byte[8192];
        try {
            while (in.read(sink) >= 0) {
                // keep draining: replies or a refusal may precede the close
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException | EOFException e) {
            return true; // reset: closed as well
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
