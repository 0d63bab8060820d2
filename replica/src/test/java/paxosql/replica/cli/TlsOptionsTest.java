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

/** The TLS options of {@code paxosql serve} and of the operator commands: documented, and wrong uses refused clearly. */
class TlsOptionsTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Paxosql.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void helpDescribesTheTlsOptions() {
        assertThat(run("serve", "--help").out()).contains("--tls-keystore=FILE", "--tls-keystore-password-file=FILE",
                "--tls-truststore=FILE", "--tls-truststore-password-file=FILE", "plaintext ones are refused");
        for (String command : new String[] {"status", "snapshot"}) {
            assertThat(run(command, "--help").out()).as(command).contains("--tls", "--tls-truststore=FILE", "--tls-truststore-password-file=FILE");
        }
    }

    @Test
    void aKeyStoreWithoutItsPasswordFileIsRefused() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret"), "00112233445566778899aabbccddeeff");
        Run r = run("serve", "--id", "1", "--data", dir.resolve("data").toString(), "--secret-file", secret.toString(),
                "--members", "1=voter@127.0.0.1:1/127.0.0.1:2", "--tls-keystore", dir.resolve("node.p12").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--tls-keystore-password-file");
    }

    @Test
    void anUnreadableTrustStoreIsOneClearLine() {
        Path missing = dir.resolve("missing.pem");
        Run r = run("status", "--url", "jdbc:paxosql://127.0.0.1:1/db", "--tls-truststore", missing.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("paxosql status: cannot read the trust store " + missing);
    }

    @Test
    void passwordFilesLoseOnlyTheirTrailingLineBreak() throws IOException {
        assertThat(ServeCommand.readPassword(Files.writeString(dir.resolve("a"), "pw with space \n"))).containsExactly("pw with space ".toCharArray());
        assertThat(ServeCommand.readPassword(Files.writeString(dir.resolve("b"), "pw\r\n"))).containsExactly("pw".toCharArray());
        assertThat(ServeCommand.readPassword(Files.writeString(dir.resolve("c"), "pw"))).containsExactly("pw".toCharArray());
    }
}
