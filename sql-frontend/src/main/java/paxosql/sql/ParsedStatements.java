package paxosql.sql;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;

/** The parsed forms of statements, by SQL text (Caffeine, bounded). Thread-safe. */
public final class ParsedStatements {

    private final Cache<String, ParsedStatement> cache;

    public ParsedStatements(long maximumSize) {
        this.cache = Caffeine.newBuilder().maximumSize(maximumSize).recordStats().build();
    }

    ParsedStatement get(String sql) {
        return cache.get(sql, StatementAnalyzer::analyze);
    }

    /** Hits and misses (a miss is one parse). */
    public CacheStats stats() {
        return cache.stats();
    }
}
