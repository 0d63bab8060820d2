package paxosql.driver.jdbc;

import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

import paxosql.driver.protocol.ExecResult;
import paxosql.driver.protocol.SqlValue;

/** The generated keys of an update as rows; their columns take their types from the values. */
final class GeneratedKeys {
    private GeneratedKeys() {}

    static ExecResult.Rows rows(List<List<SqlValue>> keys) {
        int width = keys.isEmpty() ? 0 : keys.get(0).size();
        List<ExecResult.Column> columns = new ArrayList<>(width);
        for (int c = 0; c < width; c++) {
            SqlValue v = keys.get(0).get(c);
            int type = SqlTypes.jdbcType(v);
            String name = "GENERATED_KEY_" + (c + 1);
            columns.add(new ExecResult.Column(name, name, type, SqlTypes.typeName(type), 0, 0, true));
        }
        return new ExecResult.Rows(columns, keys);
    }
}
