package paxosql.driver.protocol;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class JdbcValuesTest {
    private Connection conn;

    @BeforeEach
    void open() throws SQLException {
        conn = DriverManager.getConnection("jdbc:h2:mem:jdbcvalues" + System.nanoTime(), "SA", "");
    }

    @AfterEach
    void close() throws SQLException {
        conn.close();
    }

    private static final String COLUMNS = "B BOOLEAN, I INTEGER, L BIGINT, D NUMERIC(20, 4), F DOUBLE PRECISION, S VARCHAR, "
            + "C CLOB, X VARBINARY, BL BLOB, DT DATE, T TIME(9), TS TIMESTAMP(9), TZ TIMESTAMP(9) WITH TIME ZONE, U UUID";

    private static List<SqlValue> sample() {
        return List.of(new SqlValue.Bool(true), new SqlValue.Int(-42), new SqlValue.BigInt(1L << 40),
                new SqlValue.Decimal(new BigDecimal("12345.6789")), new SqlValue.Double(-2.5), new SqlValue.Text("ünïcödé"),
                new SqlValue.Text("a clob"), new SqlValue.Binary(new byte[] {1, 2, 3}), new SqlValue.Binary(new byte[] {4, 5}),
                new SqlValue.Date(LocalDate.of(1999, 12, 31)), new SqlValue.Time(LocalTime.of(23, 1, 2, 123_456_789)),
                new SqlValue.Timestamp(LocalDateTime.of(2001, 2, 3, 4, 5, 6, 7)),
                new SqlValue.TimestampTz(OffsetDateTime.of(2001, 2, 3, 4, 5, 6, 7, ZoneOffset.ofHoursMinutes(5, 30))),
                new SqlValue.Uuid(UUID.fromString("123e4567-e89b-12d3-a456-426614174000")));
    }

    private List<SqlValue> roundTrip(List<SqlValue> values) throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE V(" + COLUMNS + ")");
        }
        String marks = String.join(", ", java.util.Collections.nCopies(values.size(), "?"));
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO V VALUES (" + marks + ")")) {
            for (int i = 0; i < values.size(); i++) JdbcValues.bind(ps, i + 1, values.get(i));
            ps.executeUpdate();
        }
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM V")) {
            ResultSetMetaData md = rs.getMetaData();
            assertThat(rs.next()).isTrue();
            List<SqlValue> out = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                out.add(JdbcValues.read(rs, i, md.getColumnType(i), md.getColumnTypeName(i)));
            }
            return out;
        }
    }

    @Test
    void everyTypeBindsAndReadsBack() throws SQLException {
        assertThat(roundTrip(sample())).isEqualTo(sample());
    }

    @Test
    void nullsReadBackTypedByTheirColumn() throws SQLException {
        List<SqlValue> nulls = new ArrayList<>();
        for (int i = 0; i < sample().size(); i++) nulls.add(SqlValue.Null.UNTYPED);
        List<SqlValue> back = roundTrip(nulls);
        assertThat(back).allMatch(v -> v instanceof SqlValue.Null);
        assertThat(back.get(0)).isEqualTo(new SqlValue.Null(Types.BOOLEAN));
        assertThat(back.get(2)).isEqualTo(new SqlValue.Null(Types.BIGINT));
    }

    @Test
    void dateTimesDoNotDependOnTheJvmTimeZone() throws SQLException {
        TimeZone saved = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
            assertThat(roundTrip(sample())).isEqualTo(sample());
        } finally {
            TimeZone.setDefault(saved);
        }
    }

    @Test
    void unmodelledTypesTravelAsTheirTextAndJavaObjectsAsBytes() throws SQLException {
        try (Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT ARRAY[1, 2], JSON '{\"a\":1}', INTERVAL '2' DAY, CAST(X'ACED' AS JAVA_OBJECT)")) {
            ResultSetMetaData md = rs.getMetaData();
            rs.next();
            List<SqlValue> out = new ArrayList<>();
            for (int i = 1; i <= 4; i++) out.add(JdbcValues.read(rs, i, md.getColumnType(i), md.getColumnTypeName(i)));
            assertThat(out).containsExactly(new SqlValue.Text("[1, 2]"), new SqlValue.Text("{\"a\":1}"),
                    new SqlValue.Text("INTERVAL '2' DAY"), new SqlValue.Binary(new byte[] {(byte) 0xAC, (byte) 0xED}));
        }
    }
}
