package paxosql.driver.jdbc;

/**
 * Every method of {@link java.sql.DatabaseMetaData} this driver does not implement: each throws
 * {@link java.sql.SQLFeatureNotSupportedException} (SQLState 0A000) rather than doing
 * something silently wrong. Generated from the JDK interface; subclasses override what they support.
 */
@SuppressWarnings({"deprecation", "unused"})
abstract class UnsupportedDatabaseMetaData implements java.sql.DatabaseMetaData {
    @Override public boolean allProceduresAreCallable() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.allProceduresAreCallable"); }
    @Override public boolean allTablesAreSelectable() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.allTablesAreSelectable"); }
    @Override public java.lang.String getURL() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getURL"); }
    @Override public java.lang.String getUserName() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getUserName"); }
    @Override public boolean isReadOnly() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.isReadOnly"); }
    @Override public boolean nullsAreSortedHigh() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.nullsAreSortedHigh"); }
    @Override public boolean nullsAreSortedLow() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.nullsAreSortedLow"); }
    @Override public boolean nullsAreSortedAtStart() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.nullsAreSortedAtStart"); }
    @Override public boolean nullsAreSortedAtEnd() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.nullsAreSortedAtEnd"); }
    @Override public java.lang.String getDatabaseProductName() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getDatabaseProductName"); }
    @Override public java.lang.String getDatabaseProductVersion() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getDatabaseProductVersion"); }
    @Override public java.lang.String getDriverName() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getDriverName"); }
    @Override public java.lang.String getDriverVersion() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getDriverVersion"); }
    @Override public int getDriverMajorVersion() { throw new UnsupportedOperationException("DatabaseMetaData.getDriverMajorVersion is not supported by PaxoSQL"); }
    @Override public int getDriverMinorVersion() { throw new UnsupportedOperationException("DatabaseMetaData.getDriverMinorVersion is not supported by PaxoSQL"); }
    @Override public boolean usesLocalFiles() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.usesLocalFiles"); }
    @Override public boolean usesLocalFilePerTable() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.usesLocalFilePerTable"); }
    @Override public boolean supportsMixedCaseIdentifiers() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsMixedCaseIdentifiers"); }
    @Override public boolean storesUpperCaseIdentifiers() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.storesUpperCaseIdentifiers"); }
    @Override public boolean storesLowerCaseIdentifiers() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.storesLowerCaseIdentifiers"); }
    @Override public boolean storesMixedCaseIdentifiers() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.storesMixedCaseIdentifiers"); }
    @Override public boolean supportsMixedCaseQuotedIdentifiers() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsMixedCaseQuotedIdentifiers"); }
    @Override public boolean storesUpperCaseQuotedIdentifiers() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.storesUpperCaseQuotedIdentifiers"); }
    @Override public boolean storesLowerCaseQuotedIdentifiers() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.storesLowerCaseQuotedIdentifiers"); }
    @Override public boolean storesMixedCaseQuotedIdentifiers() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.storesMixedCaseQuotedIdentifiers"); }
    @Override public java.lang.String getIdentifierQuoteString() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getIdentifierQuoteString"); }
    @Override public java.lang.String getSQLKeywords() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getSQLKeywords"); }
    @Override public java.lang.String getNumericFunctions() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getNumericFunctions"); }
    @Override public java.lang.String getStringFunctions() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getStringFunctions"); }
    @Override public java.lang.String getSystemFunctions() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getSystemFunctions"); }
    @Override public java.lang.String getTimeDateFunctions() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getTimeDateFunctions"); }
    @Override public java.lang.String getSearchStringEscape() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getSearchStringEscape"); }
    @Override public java.lang.String getExtraNameCharacters() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getExtraNameCharacters"); }
    @Override public boolean supportsAlterTableWithAddColumn() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsAlterTableWithAddColumn"); }
    @Override public boolean supportsAlterTableWithDropColumn() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsAlterTableWithDropColumn"); }
    @Override public boolean supportsColumnAliasing() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsColumnAliasing"); }
    @Override public boolean nullPlusNonNullIsNull() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.nullPlusNonNullIsNull"); }
    @Override public boolean supportsConvert() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsConvert"); }
    @Override public boolean supportsConvert(int a0, int a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsConvert"); }
    @Override public boolean supportsTableCorrelationNames() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsTableCorrelationNames"); }
    @Override public boolean supportsDifferentTableCorrelationNames() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsDifferentTableCorrelationNames"); }
    @Override public boolean supportsExpressionsInOrderBy() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsExpressionsInOrderBy"); }
    @Override public boolean supportsOrderByUnrelated() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsOrderByUnrelated"); }
    @Override public boolean supportsGroupBy() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsGroupBy"); }
    @Override public boolean supportsGroupByUnrelated() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsGroupByUnrelated"); }
    @Override public boolean supportsGroupByBeyondSelect() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsGroupByBeyondSelect"); }
    @Override public boolean supportsLikeEscapeClause() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsLikeEscapeClause"); }
    @Override public boolean supportsMultipleResultSets() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsMultipleResultSets"); }
    @Override public boolean supportsMultipleTransactions() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsMultipleTransactions"); }
    @Override public boolean supportsNonNullableColumns() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsNonNullableColumns"); }
    @Override public boolean supportsMinimumSQLGrammar() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsMinimumSQLGrammar"); }
    @Override public boolean supportsCoreSQLGrammar() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsCoreSQLGrammar"); }
    @Override public boolean supportsExtendedSQLGrammar() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsExtendedSQLGrammar"); }
    @Override public boolean supportsANSI92EntryLevelSQL() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsANSI92EntryLevelSQL"); }
    @Override public boolean supportsANSI92IntermediateSQL() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsANSI92IntermediateSQL"); }
    @Override public boolean supportsANSI92FullSQL() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsANSI92FullSQL"); }
    @Override public boolean supportsIntegrityEnhancementFacility() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsIntegrityEnhancementFacility"); }
    @Override public boolean supportsOuterJoins() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsOuterJoins"); }
    @Override public boolean supportsFullOuterJoins() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsFullOuterJoins"); }
    @Override public boolean supportsLimitedOuterJoins() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsLimitedOuterJoins"); }
    @Override public java.lang.String getSchemaTerm() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getSchemaTerm"); }
    @Override public java.lang.String getProcedureTerm() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getProcedureTerm"); }
    @Override public java.lang.String getCatalogTerm() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getCatalogTerm"); }
    @Override public boolean isCatalogAtStart() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.isCatalogAtStart"); }
    @Override public java.lang.String getCatalogSeparator() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getCatalogSeparator"); }
    @Override public boolean supportsSchemasInDataManipulation() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsSchemasInDataManipulation"); }
    @Override public boolean supportsSchemasInProcedureCalls() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsSchemasInProcedureCalls"); }
    @Override public boolean supportsSchemasInTableDefinitions() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsSchemasInTableDefinitions"); }
    @Override public boolean supportsSchemasInIndexDefinitions() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsSchemasInIndexDefinitions"); }
    @Override public boolean supportsSchemasInPrivilegeDefinitions() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsSchemasInPrivilegeDefinitions"); }
    @Override public boolean supportsCatalogsInDataManipulation() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsCatalogsInDataManipulation"); }
    @Override public boolean supportsCatalogsInProcedureCalls() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsCatalogsInProcedureCalls"); }
    @Override public boolean supportsCatalogsInTableDefinitions() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsCatalogsInTableDefinitions"); }
    @Override public boolean supportsCatalogsInIndexDefinitions() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsCatalogsInIndexDefinitions"); }
    @Override public boolean supportsCatalogsInPrivilegeDefinitions() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsCatalogsInPrivilegeDefinitions"); }
    @Override public boolean supportsPositionedDelete() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsPositionedDelete"); }
    @Override public boolean supportsPositionedUpdate() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsPositionedUpdate"); }
    @Override public boolean supportsSelectForUpdate() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsSelectForUpdate"); }
    @Override public boolean supportsStoredProcedures() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsStoredProcedures"); }
    @Override public boolean supportsSubqueriesInComparisons() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsSubqueriesInComparisons"); }
    @Override public boolean supportsSubqueriesInExists() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsSubqueriesInExists"); }
    @Override public boolean supportsSubqueriesInIns() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsSubqueriesInIns"); }
    @Override public boolean supportsSubqueriesInQuantifieds() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsSubqueriesInQuantifieds"); }
    @Override public boolean supportsCorrelatedSubqueries() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsCorrelatedSubqueries"); }
    @Override public boolean supportsUnion() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsUnion"); }
    @Override public boolean supportsUnionAll() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsUnionAll"); }
    @Override public boolean supportsOpenCursorsAcrossCommit() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsOpenCursorsAcrossCommit"); }
    @Override public boolean supportsOpenCursorsAcrossRollback() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsOpenCursorsAcrossRollback"); }
    @Override public boolean supportsOpenStatementsAcrossCommit() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsOpenStatementsAcrossCommit"); }
    @Override public boolean supportsOpenStatementsAcrossRollback() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsOpenStatementsAcrossRollback"); }
    @Override public int getMaxBinaryLiteralLength() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getMaxBinaryLiteralLength"); }
    @Override public int getMaxCharLiteralLength() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getMaxCharLiteralLength"); }
    @Override public int getMaxColumnNameLength() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getMaxColumnNameLength"); }
    @Override public int getMaxColumnsInGroupBy() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getMaxColumnsInGroupBy"); }
    @Override public int getMaxColumnsInIndex() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getMaxColumnsInIndex"); }
    @Override public int getMaxColumnsInOrderBy() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getMaxColumnsInOrderBy"); }
    @Override public int getMaxColumnsInSelect() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getMaxColumnsInSelect"); }
    @Override public int getMaxColumnsInTable() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getMaxColumnsInTable"); }
    @Override public int getMaxConnections() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getMaxConnections"); }
    @Override public int getMaxCursorNameLength() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getMaxCursorNameLength"); }
    @Override public int getMaxIndexLength() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getMaxIndexLength"); }
    @Override public int getMaxSchemaNameLength() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getMaxSchemaNameLength"); }
    @Override public int getMaxProcedureNameLength() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getMaxProcedureNameLength"); }
    @Override public int getMaxCatalogNameLength() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getMaxCatalogNameLength"); }
    @Override public int getMaxRowSize() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getMaxRowSize"); }
    @Override public boolean doesMaxRowSizeIncludeBlobs() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.doesMaxRowSizeIncludeBlobs"); }
    @Override public int getMaxStatementLength() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getMaxStatementLength"); }
    @Override public int getMaxStatements() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getMaxStatements"); }
    @Override public int getMaxTableNameLength() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getMaxTableNameLength"); }
    @Override public int getMaxTablesInSelect() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getMaxTablesInSelect"); }
    @Override public int getMaxUserNameLength() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getMaxUserNameLength"); }
    @Override public int getDefaultTransactionIsolation() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getDefaultTransactionIsolation"); }
    @Override public boolean supportsTransactions() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsTransactions"); }
    @Override public boolean supportsTransactionIsolationLevel(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsTransactionIsolationLevel"); }
    @Override public boolean supportsDataDefinitionAndDataManipulationTransactions() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsDataDefinitionAndDataManipulationTransactions"); }
    @Override public boolean supportsDataManipulationTransactionsOnly() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsDataManipulationTransactionsOnly"); }
    @Override public boolean dataDefinitionCausesTransactionCommit() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.dataDefinitionCausesTransactionCommit"); }
    @Override public boolean dataDefinitionIgnoredInTransactions() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.dataDefinitionIgnoredInTransactions"); }
    @Override public java.sql.ResultSet getProcedures(java.lang.String a0, java.lang.String a1, java.lang.String a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getProcedures"); }
    @Override public java.sql.ResultSet getProcedureColumns(java.lang.String a0, java.lang.String a1, java.lang.String a2, java.lang.String a3) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getProcedureColumns"); }
    @Override public java.sql.ResultSet getTables(java.lang.String a0, java.lang.String a1, java.lang.String a2, java.lang.String[] a3) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getTables"); }
    @Override public java.sql.ResultSet getSchemas() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getSchemas"); }
    @Override public java.sql.ResultSet getCatalogs() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getCatalogs"); }
    @Override public java.sql.ResultSet getTableTypes() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getTableTypes"); }
    @Override public java.sql.ResultSet getColumns(java.lang.String a0, java.lang.String a1, java.lang.String a2, java.lang.String a3) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getColumns"); }
    @Override public java.sql.ResultSet getColumnPrivileges(java.lang.String a0, java.lang.String a1, java.lang.String a2, java.lang.String a3) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getColumnPrivileges"); }
    @Override public java.sql.ResultSet getTablePrivileges(java.lang.String a0, java.lang.String a1, java.lang.String a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getTablePrivileges"); }
    @Override public java.sql.ResultSet getBestRowIdentifier(java.lang.String a0, java.lang.String a1, java.lang.String a2, int a3, boolean a4) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getBestRowIdentifier"); }
    @Override public java.sql.ResultSet getVersionColumns(java.lang.String a0, java.lang.String a1, java.lang.String a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getVersionColumns"); }
    @Override public java.sql.ResultSet getPrimaryKeys(java.lang.String a0, java.lang.String a1, java.lang.String a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getPrimaryKeys"); }
    @Override public java.sql.ResultSet getImportedKeys(java.lang.String a0, java.lang.String a1, java.lang.String a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getImportedKeys"); }
    @Override public java.sql.ResultSet getExportedKeys(java.lang.String a0, java.lang.String a1, java.lang.String a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getExportedKeys"); }
    @Override public java.sql.ResultSet getCrossReference(java.lang.String a0, java.lang.String a1, java.lang.String a2, java.lang.String a3, java.lang.String a4, java.lang.String a5) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getCrossReference"); }
    @Override public java.sql.ResultSet getTypeInfo() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getTypeInfo"); }
    @Override public java.sql.ResultSet getIndexInfo(java.lang.String a0, java.lang.String a1, java.lang.String a2, boolean a3, boolean a4) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getIndexInfo"); }
    @Override public boolean supportsResultSetType(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsResultSetType"); }
    @Override public boolean supportsResultSetConcurrency(int a0, int a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsResultSetConcurrency"); }
    @Override public boolean ownUpdatesAreVisible(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.ownUpdatesAreVisible"); }
    @Override public boolean ownDeletesAreVisible(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.ownDeletesAreVisible"); }
    @Override public boolean ownInsertsAreVisible(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.ownInsertsAreVisible"); }
    @Override public boolean othersUpdatesAreVisible(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.othersUpdatesAreVisible"); }
    @Override public boolean othersDeletesAreVisible(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.othersDeletesAreVisible"); }
    @Override public boolean othersInsertsAreVisible(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.othersInsertsAreVisible"); }
    @Override public boolean updatesAreDetected(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.updatesAreDetected"); }
    @Override public boolean deletesAreDetected(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.deletesAreDetected"); }
    @Override public boolean insertsAreDetected(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.insertsAreDetected"); }
    @Override public boolean supportsBatchUpdates() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsBatchUpdates"); }
    @Override public java.sql.ResultSet getUDTs(java.lang.String a0, java.lang.String a1, java.lang.String a2, int[] a3) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getUDTs"); }
    @Override public java.sql.Connection getConnection() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getConnection"); }
    @Override public boolean supportsSavepoints() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsSavepoints"); }
    @Override public boolean supportsNamedParameters() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsNamedParameters"); }
    @Override public boolean supportsMultipleOpenResults() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsMultipleOpenResults"); }
    @Override public boolean supportsGetGeneratedKeys() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsGetGeneratedKeys"); }
    @Override public java.sql.ResultSet getSuperTypes(java.lang.String a0, java.lang.String a1, java.lang.String a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getSuperTypes"); }
    @Override public java.sql.ResultSet getSuperTables(java.lang.String a0, java.lang.String a1, java.lang.String a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getSuperTables"); }
    @Override public java.sql.ResultSet getAttributes(java.lang.String a0, java.lang.String a1, java.lang.String a2, java.lang.String a3) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getAttributes"); }
    @Override public boolean supportsResultSetHoldability(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsResultSetHoldability"); }
    @Override public int getResultSetHoldability() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getResultSetHoldability"); }
    @Override public int getDatabaseMajorVersion() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getDatabaseMajorVersion"); }
    @Override public int getDatabaseMinorVersion() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getDatabaseMinorVersion"); }
    @Override public int getJDBCMajorVersion() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getJDBCMajorVersion"); }
    @Override public int getJDBCMinorVersion() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getJDBCMinorVersion"); }
    @Override public int getSQLStateType() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getSQLStateType"); }
    @Override public boolean locatorsUpdateCopy() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.locatorsUpdateCopy"); }
    @Override public boolean supportsStatementPooling() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsStatementPooling"); }
    @Override public java.sql.RowIdLifetime getRowIdLifetime() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getRowIdLifetime"); }
    @Override public java.sql.ResultSet getSchemas(java.lang.String a0, java.lang.String a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getSchemas"); }
    @Override public boolean supportsStoredFunctionsUsingCallSyntax() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.supportsStoredFunctionsUsingCallSyntax"); }
    @Override public boolean autoCommitFailureClosesAllResultSets() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.autoCommitFailureClosesAllResultSets"); }
    @Override public java.sql.ResultSet getClientInfoProperties() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getClientInfoProperties"); }
    @Override public java.sql.ResultSet getFunctions(java.lang.String a0, java.lang.String a1, java.lang.String a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getFunctions"); }
    @Override public java.sql.ResultSet getFunctionColumns(java.lang.String a0, java.lang.String a1, java.lang.String a2, java.lang.String a3) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getFunctionColumns"); }
    @Override public java.sql.ResultSet getPseudoColumns(java.lang.String a0, java.lang.String a1, java.lang.String a2, java.lang.String a3) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.getPseudoColumns"); }
    @Override public boolean generatedKeyAlwaysReturned() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("DatabaseMetaData.generatedKeyAlwaysReturned"); }
    @Override public <T> T unwrap(Class<T> iface) throws java.sql.SQLException {
        if (iface.isInstance(this)) return iface.cast(this);
        throw new java.sql.SQLException("not a wrapper for " + iface.getName(), "0A000");
    }
    @Override public boolean isWrapperFor(Class<?> iface) { return iface.isInstance(this); }
}
