package paxosql.replica.snapshot;

import paxosql.replica.state.H2StateMachine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The sequences part's bytes: the journal of every sequence's and identity column's next
 * value, taken from the meta table (transactional, so exactly as of the snapshot's
 * instance) rather than from H2's sequences (which run ahead, outside transactions).
 * Loading fills the journal; {@link H2StateMachine#open} then restarts H2's sequences to it.
 */
final class SequencesPart {
    private static final int MAGIC = 0x50585351; // "PXSQ"
    private static final int MAX_ROWS = 10_000_000;
    private static final String TABLE = H2StateMachine.META_SCHEMA + ".SEQUENCES";

    private SequencesPart() {}

    static byte[] read(Connection conn) throws SQLException {
        Bytes.Out rows = new Bytes.Out();
        int n = 0;
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT KIND, SCHEMA_NAME, OBJECT_NAME, "
                + "COLUMN_NAME, NEXT_VALUE FROM " + TABLE + " ORDER BY KIND, SCHEMA_NAME, OBJECT_NAME, COLUMN_NAME")) {
            while (rs.next()) {
                rows.writeString(rs.getString(1)).writeString(rs.getString(2)).writeString(rs.getString(3))
                        .writeString(rs.getString(4)).writeLong(rs.getLong(5));
                n++;
            }
        }
        return new Bytes.Out().writeInt(MAGIC).writeInt(n).write(rows.toByteArray()).toByteArray();
    }

    static void load(Connection conn, byte[] bytes, String source) throws SQLException, SnapshotCorruptException {
        Bytes.In in = new Bytes.In(bytes, source);
        if (in.readInt() != MAGIC) throw in.corrupt("is not a sequences part");
        int n = in.count(MAX_ROWS);
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO " + TABLE
                + " (KIND, SCHEMA_NAME, OBJECT_NAME, COLUMN_NAME, NEXT_VALUE) VALUES (?, ?, ?, ?, ?)")) {
            for (int i = 0; i < n; i++) {
                for (int c = 1; c <= 4; c++) ps.setString(c, in.readString());
                ps.setLong(5, in.readLong());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        in.expectEnd();
    }
}
