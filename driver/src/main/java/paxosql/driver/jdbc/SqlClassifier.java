package paxosql.driver.jdbc;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Tells, conservatively, whether a statement is a query that may be read outside the log
 * (a {@code session} or {@code stale} read). When unsure it says no: the statement then goes
 * through the log, which is always correct, only slower.
 */
final class SqlClassifier {
    private SqlClassifier() {}

    private static final Set<String> QUERY_STARTS = Set.of("SELECT", "WITH", "VALUES", "TABLE", "SHOW", "EXPLAIN");

    /** Words that may make a query change state (or wait for a lock): such statements go through the log. */
    private static final Pattern WRITING = Pattern.compile(
            "\\b(INSERT|UPDATE|DELETE|MERGE|UPSERT|REPLACE|CALL|INTO|NEXT|NEXTVAL|SETVAL|FOR\\s+UPDATE|ANALYZE|CREATE|DROP|ALTER|SET|TRUNCATE|LOCK)\\b",
            Pattern.CASE_INSENSITIVE);

    static boolean isQuery(String sql) {
        String s = stripLeading(sql);
        int end = 0;
        while (end < s.length() && Character.isLetter(s.charAt(end))) end++;
        String first = s.substring(0, end).toUpperCase(Locale.ROOT);
        if (!QUERY_STARTS.contains(first)) return false;
        return !WRITING.matcher(s).find();
    }

    /** {@code sql} without leading white space, comments and opening parentheses. */
    static String stripLeading(String sql) {
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == '(') {
                i++;
            } else if (sql.startsWith("--", i)) {
                int nl = sql.indexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
            } else if (sql.startsWith("/*", i)) {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
            } else {
                break;
            }
        }
        return sql.substring(i);
    }
}
