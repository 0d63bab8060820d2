package paxosql.driver.jdbc;

import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

import paxosql.driver.protocol.ExecResult;
import paxosql.driver.protocol.SqlValue;

/** The generated keys of an update as rows; their columns take their types from the values. */
final class GeneratedKeys {
    private GeneratedKeys() {}

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
