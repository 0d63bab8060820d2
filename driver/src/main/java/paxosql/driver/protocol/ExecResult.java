package paxosql.driver.protocol;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of one {@link ClientRequest}, as the replica that executed it reports it
 * to the client. Every replica computes the same result for the same command.
 *
 * <p>Encoded with {@link PayloadCodec}.
 */
public sealed interface ExecResult {

    /** A query's result: column descriptions and rows, each row with one value per column. */
    record Rows(List<Column> columns, List<List<SqlValue>> rows) implements ExecResult {
        public Rows {
            columns = List.copyOf(columns);
            rows = rows.stream().map(List::copyOf).toList();
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i).size() != columns.size()) {
                    throw new IllegalArgumentException("row " + i + " has " + rows.get(i).size() + " values for "
                            + columns.size() + " columns");
                }
            }
        }
    }

    /**
     * An updating statement's row count and the keys it generated (one list per generated row).
     *
     * @param keyNames the generated keys' column names, or empty when not known
     */
    record UpdateCount(long count, List<List<SqlValue>> generatedKeys, List<String> keyNames) implements ExecResult {
        public UpdateCount {
            generatedKeys = generatedKeys.stream().map(List::copyOf).toList();
            keyNames = List.copyOf(keyNames);
            for (List<SqlValue> row : generatedKeys) {
                if (!keyNames.isEmpty() && row.size() != keyNames.size()) {
                    throw new IllegalArgumentException("a generated key row has " + row.size() + " values for " + keyNames.size() + " names");
                }
            }
        }

        public UpdateCount(long count, List<List<SqlValue>> generatedKeys) { this(count, generatedKeys, List.of()); }

        public UpdateCount(long count) { this(count, List.of()); }
    }

    /**
     * A statement or request that failed; nothing it did remains.
     *
     * @param sqlState   the SQLState (H2's for statement errors)
     * @param vendorCode H2's error code, 0 for failures the replica reports itself
     */
    record Failure(String sqlState, int vendorCode, String message) implements ExecResult {
        public Failure {
            Objects.requireNonNull(sqlState, "sqlState");
            Objects.requireNonNull(message, "message");
        }
    }

    /** A request that succeeded and has nothing to report (open or close a session). */
    record Ok() implements ExecResult {
        public static final Ok INSTANCE = new Ok();
    }

    /**
     * One result column, as {@link java.sql.ResultSetMetaData} describes it.
     *
     * @param jdbcType a {@link java.sql.Types} code
     * @param nullable false only when the column is known not to hold NULL
     */
    record Column(String label, String name, int jdbcType, String typeName, int precision, int scale, boolean nullable) {
        public Column {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(typeName, "typeName");
        }
    }
}
