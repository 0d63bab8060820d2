package paxosql.driver.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import paxosql.driver.protocol.ClientRequest;
import paxosql.driver.protocol.PayloadCodec;
import paxosql.driver.wire.WireMessage;

/** The driver's result sets read a replica's cursor page by page; cancel and timeouts end the wait with the right SQLState. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StreamingResultSetTest {
    private ScriptedReplica replica;
    private Connection connection;
    private final ScheduledExecutorService canceller = Executors.newSingleThreadScheduledExecutor();

    private Statement statement(int rows) throws Exception {
        replica = new ScriptedReplica(rows);
        connection = DriverManager.getConnection(replica.url(), "sa", "");
        return connection.createStatement();
    }

    @AfterEach
    void tearDown() throws Exception {
        canceller.shutdownNow();
        if (connection != null) connection.close();
        if (replica != null) replica.close();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting until " + what);
            Thread.sleep(10);
        }
    }

    @Test
    void aLinearizableQueryReadsAfterABarrierAndStreamsEveryRowPageByPage() throws Exception {
        Statement s = statement(2_500);
        assertThat(s.getFetchSize()).isEqualTo(PaxoSqlStatement.DEFAULT_FETCH_SIZE);
        s.setFetchSize(1_000);
        try (ResultSet rs = s.executeQuery("SELECT N FROM T")) {
            assertThat(rs.getFetchSize()).isEqualTo(1_000);
            assertThat(rs.isBeforeFirst()).isTrue();
            long sum = 0;
            int count = 0;
            while (rs.next()) {
                count++;
                assertThat(rs.getRow()).isEqualTo(count);
                assertThat(rs.getInt(1)).isEqualTo(count);
                sum += rs.getInt(1);
                if (count == 1_000) assertThat(rs.isLast()).as("the cursor has more rows").isFalse();
                if (count == 2_500) assertThat(rs.isLast()).isTrue();
            }
            assertThat(count).isEqualTo(2_500);
            assertThat(sum).isEqualTo(2_500L * 2_501 / 2);
            assertThat(rs.isAfterLast()).isTrue();
        }
        List<WireMessage.Submit> submits = replica.sent(WireMessage.Submit.class);
        assertThat(submits).as("nothing but the session's opening went through the log")
                .extracting(m -> PayloadCodec.decodeRequest(m.payload()).getClass()).containsExactly((Class) ClientRequest.OpenSession.class);
        WireMessage.Read read = replica.sent(WireMessage.Read.class).get(0);
        assertThat(read.afterBarrier()).as("the replica reads after a barrier through the log").isTrue();
        assertThat(read.fetchSize()).isEqualTo(1_000);
        assertThat(replica.sent(WireMessage.Fetch.class)).extracting(WireMessage.Fetch::maxRows).containsExactly(1_000, 1_000);
        assertThat(replica.sent(WireMessage.CloseCursor.class)).as("an exhausted cursor is gone already").isEmpty();
    }

    @Test
    void theResultSetsFetchSizeAppliesToLaterFetches() throws Exception {
        Statement s = statement(100);
        s.setFetchSize(10);
        try (ResultSet rs = s.executeQuery("SELECT N FROM T")) {
            for (int i = 0; i < 10; i++) assertThat(rs.next()).isTrue();
            rs.setFetchSize(30);
            assertThat(rs.getFetchSize()).isEqualTo(30);
            int more = 0;
            while (rs.next()) more++;
            assertThat(more).isEqualTo(90);
        }
        assertThat(replica.sent(WireMessage.Fetch.class)).extracting(WireMessage.Fetch::maxRows).containsExactly(30, 30, 30);
    }

    @Test
    void closingAResultSetEarlyOrPassingMaxRowsClosesTheCursor() throws Exception {
        Statement s = statement(5_000);
        s.setFetchSize(100);
        try (ResultSet rs = s.executeQuery("SELECT N FROM T")) {
            assertThat(rs.next()).isTrue();
        }
        await(() -> replica.sent(WireMessage.CloseCursor.class).size() == 1, "the closed result set frees its cursor");

        s.setMaxRows(150);
        try (ResultSet rs = s.executeQuery("SELECT N FROM T")) {
            int n = 0;
            while (rs.next()) n++;
            assertThat(n).isEqualTo(150);
        }
        await(() -> replica.sent(WireMessage.CloseCursor.class).size() == 2, "maxRows ends the result and frees its cursor");
        assertThat(replica.sent(WireMessage.Fetch.class)).hasSize(1);
    }

    @Test
    void aWriteDoesNotOpenACursorButGoesThroughTheLog() throws Exception {
        Statement s = statement(10);
        assertThat(s.executeUpdate("INSERT INTO T VALUES (1)")).isEqualTo(1);
        assertThat(replica.sent(WireMessage.Read.class)).isEmpty();
    }

    @Test
    void cancelEndsAWaitingQueryWith57014() throws Exception {
        Statement s = statement(10);
        long start = System.nanoTime();
        canceller.schedule(() -> { s.cancel(); return null; }, 300, TimeUnit.MILLISECONDS);
        assertThatThrownBy(() -> s.executeQuery("SELECT N FROM T WHERE 'SLOW' = 'SLOW'"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("57014"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        // the statement and the connection go on working
        try (ResultSet rs = s.executeQuery("SELECT N FROM T")) {
            assertThat(rs.next()).isTrue();
        }
    }

    @Test
    void cancelEndsAWaitingWriteWith08007OutcomeUnknown() throws Exception {
        Statement s = statement(10);
        canceller.schedule(() -> { s.cancel(); return null; }, 300, TimeUnit.MILLISECONDS);
        long start = System.nanoTime();
        assertThatThrownBy(() -> s.executeUpdate("INSERT INTO T VALUES ('SLOW')"))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("08007");
                    assertThat(e.getMessage()).contains("unknown").contains("may or may not have been applied");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void cancelWhileReadingAResultFailsTheNextFetchWith57014AndClosesTheCursor() throws Exception {
        Statement s = statement(1_000);
        s.setFetchSize(10);
        ResultSet rs = s.executeQuery("SELECT N FROM T");
        for (int i = 0; i < 10; i++) assertThat(rs.next()).isTrue();
        s.cancel();
        assertThatThrownBy(rs::next).isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("57014"));
        assertThat(rs.isClosed()).isTrue();
        await(() -> !replica.sent(WireMessage.CloseCursor.class).isEmpty(), "the canceled query's cursor is freed");
    }

    @Test
    void aQueryTimeoutEndsAQueryWith57014() throws Exception {
        Statement s = statement(10);
        s.setQueryTimeout(1);
        long start = System.nanoTime();
        assertThatThrownBy(() -> s.executeQuery("SELECT N FROM T WHERE 'SLOW' = 'SLOW'"))
                .isInstanceOfSatisfying(SQLTimeoutException.class, e -> assertThat(e.getSQLState()).isEqualTo("57014"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
    }

    @Test
    void aQueryTimeoutEndsAFetchWith57014AndClosesTheCursor() throws Exception {
        Statement s = statement(100);
        s.setFetchSize(10);
        s.setQueryTimeout(1);
        ResultSet rs = s.executeQuery("SELECT N FROM T WHERE 'STALLS' = 'STALLS'");
        for (int i = 0; i < 10; i++) assertThat(rs.next()).isTrue();
        assertThatThrownBy(rs::next).isInstanceOfSatisfying(SQLTimeoutException.class, e -> assertThat(e.getSQLState()).isEqualTo("57014"));
        assertThat(rs.isClosed()).isTrue();
        await(() -> !replica.sent(WireMessage.CloseCursor.class).isEmpty(), "the timed-out query's cursor is freed");
    }

    @Test
    void cancelWithNothingRunningDoesNothing() throws Exception {
        Statement s = statement(10);
        s.cancel();
        try (ResultSet rs = s.executeQuery("SELECT N FROM T")) {
            assertThat(rs.next()).isTrue();
        }
        s.close();
        assertThatThrownBy(s::cancel).isInstanceOf(SQLException.class);
    }
}
