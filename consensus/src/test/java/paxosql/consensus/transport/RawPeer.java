package paxosql.consensus.transport;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A plain socket speaking (or deliberately mis-speaking) the peer wire protocol: what
 * a misconfigured node, an attacker or a fuzzer looks like to a {@link PeerTransport}.
 * Uses the production {@link Handshake} code so that "valid" means exactly what the
 * transport accepts.
 */
final class RawPeer implements AutoCloseable {

    record Frame(byte kind, byte[] body) {
        String text() { return new String(body, StandardCharsets.UTF_8); }
    }

    private static final int MAX_READ_FRAME_BYTES = 1 << 20;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawPeer(HostPort target, Duration readTimeout) throws IOException {
        socket = new Socket();
        socket.setSoLinger(true, 0); // reset on close: thousands of fuzz connections must not pile up in TIME_WAIT
        socket.connect(new InetSocketAddress(target.host(), target.port()), (int) readTimeout.toMillis());
        socket.setSoTimeout((int) readTimeout.toMillis());
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    static RawPeer connect(HostPort target) throws IOException {
        return new RawPeer(target, Duration.ofSeconds(5));
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void sendFrame(byte kind, byte[] body) throws IOException {
        sendRaw(frame(kind, body));
    }

    /** The bytes of one frame: length prefix, kind, body. */
    static byte[] frame(byte kind, byte[] body) {
        return ByteBuffer.allocate(Frames.LENGTH_PREFIX_BYTES + 1 + body.length).putInt(body.length + 1).put(kind).put(body).array();
    }

    /** Tells the node we will send nothing more; it sees end of stream. */
    void finishSending() throws IOException {
        socket.shutdownOutput();
    }

    Frame readFrame() throws IOException {
        int length = in.readInt();
        if (length < 1 || length > MAX_READ_FRAME_BYTES) throw new IOException("bad frame length " + length);
        byte kind = in.readByte();
        byte[] body = new byte[length - 1];
        in.readFully(body);
        return new Frame(kind, body);
    }

    /** Reads frames until the node's refusal and returns its reason. */
    String readRefusal() throws IOException {
        while (true) {
            Frame frame = readFrame();
            if (frame.kind() == Frames.REFUSAL) return frame.text();
        }
    }

    /** Whether the node closed the connection (end of stream or reset) before the read timeout; discards what it sent. */
    boolean closedByNode() throws IOException {
        byte[] sink = new byte[4096];
        try {
            while (in.read(sink) >= 0) {
                // keep draining: hello or refusal frames may precede the close
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // connection reset: closed as well
        }
    }

    /**
     * Completes the handshake claiming {@code claimedId}, proving with {@code secret}, and
     * returns the node's hello. Fails with an IOException if the node refuses.
     */
    Handshake.Hello handshakeAs(int claimedId, byte[] secret, byte[] configHash) throws IOException {
        byte[] nonce = Handshake.newNonce();
        sendFrame(Frames.HELLO, new Handshake.Hello(Handshake.PROTOCOL_VERSION, claimedId, configHash, nonce).encode());
        Frame first = readFrame();
        if (first.kind() != Frames.HELLO) throw new IOException("expected the node's hello, got kind " + first.kind() + ": " + first.text());
        Handshake.Hello nodeHello;
        try {
            nodeHello = Handshake.Hello.decode(first.body(), Handshake.PROTOCOL_VERSION);
        } catch (HandshakeRefusal e) {
            throw new IOException("bad hello from the node: " + e.getMessage());
        }
        sendFrame(Frames.PROOF, Handshake.proof(secret, Handshake.Side.DIALER, nonce, nodeHello.nonce(), claimedId, configHash));
        Frame second = readFrame();
        if (second.kind() != Frames.PROOF) throw new IOException("handshake refused: " + second.text());
        return nodeHello;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
