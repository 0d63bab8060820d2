package paxosql.replica.node;

import io.netty.handler.ssl.SslContext;
import paxosql.driver.wire.TlsSettings;
import paxosql.replica.server.ServerTls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Objects;

/**
 * TLS for a node: its client port serves TLS with {@code server}, and the node's own
 * connections to its peers' client ports (checksum catch-up, divergence checks) use
 * {@code peers}. Every node of a group uses TLS, or none does.
 *
 * @param server the client port's server context
 * @param peers  what the node trusts when it connects to its peers' client ports; hostname
 *               verification stays on, so each peer's certificate must name the host of
 *               its client address in the configuration
 */
public record NodeTls(SslContext server, TlsSettings peers) {
    public NodeTls {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(peers, "peers");
    }

    /**
     * From files: the node's key store, and optionally a trust store for its peers'
     * certificates (a key store or PEM certificates, see {@link TlsSettings#trustStore}).
     * Without one the node trusts the certificates of its own key store — enough when every
     * node shares one certificate, or each holds the certificate of the authority that
     * signed them all.
     *
     * @param trustStore         null: trust the key store's certificates
     * @param trustStorePassword the trust store's password (null for PEM)
     * @throws IOException naming the file and what is wrong with it
     */
    public static NodeTls fromFiles(Path keyStore, char[] keyStorePassword, Path trustStore, char[] trustStorePassword) throws IOException {
        KeyStore keys = TlsSettings.loadKeyStore(keyStore, keyStorePassword);
        SslContext server = ServerTls.fromKeyStore(keys, keyStorePassword, keyStore.toString());
        TlsSettings peers = trustStore != null ? TlsSettings.trustStore(trustStore, trustStorePassword)
                : TlsSettings.trusting(keys, keyStore.toString());
        return new NodeTls(server, peers);
    }
}
