package paxosql.replica.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import paxosql.driver.wire.WireMessage;
import paxosql.replica.snapshot.SnapshotFile;
import paxosql.replica.snapshot.SnapshotWriter;
import paxosql.replica.state.H2StateMachine;
import paxosql.replica.state.StateView;
import paxosql.replica.state.Workload;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static paxosql.replica.state.Cmds.applyAll;

/** Argument and error handling of {@code paxosql snapshot} and {@code paxosql restore}, in process. */
class SnapshotRestoreCommandsTest {

    @TempDir
    Path dir;

    private SnapshotFile good;

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

    @BeforeEach
    void snapshot() throws IOException {
        try (H2StateMachine sm = H2StateMachine.open(dir.resolve("source"))) {
            applyAll(sm, Workload.decisions());
            try (StateView view = sm.openView()) {
                good = SnapshotWriter.write(view, dir.resolve("good.psnap"));
            }
        }
    }

    @Test
    @DisplayName("restore builds DIR/state at the snapshot's instance with its checksum, and says so")
    void restoresAGoodFile() {
        Path data = dir.resolve("node");
        Run r = run("restore", "--from", good.path().toString(), "--data", data.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("instance  " + good.instance()).contains("checksum  " + good.manifest().stateDigest());
        assertThat(r.err()).isEmpty(); // no progress bar when not asked for and not on a terminal
        try (H2StateMachine restored = H2StateMachine.open(data.resolve("state"))) {
            assertThat(restored.appliedUpTo()).isEqualTo(good.instance());
            assertThat(restored.stateChecksum().digest()).isEqualTo(good.manifest().stateDigest());
        }
    }

    @Test
    @DisplayName("restore --progress draws a bar on standard error that ends at 100%")
    void progressOnRequest() {
        Run r = run("restore", "--from", good.path().toString(), "--data", dir.resolve("node").toString(), "--progress");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("\r").contains("restoring instance " + good.instance()).contains("100%");
        assertThat(r.err()).endsWith("\n");
    }

    @Test
    @DisplayName("a corrupt snapshot is refused with one line, and nothing is written")
    void refusesACorruptFile() throws IOException {
        byte[] bytes = Files.readAllBytes(good.path());
        bytes[bytes.length / 2] ^= 0x01;
        Path bad = Files.write(dir.resolve("flipped.psnap"), bytes);
        Path data = dir.resolve("node");
        Run r = run("restore", "--from", bad.toString(), "--data", data.toString());
        assertThat(r.exit()).isNotZero();
        assertOneLine(r.err(), "paxosql restore: ", "corrupt");
        assertThat(data).doesNotExist();
    }

    @Test
    @DisplayName("a truncated snapshot is refused with one line, and an existing empty DIR stays empty")
    void refusesATruncatedFile() throws IOException {
        byte[] bytes = Files.readAllBytes(good.path());
        Path cut = Files.write(dir.resolve("cut.psnap"), Arrays.copyOf(bytes, bytes.length - 1000));
        Path data = Files.createDirectories(dir.resolve("node"));
        Run r = run("restore", "--from", cut.toString(), "--data", data.toString());
        assertThat(r.exit()).isNotZero();
        assertOneLine(r.err(), "paxosql restore: ", "truncated");
        try (var files = Files.list(data)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    @DisplayName("restore refuses a data directory that holds a log, a state or snapshots")
    void refusesAUsedDataDirectory() throws IOException {
        for (String sub : RestoreCommand.NODE_DIRECTORIES) {
            Path data = dir.resolve("used-" + sub);
            Files.createDirectories(data.resolve(sub));
            Files.writeString(data.resolve(sub).resolve("something"), "x");
            Run r = run("restore", "--from", good.path().toString(), "--data", data.toString());
            assertThat(r.exit()).isNotZero();
            assertOneLine(r.err(), "paxosql restore: ", sub + "/ is not empty");
            assertThat(data.resolve("state.installing")).doesNotExist();
        }
        // Empty directories are fine (e.g. made ready by an operator).
        Path ready = dir.resolve("ready");
        Files.createDirectories(ready.resolve("log"));
        Files.createDirectories(ready.resolve("state"));
        assertThat(run("restore", "--from", good.path().toString(), "--data", ready.toString()).exit()).isZero();
    }

    @Test
    @DisplayName("restore from a missing file says so")
    void missingFile() {
        Run r = run("restore", "--from", dir.resolve("nope.psnap").toString(), "--data", dir.resolve("node").toString());
        assertThat(r.exit()).isNotZero();
        assertOneLine(r.err(), "paxosql restore: ", "does not exist");
    }

    @Test
    @DisplayName("snapshot will not overwrite an existing file without --force (and asks no replica)")
    void snapshotKeepsAnExistingFile() throws IOException {
        Path existing = Files.writeString(dir.resolve("keep.psnap"), "precious");
        Run r = run("snapshot", "--url", "jdbc:paxosql://127.0.0.1:1/db", "--out", existing.toString());
        assertThat(r.exit()).isNotZero();
        assertOneLine(r.err(), "paxosql snapshot: ", "already exists; use --force");
        assertThat(Files.readString(existing)).isEqualTo("precious");
    }

    @Test
    @DisplayName("snapshot from a group that does not answer: one line, no file, no leftover .part")
    void snapshotFromNobody() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        Path out = dir.resolve("new.psnap");
        Run r = run("snapshot", "--url", "jdbc:paxosql://127.0.0.1:" + port + "/db", "--out", out.toString(), "--timeout", "2");
        assertThat(r.exit()).isNotZero();
        assertOneLine(r.err(), "paxosql snapshot: ", "no replica of");
        assertThat(out).doesNotExist();
        assertThat(dir.resolve("new.psnap.part")).doesNotExist();
    }

    @Test
    @DisplayName("missing required options print the usage and exit 2")
    void usageErrors() {
        Run r = run("restore", "--from", "x.psnap");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required option: '--data=DIR'").contains("Usage: paxosql restore");
        Run s = run("snapshot", "--url", "jdbc:paxosql://127.0.0.1:1/db");
        assertThat(s.exit()).isEqualTo(2);
        assertThat(s.err()).contains("--out=FILE");
    }

    @Test
    @DisplayName("snapshot asks full replicas only: the leader first, then voters, then learners")
    void sourceOrder() {
        WireMessage.Welcome welcome = new WireMessage.Welcome(1, 3, List.of(
                new WireMessage.MemberAddress(1, "voter", "h", 7001), new WireMessage.MemberAddress(2, "learner", "h", 7002),
                new WireMessage.MemberAddress(3, "voter", "h", 7003), new WireMessage.MemberAddress(4, "witness", "h", 7004),
                new WireMessage.MemberAddress(5, "voter", "h", 7005)));
        assertThat(SnapshotCommand.sourcesInOrder(welcome)).extracting(WireMessage.MemberAddress::nodeId).containsExactly(3, 1, 5, 2);
    }

    @Test
    @DisplayName("the progress line: bar, percent and bytes")
    void progressLine() {
        assertThat(ProgressBar.render("fetching", 0, 4L << 20)).isEqualTo("fetching [........................]   0%  0 B of 4.0 MiB");
        assertThat(ProgressBar.render("fetching", 1L << 20, 4L << 20)).isEqualTo("fetching [######..................]  25%  1.0 MiB of 4.0 MiB");
        assertThat(ProgressBar.render("x", 5, 0)).contains("100%");
        assertThat(ProgressBar.bytes(3L << 30)).isEqualTo("3.00 GiB");
        assertThat(ProgressBar.bytes(1536)).isEqualTo("1.5 KiB");
    }

    private static void assertOneLine(String err, String prefix, String contains) {
        assertThat(err).startsWith(prefix).contains(contains).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(err.strip().lines().count()).as(err).isEqualTo(1);
    }
}
