package paxosql.sql;

/**
 * Classifies a statement: by Calcite's parse tree where Calcite parses it, by its leading
 * words otherwise. Conservative: what might change anything (a sequence value, a data
 * change delta table, FOR UPDATE) is never a {@link StatementKind#QUERY}, and what is not
 * recognized is {@link StatementKind#UNKNOWN}.
 */
public final class StatementClassifier {

    private final ParsedStatements parsed;

    public StatementClassifier() {
        this(new ParsedStatements(10_000));
    }

    public StatementClassifier(ParsedStatements parsed) {
        this.parsed = parsed;
    }

    public StatementKind classify(String sql) {
        return parsed.get(sql).kind();
    }
}
