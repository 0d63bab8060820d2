package paxosql.replica.snapshot;

import paxosql.replica.state.StateParts;
import paxosql.replica.state.TableScan;
import paxosql.replica.state.UserTable;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A user table's rows read in one scan, with their hashes and SQL row values, ready to be
 * cut into parts. Each value starts with the row's hidden key ({@code _ROWID_}): H2 scans
 * a table without an integer primary key in that order, so a restored replica must keep
 * it to return unordered results in the same order as the others.
 */
record TableRows(UserTable table, boolean hashedInJava, List<TablePart.Row> rows) {

    static TableRows read(Connection conn, UserTable table) throws SQLException {
        List<TablePart.Row> rows = new ArrayList<>();
        int stored = table.storedColumns().size() + 1;
        boolean inJava = TableScan.scan(conn, table, true,
                (keyHash, rowHash, rs, first) -> rows.add(new TablePart.Row(keyHash, rowHash, RowLiterals.read(rs, first, stored))));
        return new TableRows(table, inJava, rows);
    }

    /** The rows of each bucket when the table is cut into {@code buckets}. */
    List<List<TablePart.Row>> byBucket(int buckets) {
        List<List<TablePart.Row>> out = new ArrayList<>(buckets);
        for (int b = 0; b < buckets; b++) out.add(new ArrayList<>());
        for (TablePart.Row r : rows) out.get(StateParts.bucket(r.keyHash(), buckets)).add(r);
        return out;
    }

    /** The columns of each row value: the hidden row key first, then the stored columns. */
    List<String> columnNames() {
        List<String> out = new ArrayList<>();
        out.add(TableScan.ROW_ID);
        for (UserTable.Column c : table.storedColumns()) out.add(c.name());
        return out;
    }

    /** Bucket {@code b}'s part, encoded. */
    TablePart.Encoded encode(List<TablePart.Row> bucketRows) {
        return TablePart.encode(table.schema(), table.name(), columnNames(), hashedInJava, bucketRows);
    }
}
