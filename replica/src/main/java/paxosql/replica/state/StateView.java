package paxosql.replica.state;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The replica's state as of one applied instance, readable on any thread while the state
 * machine goes on applying: an admin connection whose transaction runs in H2's SNAPSHOT
 * isolation, opened by {@link H2StateMachine#openView()} between two decisions.
 *
 * <p>Rows (user tables and the meta tables, so the applied position, the client sessions
 * and the sequence journal too) are versioned: they read as of the view's instance
 * however long the reading takes. The catalog and H2's own sequence values are not; the
 * sequence values are therefore taken from the journal, and the catalog is trusted only
 * while no DDL has been applied since the view was opened — readers call
 * {@link #checkCatalogUnchanged()} after they have read everything.
 *
 * <p>One reader at a time; close it when done (an open view keeps old row versions alive).
 */
public final class StateView implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StateView.class);

    /** Opens another admin connection to the same database. */
    @FunctionalInterface
    interface Connector {
        Connection connect() throws SQLException;
    }

    private final Connection conn;
    private final long instance;
    private final long ddlAtOpen;
    private final LongSupplier ddlCount;
    private final Connector sideConnection;
    private List<UserTable> tables;

    StateView(Connection conn, long instance, long ddlAtOpen, LongSupplier ddlCount, Connector sideConnection) {
        this.conn = conn;
        this.instance = instance;
        this.ddlAtOpen = ddlAtOpen;
        this.ddlCount = ddlCount;
        this.sideConnection = sideConnection;
    }

    /** The instance this view shows the state at: every command up to it applied, none after. */
    public long instance() {
        return instance;
    }

    /** The view's connection, for reading only; its transaction is the snapshot (never commit it). */
    public Connection connection() {
        return conn;
    }

    /** True if DDL has been applied since the view was opened. */
    public boolean catalogChanged() {
        return ddlCount.getAsLong() != ddlAtOpen;
    }

    /** Throws if DDL has been applied since the view was opened: what was read may mix two catalogs. */
    public void checkCatalogUnchanged() {
        long now = ddlCount.getAsLong();
        if (now != ddlAtOpen) {
            throw new CatalogChangedException((now - ddlAtOpen) + " DDL statement(s) were applied while the state at instance "
                    + instance + " was being read; H2's catalog is not versioned, so that reading is discarded");
        }
    }

    /** The user tables of the catalog (cached). */
    public List<UserTable> tables() throws SQLException {
        if (tables == null) tables = UserTable.readAll(conn);
        return tables;
    }

    /** The whole state's checksum at {@link #instance()}, tables cut as {@code cut} says. */
    public StateChecksum checksum(StateParts.BucketCut cut) throws SQLException {
        StateChecksum c = StateChecksums.compute(conn, instance, cut);
        checkCatalogUnchanged();
        return c;
    }

    public String catalogChecksum() throws SQLException {
        return StateChecksums.catalog(conn);
    }

    public String sequencesChecksum() throws SQLException {
        return StateChecksums.sequences(conn);
    }

    public String metaChecksum() throws SQLException {
        return StateChecksums.meta(conn);
    }

    /**
     * The statements that recreate the catalog (H2's {@code SCRIPT NODATA}): schemas,
     * tables, views, indexes, constraints, sequences, users and rights — the meta schema's
     * too. Comments and database settings ({@code SET …}, node-local such as the write
     * delay) are left out, and so is each statement's final ';'. It runs on a connection of its own: {@code SCRIPT} ends the
     * transaction it runs in, which would end this view's snapshot.
     */
    public List<String> catalogScript() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection side = sideConnection.connect(); Statement s = side.createStatement();
             ResultSet rs = s.executeQuery("SCRIPT NODATA")) {
            while (rs.next()) {
                String line = rs.getString(1);
                if (line.startsWith("--") || line.startsWith("SET ")) continue;
                // A FORCE VIEW would keep the ';' in its stored definition and stay invalid.
                out.add(line.endsWith(";") ? line.substring(0, line.length() - 1) : line);
            }
        }
        return out;
    }

    @Override
    public void close() {
        try {
            conn.rollback();
            conn.close();
        } catch (SQLException e) {
            LOG.debug("closing the view at instance {}: {}", instance, e.getMessage());
        }
    }
}
