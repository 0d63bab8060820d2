package paxosql.driver.jdbc;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Properties;
import java.util.logging.Logger;

import paxosql.driver.client.GroupClient;
import paxosql.driver.client.GroupUrl;
import paxosql.driver.wire.TlsSettings;

/**
 * The JDBC driver for {@code jdbc:paxosql://host:port,host:port/db?option=value} URLs; the
 * options are {@link PaxoSqlProperty}'s. Registered with {@link DriverManager} when loaded
 * (and found through {@code META-INF/services/java.sql.Driver}).
 */
public final class PaxoSqlDriver implements Driver {
    public static final int MAJOR_VERSION = 0;
    public static final int MINOR_VERSION = 1;
    public static final String NAME = "PaxoSQL JDBC Driver";

    static {
        try {
            DriverManager.registerDriver(new PaxoSqlDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) return null;
        GroupUrl parsed = GroupUrl.parse(url);
        Properties props = PaxoSqlProperty.merge(parsed.options(), info);
        ReadConsistency consistency = ReadConsistency.parse(PaxoSqlProperty.READ_CONSISTENCY.checkedChoice(props));
        GroupClient.Options options = options(props);
        String user = PaxoSqlProperty.USER.get(props);
        GroupClient client = GroupClient.connect(parsed.hosts(), user, PaxoSqlProperty.PASSWORD.get(props), options);
        return new PaxoSqlConnection(client, url, user, consistency);
    }

    static GroupClient.Options options(Properties props) throws SQLException {
        int connect = PaxoSqlProperty.CONNECT_TIMEOUT.getInt(props);
        int login = PaxoSqlProperty.LOGIN_TIMEOUT.getInt(props);
        int request = PaxoSqlProperty.REQUEST_TIMEOUT.getInt(props);
        GroupClient.Options d = GroupClient.Options.defaults();
        Duration connectTimeout = Duration.ofSeconds(login > 0 ? Math.min(connect, login) : connect);
        GroupClient.Options o = new GroupClient.Options(connectTimeout.isZero() ? d.connectTimeout() : connectTimeout,
                request == 0 ? d.requestTimeout() : Duration.ofSeconds(request), d.resendAfter());
        return PaxoSqlProperty.SSL.getBoolean(props) ? o.withTls(TlsSettings.jvmDefaultTrust()) : o;
    }

    @Override
    public boolean acceptsURL(String url) {
        return GroupUrl.accepts(url);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        Properties props = acceptsURL(url) ? PaxoSqlProperty.merge(GroupUrl.parse(url).options(), info) : new Properties();
        return Arrays.stream(PaxoSqlProperty.values()).map(p -> p.toDriverPropertyInfo(props)).toArray(DriverPropertyInfo[]::new);
    }

    @Override public int getMajorVersion() { return MAJOR_VERSION; }

    @Override public int getMinorVersion() { return MINOR_VERSION; }

    /** False: PaxoSQL has no explicit transactions yet, among other things. */
    @Override public boolean jdbcCompliant() { return false; }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw PaxoSqlErrors.unsupported("java.util.logging (the driver logs through SLF4J)");
    }
}
