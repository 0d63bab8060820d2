package paxosql.sql;

import java.util.List;

/**
 * A statement made deterministic.
 *
 * @param sql      the original text with each non-deterministic call replaced by a literal
 * @param replaced the calls replaced, as the original text spelled them, in text order
 */
public record Rewritten(String sql, List<String> replaced) {
    public Rewritten {
        replaced = List.copyOf(replaced);
    }
}
