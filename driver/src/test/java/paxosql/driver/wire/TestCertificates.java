package paxosql.driver.wire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Key stores and certificates made at test time with the JDK's keytool; nothing is committed. */
public final class TestCertificates {
    private TestCertificates() {}

    public static final String PASSWORD = "test-store-pw";

    /** A PKCS12 key store {@code dir/name.p12} with a fresh EC key and a self-signed certificate naming {@code san}. */
    public static Path keyStore(Path dir, String name, String san) throws IOException {
        Path file = dir.resolve(name + ".p12");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=" + name, "-ext", "SAN=" + san, "-keystore", file.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD);
        return file;
    }

    /** The certificate of {@code keyStore}'s key {@code name}, as PEM. */
    public static Path pem(Path keyStore, String name) throws IOException {
        Path file = keyStore.resolveSibling(name + ".pem");
        keytool("-exportcert", "-rfc", "-alias", name, "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-file", file.toString());
        return file;
    }

    /** A PKCS12 trust store holding the certificate in {@code pem}, with password {@link #PASSWORD}. */
    public static Path trustStore(Path pem, String name) throws IOException {
        Path file = pem.resolveSibling(name + "-trust.p12");
        keytool("-importcert", "-noprompt", "-alias", name, "-file", pem.toString(), "-keystore", file.toString(),
                "-storetype", "PKCS12", "-storepass", PASSWORD);
        return file;
    }

    private static void keytool(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC")); // starts faster
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("keytool " + String.join(" ", args) + " failed: " + out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            p.destroyForcibly();
        }
    }
}
