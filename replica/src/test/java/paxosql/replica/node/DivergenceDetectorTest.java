package paxosql.replica.node;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DivergenceDetectorTest {

    @Test
    @DisplayName("equal checksums at the same instance are no divergence")
    void equalChecksumsAgree() {
        DivergenceDetector d = new DivergenceDetector(1, 2);
        d.recordOwn(100, "aa");
        assertThat(d.comparePeer(2, 100, "aa")).isFalse();
        assertThat(d.hasDiverged()).isFalse();
    }

    @Test
    @DisplayName("checksums at different instances are not compared")
    void differentInstancesAreNotCompared() {
        DivergenceDetector d = new DivergenceDetector(1, 2);
        d.recordOwn(100, "aa");
        assertThat(d.comparePeer(2, 200, "bb")).isFalse();
        assertThat(d.hasDiverged()).isFalse();
    }

    @Test
    @DisplayName("a different checksum at the same instance is a divergence, kept and described")
    void mismatchIsDetectedAndKept() {
        DivergenceDetector d = new DivergenceDetector(1, 2);
        d.recordOwn(100, "aa");
        d.recordOwn(200, "cc");
        assertThat(d.comparePeer(3, 100, "ab")).isTrue();
        assertThat(d.hasDiverged()).as("one of two others disagrees: not yet the odd one out").isFalse();
        assertThat(d.comparePeer(2, 100, "ab")).isTrue();
        assertThat(d.comparePeer(3, 200, "cc")).isFalse();
        assertThat(d.hasDiverged()).as("both others disagree").isTrue();
        assertThat(d.diverged()).contains("instance 100").contains("node 1").contains("node 2");
    }

    @Test
    @DisplayName("a replica that agrees with another peer does not count itself diverged when a third disagrees")
    void theOddOneOutIsTheDivergedOne() {
        DivergenceDetector d = new DivergenceDetector(1, 2);
        d.recordOwn(100, "aa");
        assertThat(d.comparePeer(2, 100, "aa")).isFalse();
        assertThat(d.comparePeer(3, 100, "zz")).as("node 3 differs").isTrue();
        assertThat(d.hasDiverged()).as("node 1 agrees with node 2").isFalse();
    }

    @Test
    @DisplayName("a peer's history is compared at every instance both hold, so a late peer still finds the mismatch")
    void historiesAreCompared() {
        DivergenceDetector victim = new DivergenceDetector(3, 2);
        victim.recordOwn(12, "bad");
        victim.recordOwn(20, "bad2");
        DivergenceDetector healthy = new DivergenceDetector(1, 2);
        healthy.recordOwn(12, "good");
        healthy.recordOwn(20, "good2");
        healthy.recordOwn(25, "good3");
        assertThat(victim.comparePeerHistory(1, healthy.history())).isTrue();
        assertThat(victim.comparePeerHistory(2, "12:good,20:good2")).isTrue();
        assertThat(victim.hasDiverged()).isTrue();
        assertThat(healthy.comparePeerHistory(3, victim.history())).isTrue();
        assertThat(healthy.comparePeerHistory(2, "12:good,20:good2")).isFalse();
        assertThat(healthy.hasDiverged()).as("agrees with node 2").isFalse();
    }

    @Test
    @DisplayName("with a single other replica a mismatch makes both count themselves diverged")
    void twoReplicasCannotTellWhoIsRight() {
        DivergenceDetector d = new DivergenceDetector(1, 1);
        d.recordOwn(10, "a");
        assertThat(d.comparePeer(2, 10, "b")).isTrue();
        assertThat(d.hasDiverged()).isTrue();
    }

    @Test
    @DisplayName("only the newest few own checksums are kept")
    void oldChecksumsAreForgotten() {
        DivergenceDetector d = new DivergenceDetector(1, 2);
        for (long i = 1; i <= 100; i++) d.recordOwn(i * 10, "x" + i);
        assertThat(d.comparePeer(2, 10, "different")).as("forgotten instance").isFalse();
        assertThat(d.latest()).hasValueSatisfying(e -> assertThat(e.getKey()).isEqualTo(1000));
    }
}
