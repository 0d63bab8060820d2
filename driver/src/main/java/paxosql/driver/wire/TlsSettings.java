package paxosql.driver.wire;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;

import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;

/**
 * TLS on a client's connections to replicas' client ports: which certificates the client
 * trusts, and whether it checks that the replica's certificate names the host it dialled.
 * Immutable and thread-safe; build one and share it across connections.
 *
 * <p>Hostname verification is on unless {@link #withoutHostnameVerification()} turns it off:
 * the replica's certificate must then name, as a subject alternative name, the host the
 * client connects to — the DNS name, or the IP address (e.g. {@code IP:127.0.0.1}) when the
 * address is a literal. TLS 1.3 and 1.2, with the JDK's own implementation.
 */
public final class TlsSettings {
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final SslContext context;
    private final boolean verifyHostname;
    private final String trust;

    private TlsSettings(SslContext context, boolean verifyHostname, String trust) {
        this.context = context;
        this.verifyHostname = verifyHostname;
        this.trust = trust;
    }

    /** TLS trusting the certificate authorities the JVM trusts by default (its {@code cacerts}). */
    public static TlsSettings jvmDefaultTrust() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            return build(tmf, true, "the JVM's default trust");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM's default trust store cannot be used: " + e.getMessage(), e);
        }
    }

    /**
     * TLS trusting the certificates in {@code file}: a key store (PKCS12 or JKS; its
     * certificates, and those of its key entries, are trusted) or a PEM file of one or more
     * certificates ({@code -----BEGIN CERTIFICATE-----}; {@code keytool -exportcert -rfc}
     * writes one).
     *
     * @param password the key store's password; may be null for a PEM file
     * @throws IOException naming the file and what is wrong with it (unreadable, wrong
     *                     password, not a key store nor PEM certificates, no certificate in it)
     */
    public static TlsSettings trustStore(Path file, char[] password) throws IOException {
        return trusting(loadTrustStore(file, password), file.toString());
    }

    /**
     * TLS trusting the certificates of {@code trusted} (its certificate entries, and the
     * certificates of its key entries): e.g. a node's own key store, so that nodes that
     * share a certificate trust each other.
     *
     * @param description names the source in error messages
     */
    public static TlsSettings trusting(KeyStore trusted, String description) {
        Objects.requireNonNull(trusted, "trusted");
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            return build(tmf, true, description);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot trust the certificates of " + description + ": " + e.getMessage(), e);
        }
    }

    private static TlsSettings build(TrustManagerFactory tmf, boolean verifyHostname, String trust) {
        try {
            SslContext context = SslContextBuilder.forClient()
                    .sslProvider(SslProvider.JDK)
                    .protocols(PROTOCOLS)
                    .trustManager(tmf)
                    .endpointIdentificationAlgorithm(null) // set per connection, see newHandler
                    .build();
            return new TlsSettings(context, verifyHostname, trust);
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /**
     * The same trust, without checking that the replica's certificate names the host: any
     * trusted certificate is accepted from any address. For tests and for certificates
     * that cannot name their hosts; prefer a certificate with the right subject alternative
     * names.
     */
    public TlsSettings withoutHostnameVerification() {
        return new TlsSettings(context, false, trust);
    }

    public boolean verifiesHostname() { return verifyHostname; }

    /** What is trusted, for messages: a file name or "the JVM's default trust". */
    public String trustDescription() { return trust; }

    /** A handler for one connection to {@code host:port}; first in the pipeline. */
    SslHandler newHandler(ByteBufAllocator alloc, String host, int port, long handshakeTimeoutMillis) {
        SslHandler handler = context.newHandler(alloc, host, port);
        var params = handler.engine().getSSLParameters();
        params.setEndpointIdentificationAlgorithm(verifyHostname ? "HTTPS" : null);
        handler.engine().setSSLParameters(params);
        handler.setHandshakeTimeoutMillis(Math.max(1, handshakeTimeoutMillis));
        return handler;
    }

    @Override
    public String toString() {
        return "TLS trusting " + trust + (verifyHostname ? "" : ", hostname verification off");
    }

    // ---------------------------------------------------------------- files

    /**
     * Loads a key store (PKCS12 or JKS, recognised by content).
     *
     * @throws IOException naming the file: unreadable, not a key store, or wrong password
     */
    public static KeyStore loadKeyStore(Path file, char[] password) throws IOException {
        requireReadable(file, "key store");
        try {
            return KeyStore.getInstance(file.toFile(), password);
        } catch (KeyStoreException e) {
            throw new IOException(file + " is not a PKCS12 or JKS key store", e);
        } catch (IOException e) {
            if (e.getCause() instanceof java.security.UnrecoverableKeyException) {
                throw new IOException("cannot open the key store " + file + ": the password is wrong", e);
            }
            throw new IOException("cannot read the key store " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the key store " + file + ": " + e.getMessage(), e);
        }
    }

    /** A trust store from a key store file or a PEM file of certificates; see {@link #trustStore}. */
    static KeyStore loadTrustStore(Path file, char[] password) throws IOException {
        requireReadable(file, "trust store");
        KeyStore store;
        if (isPem(file)) {
            store = fromPem(file);
        } else {
            store = loadKeyStore(file, password);
        }
        int certificates = 0;
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.getCertificate(alias) != null) certificates++;
            }
        } catch (KeyStoreException e) {
            throw new IOException("cannot read the trust store " + file + ": " + e.getMessage(), e);
        }
        if (certificates == 0) {
            throw new IOException("the trust store " + file + " holds no certificate"
                    + (password == null ? " that can be read without its password" : ""));
        }
        return store;
    }

    private static boolean isPem(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            String head = new String(in.readNBytes(4096), StandardCharsets.ISO_8859_1);
            return head.contains("-----BEGIN CERTIFICATE-----");
        }
    }

    private static KeyStore fromPem(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : certs) store.setCertificateEntry("cert-" + i++, c);
            return store;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the certificates in " + file + ": " + e.getMessage(), e);
        }
    }

    private static void requireReadable(Path file, String what) throws IOException {
        Objects.requireNonNull(file, what);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) throw new IOException("cannot read the " + what + " " + file);
    }
}
