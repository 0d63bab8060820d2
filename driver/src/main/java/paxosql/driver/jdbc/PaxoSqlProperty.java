package paxosql.driver.jdbc;

import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every connection option the driver understands, from the URL's query or a
 * {@link Properties} object: its name, default and description. {@code getPropertyInfo}
 * and the connection read them from here and nowhere else.
 */
public enum PaxoSqlProperty {
    USER("user", "sa", "The database user."),
    PASSWORD("password", "", "The user's password."),
    READ_CONSISTENCY("readConsistency", "linearizable",
            "How queries are read: linearizable (after a barrier through the log), session (read-your-writes from one replica) "
                    + "or stale (one replica's own state).", "linearizable", "session", "stale"),
    CONNECT_TIMEOUT("connectTimeout", "5", "Seconds to wait for a replica to accept a connection."),
    REQUEST_TIMEOUT("requestTimeout", "30", "Seconds to wait for a statement's result (a query timeout bounds it further)."),
    LOGIN_TIMEOUT("loginTimeout", "0", "Seconds to wait for the session to open; 0 uses connectTimeout."),
    SSL("ssl", "false", "Use TLS to every replica, trusting the JVM's default trust store.", "true", "false");

    private static final Logger LOG = LoggerFactory.getLogger(PaxoSqlProperty.class);

    private final String name;
    private final String defaultValue;
    private final String description;
    private final String[] choices;

    PaxoSqlProperty(String name, String defaultValue, String description, String... choices) {
        this.name = name;
        this.defaultValue = defaultValue;
        this.description = description;
        this.choices = choices.length == 0 ? null : choices;
    }

    public String getName() { return name; }

    public String getDefaultValue() { return defaultValue; }

    public String getDescription() { return description; }

    /** The option called {@code name} (case-sensitive, as in the URL), or null. */
    public static PaxoSqlProperty forName(String name) {
        for (PaxoSqlProperty p : values()) if (p.name.equals(name)) return p;
        return null;
    }

    /** This option's value in {@code props}, or its default. */
    public String get(Properties props) {
        return props.getProperty(name, defaultValue);
    }

    /** This option's value in {@code props} as a non-negative integer. */
    public int getInt(Properties props) throws SQLException {
        String v = get(props).trim();
        try {
            int n = Integer.parseInt(v);
            if (n < 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new SQLException("option " + name + " must be a non-negative integer, got '" + v + "'", "08001");
        }
    }

    /** This option's value in {@code props} as a boolean ({@code true} or {@code false}). */
    public boolean getBoolean(Properties props) throws SQLException {
        return Boolean.parseBoolean(checkedChoice(props));
    }

    /** This option's value, which must be one of its choices; compared case-insensitively. */
    public String checkedChoice(Properties props) throws SQLException {
        String v = get(props).trim().toLowerCase(Locale.ROOT);
        if (choices != null && !Arrays.asList(choices).contains(v)) {
            throw new SQLException("option " + name + " must be one of " + Arrays.toString(choices) + ", got '" + v + "'",
                    "08001");
        }
        return v;
    }

    public DriverPropertyInfo toDriverPropertyInfo(Properties props) {
        DriverPropertyInfo info = new DriverPropertyInfo(name, props == null ? defaultValue : get(props));
        info.description = description;
        info.required = false;
        info.choices = choices == null ? null : choices.clone();
        return info;
    }

    /**
     * The options for one connection: {@code info}'s known entries (unknown ones are
     * ignored with a warning: a pool may pass its own), then the URL's, which win.
     *
     * @throws SQLException SQLState {@code 08001} naming an option in the URL this driver does not know
     */
    public static Properties merge(Map<String, String> urlOptions, Properties info) throws SQLException {
        Properties merged = new Properties();
        if (info != null) {
            for (String key : info.stringPropertyNames()) {
                if (forName(key) == null) {
                    LOG.warn("ignoring unknown connection property '{}'", key);
                } else {
                    merged.setProperty(key, info.getProperty(key));
                }
            }
        }
        for (Map.Entry<String, String> e : urlOptions.entrySet()) {
            if (forName(e.getKey()) == null) {
                throw new SQLException("unknown option '" + e.getKey() + "' in the PaxoSQL URL; known options: "
                        + Arrays.stream(values()).map(PaxoSqlProperty::getName).toList(), "08001");
            }
            merged.setProperty(e.getKey(), e.getValue());
        }
        return merged;
    }
}
