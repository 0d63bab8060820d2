package paxosql.driver.jdbc;

/**
 * Every method of {@link java.sql.Statement} this driver does not implement: each throws
 * {@link java.sql.SQLFeatureNotSupportedException} (SQLState 0A000) rather than doing
 * something silently wrong. Generated from the JDK interface; subclasses override what they support.
 */
@SuppressWarnings({"deprecation", "unused"})
abstract class UnsupportedStatement implements java.sql.Statement {
    @Override public java.sql.ResultSet executeQuery(java.lang.String a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Statement.executeQuery"); }
    @Override public int executeUpdate(java.lang.String a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Statement.executeUpdate"); }
    @Override public void close() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Statement.close"); }
    @Override public int getMaxFieldSize() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Statement.getMaxFieldSize"); }
    @Override public void setMaxFieldSize(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Statement.setMaxFieldSize"); }
    @Override public int getMaxRows() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Statement.getMaxRows"); }
    @Override public void setMaxRows(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Statement.setMaxRows"); }
    @Override public void setEscapeProcessing(boolean a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Statement.setEscapeProcessing"); }
    @Override public int getQueryTimeout() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Statement.getQueryTimeout"); }
    @Override public void setQueryTimeout(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Statement.setQueryTimeout"); }
    @Override public void cancel() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Statement.cancel"); }
    @Override public java.sql.SQLWarning getWarnings() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Statement.getWarnings"); }
    @Override public void clearWarnings() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Statement.clearWarnings"); }
    @Override public void setCursorName(java.lang.String a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Statement.setCursorName"); }
    @Override public boolean execute(java.lang.String a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Statement.execute"); }
    @Override public java.sql.ResultSet getResultSet() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Statement.getResultSet"); }
    @Override public int getUpdateCount() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Statement.getUpdateCount"); }
    @Override public boolean getMoreResults() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Statement.getMoreResults"); }
    @Override public void setFetchDirection(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Statement.setFetchDirection"); }
    @Override public int getFetchDirection() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Statement.getFetchDirection"); }
    @Override public void setFetchSize(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Statement.setFetchSize"); }
    @Override public int getFetchSize() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Statement.getFetchSize"); }
    @Override public int getResultSetConcurrency() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Statement.getResultSetConcurrency"); }
    @Override public int getResultSetType() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Statement.getResultSetType"); }
    @Override public void addBatch(java.lang.String a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Statement.addBatch"); }
    @Override public void clearBatch() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Statement.clearBatch"); }
    @Override public int[] executeBatch() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Statement.executeBatch"); }
    @Override public java.sql.Connection getConnection() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Statement.getConnection"); }
    @Override public boolean getMoreResults(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Statement.getMoreResults"); }
    @Override public java.sql.ResultSet getGeneratedKeys() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Statement.getGeneratedKeys"); }
    @Override public int executeUpdate(java.lang.String a0, int a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Statement.executeUpdate"); }
    @Override public int executeUpdate(java.lang.String a0, int[] a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Statement.executeUpdate"); }
    @Override public int executeUpdate(java.lang.String a0, java.lang.String[] a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Statement.executeUpdate"); }
    @Override public boolean execute(java.lang.String a0, int a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Statement.execute"); }
    @Override public boolean execute(java.lang.String a0, int[] a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Statement.execute"); }
    @Override public boolean execute(java.lang.String a0, java.lang.String[] a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Statement.execute"); }
    @Override public int getResultSetHoldability() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Statement.getResultSetHoldability"); }
    @Override public boolean isClosed() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Statement.isClosed"); }
    @Override public void setPoolable(boolean a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Statement.setPoolable"); }
    @Override public boolean isPoolable() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Statement.isPoolable"); }
    @Override public void closeOnCompletion() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Statement.closeOnCompletion"); }
    @Override public boolean isCloseOnCompletion() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("Statement.isCloseOnCompletion"); }
    @Override public <T> T unwrap(Class<T> iface) throws java.sql.SQLException {
        if (iface.isInstance(this)) return iface.cast(this);
        throw new java.sql.SQLException("not a wrapper for " + iface.getName(), "0A000");
    }
    @Override public boolean isWrapperFor(Class<?> iface) { return iface.isInstance(this); }
}
