package paxosql.driver.jdbc;

/**
 * Every method of {@link java.sql.Connection} this driver does not implement: each throws
 * {@link java.sql.SQLFeatureNotSupportedException} (SQLState 0A000) rather than doing
 * something silently wrong. Generated from the JDK interface; subclasses override what they support.
 */
@SuppressWarnings({"deprecation", "unused"})
abstract class UnsupportedConnection implements java.sql.Connection {
    @Override public java.sql.Statement createStatement() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.createStatement"); }
    @Override public java.sql.PreparedStatement prepareStatement(java.lang.String a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.prepareStatement"); }
    @Override public java.sql.CallableStatement prepareCall(java.lang.String a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.prepareCall"); }
    @Override public java.lang.String nativeSQL(java.lang.String a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.nativeSQL"); }
    @Override public void setAutoCommit(boolean a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.setAutoCommit"); }
    @Override public boolean getAutoCommit() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.getAutoCommit"); }
    @Override public void commit() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.commit"); }
    @Override public void rollback() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.rollback"); }
    @Override public void close() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.close"); }
    @Override public boolean isClosed() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.isClosed"); }
    @Override public java.sql.DatabaseMetaData getMetaData() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.getMetaData"); }
    @Override public void setReadOnly(boolean a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.setReadOnly"); }
    @Override public boolean isReadOnly() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.isReadOnly"); }
    @Override public void setCatalog(java.lang.String a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.setCatalog"); }
    @Override public java.lang.String getCatalog() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.getCatalog"); }
    @Override public void setTransactionIsolation(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.setTransactionIsolation"); }
    @Override public int getTransactionIsolation() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.getTransactionIsolation"); }
    @Override public java.sql.SQLWarning getWarnings() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.getWarnings"); }
    @Override public void clearWarnings() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.clearWarnings"); }
    @Override public java.sql.Statement createStatement(int a0, int a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.createStatement"); }
    @Override public java.sql.PreparedStatement prepareStatement(java.lang.String a0, int a1, int a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.prepareStatement"); }
    @Override public java.sql.CallableStatement prepareCall(java.lang.String a0, int a1, int a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.prepareCall"); }
    @Override public java.util.Map<java.lang.String, java.lang.Class<?>> getTypeMap() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.getTypeMap"); }
    @Override public void setTypeMap(java.util.Map<java.lang.String, java.lang.Class<?>> a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.setTypeMap"); }
    @Override public void setHoldability(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.setHoldability"); }
    @Override public int getHoldability() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.getHoldability"); }
    @Override public java.sql.Savepoint setSavepoint() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.setSavepoint"); }
    @Override public java.sql.Savepoint setSavepoint(java.lang.String a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.setSavepoint"); }
    @Override public void rollback(java.sql.Savepoint a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.rollback"); }
    @Override public void releaseSavepoint(java.sql.Savepoint a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.releaseSavepoint"); }
    @Override public java.sql.Statement createStatement(int a0, int a1, int a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.createStatement"); }
    @Override public java.sql.PreparedStatement prepareStatement(java.lang.String a0, int a1, int a2, int a3) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.prepareStatement"); }
    @Override public java.sql.CallableStatement prepareCall(java.lang.String a0, int a1, int a2, int a3) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.prepareCall"); }
    @Override public java.sql.PreparedStatement prepareStatement(java.lang.String a0, int a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.prepareStatement"); }
    @Override public java.sql.PreparedStatement prepareStatement(java.lang.String a0, int[] a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.prepareStatement"); }
    @Override public java.sql.PreparedStatement prepareStatement(java.lang.String a0, java.lang.String[] a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.prepareStatement"); }
    @Override public java.sql.Clob createClob() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.createClob"); }
    @Override public java.sql.Blob createBlob() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.createBlob"); }
    @Override public java.sql.NClob createNClob() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.createNClob"); }
    @Override public java.sql.SQLXML createSQLXML() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.createSQLXML"); }
    @Override public boolean isValid(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.isValid"); }
    @Override public void setClientInfo(java.lang.String a0, java.lang.String a1) throws java.sql.SQLClientInfoException { throw new java.sql.SQLClientInfoException("Connection.setClientInfo is not supported by PaxoSQL", "0A000", 0, null); }
    @Override public void setClientInfo(java.util.Properties a0) throws java.sql.SQLClientInfoException { throw new java.sql.SQLClientInfoException("Connection.setClientInfo is not supported by PaxoSQL", "0A000", 0, null); }
    @Override public java.lang.String getClientInfo(java.lang.String a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.getClientInfo"); }
    @Override public java.util.Properties getClientInfo() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.getClientInfo"); }
    @Override public java.sql.Array createArrayOf(java.lang.String a0, java.lang.Object[] a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.createArrayOf"); }
    @Override public java.sql.Struct createStruct(java.lang.String a0, java.lang.Object[] a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.createStruct"); }
    @Override public void setSchema(java.lang.String a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.setSchema"); }
    @Override public java.lang.String getSchema() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.getSchema"); }
    @Override public void abort(java.util.concurrent.Executor a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.abort"); }
    @Override public void setNetworkTimeout(java.util.concurrent.Executor a0, int a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.setNetworkTimeout"); }
    @Override public int getNetworkTimeout() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Connection.getNetworkTimeout"); }
    @Override public <T> T unwrap(Class<T> iface) throws java.sql.SQLException {
        if (iface.isInstance(this)) return iface.cast(this);
        throw new java.sql.SQLException("not a wrapper for " + iface.getName(), "0A000");
    }
    @Override public boolean isWrapperFor(Class<?> iface) { return iface.isInstance(this); }
}
