package paxosql.sql;

import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses, with SQLState {@code 42501} and a message naming the construct, statements that
 * would reach a replica's file system, load or run code there, or change what belongs to the
 * replica. The front end's wall; the replica keeps its own, on the same words, behind it
 * ({@code paxosql.replica.state.StatementGuard}): this check refuses at least what that one
 * refuses with 42501, except statements on users and rights, which the replica authorizes
 * against the session's user.
 *
 * <p>Conservative: a forbidden name is refused anywhere in the text, even in a string or a
 * comment, and a Unicode-escaped identifier ({@code U&"…"}, which could spell any name) is
 * refused too.
 */
public final class SecurityCheck {

    public static final String FORBIDDEN = "42501";

    /** Refused wherever they appear in the text. */
    private static final List<String> FORBIDDEN_ANYWHERE = List.of(
            "FILE_READ", "FILE_WRITE", "CSVREAD", "CSVWRITE", "LINK_SCHEMA", "RUNSCRIPT", "DATABASE_PATH", "PAXOSQL_META");

    /** Statements (by their first word) that act on the replica's files, settings or process. */
    private static final Set<String> FORBIDDEN_STATEMENTS = Set.of(
            "SCRIPT", "BACKUP", "LOAD", "SHUTDOWN", "CHECKPOINT", "EXECUTE", "ANALYZE", "RUNSCRIPT");

    /** Words that may sit between CREATE and the kind of object it creates. */
    private static final Set<String> CREATE_MODIFIERS = Set.of(
            "OR", "REPLACE", "FORCE", "LOCAL", "GLOBAL", "TEMPORARY", "TEMP", "MEMORY", "CACHED", "UNIQUE", "HASH",
            "SPATIAL", "PRIMARY", "KEY", "NULLS", "DISTINCT", "NOT", "IF", "EXISTS");

    /** Objects whose creation loads or runs code, or reaches outside the database. */
    private static final Set<String> CODE_OBJECTS = Set.of("ALIAS", "TRIGGER", "AGGREGATE", "LINKED");

    private SecurityCheck() {}

    /** Returns normally when the statement may go on; throws 42501 naming the construct otherwise. */
    public static void check(String sql) throws SQLException {
        String upper = sql.toUpperCase(Locale.ROOT);
        for (String name : FORBIDDEN_ANYWHERE) {
            if (upper.contains(name)) {
                throw refuse(name.equals("PAXOSQL_META")
                        ? "the PAXOSQL_META schema belongs to the replica; statements may not name it"
                        : name + " is refused: it would reach the replica's file system");
            }
        }
        List<SqlTokens.Token> tokens;
        try {
            tokens = SqlTokens.tokenize(sql);
        } catch (SqlTokens.Unterminated e) {
            throw new SQLSyntaxErrorException(e.getMessage(), "42000");
        }
        for (SqlTokens.Token t : tokens) {
            if (t.type() == SqlTokens.Type.UNICODE_QUOTED) {
                throw refuse("Unicode-escaped identifiers (U&\"...\") are refused: they could spell any name");
            }
        }
        if (tokens.isEmpty() || tokens.get(0).type() != SqlTokens.Type.WORD) return;
        String verb = tokens.get(0).upper();
        if (FORBIDDEN_STATEMENTS.contains(verb)) {
            String what = verb + (SqlTokens.word(tokens, 1, "TO") ? " TO" : SqlTokens.word(tokens, 1, "IMMEDIATE") ? " IMMEDIATE" : "");
            throw refuse(what + " is refused: it acts on the replica itself (its files, settings or process)");
        }
        if (verb.equals("SET")) checkSet(tokens);
        if (verb.equals("DROP") && SqlTokens.word(tokens, 1, "ALL")) {
            throw refuse("DROP ALL OBJECTS is refused: it would drop the replica's own tables");
        }
        if (verb.equals("CREATE")) checkCreate(tokens);
    }

    private static void checkCreate(List<SqlTokens.Token> tokens) throws SQLException {
        for (int i = 1; i < tokens.size() && tokens.get(i).type() == SqlTokens.Type.WORD; i++) {
            String w = tokens.get(i).upper();
            if (CODE_OBJECTS.contains(w)) {
                String what = "CREATE " + w + (w.equals("LINKED") ? " TABLE" : "");
                if (w.equals("ALIAS")) what += aliasForm(tokens, i);
                if (w.equals("TRIGGER")) what += triggerForm(tokens, i);
                throw refuse(what + " is refused: it would load code or reach outside the database");
            }
            if (!CREATE_MODIFIERS.contains(w)) break;
        }
        int depth = 0;
        for (int i = 1; i < tokens.size(); i++) {
            SqlTokens.Token t = tokens.get(i);
            if (t.isSymbol('(')) depth++;
            else if (t.isSymbol(')')) depth--;
            else if (depth == 0 && t.isWord("ENGINE") && i + 1 < tokens.size()
                    && (tokens.get(i + 1).type() == SqlTokens.Type.WORD || tokens.get(i + 1).type() == SqlTokens.Type.QUOTED)) {
                throw refuse("a table ENGINE is refused: it would load code");
            }
        }
    }

    private static String aliasForm(List<SqlTokens.Token> tokens, int from) {
        for (int i = from; i < tokens.size(); i++) {
            if (tokens.get(i).isWord("AS")) return " ... AS";
            if (tokens.get(i).isWord("FOR")) return " ... FOR";
        }
        return "";
    }

    private static String triggerForm(List<SqlTokens.Token> tokens, int from) {
        for (int i = from; i < tokens.size(); i++) {
            if (tokens.get(i).isWord("CALL")) return " ... CALL";
            if (tokens.get(i).isWord("AS")) return " ... AS";
        }
        return "";
    }

    private static void checkSet(List<SqlTokens.Token> tokens) throws SQLException {
        if (SqlTokens.symbol(tokens, 1, '@')) return;
        if (SqlTokens.word(tokens, 1, "SCHEMA") || SqlTokens.word(tokens, 1, "SCHEMA_SEARCH_PATH")
                || SqlTokens.word(tokens, 1, "TIME") && SqlTokens.word(tokens, 2, "ZONE")) {
            return;
        }
        String w = tokens.size() > 1 ? " " + tokens.get(1).upper() : "";
        throw refuse("SET" + w + " is refused: only SET SCHEMA, SET SCHEMA_SEARCH_PATH, SET TIME ZONE and SET @variable "
                + "replicate; other settings belong to the replica");
    }

    private static SQLException refuse(String message) {
        return new SQLSyntaxErrorException(message, FORBIDDEN);
    }
}
