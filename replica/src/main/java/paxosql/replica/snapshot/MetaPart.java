package paxosql.replica.snapshot;

import paxosql.replica.state.H2StateMachine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The meta part's bytes: the applied position and the client session table (client id,
 * user, open, last sequence, last result, session state), in client id order so equal
 * content gives equal bytes. A snapshot never carries a DDL-in-progress marker: reading
 * refuses a state that has one, and loading writes the position without it.
 */
final class MetaPart {
    private static final int MAGIC = 0x50584D54; // "PXMT"
    private static final int MAX_SESSIONS = 100_000_000;
    private static final String M = H2StateMachine.META_SCHEMA;

    private MetaPart() {}

    static byte[] read(Connection conn) throws SQLException {
        Bytes.Out out = new Bytes.Out().writeInt(MAGIC);
        try (Statement s = conn.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT FORMAT, INSTANCE, COMMANDS, COMPLETE, DDL_INSTANCE, OQ, CLOCK FROM " + M
                    + ".APPLIED WHERE ID = 0")) {
                if (!rs.next()) throw new SQLException("the state has no " + M + ".APPLIED row");
                String oq = rs.getString(6);
                out.writeInt(rs.getInt(1)).writeLong(rs.getLong(2)).writeInt(rs.getInt(3)).writeBoolean(rs.getBoolean(4))
                        .writeString(oq == null ? "" : oq).writeLong(rs.getLong(7));
                rs.getLong(5);
                if (!rs.wasNull() || !rs.getBoolean(4)) {
                    throw new SQLException("the state holds a DDL-in-progress marker or a partial instance; it cannot be snapshotted");
                }
            }
            int count;
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + M + ".SESSIONS")) {
                rs.next();
                count = rs.getInt(1);
            }
            out.writeInt(count);
            int seen = 0;
            try (ResultSet rs = s.executeQuery("SELECT CLIENT_ID, USER_NAME, IS_OPEN, LAST_SEQUENCE, LAST_RESULT, SESSION_STATE, LAST_ACTIVE FROM "
                    + M + ".SESSIONS ORDER BY CLIENT_ID")) {
                while (rs.next()) {
                    out.writeLong(rs.getLong(1)).writeString(rs.getString(2)).writeBoolean(rs.getBoolean(3)).writeLong(rs.getLong(4))
                            .writeBytes(rs.getBytes(5)).writeBytes(rs.getBytes(6)).writeLong(rs.getLong(7));
                    seen++;
                }
            }
            if (seen != count) throw new SQLException("the session table changed while it was read (" + count + " vs " + seen + ")");
        }
        return out.toByteArray();
    }

    /** The instance the meta part says the state was applied up to. */
    static long instance(byte[] bytes, String source) throws SnapshotCorruptException {
        Bytes.In in = new Bytes.In(bytes, source);
        if (in.readInt() != MAGIC) throw in.corrupt("is not a meta part");
        in.readInt();
        return in.readLong();
    }

    /** Writes position and sessions into the (empty) meta tables of a state being built. */
    static void load(Connection conn, byte[] bytes, String source) throws SQLException, SnapshotCorruptException {
        Bytes.In in = new Bytes.In(bytes, source);
        if (in.readInt() != MAGIC) throw in.corrupt("is not a meta part");
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO " + M + ".APPLIED (ID, FORMAT, INSTANCE, COMMANDS, COMPLETE, OQ, CLOCK) "
                + "VALUES (0, ?, ?, ?, ?, ?, ?)")) {
            ps.setInt(1, in.readInt());
            ps.setLong(2, in.readLong());
            ps.setInt(3, in.readInt());
            ps.setBoolean(4, in.readBoolean());
            String oq = in.readString();
            ps.setString(5, oq.isEmpty() ? null : oq);
            ps.setLong(6, in.readLong());
            ps.executeUpdate();
        }
        int n = in.count(MAX_SESSIONS);
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO " + M + ".SESSIONS (CLIENT_ID, USER_NAME, IS_OPEN, "
                + "LAST_SEQUENCE, LAST_RESULT, SESSION_STATE, LAST_ACTIVE) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < n; i++) {
                ps.setLong(1, in.readLong());
                ps.setString(2, in.readString());
                ps.setBoolean(3, in.readBoolean());
                ps.setLong(4, in.readLong());
                ps.setBytes(5, in.readBytes());
                ps.setBytes(6, in.readBytes());
                ps.setLong(7, in.readLong());
                ps.addBatch();
                if (i % 1000 == 999) ps.executeBatch();
            }
            ps.executeBatch();
        }
        in.expectEnd();
    }
}
