package paxosql.replica.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Values of {@code paxosql serve} that cannot work are refused in one line, before anything starts. */
class ServeOptionsTest {
    @TempDir
    Path dir;

    @Test
    void aSessionIdleLimitBelowTheClockTickIsRefused() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret"), "00112233445566778899aabbccddeeff");
        StringWriter err = new StringWriter();
        CommandLine cl = Paxosql.commandLine();
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute("serve", "--id", "1", "--data", dir.resolve("data").toString(), "--secret-file", secret.toString(),
                "--members", "1=voter@127.0.0.1:1/127.0.0.1:2", "--session-idle-seconds", "5");
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString().strip()).startsWith("paxosql serve: --session-idle-seconds must be at least 15").doesNotContain("\n");
        assertThat(dir.resolve("data")).doesNotExist();
    }
}
