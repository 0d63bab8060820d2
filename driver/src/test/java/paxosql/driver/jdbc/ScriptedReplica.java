package paxosql.driver.jdbc;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import paxosql.driver.protocol.ClientRequest;
import paxosql.driver.protocol.ExecResult;
import paxosql.driver.protocol.PayloadCodec;
import paxosql.driver.protocol.SqlValue;
import paxosql.driver.wire.WireCodec;
import paxosql.driver.wire.WireMessage;
import paxosql.driver.wire.WireProtocol;

/**
 * A one-node "group" on a plain socket that plays the replica's side of the protocol for
 * the JDBC driver: sessions and writes answer {@code Ok}, a {@link ClientRequest.Sync} is
 * answered at instance {@link #SYNC_INSTANCE}, and every query reads a table of
 * {@code rows} integers 1..rows, page by page through a cursor. Statements whose SQL
 * contains {@code SLOW} are never answered, nor are the fetches of a query containing
 * {@code STALLS}. Records what the driver sent.
 */
final class ScriptedReplica implements AutoCloseable {
    static final long SYNC_INSTANCE = 77;
    static final long CURSOR = 42;

    final Queue<WireMessage> received = new ConcurrentLinkedQueue<>();
    private final ServerSocket listener;
    private final WireCodec codec = new WireCodec();
    private final int rows;
    private final Thread thread;
    private volatile Socket socket;
    /** The last row the cursor has served. */
    private int served;
    private boolean stalls;

    ScriptedReplica(int rows) throws IOException {
        this.rows = rows;
        listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "scripted-replica");
        thread.setDaemon(true);
        thread.start();
    }

    String url() {
        return "jdbc:paxosql://127.0.0.1:" + listener.getLocalPort() + "/db";
    }

    private void serve() {
        try (Socket s = listener.accept()) {
            socket = s;
            DataInputStream in = new DataInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            send(out, new WireMessage.Challenge(WireProtocol.PROTOCOL_VERSION, WireProtocol.newNonce()));
            long clientId = ((WireMessage.Hello) receive(in)).clientId();
            send(out, new WireMessage.Welcome(1, 1, List.of(new WireMessage.MemberAddress(1, "voter", "127.0.0.1", listener.getLocalPort()))));
            while (true) {
                WireMessage m = receive(in);
                received.add(m);
                WireMessage reply = answer(clientId, m);
                if (reply != null) send(out, reply);
            }
        } catch (IOException | RuntimeException e) {
            // the client went away, or the test closed this replica
        }
    }

    private WireMessage answer(long clientId, WireMessage m) {
        if (m instanceof WireMessage.Submit submit) {
            ClientRequest r = PayloadCodec.decodeRequest(submit.payload());
            if (r instanceof ClientRequest.Execute e && e.sql().contains("SLOW")) return null;
            long at = r instanceof ClientRequest.Sync ? SYNC_INSTANCE : 5;
            ExecResult result = r instanceof ClientRequest.Execute ? new ExecResult.UpdateCount(1) : ExecResult.Ok.INSTANCE;
            return new WireMessage.Result(clientId, submit.sequence(), at, PayloadCodec.encode(result));
        }
        if (m instanceof WireMessage.Read read) {
            ClientRequest.Execute e = (ClientRequest.Execute) PayloadCodec.decodeRequest(read.payload());
            if (e.sql().contains("SLOW")) return null;
            served = 0;
            stalls = e.sql().contains("STALLS");
            return page(read.correlation(), read.fetchSize() == 0 ? rows : read.fetchSize());
        }
        if (m instanceof WireMessage.Fetch fetch) {
            if (fetch.cursorId() != CURSOR) return new WireMessage.RequestFailed(fetch.correlation(), "24000", "no such cursor");
            if (stalls) return null;
            return page(fetch.correlation(), fetch.maxRows());
        }
        return null; // CloseCursor: recorded only
    }

    private WireMessage.ReadResult page(long correlation, int max) {
        List<List<SqlValue>> page = new ArrayList<>();
        while (page.size() < max && served < rows) page.add(List.of(new SqlValue.Int(++served)));
        ExecResult.Rows result = new ExecResult.Rows(List.of(new ExecResult.Column("N", "N", Types.INTEGER, "INTEGER", 32, 0, false)), page);
        return new WireMessage.ReadResult(correlation, SYNC_INSTANCE, PayloadCodec.encode(result),
                served < rows ? CURSOR : WireMessage.NO_CURSOR);
    }

    private void send(OutputStream out, WireMessage message) throws IOException {
        byte[] body = codec.encode(message);
        out.write(ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array());
        out.flush();
    }

    private WireMessage receive(DataInputStream in) throws IOException {
        byte[] body = new byte[in.readInt()];
        in.readFully(body);
        try {
            return codec.decode(body);
        } catch (paxosql.driver.wire.MalformedFrameException e) {
            throw new IOException(e.getMessage());
        }
    }

    /** What the driver sent of type {@code type}, in order. */
    <T extends WireMessage> List<T> sent(Class<T> type) {
        return received.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Override
    public void close() throws IOException {
        Socket s = socket;
        if (s != null) s.close();
        listener.close();
    }
}
