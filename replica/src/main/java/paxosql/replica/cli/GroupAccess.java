package paxosql.replica.cli;

import paxosql.driver.client.GroupClient;
import paxosql.driver.client.GroupUrl;
import paxosql.driver.wire.Credentials;
import paxosql.driver.wire.ReplicaConnection;
import paxosql.driver.wire.TlsSettings;
import paxosql.driver.wire.WireMessage;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the operator commands ({@code status}, {@code snapshot}) reach a running group: a
 * URL, and either a database user (an admin for snapshots) or the cluster secret. Shared
 * as a picocli mixin so every command takes the same options.
 */
final class GroupAccess {
    @Option(names = "--url", required = true, paramLabel = "URL", description = "The group: jdbc:paxosql://host:port,host:port/db")
    String url;

    @Option(names = "--user", paramLabel = "USER", defaultValue = "sa", description = "Database user (default: ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--password", paramLabel = "PASSWORD", defaultValue = "", description = "Its password (default: empty).")
    String password;

    @Option(names = "--secret-file", paramLabel = "FILE", description = "Authenticate with the cluster secret instead of a user (operators; also reaches witnesses).")
    Path secretFile;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10", description = "Seconds to wait for each replica (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--tls", description = "Connect with TLS, trusting the certificate authorities the JVM trusts (for a group whose nodes run with --tls-keystore).")
    boolean tls;

    @Option(names = "--tls-truststore", paramLabel = "FILE",
            description = "Connect with TLS, trusting the certificates in FILE: a PKCS12/JKS trust store or a PEM file of certificates. "
                    + "Each replica's certificate must also name the host it is reached at.")
    Path trustStore;

    @Option(names = "--tls-truststore-password-file", paramLabel = "FILE", description = "File holding the trust store's password (not needed for PEM).")
    Path trustStorePasswordFile;

    private TlsSettings tlsSettings;

    private static final SecureRandom IDS = new SecureRandom();
    private static final ReplicaConnection.Listener IGNORE_RESULTS = (from, result) -> { };

    Duration timeout() { return Duration.ofSeconds(timeoutSeconds); }

    Credentials credentials() throws java.io.IOException {
        return secretFile != null ? new Credentials.ClusterSecret(ServeCommand.readSecret(secretFile))
                : new Credentials.Password(user, password);
    }

    /** TLS as the options ask, or null for none; loaded once. */
    TlsSettings tlsSettings() throws java.io.IOException {
        if (tlsSettings == null && (tls || trustStore != null)) {
            if (trustStore == null && trustStorePasswordFile != null) {
                throw new IllegalArgumentException("--tls-truststore-password-file needs --tls-truststore");
            }
            tlsSettings = trustStore == null ? TlsSettings.jvmDefaultTrust()
                    : TlsSettings.trustStore(trustStore, trustStorePasswordFile == null ? null : ServeCommand.readPassword(trustStorePasswordFile));
        }
        return tlsSettings;
    }

    /** Connects to one replica. */
    ReplicaConnection connect(String host, int port) throws SQLException, java.io.IOException {
        return ReplicaConnection.connect(host, port, credentials(), tlsSettings(), IDS.nextLong() & Long.MAX_VALUE, timeout(), IGNORE_RESULTS);
    }

    /** The group's members, as the first replica of the URL that answers describes them. */
    List<WireMessage.MemberAddress> members() throws SQLException, java.io.IOException {
        return welcome().members();
    }

    /** The welcome of the first replica of the URL that answers: its members and the leader it knows. */
    WireMessage.Welcome welcome() throws SQLException, java.io.IOException {
        GroupUrl parsed = GroupUrl.parse(url);
        List<String> failures = new ArrayList<>();
        for (GroupClient.Address a : parsed.hosts()) {
            try (ReplicaConnection c = connect(a.host(), a.port())) {
                return c.welcome();
            } catch (SQLException e) {
                if (!e.getSQLState().startsWith("08")) throw e; // wrong password etc.: every replica would say so
                failures.add(a + ": " + e.getMessage());
            }
        }
        throw new SQLException("no replica of " + parsed.hosts() + " answered: " + String.join("; ", failures), "08001");
    }
}
