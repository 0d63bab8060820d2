package paxosql.sql;

import java.util.List;

/**
 * What the front end learned from a statement's text, independent of any stamp: its kind,
 * where the non-deterministic calls sit (to splice literals there), or why it is refused.
 * Immutable; cached by SQL text ({@link ParsedStatements}).
 *
 * @param kind           the statement's kind
 * @param sites          the calls to replace, in text order, not overlapping
 * @param refusalState   null when the statement may be rewritten; otherwise the SQLState to refuse it with
 * @param refusalMessage the message naming the construct, when refused
 * @param parsed         true when Calcite parsed the statement (false: the conservative token check decided)
 */
record ParsedStatement(StatementKind kind, List<Site> sites, String refusalState, String refusalMessage, boolean parsed) {

    /**
     * A call to replace: the text between {@code start} (inclusive) and {@code end}
     * (exclusive) becomes a literal for {@code function}.
     *
     * @param precision fractional seconds precision written in the call, or -1
     * @param version   UUID version asked for (4 or 7)
     */
    record Site(int start, int end, Nondeterminism.Function function, int precision, int version) {}

    static ParsedStatement refused(StatementKind kind, String state, String message, boolean parsed) {
        return new ParsedStatement(kind, List.of(), state, message, parsed);
    }
}
