package paxosql.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a statement into tokens the way H2 2.5's tokenizer does — nested block comments,
 * {@code --} and {@code //} line comments, {@code '…'}, {@code N'…'}, {@code X'…'},
 * {@code U&'…'} and {@code $$…$$} strings, {@code "…"} and {@code `…`} quoted identifiers —
 * so that nothing H2 would execute hides in what looks like a comment or a string.
 * Each token keeps its position in the text (for splicing). The replica's own guard
 * ({@code paxosql.replica.state.StatementGuard}) tokenizes with it too.
 */
public final class SqlTokens {

    public enum Type { WORD, QUOTED, SYMBOL, LITERAL, UNICODE_QUOTED }

    /**
     * @param upper a word or quoted identifier in upper case, or the symbol
     * @param start offset of the first character in the text
     * @param end   offset after the last character
     */
    public record Token(Type type, String upper, int start, int end) {
        boolean isSymbol(char c) {
            return type == Type.SYMBOL && upper.length() == 1 && upper.charAt(0) == c;
        }

        boolean isWord(String w) {
            return type == Type.WORD && upper.equals(w);
        }
    }

    /** A statement that does not tokenize: an unterminated string, comment or quoted identifier. */
    public static final class Unterminated extends Exception {
        private static final long serialVersionUID = 1L;

        Unterminated(String message) {
            super(message, null, false, false);
        }
    }

    private SqlTokens() {}

    static boolean word(List<Token> tokens, int i, String w) {
        return i >= 0 && i < tokens.size() && tokens.get(i).isWord(w);
    }

    static boolean symbol(List<Token> tokens, int i, char c) {
        return i >= 0 && i < tokens.size() && tokens.get(i).isSymbol(c);
    }

    public static List<Token> tokenize(String sql) throws Unterminated {
        List<Token> out = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            char next = i + 1 < n ? sql.charAt(i + 1) : '\0';
            if (c <= ' ') {
                i++;
            } else if (c == '-' && next == '-' || c == '/' && next == '/') {
                while (i < n && sql.charAt(i) != '\n' && sql.charAt(i) != '\r') i++;
            } else if (c == '/' && next == '*') {
                i = skipBlockComment(sql, i);
            } else if (c == '\'') {
                int start = i;
                i = skipString(sql, i);
                out.add(new Token(Type.LITERAL, "'", start, i));
            } else if ((c == 'N' || c == 'n' || c == 'X' || c == 'x') && next == '\'') {
                int start = i;
                i = skipString(sql, i + 1);
                out.add(new Token(Type.LITERAL, "'", start, i));
            } else if ((c == 'U' || c == 'u') && next == '&' && i + 2 < n && (sql.charAt(i + 2) == '"' || sql.charAt(i + 2) == '\'')) {
                int start = i;
                if (sql.charAt(i + 2) == '"') {
                    i = skipQuoted(sql, i + 2, '"', new StringBuilder());
                    out.add(new Token(Type.UNICODE_QUOTED, "U&\"", start, i));
                } else {
                    i = skipString(sql, i + 2);
                    out.add(new Token(Type.LITERAL, "'", start, i));
                }
            } else if (c == '"' || c == '`') {
                int start = i;
                StringBuilder id = new StringBuilder();
                i = skipQuoted(sql, i, c, id);
                out.add(new Token(Type.QUOTED, id.toString().toUpperCase(Locale.ROOT), start, i));
            } else if (c == '$') {
                int start = i;
                if (next == '$') {
                    int close = sql.indexOf("$$", i + 2);
                    if (close < 0) throw new Unterminated("unterminated $$ string starting at position " + (i + 1));
                    i = close + 2;
                    out.add(new Token(Type.LITERAL, "'", start, i));
                } else {
                    i++;
                    while (i < n && Character.isDigit(sql.charAt(i))) i++;
                    out.add(new Token(Type.LITERAL, "?", start, i));
                }
            } else if (c >= '0' && c <= '9' || c == '.' && next >= '0' && next <= '9') {
                int start = i;
                i++;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.' || sql.charAt(i) == '_')) i++;
                out.add(new Token(Type.LITERAL, "0", start, i));
            } else {
                int cp = sql.codePointAt(i);
                if (Character.isSpaceChar(cp)) {
                    i += Character.charCount(cp);
                } else if (Character.isJavaIdentifierStart(cp)) {
                    int start = i;
                    i += Character.charCount(cp);
                    while (i < n) {
                        int p = sql.codePointAt(i);
                        if (!Character.isJavaIdentifierPart(p)) break;
                        i += Character.charCount(p);
                    }
                    out.add(new Token(Type.WORD, sql.substring(start, i).toUpperCase(Locale.ROOT), start, i));
                } else {
                    out.add(new Token(Type.SYMBOL, new String(Character.toChars(cp)), i, i + Character.charCount(cp)));
                    i += Character.charCount(cp);
                }
            }
        }
        return out;
    }

    private static int skipQuoted(String sql, int start, char quote, StringBuilder id) throws Unterminated {
        int n = sql.length();
        int i = start + 1;
        while (true) {
            int close = sql.indexOf(quote, i);
            if (close < 0) throw new Unterminated("unterminated quoted identifier starting at position " + (start + 1));
            id.append(sql, i, close);
            i = close + 1;
            if (i < n && sql.charAt(i) == quote) {
                id.append(quote);
                i++;
            } else {
                return i;
            }
        }
    }

    /** Block comments nest, as in H2. */
    private static int skipBlockComment(String sql, int start) throws Unterminated {
        int n = sql.length();
        int i = start + 2;
        int level = 1;
        while (level > 0) {
            if (i >= n - 1) throw new Unterminated("unterminated comment starting at position " + (start + 1));
            char c = sql.charAt(i);
            char next = sql.charAt(i + 1);
            if (c == '*' && next == '/') {
                level--;
                i += 2;
            } else if (c == '/' && next == '*') {
                level++;
                i += 2;
            } else {
                i++;
            }
        }
        return i;
    }

    /** A '…' string with '' escapes; {@code start} is at the opening quote. */
    private static int skipString(String sql, int start) throws Unterminated {
        int n = sql.length();
        int i = start + 1;
        while (true) {
            int close = sql.indexOf('\'', i);
            if (close < 0) throw new Unterminated("unterminated string starting at position " + (start + 1));
            i = close + 1;
            if (i < n && sql.charAt(i) == '\'') {
                i++;
            } else {
                return i;
            }
        }
    }
}
