package paxosql.replica.snapshot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import paxosql.replica.state.Applied;
import paxosql.replica.state.H2StateMachine;
import paxosql.replica.state.StateChecksum;
import paxosql.replica.state.StateView;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static paxosql.replica.state.Cmds.applyAll;

class SnapshotRestoreTest {

    @TempDir
    Path dir;

    @Test
    void aRestoredReplicaHasTheSourcesChecksumAndGoesOnExactlyLikeIt() throws IOException {
        try (H2StateMachine source = H2StateMachine.open(dir.resolve("source"))) {
            applyAll(source, States.rich());
            StateChecksum atSnapshot = source.stateChecksum();
            assertThat(atSnapshot.parts()).containsKeys("catalog", "sequences", "meta", "table PUBLIC.LOG",
                    "table PUBLIC.ITEMS#0/4", "table PUBLIC.ITEMS#3/4", "table PUBLIC.TMP#0/1", "table SALES.ORDERS#0/1");

            long started = System.nanoTime();
            SnapshotFile file;
            try (StateView view = source.openView()) {
                file = new SnapshotStore(dir.resolve("node")).write(view);
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("snapshot of %d parts at instance %d: %d bytes in %d ms%n", file.manifest().parts().size(),
                    file.instance(), file.size(), millis);

            assertThat(file.instance()).isEqualTo(25);
            assertThat(file.manifest().stateDigest()).isEqualTo(atSnapshot.digest());
            assertThat(partChecksums(file.manifest())).isEqualTo(atSnapshot.parts());

            Path restored = dir.resolve("restored");
            StateInstaller.restore(file.path(), restored);
            try (H2StateMachine copy = H2StateMachine.open(restored)) {
                assertThat(copy.appliedUpTo()).isEqualTo(25);
                assertThat(copy.stateChecksum()).isEqualTo(atSnapshot);

                // Identity and sequence values, session state, stored results: the same from here on.
                List<Applied> expected = applyAll(source, States.next(26));
                List<Applied> actual = applyAll(copy, States.next(26));
                assertThat(actual).isEqualTo(expected);
                assertThat(copy.stateChecksum()).isEqualTo(source.stateChecksum());
            }
        }
    }

    @Test
    void restoreRefusesADirectoryThatHoldsAState() throws IOException {
        try (H2StateMachine source = H2StateMachine.open(dir.resolve("source"))) {
            applyAll(source, States.rich().subList(0, 3));
            SnapshotFile file;
            try (StateView view = source.openView()) {
                file = SnapshotWriter.write(view, dir.resolve("s.psnap"));
            }
            Path occupied = dir.resolve("occupied");
            Files.createDirectories(occupied);
            Files.writeString(occupied.resolve("state.mv.db"), "x");
            assertThatThrownBy(() -> StateInstaller.restore(file.path(), occupied)).isInstanceOf(IOException.class)
                    .hasMessageContaining("not empty");
        }
    }

    static Map<String, String> partChecksums(Manifest m) {
        Map<String, String> out = new TreeMap<>();
        for (Manifest.Part p : m.parts()) out.put(p.name(), p.checksum());
        return out;
    }
}
