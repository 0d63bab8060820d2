package paxosql.replica.snapshot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import paxosql.replica.state.H2StateMachine;
import paxosql.replica.state.StateView;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static paxosql.replica.state.Cmds.applyAll;
import static paxosql.replica.state.Cmds.batch;
import static paxosql.replica.state.Cmds.sql;

/** An install that does not verify is refused and leaves nothing behind. */
class StateInstallerTest {

    @TempDir
    Path dir;

    private static final String PART = "table PUBLIC.ITEMS#1/4";

    @Test
    void aPartThatDoesNotVerifyIsRefused() throws IOException {
        SnapshotFile before;
        SnapshotFile after;
        try (H2StateMachine sm = H2StateMachine.open(dir.resolve("source"))) {
            applyAll(sm, States.rich());
            try (StateView view = sm.openView()) {
                before = SnapshotWriter.write(view, dir.resolve("before.psnap"));
            }
            sm.apply(batch(26, sql(States.C1, 600, "UPDATE ITEMS SET NAME = 'changed' WHERE ID IN (1, 2, 3, 4, 5, 6, 7, 8)")));
            try (StateView view = sm.openView()) {
                after = SnapshotWriter.write(view, dir.resolve("after.psnap"));
            }
        }
        Manifest m = before.manifest();
        Path staging = dir.resolve("state.installing");

        // Bytes claimed to be the snapshot's own but that are not: refused by their hash.
        PartSource swapped = part -> part.name().equals(PART)
                ? new PartSource.PartBytes(after.partBytes(after.manifest().part(PART).orElseThrow()), true) : before.bytes(part);
        assertThatThrownBy(() -> StateInstaller.build(m, swapped, staging)).isInstanceOf(SnapshotInstallException.class)
                .hasMessageContaining(PART).hasMessageContaining("SHA-256");
        assertThat(staging).doesNotExist();

        // A part rebuilt "locally" that is not what the snapshot holds: built, then refused by the state checksum.
        PartSource broken = part -> part.name().equals(PART)
                ? new PartSource.PartBytes(after.partBytes(after.manifest().part(PART).orElseThrow()), false) : before.bytes(part);
        assertThatThrownBy(() -> StateInstaller.build(m, broken, staging)).isInstanceOf(SnapshotInstallException.class)
                .hasMessageContaining("refusing").hasMessageContaining("differing parts: [" + PART + "]");
        assertThat(staging).doesNotExist();

        // The honest parts install.
        StateInstaller.build(m, before, staging);
        StateInstaller.swapIn(staging, dir.resolve("state"));
        try (H2StateMachine copy = H2StateMachine.open(dir.resolve("state"))) {
            assertThat(copy.stateChecksum().digest()).isEqualTo(m.stateDigest());
        }
    }

    @Test
    void anInstallCutShortAfterTheOldStateWasMovedAsideIsCompleted() throws IOException {
        SnapshotFile file;
        try (H2StateMachine sm = H2StateMachine.open(dir.resolve("source"))) {
            applyAll(sm, States.rich().subList(0, 5));
            try (StateView view = sm.openView()) {
                file = SnapshotWriter.write(view, dir.resolve("s.psnap"));
            }
        }
        Path state = dir.resolve("state");
        Files.createDirectories(state);
        StateInstaller.build(file.manifest(), file, StateInstaller.stagingFor(state));
        // The crash: the old state was renamed away, the new one not yet renamed in.
        Files.move(state, dir.resolve("state.replaced"));
        StateInstaller.finishInterruptedInstall(state);
        try (H2StateMachine sm = H2StateMachine.open(state)) {
            assertThat(sm.appliedUpTo()).isEqualTo(5);
        }
        assertThat(dir.resolve("state.replaced")).doesNotExist();
        assertThat(StateInstaller.stagingFor(state)).doesNotExist();
    }
}
