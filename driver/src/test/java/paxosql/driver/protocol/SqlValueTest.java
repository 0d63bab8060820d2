package paxosql.driver.protocol;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlValueTest {

    @Test
    void ofMapsJavaObjectsAndToJavaGivesThemBack() {
        List<Object> objects = List.of(7, 7L, new BigDecimal("1.50"), 2.5, "text", true, LocalDate.of(2020, 1, 2),
                LocalTime.of(1, 2, 3, 4), LocalDateTime.of(2020, 1, 2, 3, 4, 5, 6),
                OffsetDateTime.of(2020, 1, 2, 3, 4, 5, 6, ZoneOffset.ofHours(-5)), UUID.randomUUID());
        for (Object o : objects) {
            assertThat(SqlValue.of(o).toJava()).as("%s", o).isEqualTo(o);
        }
        assertThat(SqlValue.of(null)).isEqualTo(SqlValue.Null.UNTYPED);
        assertThat(SqlValue.of(null).toJava()).isNull();
    }

    @Test
    void ofWidensSmallerJavaTypes() {
        assertThat(SqlValue.of((short) 3)).isEqualTo(new SqlValue.Int(3));
        assertThat(SqlValue.of((byte) 3)).isEqualTo(new SqlValue.Int(3));
        assertThat(SqlValue.of(1.5f)).isEqualTo(new SqlValue.Double(1.5));
        assertThat(SqlValue.of(BigInteger.TEN)).isEqualTo(new SqlValue.Decimal(BigDecimal.TEN));
        assertThat(SqlValue.of('c')).isEqualTo(new SqlValue.Text("c"));
        assertThat(SqlValue.of(Instant.EPOCH)).isEqualTo(new SqlValue.TimestampTz(OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)));
        assertThat(SqlValue.of(LocalDateTime.of(2020, 1, 1, 0, 0).atZone(ZoneId.of("Europe/Paris"))))
                .isEqualTo(new SqlValue.TimestampTz(OffsetDateTime.of(2020, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(1))));
        assertThat(SqlValue.of(java.sql.Timestamp.valueOf("2020-01-02 03:04:05.123456789")))
                .isEqualTo(new SqlValue.Timestamp(LocalDateTime.of(2020, 1, 2, 3, 4, 5, 123456789)));
        SqlValue v = new SqlValue.Int(1);
        assertThat(SqlValue.of(v)).isSameAs(v);
    }

    @Test
    void ofRefusesUnknownTypesByName() {
        assertThatThrownBy(() -> SqlValue.of(new Object())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Object");
    }

    @Test
    void binaryIsImmutableAndComparedByContent() {
        byte[] b = {1, 2, 3};
        SqlValue.Binary v = new SqlValue.Binary(b);
        b[0] = 9;
        assertThat(v.value()).containsExactly(1, 2, 3);
        v.value()[1] = 9;
        assertThat((byte[]) v.toJava()).containsExactly(1, 2, 3);
        assertThat(v).isEqualTo(new SqlValue.Binary(new byte[] {1, 2, 3})).hasSameHashCodeAs(new SqlValue.Binary(new byte[] {1, 2, 3}));
    }

    @Test
    void doublesCompareBitForBit() {
        assertThat(new SqlValue.Double(Double.NaN)).isEqualTo(new SqlValue.Double(Double.NaN));
        assertThat(new SqlValue.Double(0.0)).isNotEqualTo(new SqlValue.Double(-0.0));
    }
}
