package paxosql.replica.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import paxosql.sql.SqlTokens;
import paxosql.sql.StampFunctions;

/**
 * The state machine's own conservative check of a client statement before H2 sees it,
 * and the classification the state machine needs to apply it safely.
 *
 * <p>This is a second wall, not the SQL front end (that one parses with Calcite and
 * rewrites non-deterministic functions on the leader; DESIGN.md § SQL front end). It
 * tokenizes the statement the way H2 2.5's tokenizer does — nested block comments,
 * {@code --} and {@code //} line comments, {@code '…'}, {@code N'…'}, {@code X'…'} and
 * {@code $$…$$} strings, {@code "…"} and {@code `…`} quoted identifiers, {@code $} inside
 * identifiers — so that nothing H2 would execute hides from it in what it takes for a
 * comment or a string. Then it refuses:
 * <ul>
 *   <li>with SQLState {@code 42501}: anything that reaches the replica's file system, loads
 *   or runs code, or touches what belongs to the replica — {@code FILE_READ},
 *   {@code FILE_WRITE}, {@code CSVREAD}, {@code CSVWRITE}, {@code LINK_SCHEMA},
 *   {@code RUNSCRIPT}, {@code DATABASE_PATH} and the {@code PAXOSQL_META} schema anywhere in
 *   the text (even inside a string or comment: conservative); the {@code PAXOSQL} schema of
 *   the stamp functions as a name; the statements
 *   {@code SCRIPT}, {@code BACKUP}, {@code LOAD}, {@code SHUTDOWN}, {@code CHECKPOINT},
 *   {@code EXECUTE IMMEDIATE}, {@code ANALYZE}, {@code DROP ALL OBJECTS},
 *   {@code CREATE|DROP|ALTER ROLE}, every form of {@code CREATE|ALTER|DROP USER},
 *   {@code GRANT} and {@code REVOKE} other than those {@link Users} accepts (which become
 *   {@link Kind#ADMIN_ONLY}: the state machine checks at apply time that the session's
 *   user is an admin), {@code CREATE ALIAS},
 *   {@code CREATE TRIGGER}, {@code CREATE AGGREGATE}, {@code CREATE LINKED TABLE}, a table
 *   {@code ENGINE}; and every {@code SET} except the session settings that replicate
 *   ({@code SET SCHEMA}, {@code SET SCHEMA_SEARCH_PATH}, {@code SET TIME ZONE},
 *   {@code SET @variable});</li>
 *   <li>with SQLState {@code 0A000}: what the state machine cannot apply identically on
 *   every replica and across restarts — more than one statement per command, explicit
 *   transaction control ({@code COMMIT}, {@code ROLLBACK}, {@code SAVEPOINT}, …: each
 *   command is its own transaction until the driver's transactions arrive), temporary and
 *   {@code NOT PERSISTENT} tables, session-scoped sequence state ({@code CURRVAL},
 *   {@code CURRENT VALUE FOR}), functions that report this replica's process
 *   ({@code SESSION_ID()}, {@code TRANSACTION_ID()}, {@code MEMORY_FREE()},
 *   {@code MEMORY_USED()}, {@code DISK_SPACE_USED()}), Unicode-escaped identifiers
 *   ({@code U&"…"}, which could spell any name), unterminated strings or comments, and
 *   views that change anything when read ({@code NEXT VALUE FOR}, a data change delta table
 *   such as {@code FINAL TABLE (INSERT …)}, {@code FOR UPDATE}, {@code SET(@v, …)}, {@code @v := …}: see
 *   {@link #writeConstruct}), because reads outside the log expand views on one replica only.</li>
 * </ul>
 * A word that is refused may still be an innocent identifier (a column named
 * {@code ENGINE} in the wrong place, a string mentioning {@code FILE_READ}); such a
 * statement is refused too. Behind this check, client sessions run as an H2 user without
 * admin rights, which H2 itself stops from using any of the file and code features.
 */
final class StatementGuard {

    /** How the state machine must run an accepted statement. */
    enum Kind {
        /** Runs inside the command's transaction (queries, DML, session settings). */
        TRANSACTIONAL,
        /** H2 may commit it on its own (DDL and anything unrecognised): recorded before it runs. */
        AUTO_COMMITTING,
        /**
         * A statement on users or rights ({@link Users}): only for sessions whose user is an
         * admin, run through the replica's admin connection, recorded before it runs like DDL.
         */
        ADMIN_ONLY,
        /** Refused; see {@link Verdict#sqlState()} and {@link Verdict#message()}. */
        REFUSED
    }

    /**
     * @param mayChangeSessionState true when the statement may change session state that
     *                              must survive a restart (schema, search path, time zone, variables)
     * @param users                 for {@link Kind#ADMIN_ONLY}: the statement on users or rights, parsed
     */
    record Verdict(Kind kind, boolean mayChangeSessionState, String sqlState, String message, Users.Statement users) {
        Verdict(Kind kind, boolean mayChangeSessionState, String sqlState, String message) {
            this(kind, mayChangeSessionState, sqlState, message, null);
        }

        static Verdict refuse(String sqlState, String message) {
            return new Verdict(Kind.REFUSED, false, sqlState, message);
        }

        boolean refused() { return kind == Kind.REFUSED; }

        /** True when H2 may commit the statement on its own, so it runs under the DDL-running record. */
        boolean autoCommits() { return kind == Kind.AUTO_COMMITTING || kind == Kind.ADMIN_ONLY; }
    }

    static final String FORBIDDEN = "42501";
    static final String NOT_SUPPORTED = "0A000";

    /** Refused wherever they appear in the text, even inside strings and comments. */
    private static final List<String> FORBIDDEN_ANYWHERE = List.of(
            "FILE_READ", "FILE_WRITE", "CSVREAD", "CSVWRITE", "LINK_SCHEMA", "RUNSCRIPT", "DATABASE_PATH",
            H2StateMachine.META_SCHEMA);

    private static final Set<String> FORBIDDEN_STATEMENTS = Set.of(
            "SCRIPT", "BACKUP", "LOAD", "SHUTDOWN", "CHECKPOINT", "EXECUTE", "ANALYZE", "RUNSCRIPT");

    private static final Set<String> TRANSACTION_CONTROL = Set.of(
            "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "BEGIN", "START", "PREPARE", "END");

    private static final Set<String> TRANSACTIONAL_STATEMENTS = Set.of(
            "SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "VALUES", "TABLE", "WITH", "CALL", "EXPLAIN", "SHOW", "HELP");

    /** Words that may sit between CREATE and the kind of object it creates. */
    private static final Set<String> CREATE_MODIFIERS = Set.of(
            "OR", "REPLACE", "FORCE", "LOCAL", "GLOBAL", "TEMPORARY", "TEMP", "MEMORY", "CACHED", "UNIQUE", "HASH",
            "SPATIAL", "PRIMARY", "KEY", "NULLS", "DISTINCT", "NOT");

    private static final Set<String> FORBIDDEN_OBJECTS = Set.of("ALIAS", "TRIGGER", "AGGREGATE", "LINKED", "USER", "ROLE");

    private static final String USER_FORMS = "only CREATE USER, ALTER USER, DROP USER and GRANT/REVOKE of table rights "
            + "are accepted, from admin users";

    private static final Set<String> LOCAL_STATE_FUNCTIONS = Set.of(
            "SESSION_ID", "TRANSACTION_ID", "MEMORY_FREE", "MEMORY_USED", "DISK_SPACE_USED");

    private StatementGuard() {}

    static Verdict check(String sql) {
        String upper = sql.toUpperCase(Locale.ROOT);
        for (String name : FORBIDDEN_ANYWHERE) {
            if (upper.contains(name)) {
                return Verdict.refuse(FORBIDDEN, name.equals(H2StateMachine.META_SCHEMA)
                        ? "the " + name + " schema belongs to the replica; client statements may not name it"
                        : name + " is refused: it would reach the replica's file system");
            }
        }
        List<Token> tokens;
        try {
            tokens = tokenize(sql);
        } catch (Refusal r) {
            return r.verdict;
        }
        if (tokens.isEmpty()) return new Verdict(Kind.TRANSACTIONAL, false, null, null);
        String tooComplex = tooComplex(tokens);
        if (tooComplex != null) return Verdict.refuse(TOO_COMPLEX, tooComplex);

        boolean sessionState = false;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.isSymbol(';') && i < tokens.size() - 1) {
                return Verdict.refuse(NOT_SUPPORTED, "one statement per command: found more after ';'");
            }
            if (t.isSymbol('@')) sessionState = true;
            if (t.type == TokenType.WORD || t.type == TokenType.QUOTED) {
                String w = t.upper;
                if (t.text.toUpperCase(Locale.ROOT).equals(StampFunctions.SCHEMA) && (t.type == TokenType.WORD || t.text.equals(StampFunctions.SCHEMA))) {
                    return Verdict.refuse(FORBIDDEN, "the " + StampFunctions.SCHEMA + " schema belongs to the replica (its functions "
                            + "stand in for the non-deterministic ones); client statements may not name it");
                }
                boolean call = i + 1 < tokens.size() && tokens.get(i + 1).isSymbol('(');
                if (call && LOCAL_STATE_FUNCTIONS.contains(w)) {
                    return Verdict.refuse(NOT_SUPPORTED, w + "() reports this replica's own process and would differ between replicas");
                }
                if ((call && w.equals("CURRVAL")) || (w.equals("CURRENT") && word(tokens, i + 1, "VALUE") && word(tokens, i + 2, "FOR"))) {
                    return Verdict.refuse(NOT_SUPPORTED, "the current value of a sequence is session state that does not survive a "
                            + "replica restart; use the generated keys of the statement that took it");
                }
                if (w.equals("NOT") && word(tokens, i + 1, "PERSISTENT")) {
                    return Verdict.refuse(NOT_SUPPORTED, "NOT PERSISTENT tables lose their rows when a replica restarts");
                }
            }
        }

        Token first = tokens.get(0);
        if (first.isSymbol('(')) return new Verdict(Kind.TRANSACTIONAL, sessionState, null, null);
        if (first.type != TokenType.WORD) return new Verdict(Kind.AUTO_COMMITTING, sessionState, null, null);
        String verb = first.upper;
        if (FORBIDDEN_STATEMENTS.contains(verb)) {
            return Verdict.refuse(FORBIDDEN, verb + " is refused: it acts on the replica itself (its files, settings or process)");
        }
        if (verb.equals("GRANT") || verb.equals("REVOKE")) return Users.check(tokens);
        if ((verb.equals("CREATE") || verb.equals("ALTER") || verb.equals("DROP")) && word(tokens, 1, "USER")) {
            return Users.check(tokens);
        }
        if (TRANSACTION_CONTROL.contains(verb)) {
            return Verdict.refuse(NOT_SUPPORTED, verb + ": explicit transaction control is not supported yet; every command "
                    + "is its own transaction");
        }
        if (verb.equals("DECLARE")) {
            return Verdict.refuse(NOT_SUPPORTED, "temporary tables lose their rows when a replica restarts");
        }
        if (verb.equals("SET")) return checkSet(tokens);
        if (verb.equals("USE")) return new Verdict(Kind.TRANSACTIONAL, true, null, null);
        if (TRANSACTIONAL_STATEMENTS.contains(verb)) return new Verdict(Kind.TRANSACTIONAL, sessionState, null, null);

        if (verb.equals("CREATE")) {
            for (int i = 1; i < tokens.size() && tokens.get(i).type == TokenType.WORD; i++) {
                String w = tokens.get(i).upper;
                if (FORBIDDEN_OBJECTS.contains(w)) {
                    return Verdict.refuse(FORBIDDEN, "CREATE " + w + " is refused: " + (w.equals("USER") || w.equals("ROLE")
                            ? USER_FORMS : "it would load code or reach outside the database"));
                }
                if (w.equals("VIEW")) {
                    String writes = writeConstruct(tokens);
                    if (writes != null) {
                        return Verdict.refuse(NOT_SUPPORTED, "a view may not use " + writes + ": a view is expanded by reads "
                                + "outside the log, on one replica only, where changing anything would make replicas diverge");
                    }
                }
                if (w.equals("TEMPORARY") || w.equals("TEMP") || w.equals("LOCAL") || w.equals("GLOBAL")) {
                    return Verdict.refuse(NOT_SUPPORTED, "temporary tables lose their rows when a replica restarts");
                }
                if (!CREATE_MODIFIERS.contains(w)) break;
            }
            int depth = 0;
            for (int i = 1; i < tokens.size(); i++) {
                Token t = tokens.get(i);
                if (t.isSymbol('(')) depth++;
                else if (t.isSymbol(')')) depth--;
                else if (depth == 0 && t.type == TokenType.WORD && t.upper.equals("ENGINE") && i + 1 < tokens.size()
                        && (tokens.get(i + 1).type == TokenType.WORD || tokens.get(i + 1).type == TokenType.QUOTED)) {
                    return Verdict.refuse(FORBIDDEN, "a table ENGINE is refused: it would load code");
                }
            }
        }
        if ((verb.equals("DROP") || verb.equals("ALTER")) && tokens.size() > 1 && tokens.get(1).type == TokenType.WORD) {
            String object = tokens.get(1).upper;
            if (object.equals("USER") || object.equals("ROLE")) {
                return Verdict.refuse(FORBIDDEN, verb + " " + object + " is refused: " + USER_FORMS);
            }
            if (verb.equals("DROP") && object.equals("ALL")) {
                return Verdict.refuse(FORBIDDEN, "DROP ALL OBJECTS is refused: it would drop the replica's own tables");
            }
        }
        return new Verdict(Kind.AUTO_COMMITTING, sessionState, null, null);
    }

    /** Nesting (parentheses and CASE) deeper than this is refused. */
    static final int MAX_NESTING = 128;
    /** More set operators (UNION, INTERSECT, EXCEPT, MINUS) in one statement than this are refused. */
    static final int MAX_SET_OPERATORS = 256;
    static final String TOO_COMPLEX = "54001";

    /**
     * Why the statement is too complex to run, or null. H2 parses and evaluates nested
     * expressions, CASEs and chains of set operators recursively: past a depth that depends
     * on the thread's stack (and on what the JIT compiled so far) it fails with a
     * StackOverflowError, which would differ between replicas or stop the apply thread. A
     * limit on the text, far below that depth, gives the same answer everywhere.
     */
    private static String tooComplex(List<Token> tokens) {
        int depth = 0;
        int deepest = 0;
        int setOperators = 0;
        for (Token t : tokens) {
            if (t.isSymbol('(') || t.type == TokenType.WORD && t.upper.equals("CASE")) {
                deepest = Math.max(deepest, ++depth);
            } else if (t.isSymbol(')') || t.type == TokenType.WORD && t.upper.equals("END")) {
                depth--;
            } else if (t.type == TokenType.WORD && SET_OPERATORS.contains(t.upper)) {
                setOperators++;
            }
        }
        if (deepest > MAX_NESTING) {
            return "the statement nests parentheses and CASE expressions " + deepest + " levels deep; at most " + MAX_NESTING
                    + " are accepted";
        }
        if (setOperators > MAX_SET_OPERATORS) {
            return "the statement has " + setOperators + " UNION/INTERSECT/EXCEPT operators; at most " + MAX_SET_OPERATORS
                    + " are accepted (they nest)";
        }
        return null;
    }

    private static final Set<String> SET_OPERATORS = Set.of("UNION", "INTERSECT", "EXCEPT", "MINUS");

    private static Verdict checkSet(List<Token> tokens) {
        if (tokens.size() > 1) {
            Token what = tokens.get(1);
            if (what.isSymbol('@')) return new Verdict(Kind.TRANSACTIONAL, true, null, null);
            if (what.type == TokenType.WORD) {
                String w = what.upper;
                if (w.equals("SCHEMA") || w.equals("SCHEMA_SEARCH_PATH")
                        || w.equals("TIME") && word(tokens, 2, "ZONE")) {
                    return new Verdict(Kind.TRANSACTIONAL, true, null, null);
                }
                return Verdict.refuse(FORBIDDEN, "SET " + w + " is refused: only SET SCHEMA, SET SCHEMA_SEARCH_PATH, "
                        + "SET TIME ZONE and SET @variable replicate; other settings belong to the replica");
            }
        }
        return Verdict.refuse(FORBIDDEN, "this SET is refused: only SET SCHEMA, SET SCHEMA_SEARCH_PATH, SET TIME ZONE and "
                + "SET @variable replicate");
    }

    /**
     * The first construct in a statement that changes data or state, takes a sequence value,
     * locks rows or acts on another session, named for a message; null if there is none.
     * Conservative, on the words alone: what a query read outside the log (and a view, which
     * such a read expands) must not contain. H2's own read-only check misses some of these
     * (a data change delta table, a sequence in a derived table, {@code FOR UPDATE}).
     */
    static String writeConstruct(List<Token> tokens) {
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.isSymbol(':') && i + 1 < tokens.size() && tokens.get(i + 1).isSymbol('=')) return ":= (assigning a variable)";
            if (t.type != TokenType.WORD && t.type != TokenType.QUOTED) continue;
            String w = t.upper;
            boolean call = i + 1 < tokens.size() && tokens.get(i + 1).isSymbol('(');
            if (w.equals("NEXTVAL") || call && WRITING_FUNCTIONS.contains(w)) return w + (call ? "()" : "");
            if (t.type != TokenType.WORD) continue;
            if (w.equals("NEXT") && word(tokens, i + 1, "VALUE") && word(tokens, i + 2, "FOR")) return "NEXT VALUE FOR";
            if ((w.equals("FINAL") || w.equals("OLD") || w.equals("NEW")) && word(tokens, i + 1, "TABLE")) {
                return w + " TABLE (a data change delta table)";
            }
            if (w.equals("FOR") && word(tokens, i + 1, "UPDATE")) return "FOR UPDATE";
        }
        return null;
    }

    /** Built-in functions that change something (H2 2.5: they are not read-only). */
    private static final Set<String> WRITING_FUNCTIONS = Set.of("SET", "ABORT_SESSION", "CANCEL_SESSION", "FILE_WRITE", "CSVWRITE");

    /** The tokens of a statement that {@link #check} accepted (empty if it does not tokenize). */
    static List<Token> tokens(String sql) {
        try {
            return tokenize(sql);
        } catch (Refusal r) {
            return List.of();
        }
    }

    private static boolean word(List<Token> tokens, int i, String w) {
        return i < tokens.size() && tokens.get(i).type == TokenType.WORD && tokens.get(i).upper.equals(w);
    }

    // ------------------------------------------------------------------ tokenizer

    enum TokenType { WORD, QUOTED, SYMBOL, LITERAL }

    /**
     * A token; {@code upper} is the word in upper case (English rules), or the symbol;
     * {@code text} is what the statement spells: a word as written, a quoted identifier's
     * name without its quotes, a literal's source text with its quotes.
     */
    record Token(TokenType type, String upper, String text) {
        boolean isSymbol(char c) { return type == TokenType.SYMBOL && upper.length() == 1 && upper.charAt(0) == c; }
    }

    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        final transient Verdict verdict;

        Refusal(String sqlState, String message) {
            super(message, null, false, false);
            this.verdict = Verdict.refuse(sqlState, message);
        }
    }

    /**
     * The statement's tokens, by the front end's tokenizer ({@link SqlTokens}: H2's rules), each
     * with the text it spells; a Unicode-escaped identifier, which could spell any name, is refused.
     */
    private static List<Token> tokenize(String sql) throws Refusal {
        List<SqlTokens.Token> scanned;
        try {
            scanned = SqlTokens.tokenize(sql);
        } catch (SqlTokens.Unterminated e) {
            throw new Refusal("42000", e.getMessage());
        }
        List<Token> out = new ArrayList<>(scanned.size());
        for (SqlTokens.Token t : scanned) {
            String source = sql.substring(t.start(), t.end());
            switch (t.type()) {
                case WORD: out.add(new Token(TokenType.WORD, t.upper(), source)); break;
                case QUOTED: out.add(new Token(TokenType.QUOTED, t.upper(), unquote(source))); break;
                case LITERAL: out.add(new Token(TokenType.LITERAL, t.upper(), source)); break;
                case SYMBOL: out.add(new Token(TokenType.SYMBOL, t.upper(), source)); break;
                default: throw new Refusal(NOT_SUPPORTED, "Unicode-escaped identifiers (U&\"...\") are not supported");
            }
        }
        return out;
    }

    /** A quoted identifier's name: without its quotes, doubled quotes single. */
    private static String unquote(String quoted) {
        String q = quoted.substring(0, 1);
        return quoted.substring(1, quoted.length() - 1).replace(q + q, q);
    }
}
