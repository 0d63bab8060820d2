package paxosql.replica.shell;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatementSplitterTest {

    @Test
    void statementsEndAtSemicolonsOutsideQuotesAndComments() {
        assertThat(SqlShell.split("SELECT 1; SELECT 'a;b';\nINSERT INTO t\n  VALUES (1,\n 'x'';y');"))
                .containsExactly("SELECT 1", "SELECT 'a;b'", "INSERT INTO t\n  VALUES (1,\n 'x'';y')");
        assertThat(SqlShell.split("SELECT 1 -- a comment; not the end\n; /* ; */ SELECT \"a;b\" FROM t;"))
                .containsExactly("SELECT 1 -- a comment; not the end", "/* ; */ SELECT \"a;b\" FROM t");
        assertThat(SqlShell.split("CREATE ALIAS X AS $$ a; b $$;")).containsExactly("CREATE ALIAS X AS $$ a; b $$");
    }

    @Test
    void aStatementWithoutSemicolonAtTheEndIsStillRun() {
        assertThat(SqlShell.split("SELECT 1;\nSELECT 2")).containsExactly("SELECT 1", "SELECT 2");
        assertThat(SqlShell.split(";;  ;")).isEmpty();
    }

    @Test
    void theSplitterKnowsWhenAStatementIsOpen() {
        StatementSplitter s = new StatementSplitter();
        assertThat(s.add("SELECT")).isEmpty();
        assertThat(s.inStatement()).isTrue();
        assertThat(s.add("1;")).containsExactly("SELECT\n1");
        assertThat(s.inStatement()).isFalse();
    }
}
