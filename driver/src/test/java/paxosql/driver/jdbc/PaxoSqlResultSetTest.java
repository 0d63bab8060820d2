package paxosql.driver.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import paxosql.driver.protocol.ExecResult;
import paxosql.driver.protocol.SqlValue;

class PaxoSqlResultSetTest {
    private static ExecResult.Column col(String name, int type, String typeName) {
        return new ExecResult.Column(name, name, type, typeName, 10, 0, true);
    }

    @Test
    void gettersConvertAndReportNulls() throws SQLException {
        UUID u = UUID.randomUUID();
        OffsetDateTime odt = OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(2));
        ExecResult.Rows rows = new ExecResult.Rows(
                List.of(col("I", Types.INTEGER, "INTEGER"), col("S", Types.VARCHAR, "CHARACTER VARYING"),
                        col("D", Types.NUMERIC, "NUMERIC"), col("TS", Types.TIMESTAMP, "TIMESTAMP"),
                        col("TZ", Types.TIMESTAMP_WITH_TIMEZONE, "TIMESTAMP WITH TIME ZONE"), col("U", Types.BINARY, "UUID")),
                List.of(List.of(new SqlValue.Int(7), new SqlValue.Text("x"), new SqlValue.Decimal(new BigDecimal("1.50")),
                                new SqlValue.Timestamp(LocalDateTime.of(2026, 1, 2, 3, 4)), new SqlValue.TimestampTz(odt), new SqlValue.Uuid(u)),
                        List.of(new SqlValue.Null(Types.INTEGER), new SqlValue.Null(Types.VARCHAR), new SqlValue.Null(Types.NUMERIC),
                                new SqlValue.Null(Types.TIMESTAMP), new SqlValue.Null(Types.TIMESTAMP_WITH_TIMEZONE),
                                new SqlValue.Null(Types.BINARY))));
        PaxoSqlResultSet rs = new PaxoSqlResultSet(null, rows);
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(7);
        assertThat(rs.getLong("i")).isEqualTo(7L);
        assertThat(rs.getString(1)).isEqualTo("7");
        assertThat(rs.getString("S")).isEqualTo("x");
        assertThat(rs.getBigDecimal("D")).isEqualByComparingTo("1.5");
        assertThat(rs.getDouble("D")).isEqualTo(1.5);
        assertThat(rs.getTimestamp("TS").toLocalDateTime()).isEqualTo(LocalDateTime.of(2026, 1, 2, 3, 4));
        assertThat(rs.getObject("TS", LocalDate.class)).isEqualTo(LocalDate.of(2026, 1, 2));
        assertThat(rs.getObject("TZ", OffsetDateTime.class)).isEqualTo(odt);
        assertThat(rs.getObject(6, UUID.class)).isEqualTo(u);
        assertThat(rs.getObject(6)).isEqualTo(u);
        assertThat(rs.wasNull()).isFalse();
        assertThatThrownBy(() -> rs.getInt("S")).isInstanceOfSatisfying(SQLException.class,
                e -> assertThat(e.getSQLState()).isEqualTo("22018"));
        assertThatThrownBy(() -> rs.getInt("NOPE")).isInstanceOf(SQLException.class).hasMessageContaining("NOPE");
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isZero();
        assertThat(rs.wasNull()).isTrue();
        assertThat(rs.getString(2)).isNull();
        assertThat(rs.getObject(5, OffsetDateTime.class)).isNull();
        assertThat(rs.wasNull()).isTrue();
        assertThat(rs.next()).isFalse();
        assertThat(rs.getMetaData().getColumnCount()).isEqualTo(6);
        assertThat(rs.getMetaData().getColumnClassName(6)).isEqualTo(UUID.class.getName());
        rs.close();
        assertThatThrownBy(rs::next).isInstanceOf(SQLException.class);
    }

    @Test
    void unsupportedMethodsSayWhatIsNotSupported() {
        PaxoSqlResultSet rs = new PaxoSqlResultSet(null, new ExecResult.Rows(List.of(), List.of()));
        assertThatThrownBy(rs::previous).isInstanceOfSatisfying(java.sql.SQLFeatureNotSupportedException.class,
                e -> assertThat(e.getSQLState()).isEqualTo("0A000"));
    }
}
