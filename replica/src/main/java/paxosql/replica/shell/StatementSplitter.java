package paxosql.replica.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts shell input into SQL statements at the semicolons that end them — not at those
 * inside quotes ('…', "…"), comments (-- …, /* … *&#47;) or H2's $$…$$ strings — so a
 * statement may span lines. Feed lines as they come; complete statements come out.
 */
final class StatementSplitter {
    private final StringBuilder pending = new StringBuilder();

    /** Adds one line of input; returns the statements it completed (without their ';'). */
    List<String> add(String line) {
        if (pending.length() > 0) pending.append('\n');
        pending.append(line);
        List<String> out = new ArrayList<>();
        String text = pending.toString();
        int start = 0;
        int i = 0;
        char quote = 0;
        boolean lineComment = false;
        boolean blockComment = false;
        boolean dollar = false;
        while (i < text.length()) {
            char c = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
            if (lineComment) {
                if (c == '\n') lineComment = false;
            } else if (blockComment) {
                if (c == '*' && next == '/') { blockComment = false; i++; }
            } else if (dollar) {
                if (c == '$' && next == '$') { dollar = false; i++; }
            } else if (quote != 0) {
                if (c == quote) {
                    if (next == quote) i++; // doubled quote inside a literal
                    else quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '-' && next == '-') {
                lineComment = true;
                i++;
            } else if (c == '/' && next == '*') {
                blockComment = true;
                i++;
            } else if (c == '$' && next == '$') {
                dollar = true;
                i++;
            } else if (c == ';') {
                String statement = text.substring(start, i).trim();
                if (!statement.isEmpty()) out.add(statement);
                start = i + 1;
            }
            i++;
        }
        pending.setLength(0);
        String rest = text.substring(start);
        if (!rest.isBlank()) pending.append(rest.stripLeading());
        return out;
    }

    /** True while a statement has begun but not ended. */
    boolean inStatement() { return pending.length() > 0; }

    /** What is left at the end of the input (a last statement without ';'), or empty. */
    String rest() {
        String r = pending.toString().trim();
        pending.setLength(0);
        return r;
    }
}
