package paxosql.replica.snapshot;

import org.h2.jdbc.JdbcResultSet;
import org.h2.util.HasSQL;
import org.h2.value.Value;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A row as an SQL row value, {@code (v1, v2, …)}, written by H2 itself from its own
 * values ({@code Value.getSQL}, as its {@code SCRIPT} does): exact for every H2 type —
 * arrays, JSON, intervals, enums, time zones, DECFLOAT, large objects — where the
 * client protocol's {@code SqlValue} carries some types only as text. Equal values give
 * equal text, so a part's bytes depend only on its content.
 *
 * <p>Reads H2's values through {@code JdbcResultSet.getInternal}, an internal of the
 * pinned H2 version (like the state machine's sequence reading); every install verifies
 * the result against the state checksum.
 */
final class RowLiterals {
    private RowLiterals() {}

    static byte[] read(ResultSet rs, int first, int count) throws SQLException {
        JdbcResultSet h2 = rs.unwrap(JdbcResultSet.class);
        StringBuilder b = new StringBuilder(16 * count + 2).append('(');
        for (int i = 0; i < count; i++) {
            if (i > 0) b.append(", ");
            Value v = h2.getInternal(first + i);
            v.getSQL(b, plainLiteral(v.getValueType()) ? HasSQL.NO_CASTS : HasSQL.DEFAULT_SQL_FLAGS);
        }
        return b.append(')').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Types whose literal without a cast converts back to exactly the same value in a column of that type. */
    private static boolean plainLiteral(int type) {
        return switch (type) {
            case Value.NULL, Value.BOOLEAN, Value.TINYINT, Value.SMALLINT, Value.INTEGER, Value.BIGINT, Value.NUMERIC,
                 Value.CHAR, Value.VARCHAR, Value.BINARY, Value.VARBINARY, Value.DATE, Value.TIME, Value.TIMESTAMP,
                 Value.TIMESTAMP_TZ, Value.UUID -> true;
            default -> false;
        };
    }
}
