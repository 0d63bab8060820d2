package paxosql.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The jars an application outside this build would use, which the integration-tests pom copies
 * into {@code target/} before the tests (and keeps off the tests' own class path): the
 * self-contained driver jar, the slf4j-api it leaves to the application, and sqlline with its
 * own dependencies.
 */
final class ClientJars {
    private ClientJars() {}

    /** {@code paxosql-driver-VERSION-all.jar}, as built in this reactor. */
    static Path shadedDriver() {
        return existing(dir("paxosql.clients.dir").resolve("paxosql-driver-all.jar"));
    }

    static Path slf4jApi() {
        return existing(dir("paxosql.clients.dir").resolve("slf4j-api.jar"));
    }

    /** sqlline's jar and its dependencies (JLine 3 and what it needs), nothing else. */
    static List<Path> sqlline() throws IOException {
        try (Stream<Path> jars = Files.list(dir("paxosql.sqlline.dir"))) {
            List<Path> out = jars.filter(p -> p.toString().endsWith(".jar")).sorted().collect(Collectors.toList());
            if (out.stream().noneMatch(p -> p.getFileName().toString().startsWith("sqlline-"))) {
                throw new IllegalStateException("no sqlline jar in " + dir("paxosql.sqlline.dir") + ": " + out);
            }
            return out;
        }
    }

    static String classPath(List<Path> jars) {
        return jars.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }

    private static Path dir(String property) {
        String d = System.getProperty(property);
        if (d == null) {
            throw new IllegalStateException("system property " + property + " is not set: run the tests through Maven "
                    + "(mvn -pl integration-tests -am verify), which copies the client jars");
        }
        return Path.of(d);
    }

    private static Path existing(Path p) {
        if (!Files.isRegularFile(p)) throw new IllegalStateException(p + " is missing: the integration-tests pom copies it before the tests");
        return p;
    }
}
