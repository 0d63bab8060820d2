package paxosql.driver.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * A {@link DataSource} for a PaxoSQL group: the URL and the {@link PaxoSqlProperty} options
 * as bean properties. Each {@code getConnection} opens a new session (pool it, e.g. with HikariCP).
 */
public class PaxoSqlDataSource implements DataSource {
    private final PaxoSqlDriver driver = new PaxoSqlDriver();
    private final Properties props = new Properties();
    private String url;
    private int loginTimeout;
    private PrintWriter logWriter;

    public String getUrl() { return url; }

    public void setUrl(String url) { this.url = url; }

    public String getUser() { return PaxoSqlProperty.USER.get(props); }

    public void setUser(String user) { set(PaxoSqlProperty.USER, user); }

    public void setPassword(String password) { set(PaxoSqlProperty.PASSWORD, password); }

    public String getReadConsistency() { return PaxoSqlProperty.READ_CONSISTENCY.get(props); }

    public void setReadConsistency(String readConsistency) { set(PaxoSqlProperty.READ_CONSISTENCY, readConsistency); }

    public void setConnectTimeout(int seconds) { set(PaxoSqlProperty.CONNECT_TIMEOUT, Integer.toString(seconds)); }

    public void setRequestTimeout(int seconds) { set(PaxoSqlProperty.REQUEST_TIMEOUT, Integer.toString(seconds)); }

    public void setSsl(boolean ssl) { set(PaxoSqlProperty.SSL, Boolean.toString(ssl)); }

    private void set(PaxoSqlProperty p, String value) {
        if (value == null) props.remove(p.getName());
        else props.setProperty(p.getName(), value);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return connect(props);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        Properties p = new Properties();
        p.putAll(props);
        p.setProperty(PaxoSqlProperty.USER.getName(), username);
        p.setProperty(PaxoSqlProperty.PASSWORD.getName(), password == null ? "" : password);
        return connect(p);
    }

    private Connection connect(Properties p) throws SQLException {
        if (url == null || !driver.acceptsURL(url)) throw new SQLException("the data source's url must start with jdbc:paxosql://, got " + url, "08001");
        Properties withTimeout = new Properties();
        withTimeout.putAll(p);
        if (loginTimeout > 0) withTimeout.setProperty(PaxoSqlProperty.LOGIN_TIMEOUT.getName(), Integer.toString(loginTimeout));
        return driver.connect(url, withTimeout);
    }

    @Override public PrintWriter getLogWriter() { return logWriter; }

    /** Kept and returned only: the driver logs through SLF4J. */
    @Override public void setLogWriter(PrintWriter out) { this.logWriter = out; }

    @Override public void setLoginTimeout(int seconds) { this.loginTimeout = seconds; }

    @Override public int getLoginTimeout() { return loginTimeout; }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw PaxoSqlErrors.unsupported("java.util.logging (the driver logs through SLF4J)");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) return iface.cast(this);
        throw new SQLException("not a wrapper for " + iface.getName(), "0A000");
    }

    @Override public boolean isWrapperFor(Class<?> iface) { return iface.isInstance(this); }
}
