package paxosql.driver.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Versions fixed at build time ({@code build.properties}, filled in from the poms). */
final class BuildInfo {
    private BuildInfo() {}

    private static final Properties PROPS = load();

    /** The H2 version the replicas embed, e.g. {@code 2.5.252}. */
    static final String H2_VERSION = PROPS.getProperty("h2.version");

    /** This driver's version, e.g. {@code 0.1.0-SNAPSHOT}. */
    static final String DRIVER_VERSION = PROPS.getProperty("driver.version");

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in == null) throw new IllegalStateException("build.properties is missing from the driver");
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
