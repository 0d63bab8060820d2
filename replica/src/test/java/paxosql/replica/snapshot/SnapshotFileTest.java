package paxosql.replica.snapshot;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import paxosql.replica.state.H2StateMachine;
import paxosql.replica.state.StateView;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static paxosql.replica.state.Cmds.applyAll;

/** The file format refuses damage anywhere, and the store keeps the newest good snapshots. */
class SnapshotFileTest {

    @TempDir
    Path dir;

    private SnapshotFile good;

    @BeforeEach
    void snapshot() throws IOException {
        try (H2StateMachine sm = H2StateMachine.open(dir.resolve("state"))) {
            applyAll(sm, States.rich());
            try (StateView view = sm.openView()) {
                good = SnapshotWriter.write(view, dir.resolve("good.psnap"));
            }
        }
    }

    @Test
    void aBitFlippedInAnyRegionIsRefusedNamingTheFileAndTheRegion() throws IOException {
        Manifest m = good.manifest();
        Manifest.Part table = m.part("table PUBLIC.ITEMS#2/4").orElseThrow();
        Map<String, long[]> flips = new LinkedHashMap<>(); // region → {offset, expected words}
        Map<String, String> expected = new LinkedHashMap<>();
        put(flips, expected, "magic", 3, "bad magic");
        put(flips, expected, "version", 9, "header");
        put(flips, expected, "instance", 15, "header");
        put(flips, expected, "state digest", 40, "header");
        put(flips, expected, "header checksum", Manifest.HEADER_BYTES - 2, "header");
        put(flips, expected, "part list", Manifest.HEADER_BYTES + 20, "manifest");
        put(flips, expected, "part list end", m.partsStart() - 5, "manifest");
        put(flips, expected, "catalog body", m.parts().get(0).offset() + 30, "part catalog");
        put(flips, expected, "table index", table.offset() + 10, "part table PUBLIC.ITEMS#2/4");
        put(flips, expected, "table rows", table.offset() + table.length() - 3, "part table PUBLIC.ITEMS#2/4");
        put(flips, expected, "trailer hash", good.size() - 30, "trailer");
        put(flips, expected, "trailer marker", good.size() - 2, "trailer");
        byte[] bytes = Files.readAllBytes(good.path());
        for (Map.Entry<String, long[]> e : flips.entrySet()) {
            byte[] copy = bytes.clone();
            int at = (int) e.getValue()[0];
            copy[at] ^= 0x10;
            Path bad = dir.resolve("flip-" + e.getKey().replace(' ', '-') + ".psnap");
            Files.write(bad, copy);
            assertThatThrownBy(() -> SnapshotFile.open(bad)).as(e.getKey()).isInstanceOf(SnapshotCorruptException.class)
                    .hasMessageContaining(bad.toString()).hasMessageContaining(expected.get(e.getKey()));
        }
    }

    private static void put(Map<String, long[]> flips, Map<String, String> expected, String region, long offset, String says) {
        flips.put(region, new long[] {offset});
        expected.put(region, says);
    }

    @Test
    void aTruncatedFileIsRefused() throws IOException {
        byte[] bytes = Files.readAllBytes(good.path());
        for (int length : new int[] {0, 10, Manifest.HEADER_BYTES, Manifest.HEADER_BYTES + 50, (int) good.manifest().partsStart(),
                bytes.length / 2, bytes.length - Manifest.TRAILER_BYTES, bytes.length - 1}) {
            Path cut = dir.resolve("cut-" + length + ".psnap");
            Files.write(cut, Arrays.copyOf(bytes, length));
            assertThatThrownBy(() -> SnapshotFile.open(cut)).as("cut at " + length).isInstanceOf(SnapshotCorruptException.class)
                    .hasMessageContaining(cut.toString()).hasMessageContaining("truncated");
        }
        Path longer = dir.resolve("longer.psnap");
        Files.write(longer, Arrays.copyOf(bytes, bytes.length + 7));
        assertThatThrownBy(() -> SnapshotFile.open(longer)).isInstanceOf(SnapshotCorruptException.class).hasMessageContaining("extra bytes");
    }

    @Test
    void theManifestAloneDecodesAndChunksReadBackAPart() throws IOException {
        Manifest m = Manifest.decode(good.manifestBytes(), "peer");
        assertThat(m).isEqualTo(good.manifest());
        Manifest.Part p = m.part("table PUBLIC.ITEMS#1/4").orElseThrow();
        byte[] first = good.read(p.offset(), 100);
        byte[] rest = good.read(p.offset() + 100, (int) p.length() - 100);
        byte[] whole = new byte[(int) p.length()];
        System.arraycopy(first, 0, whole, 0, 100);
        System.arraycopy(rest, 0, whole, 100, rest.length);
        assertThat(whole).isEqualTo(good.partBytes(p));
        byte[] damaged = good.manifestBytes();
        damaged[damaged.length - 1] ^= 1;
        assertThatThrownBy(() -> Manifest.decode(damaged, "peer 2")).isInstanceOf(SnapshotCorruptException.class)
                .hasMessageContaining("peer 2");
    }

    @Test
    void theStoreKeepsTheNewestAndPassesOverACorruptLatest() throws IOException {
        SnapshotStore store = new SnapshotStore(dir.resolve("node"), 2);
        try (H2StateMachine sm = H2StateMachine.open(dir.resolve("state"))) {
            for (long i = 26; i <= 28; i++) {
                sm.apply(paxosql.replica.state.Cmds.noop(i));
                try (StateView view = sm.openView()) {
                    store.write(view);
                }
            }
        }
        assertThat(store.files()).extracting(p -> p.getFileName().toString())
                .containsExactly("snapshot-00000000000000000027.psnap", "snapshot-00000000000000000028.psnap");
        assertThat(store.latest().orElseThrow().instance()).isEqualTo(28);
        Path newest = store.files().get(1);
        byte[] b = Files.readAllBytes(newest);
        Files.write(newest, Arrays.copyOf(b, b.length - 10));
        assertThat(store.latest().orElseThrow().instance()).isEqualTo(27);
        // Leftovers of a writer that crashed are removed when the store opens.
        Files.writeString(store.directory().resolve("snapshot-00000000000000000029.psnap.tmp"), "half");
        assertThat(new SnapshotStore(dir.resolve("node")).directory().toFile().list()).noneMatch(n -> n.endsWith(".tmp"));
    }

    @Test
    void snapshotInstancesAreTheSameOnEveryReplica() {
        SnapshotSchedule every100 = new SnapshotSchedule(100);
        assertThat(java.util.stream.LongStream.rangeClosed(0, 350).filter(every100::isSnapshotInstance).boxed().toList())
                .containsExactly(100L, 200L, 300L);
        assertThatThrownBy(() -> new SnapshotSchedule(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
