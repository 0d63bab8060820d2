package paxosql.replica.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import paxosql.driver.protocol.ClientRequest;
import paxosql.driver.protocol.ExecResult;
import paxosql.driver.protocol.SqlValue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static paxosql.replica.state.Cmds.batch;
import static paxosql.replica.state.Cmds.open;
import static paxosql.replica.state.Cmds.sql;

/** Local reads page by page: the first page, then the cursor over the rest, all from one state. */
class PagedReadTest {
    private static final long C1 = 1;
    private static final int PAGE_BYTES = ResultCursor.DEFAULT_MAX_PAGE_BYTES;

    @TempDir
    Path dir;

    private static ExecResult.Rows rows(ExecResult r) {
        assertThat(r).as("%s", r).isInstanceOf(ExecResult.Rows.class);
        return (ExecResult.Rows) r;
    }

    private static List<Long> ids(ExecResult r) {
        List<Long> ids = new ArrayList<>();
        for (List<SqlValue> row : rows(r).rows()) ids.add(((Number) row.get(0).toJava()).longValue());
        return ids;
    }

    /** A state with table T holding ids 1..n. */
    private static H2StateMachine withRows(Path dir, int n) {
        H2StateMachine sm = H2StateMachine.open(dir);
        sm.apply(batch(1, open(C1, 1), sql(C1, 2, "CREATE TABLE T(ID BIGINT PRIMARY KEY, PAD VARCHAR)")));
        sm.apply(batch(2, sql(C1, 3, "INSERT INTO T SELECT X, REPEAT('x', 10) FROM SYSTEM_RANGE(1, " + n + ")")));
        return sm;
    }

    private static ClientRequest.Execute query(String sql) {
        return new ClientRequest.Execute(sql);
    }

    @Test
    void pagesHoldEveryRowOnceInOrderFromTheStateTheReadOpenedAt() {
        try (H2StateMachine sm = withRows(dir.resolve("s"), 2500)) {
            H2StateMachine.PagedRead read = sm.readPaged(C1, query("SELECT ID FROM T ORDER BY ID"), 1000, PAGE_BYTES);
            assertThat(read.first().appliedAt()).isEqualTo(2);
            List<Long> seen = new ArrayList<>(ids(read.first().result()));
            assertThat(seen).hasSize(1000);
            ResultCursor cursor = read.cursor();
            assertThat(cursor).isNotNull();
            assertThat(sm.openCursors()).isEqualTo(1);

            // Writes applied while the cursor is open are not in its rows.
            sm.apply(batch(3, sql(C1, 4, "INSERT INTO T VALUES (5000, 'new')")));
            sm.apply(batch(4, sql(C1, 5, "DELETE FROM T WHERE ID = 2400")));

            ExecResult second = cursor.next(1000);
            assertThat(cursor.exhausted()).isFalse();
            seen.addAll(ids(second));
            ExecResult third = cursor.next(1000);
            assertThat(ids(third)).hasSize(500);
            assertThat(cursor.exhausted()).as("the cursor reads one row ahead, so it knows the last page").isTrue();
            seen.addAll(ids(third));
            List<Long> expected = new ArrayList<>();
            for (long i = 1; i <= 2500; i++) expected.add(i);
            assertThat(seen).isEqualTo(expected);
            assertThat(cursor.appliedAt()).isEqualTo(2);

            cursor.close();
            assertThat(sm.openCursors()).isZero();
            assertThat(((ExecResult.Failure) cursor.next(10)).sqlState()).isEqualTo("24000");
        }
    }

    @Test
    void aResultThatFitsTheFirstPageLeavesNoCursor() {
        try (H2StateMachine sm = withRows(dir.resolve("s"), 1000)) {
            H2StateMachine.PagedRead read = sm.readPaged(C1, query("SELECT ID FROM T"), 1000, PAGE_BYTES);
            assertThat(ids(read.first().result())).hasSize(1000);
            assertThat(read.cursor()).isNull();
            assertThat(sm.openCursors()).isZero();
            // maxRows still limits the result
            H2StateMachine.PagedRead limited = sm.readPaged(C1, new ClientRequest.Execute("SELECT ID FROM T", List.of(), 10), 4, PAGE_BYTES);
            assertThat(ids(limited.first().result())).containsExactly(1L, 2L, 3L, 4L);
            assertThat(ids(limited.cursor().next(100))).containsExactly(5L, 6L, 7L, 8L, 9L, 10L);
            assertThat(limited.cursor().exhausted()).isTrue();
        }
    }

    @Test
    void aPageIsCutEarlyWhenItsRowsWouldPassTheByteLimit() {
        try (H2StateMachine sm = withRows(dir.resolve("s"), 100)) {
            sm.apply(batch(3, sql(C1, 4, "UPDATE T SET PAD = REPEAT('y', 10000)")));
            H2StateMachine.PagedRead read = sm.readPaged(C1, query("SELECT ID, PAD FROM T"), 1000, 100_000);
            int first = rows(read.first().result()).rows().size();
            // each row counts at least 10 000 bytes: a page stops at about 100 000
            assertThat(first).isBetween(1, 11);
            int total = first;
            while (!read.cursor().exhausted()) total += rows(read.cursor().next(1000)).rows().size();
            assertThat(total).isEqualTo(100);
        }
    }

    @Test
    void ddlAppliedWhileACursorIsOpenFailsItsNextPageWith40001AndClosesIt() {
        try (H2StateMachine sm = withRows(dir.resolve("s"), 3000)) {
            H2StateMachine.PagedRead read = sm.readPaged(C1, query("SELECT ID FROM T"), 1000, PAGE_BYTES);
            assertThat(read.cursor()).isNotNull();
            sm.apply(batch(3, sql(C1, 4, "CREATE TABLE U(ID INT)")));
            ExecResult next = read.cursor().next(1000);
            assertThat(next).isInstanceOf(ExecResult.Failure.class);
            assertThat(((ExecResult.Failure) next).sqlState()).isEqualTo("40001");
            assertThat(sm.openCursors()).isZero();
        }
    }

    @Test
    void aQueryThatFailsOrIsNotReadOnlyOpensNoCursor() {
        try (H2StateMachine sm = withRows(dir.resolve("s"), 10)) {
            H2StateMachine.PagedRead missing = sm.readPaged(C1, query("SELECT * FROM NOPE"), 5, PAGE_BYTES);
            assertThat(((ExecResult.Failure) missing.first().result()).sqlState()).isEqualTo("42S02");
            H2StateMachine.PagedRead write = sm.readPaged(C1, query("DELETE FROM T"), 5, PAGE_BYTES);
            assertThat(((ExecResult.Failure) write.first().result()).sqlState()).isEqualTo("25006");
            assertThat(missing.cursor()).isNull();
            assertThat(write.cursor()).isNull();
            assertThat(sm.openCursors()).isZero();
        }
    }

    @Test
    void closingTheStateMachineClosesItsCursors() {
        H2StateMachine sm = withRows(dir.resolve("s"), 3000);
        H2StateMachine.PagedRead read = sm.readPaged(C1, query("SELECT ID FROM T"), 10, PAGE_BYTES);
        assertThat(sm.openCursors()).isEqualTo(1);
        sm.close();
        assertThat(((ExecResult.Failure) read.cursor().next(10)).sqlState()).isEqualTo("24000");
    }

    @Test
    void manyOpenCursorsDoNotTakeThePooledReadConnections() {
        try (H2StateMachine sm = withRows(dir.resolve("s"), 100)) {
            List<ResultCursor> open = new ArrayList<>();
            for (int i = 0; i < LocalReads.POOL_SIZE * 3; i++) open.add(sm.readPaged(C1, query("SELECT ID FROM T"), 1, PAGE_BYTES).cursor());
            assertThat(sm.openCursors()).isEqualTo(LocalReads.POOL_SIZE * 3);
            // a whole read still gets a connection
            assertThat(rows(sm.read(C1, query("SELECT COUNT(*) FROM T")).result()).rows().get(0).get(0).toJava()).isEqualTo(100L);
            open.forEach(ResultCursor::close);
            assertThat(sm.openCursors()).isZero();
        }
    }
}
