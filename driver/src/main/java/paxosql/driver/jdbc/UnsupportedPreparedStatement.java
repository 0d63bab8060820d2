package paxosql.driver.jdbc;

/**
 * Every method of {@link java.sql.PreparedStatement} this driver does not implement: each throws
 * {@link java.sql.SQLFeatureNotSupportedException} (SQLState 0A000) rather than doing
 * something silently wrong. Generated from the JDK interface; subclasses override what they support.
 */
@SuppressWarnings({"deprecation", "unused"})
abstract class UnsupportedPreparedStatement extends PaxoSqlStatement implements java.sql.PreparedStatement {
    UnsupportedPreparedStatement(PaxoSqlConnection connection) { super(connection); }

    @Override public java.sql.ResultSet executeQuery() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.executeQuery"); }
    @Override public int executeUpdate() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.executeUpdate"); }
    @Override public void setNull(int a0, int a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setNull"); }
    @Override public void setBoolean(int a0, boolean a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setBoolean"); }
    @Override public void setByte(int a0, byte a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setByte"); }
    @Override public void setShort(int a0, short a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setShort"); }
    @Override public void setInt(int a0, int a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setInt"); }
    @Override public void setLong(int a0, long a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setLong"); }
    @Override public void setFloat(int a0, float a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setFloat"); }
    @Override public void setDouble(int a0, double a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setDouble"); }
    @Override public void setBigDecimal(int a0, java.math.BigDecimal a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setBigDecimal"); }
    @Override public void setString(int a0, java.lang.String a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setString"); }
    @Override public void setBytes(int a0, byte[] a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setBytes"); }
    @Override public void setDate(int a0, java.sql.Date a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setDate"); }
    @Override public void setTime(int a0, java.sql.Time a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setTime"); }
    @Override public void setTimestamp(int a0, java.sql.Timestamp a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setTimestamp"); }
    @Override public void setAsciiStream(int a0, java.io.InputStream a1, int a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setAsciiStream"); }
    @Override public void setUnicodeStream(int a0, java.io.InputStream a1, int a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setUnicodeStream"); }
    @Override public void setBinaryStream(int a0, java.io.InputStream a1, int a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setBinaryStream"); }
    @Override public void clearParameters() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.clearParameters"); }
    @Override public void setObject(int a0, java.lang.Object a1, int a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setObject"); }
    @Override public void setObject(int a0, java.lang.Object a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setObject"); }
    @Override public boolean execute() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.execute"); }
    @Override public void addBatch() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.addBatch"); }
    @Override public void setCharacterStream(int a0, java.io.Reader a1, int a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setCharacterStream"); }
    @Override public void setRef(int a0, java.sql.Ref a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setRef"); }
    @Override public void setBlob(int a0, java.sql.Blob a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setBlob"); }
    @Override public void setClob(int a0, java.sql.Clob a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setClob"); }
    @Override public void setArray(int a0, java.sql.Array a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setArray"); }
    @Override public java.sql.ResultSetMetaData getMetaData() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.getMetaData"); }
    @Override public void setDate(int a0, java.sql.Date a1, java.util.Calendar a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setDate"); }
    @Override public void setTime(int a0, java.sql.Time a1, java.util.Calendar a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setTime"); }
    @Override public void setTimestamp(int a0, java.sql.Timestamp a1, java.util.Calendar a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setTimestamp"); }
    @Override public void setNull(int a0, int a1, java.lang.String a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setNull"); }
    @Override public void setURL(int a0, java.net.URL a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setURL"); }
    @Override public java.sql.ParameterMetaData getParameterMetaData() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.getParameterMetaData"); }
    @Override public void setRowId(int a0, java.sql.RowId a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setRowId"); }
    @Override public void setNString(int a0, java.lang.String a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setNString"); }
    @Override public void setNCharacterStream(int a0, java.io.Reader a1, long a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setNCharacterStream"); }
    @Override public void setNClob(int a0, java.sql.NClob a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setNClob"); }
    @Override public void setClob(int a0, java.io.Reader a1, long a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setClob"); }
    @Override public void setBlob(int a0, java.io.InputStream a1, long a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setBlob"); }
    @Override public void setNClob(int a0, java.io.Reader a1, long a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setNClob"); }
    @Override public void setSQLXML(int a0, java.sql.SQLXML a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setSQLXML"); }
    @Override public void setObject(int a0, java.lang.Object a1, int a2, int a3) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setObject"); }
    @Override public void setAsciiStream(int a0, java.io.InputStream a1, long a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setAsciiStream"); }
    @Override public void setBinaryStream(int a0, java.io.InputStream a1, long a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setBinaryStream"); }
    @Override public void setCharacterStream(int a0, java.io.Reader a1, long a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setCharacterStream"); }
    @Override public void setAsciiStream(int a0, java.io.InputStream a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setAsciiStream"); }
    @Override public void setBinaryStream(int a0, java.io.InputStream a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setBinaryStream"); }
    @Override public void setCharacterStream(int a0, java.io.Reader a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setCharacterStream"); }
    @Override public void setNCharacterStream(int a0, java.io.Reader a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setNCharacterStream"); }
    @Override public void setClob(int a0, java.io.Reader a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setClob"); }
    @Override public void setBlob(int a0, java.io.InputStream a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setBlob"); }
    @Override public void setNClob(int a0, java.io.Reader a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("PreparedStatement.setNClob"); }
}
