package paxosql.replica.state;

import paxosql.driver.protocol.ExecResult;
import paxosql.driver.protocol.JdbcValues;
import paxosql.driver.protocol.SqlValue;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A result set's columns as the client protocol describes them, and how to read one of its rows. */
final class ResultColumns {
    private final List<ExecResult.Column> columns;
    private final int[] types;
    private final String[] typeNames;

    private ResultColumns(List<ExecResult.Column> columns, int[] types, String[] typeNames) {
        this.columns = columns;
        this.types = types;
        this.typeNames = typeNames;
    }

    static ResultColumns of(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<ExecResult.Column> columns = new ArrayList<>(n);
        int[] types = new int[n];
        String[] typeNames = new String[n];
        for (int i = 1; i <= n; i++) {
            types[i - 1] = md.getColumnType(i);
            typeNames[i - 1] = Objects.requireNonNullElse(md.getColumnTypeName(i), "");
            columns.add(new ExecResult.Column(Objects.requireNonNullElse(md.getColumnLabel(i), ""),
                    Objects.requireNonNullElse(md.getColumnName(i), ""), types[i - 1], typeNames[i - 1], md.getPrecision(i),
                    md.getScale(i), md.isNullable(i) != ResultSetMetaData.columnNoNulls));
        }
        return new ResultColumns(List.copyOf(columns), types, typeNames);
    }

    List<ExecResult.Column> columns() {
        return columns;
    }

    /** The values of the row {@code rs} is on. */
    List<SqlValue> readRow(ResultSet rs) throws SQLException {
        List<SqlValue> row = new ArrayList<>(types.length);
        for (int i = 1; i <= types.length; i++) row.add(JdbcValues.read(rs, i, types[i - 1], typeNames[i - 1]));
        return row;
    }
}
