package paxosql.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StampTest {

    @Test
    void nextNeverGoesBackwardsWhenTheClockDoes() {
        Stamp first = Stamp.next(null, 1_000, 1);
        Stamp second = Stamp.next(first, 900, 2); // a new leader whose clock is behind
        Stamp third = Stamp.next(second, 1_500, 3);
        assertThat(first.millis()).isEqualTo(1_000);
        assertThat(second.millis()).isEqualTo(1_000);
        assertThat(third.millis()).isEqualTo(1_500);
        assertThat(second.seed()).isEqualTo(2);
    }

    @Test
    void bitsDependOnSeedAndOccurrenceOnly() {
        Stamp a = new Stamp(5, 42);
        assertThat(a.bits(0, 0)).isEqualTo(new Stamp(99, 42).bits(0, 0));
        assertThat(a.bits(0, 0)).isNotEqualTo(a.bits(1, 0));
        assertThat(a.bits(0, 0)).isNotEqualTo(a.bits(0, 1));
        assertThat(a.bits(0, 0)).isNotEqualTo(new Stamp(5, 43).bits(0, 0));
    }
}
