package paxosql.sql;

import java.sql.SQLException;

/**
 * What the leader does to a client statement before proposing it (DESIGN.md § SQL front
 * end): the security check (42501), then classification and the deterministic rewrite
 * (0A000 when it cannot be made deterministic), on one cache of parsed forms.
 */
public final class SqlFrontend {

    /** A statement ready to be proposed. */
    public record Prepared(StatementKind kind, Rewritten rewritten) {}

    private final ParsedStatements parsed;
    private final StatementClassifier classifier;
    private final DeterministicRewriter rewriter;

    public SqlFrontend() {
        this(10_000);
    }

    public SqlFrontend(long cacheSize) {
        this.parsed = new ParsedStatements(cacheSize);
        this.classifier = new StatementClassifier(parsed);
        this.rewriter = new DeterministicRewriter(parsed);
    }

    public Prepared prepare(String sql, Stamp stamp) throws SQLException {
        SecurityCheck.check(sql);
        return new Prepared(classifier.classify(sql), rewriter.rewrite(sql, stamp));
    }

    public ParsedStatements parsedStatements() {
        return parsed;
    }
}
