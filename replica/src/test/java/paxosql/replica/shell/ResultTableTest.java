package paxosql.replica.shell;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

class ResultTableTest {

    @Test
    void rowsPrintAlignedWithNullsAndACount() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:table");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM (VALUES (1, 'a', NULL), (22, 'bbb', 'x')) AS T(ID, NAME, NOTE)")) {
            String table = ResultTable.format(rs, 0);
            assertThat(table.lines()).containsExactly(
                    "ID | NAME | NOTE",
                    "---+------+-----",
                    "1  | a    | NULL",
                    "22 | bbb  | x",
                    "(2 rows)");
        }
    }

    @Test
    void longResultsAreCutAtMaxRows() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:table2");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT X FROM SYSTEM_RANGE(1, 10)")) {
            assertThat(ResultTable.format(rs, 3)).endsWith("(3 rows, more not shown)");
        }
    }
}
