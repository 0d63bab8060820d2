package paxosql.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import paxosql.driver.protocol.PayloadCodec;
import paxosql.replica.local.LocalCluster;

/**
 * Bad input through JDBC against one real 3-process group: each is an {@link SQLException} with
 * a telling SQLState and message, and a statement-level error leaves the connection usable.
 * (An unknown URL option, a wrong password and a constraint violation are in {@link JdbcDriverTest}.)
 */
class JdbcBadInputTest {
    @TempDir
    static Path dir;
    static LocalCluster cluster;
    static String url;

    @BeforeAll
    static void startGroup() throws Exception {
        cluster = GroupTest.startThreeVoters(dir.resolve("group"));
        url = cluster.jdbcUrl();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE item(id INT PRIMARY KEY, v VARCHAR)");
        }
    }

    @AfterAll
    static void stopGroup() throws Exception {
        if (cluster != null) cluster.stopAll();
    }

    @Test
    void refusedPortsFailToConnectWith08001NamingTheAddresses() {
        assertCannotConnect("jdbc:paxosql://127.0.0.1:1,127.0.0.1:2/paxosql", "127.0.0.1:1");
    }

    @Test
    void unknownHostFailsToConnectWith08001NamingIt() {
        assertCannotConnect("jdbc:paxosql://no-such-host.invalid:7000/paxosql?connectTimeout=2", "no-such-host.invalid");
    }

    /** Connecting to {@code badUrl} fails within 15 s with 08001 and a message naming {@code address}. */
    private static void assertCannotConnect(String badUrl, String address) {
        long start = System.nanoTime();
        assertThatThrownBy(() -> DriverManager.getConnection(badUrl, "sa", ""))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("08001");
                    assertThat(e.getMessage()).contains(address);
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void syntaxErrorIs42000Or42001AndTheConnectionStaysUsable() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("SELEC id FROM item"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isIn("42000", "42001");
                        assertThat(e.getMessage()).containsIgnoringCase("syntax").contains("SELEC");
                    });
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO item VALUES (1,"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isIn("42000", "42001"));
            assertUsable(c);
        }
    }

    @Test
    void statementOverThePayloadLimitFailsClearlyAndTheConnectionStaysUsable() throws Exception {
        String huge = "SELECT '" + "x".repeat(PayloadCodec.MAX_PAYLOAD_BYTES) + "'";
        try (Connection c = connect(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery(huge))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("54000");
                        assertThat(e.getMessage()).contains(String.valueOf(PayloadCodec.MAX_PAYLOAD_BYTES));
                    });
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO item VALUES (?, ?)")) {
                ps.setInt(1, 100);
                ps.setString(2, "y".repeat(PayloadCodec.MAX_PAYLOAD_BYTES));
                assertThatThrownBy(ps::executeUpdate).isInstanceOf(SQLException.class);
            }
            assertUsable(c);
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM item WHERE id = 100")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).as("the oversized insert was not applied").isZero();
            }
        }
    }

    @Test
    void writeCallingSessionIdIsRefusedWith0A000() throws Exception {
        assertRefusedAsNonDeterministic("INSERT INTO item VALUES (2, SESSION_ID())", "SESSION_ID");
    }

    @Test
    void writeCallingSecureRandIsRefusedWith0A000() throws Exception {
        assertRefusedAsNonDeterministic("INSERT INTO item VALUES (3, SECURE_RAND(4))", "SECURE_RAND");
    }

    private static void assertRefusedAsNonDeterministic(String sql, String construct) throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate(sql)).as(sql)
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("0A000");
                        assertThat(e.getMessage()).contains(construct);
                    });
            assertUsable(c);
        }
        Checksums.assertAllEqual(url, 3);
    }

    @Test
    void fileAccessIsForbiddenWith42501() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String sql : new String[] {"CALL FILE_READ('/etc/passwd')", "SELECT FILE_READ('/etc/passwd', NULL)"}) {
                assertThatThrownBy(() -> s.execute(sql)).as(sql)
                        .isInstanceOfSatisfying(SQLException.class, e -> {
                            assertThat(e.getSQLState()).isEqualTo("42501");
                            assertThat(e.getMessage()).contains("FILE_READ");
                        });
            }
            assertUsable(c);
        }
    }

    @Test
    void statementsThatWouldOverflowAReplicasStackOrHeapFailAndTheGroupGoesOn() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            String deep = "INSERT INTO item VALUES (7, CAST(" + "(".repeat(10_000) + "1" + ")".repeat(10_000) + " AS VARCHAR))";
            assertThatThrownBy(() -> s.executeUpdate(deep)).isInstanceOfSatisfying(SQLException.class, e -> {
                assertThat(e.getSQLState()).isEqualTo("54001");
                assertThat(e.getMessage()).contains("128");
            });
            // Every node runs with a 512 MB heap (LocalCluster): a value of 1.2 GB cannot be built.
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO item VALUES (8, REPEAT('x', 600000000))"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("53200"));
            assertUsable(c);
        }
        Checksums.assertAllEqual(url, 3);
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(url, "sa", "");
    }

    /** The connection still runs a write and a read. */
    private static void assertUsable(Connection c) throws SQLException {
        assertThat(c.isClosed()).isFalse();
        assertThat(c.isValid(5)).isTrue();
        try (Statement s = c.createStatement()) {
            int id = (int) (System.nanoTime() & 0x3fffffff) + 1000;
            assertThat(s.executeUpdate("INSERT INTO item VALUES (" + id + ", 'ok')")).isEqualTo(1);
            try (ResultSet rs = s.executeQuery("SELECT v FROM item WHERE id = " + id)) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("ok");
            }
        }
    }
}
