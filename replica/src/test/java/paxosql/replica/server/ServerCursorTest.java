package paxosql.replica.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import paxosql.consensus.transport.ClusterLayout;
import paxosql.driver.wire.CancelToken;
import paxosql.driver.wire.Credentials;
import paxosql.driver.wire.ReplicaConnection;
import paxosql.driver.wire.WireMessage;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client server's cursors: paging through Fetch, CloseCursor, ownership, limits, idle expiry, close on disconnect. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerCursorTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Credentials ALICE = new Credentials.Password("alice", "alice-pw");

    private final FakeClientService service = new FakeClientService();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<PagesCursor> cursors = new ArrayList<>();
    private ClientServer server;

    /** A cursor of {@code pages} one-byte pages (the byte is the page's number); counts its closes. */
    static final class PagesCursor implements ClientService.RowCursor {
        final int pages;
        final AtomicInteger served = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();

        PagesCursor(int pages) {
            this.pages = pages;
        }

        @Override
        public CompletableFuture<ClientService.Page> next(int maxRows) {
            int n = served.incrementAndGet();
            return CompletableFuture.completedFuture(new ClientService.Page(new byte[] {(byte) n}, n >= pages));
        }

        @Override
        public void close() { closes.incrementAndGet(); }
    }

    private void start(CursorTable table, int pages) {
        ClusterLayout layout = ServerFixture.layoutOnFreePorts();
        server = new ClientServer(layout, ServerFixture.SELF, ServerFixture.SECRET, service, ClientServer.Options.defaults(), table);
        toClose.add(server);
        server.start();
        service.reads = call -> {
            PagesCursor c = new PagesCursor(pages);
            synchronized (cursors) {
                cursors.add(c);
            }
            return CompletableFuture.completedFuture(new ClientService.ReadReply(7, new byte[] {0}, c));
        };
    }

    private void start(int pages) {
        start(new CursorTable(), pages);
    }

    private PagesCursor cursor(int i) {
        synchronized (cursors) {
            return cursors.get(i);
        }
    }

    private ReplicaConnection connect() throws SQLException {
        ReplicaConnection c = ReplicaConnection.connect(server.address().host(), server.address().port(), ALICE, 10, TIMEOUT,
                (from, result) -> {});
        toClose.add(c);
        return c;
    }

    private static WireMessage.ReadResult read(ReplicaConnection c) throws SQLException {
        return c.read(new byte[] {1}, 0, 10, TIMEOUT, CancelToken.NONE);
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) toClose.get(i).close();
    }

    @Test
    void fetchesReturnThePagesInOrderAndTheLastOneClosesTheCursor() throws Exception {
        start(3);
        ReplicaConnection c = connect();
        WireMessage.ReadResult first = read(c);
        assertThat(first.applied()).isEqualTo(7);
        assertThat(first.cursorId()).isNotEqualTo(WireMessage.NO_CURSOR);
        long id = first.cursorId();

        WireMessage.ReadResult p1 = c.fetch(id, 10, TIMEOUT, CancelToken.NONE);
        assertThat(p1.payload()).containsExactly(1);
        assertThat(p1.cursorId()).isEqualTo(id);
        assertThat(p1.applied()).isEqualTo(7);
        c.fetch(id, 10, TIMEOUT, CancelToken.NONE);
        WireMessage.ReadResult last = c.fetch(id, 10, TIMEOUT, CancelToken.NONE);
        assertThat(last.payload()).containsExactly(3);
        assertThat(last.cursorId()).isEqualTo(WireMessage.NO_CURSOR);
        assertThat(cursor(0).closes).hasValue(1);
        assertThat(server.cursors.size()).isZero();

        assertThatThrownBy(() -> c.fetch(id, 10, TIMEOUT, CancelToken.NONE))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("24000"));
        assertThat(c.isOpen()).as("an unknown cursor is the client's mistake, not a protocol violation").isTrue();
    }

    @Test
    void anUnknownCursorOrAnotherConnectionsCursorGives24000() throws Exception {
        start(5);
        ReplicaConnection owner = connect();
        ReplicaConnection other = connect();
        long id = read(owner).cursorId();
        assertThatThrownBy(() -> owner.fetch(id + 1000, 10, TIMEOUT, CancelToken.NONE))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("24000"));
        assertThatThrownBy(() -> other.fetch(id, 10, TIMEOUT, CancelToken.NONE))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("24000"));
        other.closeCursor(id); // not its cursor: ignored
        assertThat(owner.fetch(id, 10, TIMEOUT, CancelToken.NONE).payload()).containsExactly(1);
        assertThat(cursor(0).closes).hasValue(0);
    }

    @Test
    void closeCursorFreesItAtOnce() throws Exception {
        start(5);
        ReplicaConnection c = connect();
        long id = read(c).cursorId();
        c.closeCursor(id);
        ClientServerTest.awaitTrue("the cursor is closed", () -> cursor(0).closes.get() == 1);
        assertThat(server.cursors.size()).isZero();
        assertThatThrownBy(() -> c.fetch(id, 10, TIMEOUT, CancelToken.NONE))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("24000"));
    }

    @Test
    void closingTheConnectionClosesItsCursorsOnly() throws Exception {
        start(5);
        ReplicaConnection leaving = connect();
        ReplicaConnection staying = connect();
        read(leaving);
        read(leaving);
        read(staying);
        leaving.close();
        ClientServerTest.awaitTrue("the closed connection's cursors are closed", () -> cursor(0).closes.get() == 1 && cursor(1).closes.get() == 1);
        assertThat(cursor(2).closes).hasValue(0);
        assertThat(server.cursors.size()).isEqualTo(1);
    }

    @Test
    void aReadPastTheCursorLimitFailsWith53000AndClosesItsCursor() throws Exception {
        start(new CursorTable(2, 3, Duration.ofSeconds(60), System::nanoTime), 5);
        ReplicaConnection a = connect();
        ReplicaConnection b = connect();
        read(a);
        read(a);
        assertThatThrownBy(() -> read(a)).as("per connection")
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("53000"));
        assertThat(cursor(2).closes).hasValue(1);
        read(b);
        assertThatThrownBy(() -> read(b)).as("per node")
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("53000"));
        assertThat(server.cursors.size()).isEqualTo(3);
    }

    @Test
    void aCursorWithoutFetchesPastTheIdleLimitIsClosed() throws Exception {
        start(new CursorTable(16, 256, Duration.ofMillis(300), System::nanoTime), 5);
        ReplicaConnection c = connect();
        long id = read(c).cursorId();
        ClientServerTest.awaitTrue("the idle cursor is closed by the periodic sweep", () -> cursor(0).closes.get() == 1);
        assertThatThrownBy(() -> c.fetch(id, 10, TIMEOUT, CancelToken.NONE))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("24000"));
    }

    @Test
    void theIdleLimitCountsFromTheLastFetch() {
        AtomicLong now = new AtomicLong();
        CursorTable table = new CursorTable(16, 256, Duration.ofSeconds(60), now::get);
        PagesCursor cursor = new PagesCursor(5);
        Object owner = new Object();
        long id = table.open(owner, 1, cursor);
        now.addAndGet(TimeUnit.SECONDS.toNanos(50));
        CursorTable.Entry taken = table.take(owner, id);
        assertThat(table.take(owner, id)).as("one fetch at a time").isNull();
        now.addAndGet(TimeUnit.SECONDS.toNanos(50));
        assertThat(table.expireIdle()).as("a fetch is running").isZero();
        table.release(taken);
        now.addAndGet(TimeUnit.SECONDS.toNanos(59));
        assertThat(table.expireIdle()).isZero();
        now.addAndGet(TimeUnit.SECONDS.toNanos(2));
        assertThat(table.expireIdle()).isEqualTo(1);
        assertThat(cursor.closes).hasValue(1);
        assertThat(table.take(owner, id)).isNull();
    }
}
