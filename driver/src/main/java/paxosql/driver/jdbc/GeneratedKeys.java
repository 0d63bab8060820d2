package paxosql.driver.jdbc;

import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

import paxosql.driver.protocol.ExecResult;
import paxosql.driver.protocol.SqlValue;

/** The generated keys of an update as rows; their columns take their types from the values. */
final class GeneratedKeys {
    private GeneratedKeys() {}

    /**
     * The generated keys the application asked for: all of them ({@code requested} null), or
     * the columns it named, in its order (names compared as H2 does for unquoted ones:
     * case-insensitively). A named column H2 did not generate a value for is refused, never
     * answered with another column's values.
     */
    static ExecResult.Rows rows(ExecResult.UpdateCount update, List<String> requested) throws SQLException {
        ExecResult.Rows all = rows(update);
        if (requested == null || update.keyNames().isEmpty() && update.generatedKeys().isEmpty()) return all;
        int[] pick = new int[requested.size()];
        for (int i = 0; i < pick.length; i++) {
            pick[i] = -1;
            for (int c = 0; c < update.keyNames().size(); c++) {
                if (update.keyNames().get(c).equalsIgnoreCase(requested.get(i))) pick[i] = c;
            }
            if (pick[i] < 0) {
                throw new SQLFeatureNotSupportedException("generated keys: column " + requested.get(i) + " is not one H2 "
                        + "generates a value for; the statement generated " + update.keyNames(), "0A000");
            }
        }
        List<ExecResult.Column> columns = new ArrayList<>();
        for (int p : pick) columns.add(all.columns().get(p));
        List<List<SqlValue>> rows = new ArrayList<>();
        for (List<SqlValue> row : all.rows()) {
            List<SqlValue> picked = new ArrayList<>();
            for (int p : pick) picked.add(row.get(p));
            rows.add(picked);
        }
        return new ExecResult.Rows(columns, rows);
    }

    /** Named as the replica reported them (else {@code GENERATED_KEY_n}). */
    static ExecResult.Rows rows(ExecResult.UpdateCount update) {
        List<List<SqlValue>> keys = update.generatedKeys();
        List<String> names = update.keyNames();
        int width = keys.isEmpty() ? names.size() : keys.get(0).size();
        List<ExecResult.Column> columns = new ArrayList<>(width);
        for (int c = 0; c < width; c++) {
            int type = keys.isEmpty() ? Types.NULL : SqlTypes.jdbcType(keys.get(0).get(c));
            String name = c < names.size() ? names.get(c) : "GENERATED_KEY_" + (c + 1);
            columns.add(new ExecResult.Column(name, name, type, SqlTypes.typeName(type), 0, 0, true));
        }
        return new ExecResult.Rows(columns, keys);
    }
}
