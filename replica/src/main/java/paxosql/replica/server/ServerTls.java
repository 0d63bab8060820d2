package paxosql.replica.server;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import paxosql.driver.wire.TlsSettings;

import javax.net.ssl.KeyManagerFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;

/**
 * The server side of TLS on a client port, from a key store that holds the node's private
 * key and certificate chain (PKCS12 as {@code keytool -genkeypair} writes it, or JKS). JDK
 * crypto only: TLS 1.3 and 1.2, no client certificates.
 */
public final class ServerTls {
    private ServerTls() {}

    /**
     * A server context from the key store {@code file}; the key's password must be the
     * store's (as in every PKCS12 store keytool writes).
     *
     * @throws IOException naming the file: unreadable, not a key store, wrong password, or no private key in it
     */
    public static SslContext fromKeyStore(Path file, char[] password) throws IOException {
        return fromKeyStore(TlsSettings.loadKeyStore(file, password), password, file.toString());
    }

    /** As {@link #fromKeyStore(Path, char[])} for a loaded key store; {@code description} names it in errors. */
    public static SslContext fromKeyStore(KeyStore store, char[] password, String description) throws IOException {
        try {
            boolean hasKey = false;
            for (String alias : Collections.list(store.aliases())) hasKey |= store.isKeyEntry(alias);
            if (!hasKey) throw new IOException("the key store " + description + " holds no private key for this node's certificate");
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            return SslContextBuilder.forServer(kmf)
                    .sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use the key store " + description + " for TLS: " + e.getMessage(), e);
        }
    }
}
