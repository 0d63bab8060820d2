package paxosql.driver.jdbc;

import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

import paxosql.driver.protocol.ExecResult;
import paxosql.driver.protocol.SqlValue;

/**
 * {@code DatabaseMetaData.getTypeInfo()}: the data types of the H2 version the replicas
 * embed, as H2's own driver describes them (H2 computes them in Java, not in
 * INFORMATION_SCHEMA; a unit test compares this table with H2's).
 */
final class TypeInfo {
    private TypeInfo() {}

    private static final String[] NAMES = {"TYPE_NAME", "DATA_TYPE", "PRECISION", "LITERAL_PREFIX", "LITERAL_SUFFIX",
            "CREATE_PARAMS", "NULLABLE", "CASE_SENSITIVE", "SEARCHABLE", "UNSIGNED_ATTRIBUTE", "FIXED_PREC_SCALE",
            "AUTO_INCREMENT", "LOCAL_TYPE_NAME", "MINIMUM_SCALE", "MAXIMUM_SCALE", "SQL_DATA_TYPE", "SQL_DATETIME_SUB",
            "NUM_PREC_RADIX"};
    private static final int[] TYPES = {Types.VARCHAR, Types.INTEGER, Types.INTEGER, Types.VARCHAR, Types.VARCHAR,
            Types.VARCHAR, Types.SMALLINT, Types.BOOLEAN, Types.SMALLINT, Types.BOOLEAN, Types.BOOLEAN,
            Types.BOOLEAN, Types.VARCHAR, Types.SMALLINT, Types.SMALLINT, Types.INTEGER, Types.INTEGER,
            Types.INTEGER};

    private static final String[][] ROWS = {
            {"TINYINT", "-6", "8", null, null, null, "1", "FALSE", "3", "FALSE", "FALSE", "TRUE", "TINYINT", "0", "0", null, null, "2"},
            {"BIGINT", "-5", "64", null, null, null, "1", "FALSE", "3", "FALSE", "FALSE", "TRUE", "BIGINT", "0", "0", null, null, "2"},
            {"BINARY VARYING", "-3", "1000000000", "X'", "'", "LENGTH", "1", "FALSE", "3", "FALSE", "FALSE", "FALSE", "BINARY VARYING", "0", "0", null, null, null},
            {"BINARY", "-2", "1000000000", "X'", "'", "LENGTH", "1", "FALSE", "3", "FALSE", "FALSE", "FALSE", "BINARY", "0", "0", null, null, null},
            {"UUID", "-2", "16", "'", "'", null, "1", "FALSE", "3", "FALSE", "FALSE", "FALSE", "UUID", "0", "0", null, null, null},
            {"CHARACTER", "1", "1000000000", "'", "'", "LENGTH", "1", "TRUE", "3", "FALSE", "FALSE", "FALSE", "CHARACTER", "0", "0", null, null, null},
            {"NUMERIC", "2", "100000", null, null, "PRECISION,SCALE", "1", "FALSE", "3", "FALSE", "TRUE", "TRUE", "NUMERIC", "0", "32767", null, null, "10"},
            {"DECFLOAT", "2", "100000", null, null, "PRECISION", "1", "FALSE", "3", "FALSE", "FALSE", "TRUE", "DECFLOAT", "0", "0", null, null, "10"},
            {"INTEGER", "4", "32", null, null, null, "1", "FALSE", "3", "FALSE", "FALSE", "TRUE", "INTEGER", "0", "0", null, null, "2"},
            {"SMALLINT", "5", "16", null, null, null, "1", "FALSE", "3", "FALSE", "FALSE", "TRUE", "SMALLINT", "0", "0", null, null, "2"},
            {"REAL", "7", "24", null, null, null, "1", "FALSE", "3", "FALSE", "FALSE", "TRUE", "REAL", "0", "0", null, null, "2"},
            {"DOUBLE PRECISION", "8", "53", null, null, null, "1", "FALSE", "3", "FALSE", "FALSE", "TRUE", "DOUBLE PRECISION", "0", "0", null, null, "2"},
            {"CHARACTER VARYING", "12", "1000000000", "'", "'", "LENGTH", "1", "TRUE", "3", "FALSE", "FALSE", "FALSE", "CHARACTER VARYING", "0", "0", null, null, null},
            {"VARCHAR_IGNORECASE", "12", "1000000000", "'", "'", "LENGTH", "1", "FALSE", "3", "FALSE", "FALSE", "FALSE", "VARCHAR_IGNORECASE", "0", "0", null, null, null},
            {"BOOLEAN", "16", "1", null, null, null, "1", "FALSE", "3", "FALSE", "FALSE", "FALSE", "BOOLEAN", "0", "0", null, null, null},
            {"DATE", "91", "10", "DATE '", "'", null, "1", "FALSE", "3", "FALSE", "FALSE", "FALSE", "DATE", "0", "0", null, null, null},
            {"TIME", "92", "18", "TIME '", "'", "SCALE", "1", "FALSE", "3", "FALSE", "FALSE", "FALSE", "TIME", "0", "9", null, null, null},
            {"TIMESTAMP", "93", "29", "TIMESTAMP '", "'", "SCALE", "1", "FALSE", "3", "FALSE", "FALSE", "FALSE", "TIMESTAMP", "0", "9", null, null, null},
            {"INTERVAL YEAR", "1111", "18", "INTERVAL '", "' YEAR", "PRECISION", "1", "FALSE", "3", "FALSE", "FALSE", "FALSE", "INTERVAL YEAR", "0", "0", null, null, null},
            {"INTERVAL MONTH", "1111", "18", "INTERVAL '", "' MONTH", "PRECISION", "1", "FALSE", "3", "FALSE", "FALSE", "FALSE", "INTERVAL MONTH", "0", "0", null, null, null},
            {"INTERVAL DAY", "1111", "18", "INTERVAL '", "' DAY", "PRECISION", "1", "FALSE", "3", "FALSE", "FALSE", "FALSE", "INTERVAL DAY", "0", "0", null, null, null},
            {"INTERVAL HOUR", "1111", "18", "INTERVAL '", "' HOUR", "PRECISION", "1", "FALSE", "3", "FALSE", "FALSE", "FALSE", "INTERVAL HOUR", "0", "0", null, null, null},
            {"INTERVAL MINUTE", "1111", "18", "INTERVAL '", "' MINUTE", "PRECISION", "1", "FALSE", "3", "FALSE", "FALSE", "FALSE", "INTERVAL MINUTE", "0", "0", null, null, null},
            {"INTERVAL SECOND", "1111", "18", "INTERVAL '", "' SECOND", "PRECISION,SCALE", "1", "FALSE", "3", "FALSE", "FALSE", "FALSE", "INTERVAL SECOND", "0", "9", null, null, null},
            {"INTERVAL YEAR TO MONTH", "1111", "18", "INTERVAL '", "' YEAR TO MONTH", "PRECISION", "1", "FALSE", "3", "FALSE", "FALSE", "FALSE", "INTERVAL YEAR TO MONTH", "0", "0", null, null, null},
            {"INTERVAL DAY TO HOUR", "1111", "18", "INTERVAL '", "' DAY TO HOUR", "PRECISION", "1", "FALSE", "3", "FALSE", "FALSE", "FALSE", "INTERVAL DAY TO HOUR", "0", "0", null, null, null},
            {"INTERVAL DAY TO MINUTE", "1111", "18", "INTERVAL '", "' DAY TO MINUTE", "PRECISION", "1", "FALSE", "3", "FALSE", "FALSE", "FALSE", "INTERVAL DAY TO MINUTE", "0", "0", null, null, null},
            {"INTERVAL DAY TO SECOND", "1111", "18", "INTERVAL '", "' DAY TO SECOND", "PRECISION,SCALE", "1", "FALSE", "3", "FALSE", "FALSE", "FALSE", "INTERVAL DAY TO SECOND", "0", "9", null, null, null},
            {"INTERVAL HOUR TO MINUTE", "1111", "18", "INTERVAL '", "' HOUR TO MINUTE", "PRECISION", "1", "FALSE", "3", "FALSE", "FALSE", "FALSE", "INTERVAL HOUR TO MINUTE", "0", "0", null, null, null},
            {"INTERVAL HOUR TO SECOND", "1111", "18", "INTERVAL '", "' HOUR TO SECOND", "PRECISION,SCALE", "1", "FALSE", "3", "FALSE", "FALSE", "FALSE", "INTERVAL HOUR TO SECOND", "0", "9", null, null, null},
            {"INTERVAL MINUTE TO SECOND", "1111", "18", "INTERVAL '", "' MINUTE TO SECOND", "PRECISION,SCALE", "1", "FALSE", "3", "FALSE", "FALSE", "FALSE", "INTERVAL MINUTE TO SECOND", "0", "9", null, null, null},
            {"ENUM", "1111", "1000000000", "'", "'", "ELEMENT [,...]", "1", "FALSE", "3", "FALSE", "FALSE", "FALSE", "ENUM", "0", "0", null, null, null},
            {"GEOMETRY", "1111", "2147483647", "'", "'", "TYPE,SRID", "1", "FALSE", "3", "FALSE", "FALSE", "FALSE", "GEOMETRY", "0", "0", null, null, null},
            {"JSON", "1111", "1000000000", "JSON '", "'", "LENGTH", "1", "TRUE", "3", "FALSE", "FALSE", "FALSE", "JSON", "0", "0", null, null, null},
            {"ROW", "1111", "0", "ROW(", ")", "NAME DATA_TYPE [,...]", "1", "FALSE", "3", "FALSE", "FALSE", "FALSE", "ROW", "0", "0", null, null, null},
            {"JAVA_OBJECT", "2000", "1000000000", "X'", "'", "LENGTH", "1", "FALSE", "3", "FALSE", "FALSE", "FALSE", "JAVA_OBJECT", "0", "0", null, null, null},
            {"ARRAY", "2003", "65536", "ARRAY[", "]", "CARDINALITY", "1", "FALSE", "3", "FALSE", "FALSE", "FALSE", "ARRAY", "0", "0", null, null, null},
            {"BINARY LARGE OBJECT", "2004", "2147483647", "X'", "'", "LENGTH", "1", "FALSE", "3", "FALSE", "FALSE", "FALSE", "BINARY LARGE OBJECT", "0", "0", null, null, null},
            {"CHARACTER LARGE OBJECT", "2005", "2147483647", "'", "'", "LENGTH", "1", "TRUE", "3", "FALSE", "FALSE", "FALSE", "CHARACTER LARGE OBJECT", "0", "0", null, null, null},
            {"TIME WITH TIME ZONE", "2013", "24", "TIME WITH TIME ZONE '", "'", "SCALE", "1", "FALSE", "3", "FALSE", "FALSE", "FALSE", "TIME WITH TIME ZONE", "0", "9", null, null, null},
            {"TIMESTAMP WITH TIME ZONE", "2014", "35", "TIMESTAMP WITH TIME ZONE '", "'", "SCALE", "1", "FALSE", "3", "FALSE", "FALSE", "FALSE", "TIMESTAMP WITH TIME ZONE", "0", "9", null, null, null}
    };

    static ExecResult.Rows rows() {
        List<ExecResult.Column> columns = new ArrayList<>();
        for (int c = 0; c < NAMES.length; c++) {
            columns.add(new ExecResult.Column(NAMES[c], NAMES[c], TYPES[c], SqlTypes.typeName(TYPES[c]), 0, 0, true));
        }
        List<List<SqlValue>> rows = new ArrayList<>();
        for (String[] r : ROWS) {
            List<SqlValue> row = new ArrayList<>();
            for (int c = 0; c < NAMES.length; c++) row.add(value(r[c], TYPES[c]));
            rows.add(row);
        }
        return new ExecResult.Rows(columns, rows);
    }

    private static SqlValue value(String s, int type) {
        if (s == null) return new SqlValue.Null(type);
        switch (type) {
            case Types.INTEGER:
            case Types.SMALLINT:
                return new SqlValue.Int(Integer.parseInt(s));
            case Types.BOOLEAN:
                return new SqlValue.Bool(Boolean.parseBoolean(s));
            default:
                return new SqlValue.Text(s);
        }
    }
}
