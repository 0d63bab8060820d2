package paxosql.driver.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.RowIdLifetime;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

import paxosql.driver.protocol.ExecResult;
import paxosql.driver.protocol.SqlValue;

/**
 * What the group's database is and holds. Catalog queries ({@code getTables}, ...) run on
 * H2's {@code INFORMATION_SCHEMA} through the connection and return JDBC's column names.
 */
public final class PaxoSqlDatabaseMetaData extends UnsupportedDatabaseMetaData {
    /**
     * Exactly H2's name: tools pick their SQL dialect and error codes by it (Spring's
     * sql-error-codes, Liquibase and Flyway compare it with "H2"); the version says PaxoSQL.
     */
    public static final String PRODUCT_NAME = "H2";

    private final PaxoSqlConnection connection;

    PaxoSqlDatabaseMetaData(PaxoSqlConnection connection) {
        this.connection = connection;
    }

    @Override public String getDatabaseProductName() { return PRODUCT_NAME; }
    @Override public String getDatabaseProductVersion() { return BuildInfo.H2_VERSION + " (PaxoSQL " + BuildInfo.DRIVER_VERSION + ")"; }
    @Override public String getExtraNameCharacters() { return ""; }
    @Override public int getDatabaseMajorVersion() { return versionPart(BuildInfo.H2_VERSION, 0); }
    @Override public int getDatabaseMinorVersion() { return versionPart(BuildInfo.H2_VERSION, 1); }
    @Override public String getDriverName() { return PaxoSqlDriver.NAME; }
    @Override public String getDriverVersion() { return BuildInfo.DRIVER_VERSION; }
    @Override public int getDriverMajorVersion() { return PaxoSqlDriver.MAJOR_VERSION; }
    @Override public int getDriverMinorVersion() { return PaxoSqlDriver.MINOR_VERSION; }
    @Override public int getJDBCMajorVersion() { return 4; }
    @Override public int getJDBCMinorVersion() { return 2; }
    @Override public String getURL() { return connection.url(); }
    @Override public String getUserName() { return connection.user(); }
    @Override public Connection getConnection() { return connection; }
    @Override public boolean isReadOnly() { return false; }

    static int versionPart(String version, int index) {
        String[] parts = version.split("[.-]");
        try {
            return index < parts.length ? Integer.parseInt(parts[index]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Every statement commits on its own; explicit transactions arrive later. */
    @Override public boolean supportsTransactions() { return false; }
    @Override public int getDefaultTransactionIsolation() { return Connection.TRANSACTION_NONE; }
    @Override public boolean supportsTransactionIsolationLevel(int level) { return level == Connection.TRANSACTION_NONE; }
    @Override public boolean supportsMultipleTransactions() { return false; }
    @Override public boolean supportsDataDefinitionAndDataManipulationTransactions() { return false; }
    @Override public boolean supportsDataManipulationTransactionsOnly() { return false; }
    @Override public boolean supportsSavepoints() { return false; }
    @Override public boolean autoCommitFailureClosesAllResultSets() { return false; }

    @Override public String getIdentifierQuoteString() { return "\""; }
    @Override public String getSearchStringEscape() { return "\\"; }
    @Override public String getCatalogSeparator() { return "."; }
    @Override public String getCatalogTerm() { return "catalog"; }
    @Override public String getSchemaTerm() { return "schema"; }
    @Override public String getProcedureTerm() { return "procedure"; }
    @Override public boolean storesUpperCaseIdentifiers() { return true; }
    @Override public boolean storesLowerCaseIdentifiers() { return false; }
    @Override public boolean storesMixedCaseIdentifiers() { return false; }
    @Override public boolean supportsMixedCaseIdentifiers() { return false; }
    @Override public boolean storesUpperCaseQuotedIdentifiers() { return false; }
    @Override public boolean storesLowerCaseQuotedIdentifiers() { return false; }
    @Override public boolean storesMixedCaseQuotedIdentifiers() { return true; }
    @Override public boolean supportsMixedCaseQuotedIdentifiers() { return true; }

    @Override public boolean supportsBatchUpdates() { return true; }
    @Override public boolean supportsGetGeneratedKeys() { return true; }
    @Override public boolean supportsMultipleResultSets() { return false; }
    @Override public boolean supportsMultipleOpenResults() { return false; }
    @Override public boolean supportsNamedParameters() { return false; }
    @Override public boolean supportsStoredProcedures() { return false; }
    @Override public boolean supportsResultSetType(int type) { return type == ResultSet.TYPE_FORWARD_ONLY; }

    @Override
    public boolean supportsResultSetConcurrency(int type, int concurrency) {
        return type == ResultSet.TYPE_FORWARD_ONLY && concurrency == ResultSet.CONCUR_READ_ONLY;
    }

    @Override public boolean supportsResultSetHoldability(int holdability) { return holdability == ResultSet.CLOSE_CURSORS_AT_COMMIT; }
    @Override public int getResultSetHoldability() { return ResultSet.CLOSE_CURSORS_AT_COMMIT; }
    @Override public RowIdLifetime getRowIdLifetime() { return RowIdLifetime.ROWID_UNSUPPORTED; }
    @Override public boolean generatedKeyAlwaysReturned() { return true; }

    private static SqlValue pattern(String p) {
        return new SqlValue.Text(p == null ? "%" : p);
    }

    @Override
    public ResultSet getTables(String catalog, String schemaPattern, String tableNamePattern, String[] types) throws SQLException {
        String type = "CASE WHEN TABLE_SCHEMA = 'INFORMATION_SCHEMA' THEN 'SYSTEM TABLE' "
                + "WHEN TABLE_TYPE = 'BASE TABLE' THEN 'TABLE' ELSE TABLE_TYPE END";
        StringBuilder sql = new StringBuilder("SELECT * FROM (SELECT TABLE_CATALOG AS TABLE_CAT, TABLE_SCHEMA AS TABLE_SCHEM, TABLE_NAME, ")
                .append(type).append(" AS TABLE_TYPE, REMARKS, CAST(NULL AS VARCHAR) AS TYPE_CAT, CAST(NULL AS VARCHAR) AS TYPE_SCHEM, ")
                .append("CAST(NULL AS VARCHAR) AS TYPE_NAME, CAST(NULL AS VARCHAR) AS SELF_REFERENCING_COL_NAME, ")
                .append("CAST(NULL AS VARCHAR) AS REF_GENERATION FROM INFORMATION_SCHEMA.TABLES) T ")
                .append("WHERE TABLE_CAT LIKE ? ESCAPE '\\' AND TABLE_SCHEM LIKE ? ESCAPE '\\' AND TABLE_NAME LIKE ? ESCAPE '\\'");
        List<SqlValue> params = new ArrayList<>(List.of(pattern(catalog), pattern(schemaPattern), pattern(tableNamePattern)));
        if (types != null) {
            if (types.length == 0) return resultSet(new ExecResult.Rows(tableColumns(), List.of()));
            sql.append(" AND TABLE_TYPE IN (");
            for (int i = 0; i < types.length; i++) {
                sql.append(i == 0 ? "?" : ", ?");
                params.add(new SqlValue.Text(types[i]));
            }
            sql.append(')');
        }
        sql.append(" ORDER BY TABLE_TYPE, TABLE_CAT, TABLE_SCHEM, TABLE_NAME");
        return resultSet(connection.query(sql.toString(), params.toArray(new SqlValue[0])));
    }

    private static List<ExecResult.Column> tableColumns() {
        List<ExecResult.Column> cols = new ArrayList<>();
        for (String n : new String[] {"TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE", "REMARKS", "TYPE_CAT", "TYPE_SCHEM",
                "TYPE_NAME", "SELF_REFERENCING_COL_NAME", "REF_GENERATION"}) {
            cols.add(new ExecResult.Column(n, n, Types.VARCHAR, "CHARACTER VARYING", 0, 0, true));
        }
        return cols;
    }

    @Override
    public ResultSet getTableTypes() {
        List<List<SqlValue>> rows = new ArrayList<>();
        for (String t : new String[] {"GLOBAL TEMPORARY", "LOCAL TEMPORARY", "SYSTEM TABLE", "TABLE", "VIEW"}) {
            rows.add(List.of(new SqlValue.Text(t)));
        }
        return resultSet(new ExecResult.Rows(
                List.of(new ExecResult.Column("TABLE_TYPE", "TABLE_TYPE", Types.VARCHAR, "CHARACTER VARYING", 0, 0, false)), rows));
    }

    @Override
    public ResultSet getColumns(String catalog, String schemaPattern, String tableNamePattern, String columnNamePattern)
            throws SQLException {
        String sql = "SELECT TABLE_CATALOG AS TABLE_CAT, TABLE_SCHEMA AS TABLE_SCHEM, TABLE_NAME, COLUMN_NAME, "
                + "0 AS DATA_TYPE, DATA_TYPE AS TYPE_NAME, "
                + "CAST(COALESCE(CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, DATETIME_PRECISION) AS INTEGER) AS COLUMN_SIZE, "
                + "CAST(NULL AS INTEGER) AS BUFFER_LENGTH, CAST(NUMERIC_SCALE AS INTEGER) AS DECIMAL_DIGITS, "
                + "CAST(NUMERIC_PRECISION_RADIX AS INTEGER) AS NUM_PREC_RADIX, "
                + "CASE IS_NULLABLE WHEN 'YES' THEN " + DatabaseMetaData.columnNullable + " ELSE " + DatabaseMetaData.columnNoNulls
                + " END AS NULLABLE, REMARKS, COLUMN_DEFAULT AS COLUMN_DEF, CAST(NULL AS INTEGER) AS SQL_DATA_TYPE, "
                + "CAST(NULL AS INTEGER) AS SQL_DATETIME_SUB, CAST(CHARACTER_OCTET_LENGTH AS INTEGER) AS CHAR_OCTET_LENGTH, "
                + "ORDINAL_POSITION, IS_NULLABLE, CAST(NULL AS VARCHAR) AS SCOPE_CATALOG, CAST(NULL AS VARCHAR) AS SCOPE_SCHEMA, "
                + "CAST(NULL AS VARCHAR) AS SCOPE_TABLE, CAST(NULL AS SMALLINT) AS SOURCE_DATA_TYPE, "
                + "CASE WHEN IS_IDENTITY = 'YES' THEN 'YES' ELSE 'NO' END AS IS_AUTOINCREMENT, "
                + "CASE WHEN IS_GENERATED = 'ALWAYS' THEN 'YES' ELSE 'NO' END AS IS_GENERATEDCOLUMN "
                + "FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_CATALOG LIKE ? ESCAPE '\\' AND TABLE_SCHEMA LIKE ? ESCAPE '\\' "
                + "AND TABLE_NAME LIKE ? ESCAPE '\\' AND COLUMN_NAME LIKE ? ESCAPE '\\' "
                + "ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION";
        ExecResult.Rows rows = connection.query(sql, pattern(catalog), pattern(schemaPattern), pattern(tableNamePattern),
                pattern(columnNamePattern));
        // DATA_TYPE: the java.sql.Types code for H2's type name (column 6), as H2's own driver reports it.
        List<List<SqlValue>> typed = new ArrayList<>(rows.rows().size());
        for (List<SqlValue> r : rows.rows()) {
            List<SqlValue> copy = new ArrayList<>(r);
            Object name = r.get(5).toJava();
            copy.set(4, new SqlValue.Int(SqlTypes.forH2TypeName(name == null ? null : name.toString())));
            typed.add(copy);
        }
        List<ExecResult.Column> cols = new ArrayList<>(rows.columns());
        cols.set(4, new ExecResult.Column("DATA_TYPE", "DATA_TYPE", Types.INTEGER, "INTEGER", 32, 0, false));
        return resultSet(new ExecResult.Rows(cols, typed));
    }

    @Override
    public ResultSet getPrimaryKeys(String catalog, String schema, String table) throws SQLException {
        String sql = "SELECT K.TABLE_CATALOG AS TABLE_CAT, K.TABLE_SCHEMA AS TABLE_SCHEM, K.TABLE_NAME, K.COLUMN_NAME, "
                + "CAST(K.ORDINAL_POSITION AS SMALLINT) AS KEY_SEQ, K.CONSTRAINT_NAME AS PK_NAME "
                + "FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS C JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE K "
                + "ON C.CONSTRAINT_CATALOG = K.CONSTRAINT_CATALOG AND C.CONSTRAINT_SCHEMA = K.CONSTRAINT_SCHEMA "
                + "AND C.CONSTRAINT_NAME = K.CONSTRAINT_NAME "
                + "WHERE C.CONSTRAINT_TYPE = 'PRIMARY KEY' AND K.TABLE_CATALOG LIKE ? ESCAPE '\\' "
                + "AND K.TABLE_SCHEMA LIKE ? ESCAPE '\\' AND K.TABLE_NAME = ? ORDER BY K.COLUMN_NAME";
        return resultSet(connection.query(sql, exact(catalog), exact(schema), new SqlValue.Text(table)));
    }

    /** An exact name as a LIKE pattern (its wildcards escaped); null matches everything. */
    private static SqlValue exact(String name) {
        if (name == null) return new SqlValue.Text("%");
        return new SqlValue.Text(name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_"));
    }

    @Override
    public ResultSet getIndexInfo(String catalog, String schema, String table, boolean unique, boolean approximate)
            throws SQLException {
        String sql = "SELECT I.TABLE_CATALOG AS TABLE_CAT, I.TABLE_SCHEMA AS TABLE_SCHEM, I.TABLE_NAME, "
                + "C.IS_UNIQUE = FALSE AS NON_UNIQUE, I.INDEX_CATALOG AS INDEX_QUALIFIER, I.INDEX_NAME, "
                + "CAST(" + DatabaseMetaData.tableIndexOther + " AS SMALLINT) AS TYPE, CAST(C.ORDINAL_POSITION AS SMALLINT) AS ORDINAL_POSITION, "
                + "C.COLUMN_NAME, CASE C.ORDERING_SPECIFICATION WHEN 'DESC' THEN 'D' ELSE 'A' END AS ASC_OR_DESC, "
                + "CAST(0 AS BIGINT) AS CARDINALITY, CAST(0 AS BIGINT) AS PAGES, CAST(NULL AS VARCHAR) AS FILTER_CONDITION "
                + "FROM INFORMATION_SCHEMA.INDEXES I JOIN INFORMATION_SCHEMA.INDEX_COLUMNS C "
                + "ON I.INDEX_CATALOG = C.INDEX_CATALOG AND I.INDEX_SCHEMA = C.INDEX_SCHEMA AND I.INDEX_NAME = C.INDEX_NAME "
                + "WHERE I.TABLE_CATALOG LIKE ? ESCAPE '\\' AND I.TABLE_SCHEMA LIKE ? ESCAPE '\\' AND I.TABLE_NAME = ? "
                + (unique ? "AND C.IS_UNIQUE " : "")
                + "ORDER BY NON_UNIQUE, TYPE, INDEX_NAME, ORDINAL_POSITION";
        return resultSet(connection.query(sql, exact(catalog), exact(schema), new SqlValue.Text(table)));
    }

    @Override
    public ResultSet getSchemas() throws SQLException {
        return getSchemas(null, null);
    }

    @Override
    public ResultSet getSchemas(String catalog, String schemaPattern) throws SQLException {
        String sql = "SELECT SCHEMA_NAME AS TABLE_SCHEM, CATALOG_NAME AS TABLE_CATALOG FROM INFORMATION_SCHEMA.SCHEMATA "
                + "WHERE CATALOG_NAME LIKE ? ESCAPE '\\' AND SCHEMA_NAME LIKE ? ESCAPE '\\' ORDER BY TABLE_CATALOG, TABLE_SCHEM";
        return resultSet(connection.query(sql, exact(catalog), pattern(schemaPattern)));
    }

    @Override
    public ResultSet getCatalogs() throws SQLException {
        return resultSet(connection.query(
                "SELECT CATALOG_NAME AS TABLE_CAT FROM INFORMATION_SCHEMA.INFORMATION_SCHEMA_CATALOG_NAME ORDER BY TABLE_CAT"));
    }

    @Override
    public ResultSet getTypeInfo() {
        return resultSet(TypeInfo.rows());
    }

    private static ResultSet resultSet(ExecResult.Rows rows) {
        return new PaxoSqlResultSet(null, rows);
    }
}
