package paxosql.driver.jdbc;

/**
 * Every method of {@link java.sql.ResultSet} this driver does not implement: each throws
 * {@link java.sql.SQLFeatureNotSupportedException} (SQLState 0A000) rather than doing
 * something silently wrong. Generated from the JDK interface; subclasses override what they support.
 */
@SuppressWarnings({"deprecation", "unused"})
abstract class UnsupportedResultSet implements java.sql.ResultSet {
    @Override public boolean next() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.next"); }
    @Override public void close() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.close"); }
    @Override public boolean wasNull() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.wasNull"); }
    @Override public java.lang.String getString(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getString"); }
    @Override public boolean getBoolean(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getBoolean"); }
    @Override public byte getByte(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getByte"); }
    @Override public short getShort(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getShort"); }
    @Override public int getInt(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getInt"); }
    @Override public long getLong(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getLong"); }
    @Override public float getFloat(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getFloat"); }
    @Override public double getDouble(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getDouble"); }
    @Override public java.math.BigDecimal getBigDecimal(int a0, int a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getBigDecimal"); }
    @Override public byte[] getBytes(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getBytes"); }
    @Override public java.sql.Date getDate(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getDate"); }
    @Override public java.sql.Time getTime(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getTime"); }
    @Override public java.sql.Timestamp getTimestamp(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getTimestamp"); }
    @Override public java.io.InputStream getAsciiStream(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getAsciiStream"); }
    @Override public java.io.InputStream getUnicodeStream(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getUnicodeStream"); }
    @Override public java.io.InputStream getBinaryStream(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getBinaryStream"); }
    @Override public java.lang.String getString(java.lang.String a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getString"); }
    @Override public boolean getBoolean(java.lang.String a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getBoolean"); }
    @Override public byte getByte(java.lang.String a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getByte"); }
    @Override public short getShort(java.lang.String a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getShort"); }
    @Override public int getInt(java.lang.String a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getInt"); }
    @Override public long getLong(java.lang.String a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getLong"); }
    @Override public float getFloat(java.lang.String a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getFloat"); }
    @Override public double getDouble(java.lang.String a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getDouble"); }
    @Override public java.math.BigDecimal getBigDecimal(java.lang.String a0, int a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getBigDecimal"); }
    @Override public byte[] getBytes(java.lang.String a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getBytes"); }
    @Override public java.sql.Date getDate(java.lang.String a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getDate"); }
    @Override public java.sql.Time getTime(java.lang.String a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getTime"); }
    @Override public java.sql.Timestamp getTimestamp(java.lang.String a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getTimestamp"); }
    @Override public java.io.InputStream getAsciiStream(java.lang.String a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getAsciiStream"); }
    @Override public java.io.InputStream getUnicodeStream(java.lang.String a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getUnicodeStream"); }
    @Override public java.io.InputStream getBinaryStream(java.lang.String a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getBinaryStream"); }
    @Override public java.sql.SQLWarning getWarnings() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getWarnings"); }
    @Override public void clearWarnings() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.clearWarnings"); }
    @Override public java.lang.String getCursorName() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getCursorName"); }
    @Override public java.sql.ResultSetMetaData getMetaData() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getMetaData"); }
    @Override public java.lang.Object getObject(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getObject"); }
    @Override public java.lang.Object getObject(java.lang.String a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getObject"); }
    @Override public int findColumn(java.lang.String a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.findColumn"); }
    @Override public java.io.Reader getCharacterStream(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getCharacterStream"); }
    @Override public java.io.Reader getCharacterStream(java.lang.String a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getCharacterStream"); }
    @Override public java.math.BigDecimal getBigDecimal(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getBigDecimal"); }
    @Override public java.math.BigDecimal getBigDecimal(java.lang.String a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getBigDecimal"); }
    @Override public boolean isBeforeFirst() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.isBeforeFirst"); }
    @Override public boolean isAfterLast() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.isAfterLast"); }
    @Override public boolean isFirst() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.isFirst"); }
    @Override public boolean isLast() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.isLast"); }
    @Override public void beforeFirst() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.beforeFirst"); }
    @Override public void afterLast() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.afterLast"); }
    @Override public boolean first() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.first"); }
    @Override public boolean last() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.last"); }
    @Override public int getRow() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getRow"); }
    @Override public boolean absolute(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.absolute"); }
    @Override public boolean relative(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.relative"); }
    @Override public boolean previous() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.previous"); }
    @Override public void setFetchDirection(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.setFetchDirection"); }
    @Override public int getFetchDirection() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getFetchDirection"); }
    @Override public void setFetchSize(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.setFetchSize"); }
    @Override public int getFetchSize() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getFetchSize"); }
    @Override public int getType() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getType"); }
    @Override public int getConcurrency() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getConcurrency"); }
    @Override public boolean rowUpdated() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.rowUpdated"); }
    @Override public boolean rowInserted() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.rowInserted"); }
    @Override public boolean rowDeleted() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.rowDeleted"); }
    @Override public void updateNull(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateNull"); }
    @Override public void updateBoolean(int a0, boolean a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateBoolean"); }
    @Override public void updateByte(int a0, byte a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateByte"); }
    @Override public void updateShort(int a0, short a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateShort"); }
    @Override public void updateInt(int a0, int a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateInt"); }
    @Override public void updateLong(int a0, long a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateLong"); }
    @Override public void updateFloat(int a0, float a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateFloat"); }
    @Override public void updateDouble(int a0, double a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateDouble"); }
    @Override public void updateBigDecimal(int a0, java.math.BigDecimal a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateBigDecimal"); }
    @Override public void updateString(int a0, java.lang.String a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateString"); }
    @Override public void updateBytes(int a0, byte[] a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateBytes"); }
    @Override public void updateDate(int a0, java.sql.Date a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateDate"); }
    @Override public void updateTime(int a0, java.sql.Time a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateTime"); }
    @Override public void updateTimestamp(int a0, java.sql.Timestamp a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateTimestamp"); }
    @Override public void updateAsciiStream(int a0, java.io.InputStream a1, int a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateAsciiStream"); }
    @Override public void updateBinaryStream(int a0, java.io.InputStream a1, int a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateBinaryStream"); }
    @Override public void updateCharacterStream(int a0, java.io.Reader a1, int a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateCharacterStream"); }
    @Override public void updateObject(int a0, java.lang.Object a1, int a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateObject"); }
    @Override public void updateObject(int a0, java.lang.Object a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateObject"); }
    @Override public void updateNull(java.lang.String a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateNull"); }
    @Override public void updateBoolean(java.lang.String a0, boolean a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateBoolean"); }
    @Override public void updateByte(java.lang.String a0, byte a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateByte"); }
    @Override public void updateShort(java.lang.String a0, short a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateShort"); }
    @Override public void updateInt(java.lang.String a0, int a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateInt"); }
    @Override public void updateLong(java.lang.String a0, long a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateLong"); }
    @Override public void updateFloat(java.lang.String a0, float a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateFloat"); }
    @Override public void updateDouble(java.lang.String a0, double a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateDouble"); }
    @Override public void updateBigDecimal(java.lang.String a0, java.math.BigDecimal a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateBigDecimal"); }
    @Override public void updateString(java.lang.String a0, java.lang.String a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateString"); }
    @Override public void updateBytes(java.lang.String a0, byte[] a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateBytes"); }
    @Override public void updateDate(java.lang.String a0, java.sql.Date a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateDate"); }
    @Override public void updateTime(java.lang.String a0, java.sql.Time a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateTime"); }
    @Override public void updateTimestamp(java.lang.String a0, java.sql.Timestamp a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateTimestamp"); }
    @Override public void updateAsciiStream(java.lang.String a0, java.io.InputStream a1, int a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateAsciiStream"); }
    @Override public void updateBinaryStream(java.lang.String a0, java.io.InputStream a1, int a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateBinaryStream"); }
    @Override public void updateCharacterStream(java.lang.String a0, java.io.Reader a1, int a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateCharacterStream"); }
    @Override public void updateObject(java.lang.String a0, java.lang.Object a1, int a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateObject"); }
    @Override public void updateObject(java.lang.String a0, java.lang.Object a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateObject"); }
    @Override public void insertRow() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.insertRow"); }
    @Override public void updateRow() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateRow"); }
    @Override public void deleteRow() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.deleteRow"); }
    @Override public void refreshRow() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.refreshRow"); }
    @Override public void cancelRowUpdates() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.cancelRowUpdates"); }
    @Override public void moveToInsertRow() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.moveToInsertRow"); }
    @Override public void moveToCurrentRow() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.moveToCurrentRow"); }
    @Override public java.sql.Statement getStatement() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getStatement"); }
    @Override public java.lang.Object getObject(int a0, java.util.Map<java.lang.String, java.lang.Class<?>> a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getObject"); }
    @Override public java.sql.Ref getRef(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getRef"); }
    @Override public java.sql.Blob getBlob(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getBlob"); }
    @Override public java.sql.Clob getClob(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getClob"); }
    @Override public java.sql.Array getArray(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getArray"); }
    @Override public java.lang.Object getObject(java.lang.String a0, java.util.Map<java.lang.String, java.lang.Class<?>> a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getObject"); }
    @Override public java.sql.Ref getRef(java.lang.String a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getRef"); }
    @Override public java.sql.Blob getBlob(java.lang.String a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getBlob"); }
    @Override public java.sql.Clob getClob(java.lang.String a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getClob"); }
    @Override public java.sql.Array getArray(java.lang.String a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getArray"); }
    @Override public java.sql.Date getDate(int a0, java.util.Calendar a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getDate"); }
    @Override public java.sql.Date getDate(java.lang.String a0, java.util.Calendar a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getDate"); }
    @Override public java.sql.Time getTime(int a0, java.util.Calendar a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getTime"); }
    @Override public java.sql.Time getTime(java.lang.String a0, java.util.Calendar a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getTime"); }
    @Override public java.sql.Timestamp getTimestamp(int a0, java.util.Calendar a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getTimestamp"); }
    @Override public java.sql.Timestamp getTimestamp(java.lang.String a0, java.util.Calendar a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getTimestamp"); }
    @Override public java.net.URL getURL(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getURL"); }
    @Override public java.net.URL getURL(java.lang.String a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getURL"); }
    @Override public void updateRef(int a0, java.sql.Ref a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateRef"); }
    @Override public void updateRef(java.lang.String a0, java.sql.Ref a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateRef"); }
    @Override public void updateBlob(int a0, java.sql.Blob a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateBlob"); }
    @Override public void updateBlob(java.lang.String a0, java.sql.Blob a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateBlob"); }
    @Override public void updateClob(int a0, java.sql.Clob a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateClob"); }
    @Override public void updateClob(java.lang.String a0, java.sql.Clob a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateClob"); }
    @Override public void updateArray(int a0, java.sql.Array a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateArray"); }
    @Override public void updateArray(java.lang.String a0, java.sql.Array a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateArray"); }
    @Override public java.sql.RowId getRowId(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getRowId"); }
    @Override public java.sql.RowId getRowId(java.lang.String a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getRowId"); }
    @Override public void updateRowId(int a0, java.sql.RowId a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateRowId"); }
    @Override public void updateRowId(java.lang.String a0, java.sql.RowId a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateRowId"); }
    @Override public int getHoldability() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getHoldability"); }
    @Override public boolean isClosed() throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.isClosed"); }
    @Override public void updateNString(int a0, java.lang.String a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateNString"); }
    @Override public void updateNString(java.lang.String a0, java.lang.String a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateNString"); }
    @Override public void updateNClob(int a0, java.sql.NClob a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateNClob"); }
    @Override public void updateNClob(java.lang.String a0, java.sql.NClob a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateNClob"); }
    @Override public java.sql.NClob getNClob(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getNClob"); }
    @Override public java.sql.NClob getNClob(java.lang.String a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getNClob"); }
    @Override public java.sql.SQLXML getSQLXML(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getSQLXML"); }
    @Override public java.sql.SQLXML getSQLXML(java.lang.String a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getSQLXML"); }
    @Override public void updateSQLXML(int a0, java.sql.SQLXML a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateSQLXML"); }
    @Override public void updateSQLXML(java.lang.String a0, java.sql.SQLXML a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateSQLXML"); }
    @Override public java.lang.String getNString(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getNString"); }
    @Override public java.lang.String getNString(java.lang.String a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getNString"); }
    @Override public java.io.Reader getNCharacterStream(int a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getNCharacterStream"); }
    @Override public java.io.Reader getNCharacterStream(java.lang.String a0) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getNCharacterStream"); }
    @Override public void updateNCharacterStream(int a0, java.io.Reader a1, long a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateNCharacterStream"); }
    @Override public void updateNCharacterStream(java.lang.String a0, java.io.Reader a1, long a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateNCharacterStream"); }
    @Override public void updateAsciiStream(int a0, java.io.InputStream a1, long a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateAsciiStream"); }
    @Override public void updateBinaryStream(int a0, java.io.InputStream a1, long a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateBinaryStream"); }
    @Override public void updateCharacterStream(int a0, java.io.Reader a1, long a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateCharacterStream"); }
    @Override public void updateAsciiStream(java.lang.String a0, java.io.InputStream a1, long a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateAsciiStream"); }
    @Override public void updateBinaryStream(java.lang.String a0, java.io.InputStream a1, long a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateBinaryStream"); }
    @Override public void updateCharacterStream(java.lang.String a0, java.io.Reader a1, long a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateCharacterStream"); }
    @Override public void updateBlob(int a0, java.io.InputStream a1, long a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateBlob"); }
    @Override public void updateBlob(java.lang.String a0, java.io.InputStream a1, long a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateBlob"); }
    @Override public void updateClob(int a0, java.io.Reader a1, long a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateClob"); }
    @Override public void updateClob(java.lang.String a0, java.io.Reader a1, long a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateClob"); }
    @Override public void updateNClob(int a0, java.io.Reader a1, long a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateNClob"); }
    @Override public void updateNClob(java.lang.String a0, java.io.Reader a1, long a2) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateNClob"); }
    @Override public void updateNCharacterStream(int a0, java.io.Reader a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateNCharacterStream"); }
    @Override public void updateNCharacterStream(java.lang.String a0, java.io.Reader a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateNCharacterStream"); }
    @Override public void updateAsciiStream(int a0, java.io.InputStream a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateAsciiStream"); }
    @Override public void updateBinaryStream(int a0, java.io.InputStream a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateBinaryStream"); }
    @Override public void updateCharacterStream(int a0, java.io.Reader a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateCharacterStream"); }
    @Override public void updateAsciiStream(java.lang.String a0, java.io.InputStream a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateAsciiStream"); }
    @Override public void updateBinaryStream(java.lang.String a0, java.io.InputStream a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateBinaryStream"); }
    @Override public void updateCharacterStream(java.lang.String a0, java.io.Reader a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateCharacterStream"); }
    @Override public void updateBlob(int a0, java.io.InputStream a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateBlob"); }
    @Override public void updateBlob(java.lang.String a0, java.io.InputStream a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateBlob"); }
    @Override public void updateClob(int a0, java.io.Reader a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateClob"); }
    @Override public void updateClob(java.lang.String a0, java.io.Reader a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateClob"); }
    @Override public void updateNClob(int a0, java.io.Reader a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateNClob"); }
    @Override public void updateNClob(java.lang.String a0, java.io.Reader a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.updateNClob"); }
    @Override public <T> T getObject(int a0, java.lang.Class<T> a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getObject"); }
    @Override public <T> T getObject(java.lang.String a0, java.lang.Class<T> a1) throws java.sql.SQLException { throw PaxoSqlErrors.unsupported("ResultSet.getObject"); }
    @Override public <T> T unwrap(Class<T> iface) throws java.sql.SQLException {
        if (iface.isInstance(this)) return iface.cast(this);
        throw new java.sql.SQLException("not a wrapper for " + iface.getName(), "0A000");
    }
    @Override public boolean isWrapperFor(Class<?> iface) { return iface.isInstance(this); }
}
