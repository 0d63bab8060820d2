package paxosql.driver.wire;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A scripted replica on a plain socket, for testing the client against replicas that
 * misbehave in ways the real server never would. One connection at a time.
 */
final class FakeReplica implements AutoCloseable {

    private final ServerSocket listener;
    private final WireCodec codec = new WireCodec();
    private Socket socket;
    private DataInputStream in;
    private OutputStream out;

    FakeReplica() throws IOException {
        listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        listener.setSoTimeout(5_000);
    }

    int port() { return listener.getLocalPort(); }

    /** Waits for the client's connection. */
    void accept() throws IOException {
        socket = listener.accept();
        socket.setSoTimeout(5_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    void send(WireMessage message) throws IOException {
        byte[] body = codec.encode(message);
        sendRaw(ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array());
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
            return codec.decode(body);
        } catch (MalformedFrameException e) {
            throw new IOException(e.getMessage());
        }
    }

    /** Plays a well-behaved replica's handshake and returns the client's hello. */
    WireMessage.Hello handshake(byte[] nonce) throws IOException {
        accept();
        send(new WireMessage.Challenge(WireProtocol.PROTOCOL_VERSION, nonce));
        WireMessage.Hello hello = (WireMessage.Hello) receive();
        send(new WireMessage.Welcome(7, 7, List.of(new WireMessage.MemberAddress(7, "voter", "127.0.0.1", port()))));
        return hello;
    }

    /** Whether the client closed its end: true at end of stream, false if it sent a frame instead. */
    boolean clientClosed() throws IOException {
        try {
            return in.read() < 0;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    void dropConnection() throws IOException {
        socket.close();
    }

    @Override
    public void close() throws IOException {
        if (socket != null) socket.close();
        listener.close();
    }
}
