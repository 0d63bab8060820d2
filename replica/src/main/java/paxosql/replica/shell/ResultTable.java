package paxosql.replica.shell;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A query result as an aligned text table, the way SQL shells print them: a header, a
 * rule, one line per row (NULL shown as {@code NULL}, long values cut to keep the table
 * readable), and the row count.
 */
final class ResultTable {
    static final int MAX_CELL = 60;

    private ResultTable() {}

    /** Reads up to {@code maxRows} rows (0: all) of {@code rs} and formats them. */
    static String format(ResultSet rs, int maxRows) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<String[]> rows = new ArrayList<>();
        String[] header = new String[n];
        for (int c = 0; c < n; c++) header[c] = md.getColumnLabel(c + 1);
        rows.add(header);
        int count = 0;
        boolean cut = false;
        while (rs.next()) {
            if (maxRows > 0 && count == maxRows) {
                cut = true;
                break;
            }
            String[] row = new String[n];
            for (int c = 0; c < n; c++) row[c] = cell(rs.getString(c + 1));
            rows.add(row);
            count++;
        }
        int[] width = new int[n];
        for (String[] r : rows) for (int c = 0; c < n; c++) width[c] = Math.max(width[c], r[c].length());
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            line(b, rows.get(i), width);
            if (i == 0) {
                for (int c = 0; c < n; c++) {
                    if (c > 0) b.append("-+-");
                    b.append("-".repeat(width[c]));
                }
                b.append('\n');
            }
        }
        b.append('(').append(count).append(count == 1 ? " row" : " rows").append(cut ? ", more not shown" : "").append(')');
        return b.toString();
    }

    private static void line(StringBuilder b, String[] cells, int[] width) {
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) b.append(" | ");
            b.append(cells[c]);
            if (c < cells.length - 1) b.append(" ".repeat(width[c] - cells[c].length()));
        }
        b.append('\n');
    }

    private static String cell(String v) {
        if (v == null) return "NULL";
        String s = v.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
        return s.length() > MAX_CELL ? s.substring(0, MAX_CELL - 1) + "…" : s;
    }
}
