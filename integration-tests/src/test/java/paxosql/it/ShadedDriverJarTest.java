package paxosql.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;

/**
 * The self-contained driver jar ({@code paxosql-driver-VERSION-all.jar}): everything but the
 * driver's own classes is relocated under {@code paxosql.shaded}, and an application with only
 * that jar and slf4j-api on its class path works against a real group.
 */
class ShadedDriverJarTest extends GroupTest {
    private static final List<String> THIRD_PARTY = List.of("io/netty/", "com/esotericsoftware/", "org/objenesis/");
    private static final String RELOCATED = "paxosql/shaded/";

    @Test
    void everyBundledClassIsRelocatedAndNoClassStillReferencesTheOriginalPackages() throws IOException {
        Path shaded = ClientJars.shadedDriver();
        List<String> outside = new ArrayList<>();
        int classes = 0;
        int relocated = 0;
        String driverService;
        try (ZipFile jar = new ZipFile(shaded.toFile())) {
            for (Enumeration<? extends ZipEntry> en = jar.entries(); en.hasMoreElements(); ) {
                String name = en.nextElement().getName();
                if (!name.endsWith(".class")) continue;
                classes++;
                if (name.startsWith(RELOCATED)) relocated++;
                else if (!name.startsWith("paxosql/driver/")) outside.add(name);
            }
            driverService = new String(jar.getInputStream(jar.getEntry("META-INF/services/java.sql.Driver")).readAllBytes(),
                    StandardCharsets.UTF_8);
            assertThat(new String(jar.getInputStream(jar.getEntry("META-INF/io.netty.versions.properties")).readAllBytes(),
                    StandardCharsets.ISO_8859_1)).as("every bundled Netty jar's version line, merged")
                    .contains("netty-common.version=").contains("netty-handler.version=").contains("netty-transport.version=");
            assertThat(jar.getEntry("META-INF/THIRD-PARTY.txt")).as("the list of bundled third-party code").isNotNull();
            assertThat(jar.stream().map(ZipEntry::getName).filter(n -> n.startsWith("org/slf4j/")))
                    .as("slf4j-api is the application's, not bundled").isEmpty();
            assertThat(jar.stream().map(ZipEntry::getName).filter(n -> n.startsWith("META-INF/native-image/")))
                    .as("native-image settings naming the unrelocated classes").isEmpty();
        }
        System.out.printf("%s: %d bytes, %d classes, %d of them relocated third-party code%n", shaded.getFileName(),
                java.nio.file.Files.size(shaded), classes, relocated);
        assertThat(outside).as("classes outside paxosql/driver and paxosql/shaded").isEmpty();
        assertThat(unrelocatedReferences(shaded)).as("classes naming an unrelocated third-party package").isEmpty();
        assertThat(relocated).as("Netty and Kryo are inside").isGreaterThan(1000);
        assertThat(driverService.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")))
                .containsExactly("paxosql.driver.jdbc.PaxoSqlDriver");
    }

    @Test
    void theRelocationCheckFlagsAnUnrelocatedJar() throws Exception {
        Path nettyCommon = Path.of(io.netty.util.Version.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(unrelocatedReferences(nettyCommon)).as("netty-common itself").isNotEmpty();
    }

    @Test
    void applicationWithOnlyTheShadedJarOnItsClassPathQueriesAGroup() throws Exception {
        String url = startGroup();
        Path app = Path.of(resource("/standalone/ShadedDriverApp.java").toURI());
        Cli.Run run = Cli.java(ClientJars.classPath(List.of(ClientJars.shadedDriver(), ClientJars.slf4jApi())),
                List.of(app.toString(), url));
        System.out.println("application on the shaded jar:\n" + run.out().strip());
        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).contains("driver class paxosql.driver.jdbc.PaxoSqlDriver")
                .contains("product H2")
                .contains("row 1 name1\nrow 2 name2\nrow 3 name3\n")
                .contains("netty from " + ClientJars.shadedDriver().toUri().toURL());
        Checksums.assertAllEqual(url, 3);
    }

    /**
     * The classes of {@code jar} that name a third-party package unrelocated: in a class reference
     * or descriptor ({@code io/netty/…}) anywhere, or as a constant string that is a name in the
     * package ({@code io.netty.…}: a class or system property name; a log message that mentions
     * one is fine).
     */
    private static List<String> unrelocatedReferences(Path jarFile) throws IOException {
        List<String> out = new ArrayList<>();
        try (ZipFile jar = new ZipFile(jarFile.toFile())) {
            for (Enumeration<? extends ZipEntry> en = jar.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                if (!e.getName().endsWith(".class")) continue;
                String constants;
                try (InputStream in = jar.getInputStream(e)) {
                    constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                }
                for (String pkg : THIRD_PARTY) {
                    for (int i = constants.indexOf(pkg); i >= 0; i = constants.indexOf(pkg, i + 1)) {
                        if (!constants.startsWith(RELOCATED, i - RELOCATED.length())) {
                            out.add(e.getName() + " -> " + pkg);
                            break;
                        }
                    }
                    String dotted = pkg.replace('/', '.');
                    for (int i = constants.indexOf(dotted); i >= 0; i = constants.indexOf(dotted, i + 1)) {
                        if (startsUtf8Constant(constants, i)) {
                            out.add(e.getName() + " -> " + constants.substring(i, Math.min(constants.length(), i + 60)));
                            break;
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Whether a CONSTANT_Utf8 entry of a class file's constant pool (tag 1, u2 length, bytes) starts at {@code i}. */
    private static boolean startsUtf8Constant(String classBytes, int i) {
        if (i < 3 || classBytes.charAt(i - 3) != 1) return false;
        int length = (classBytes.charAt(i - 2) << 8) | classBytes.charAt(i - 1);
        return i + length <= classBytes.length();
    }

    private static URL resource(String name) {
        URL u = ShadedDriverJarTest.class.getResource(name);
        if (u == null) throw new IllegalStateException(name + " is not on the test class path");
        return u;
    }
}
