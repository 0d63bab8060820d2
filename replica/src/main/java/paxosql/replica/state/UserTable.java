package paxosql.replica.state;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A table of the user's data as checksums and snapshots see it: its columns in order
 * and its primary key (empty if it has none).
 */
public record UserTable(String schema, String name, List<Column> columns, List<String> primaryKey) {

    /** A column; a generated one ({@code AS (expr)}) is computed by H2 and never stored in a snapshot. */
    public record Column(String name, String dataType, boolean generated) {}

    public UserTable {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
    }

    public boolean hasPrimaryKey() {
        return !primaryKey.isEmpty();
    }

    /** The quoted name to use in SQL. */
    public String sqlName() {
        return SequenceValues.q(schema) + "." + SequenceValues.q(name);
    }

    /** {@code SCHEMA.NAME}, each part quoted only if it has to be, so the name reads back one way. */
    public String displayName() {
        return StateParts.identifier(schema) + "." + StateParts.identifier(name);
    }

    /** The columns a row is stored with (generated ones left out), in order. */
    public List<Column> storedColumns() {
        return columns.stream().filter(c -> !c.generated()).toList();
    }

    /** The user tables (not views, not INFORMATION_SCHEMA, not the meta schema), ordered by schema and name. */
    public static List<UserTable> readAll(Connection conn) throws SQLException {
        String excluded = "('INFORMATION_SCHEMA', '" + H2StateMachine.META_SCHEMA + "')";
        Map<List<String>, List<Column>> columns = new HashMap<>();
        Map<List<String>, List<String>> keys = new HashMap<>();
        List<List<String>> names = new ArrayList<>();
        try (Statement s = conn.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_TYPE = "
                    + "'BASE TABLE' AND TABLE_SCHEMA NOT IN " + excluded + " ORDER BY TABLE_SCHEMA, TABLE_NAME")) {
                while (rs.next()) names.add(List.of(rs.getString(1), rs.getString(2)));
            }
            try (ResultSet rs = s.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, DATA_TYPE, IS_GENERATED FROM "
                    + "INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA NOT IN " + excluded
                    + " ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION")) {
                while (rs.next()) {
                    columns.computeIfAbsent(List.of(rs.getString(1), rs.getString(2)), k -> new ArrayList<>())
                            .add(new Column(rs.getString(3), rs.getString(4), "ALWAYS".equals(rs.getString(5))));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT K.TABLE_SCHEMA, K.TABLE_NAME, K.COLUMN_NAME FROM "
                    + "INFORMATION_SCHEMA.TABLE_CONSTRAINTS C JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE K "
                    + "ON K.CONSTRAINT_SCHEMA = C.CONSTRAINT_SCHEMA AND K.CONSTRAINT_NAME = C.CONSTRAINT_NAME "
                    + "WHERE C.CONSTRAINT_TYPE = 'PRIMARY KEY' AND C.TABLE_SCHEMA NOT IN " + excluded
                    + " ORDER BY K.TABLE_SCHEMA, K.TABLE_NAME, K.ORDINAL_POSITION")) {
                while (rs.next()) {
                    keys.computeIfAbsent(List.of(rs.getString(1), rs.getString(2)), k -> new ArrayList<>()).add(rs.getString(3));
                }
            }
        }
        List<UserTable> out = new ArrayList<>(names.size());
        for (List<String> n : names) {
            out.add(new UserTable(n.get(0), n.get(1), columns.getOrDefault(n, List.of()), keys.getOrDefault(n, List.of())));
        }
        return out;
    }
}
