package paxosql.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;

import paxosql.sql.Nondeterminism.Function;
import paxosql.sql.ParsedStatement.Site;
import paxosql.sql.SqlTokens.Token;
import paxosql.sql.SqlTokens.Type;

/**
 * Parses a statement once, for any stamp: with Calcite's core parser where it can (the
 * non-deterministic calls are found in the tree and located in the original text by parser
 * position, then by the token that starts there), otherwise with a conservative scan of the
 * tokens that refuses every non-deterministic name it sees.
 */
final class StatementAnalyzer {

    static final String NOT_SUPPORTED = "0A000";
    static final String SYNTAX_ERROR = "42000";

    /** Calcite cannot parse {@code UUID(} (a keyword): it is parsed under this name of the same length. */
    private static final String UUID_STAND_IN = "UUIX";

    private static final SqlParser.Config CONFIG = SqlParser.config();

    private static final Set<String> QUERY_WORDS = Set.of("SELECT", "VALUES", "TABLE", "SHOW", "HELP");
    private static final Set<String> DML_WORDS = Set.of("INSERT", "UPDATE", "DELETE", "MERGE", "REPLACE", "UPSERT");
    private static final Set<String> DDL_WORDS = Set.of("CREATE", "ALTER", "DROP", "TRUNCATE", "COMMENT", "GRANT", "REVOKE");
    private static final Set<String> TRANSACTION_WORDS = Set.of(
            "COMMIT", "ROLLBACK", "BEGIN", "START", "SAVEPOINT", "RELEASE", "END", "PREPARE");

    private StatementAnalyzer() {}

    static ParsedStatement analyze(String sql) {
        List<Token> tokens;
        try {
            tokens = SqlTokens.tokenize(sql);
        } catch (SqlTokens.Unterminated e) {
            return ParsedStatement.refused(StatementKind.UNKNOWN, SYNTAX_ERROR, e.getMessage(), false);
        }
        int count = tokens.size();
        while (count > 0 && tokens.get(count - 1).isSymbol(';')) count--;
        tokens = tokens.subList(0, count);
        if (tokens.isEmpty()) return ParsedStatement.refused(StatementKind.UNKNOWN, SYNTAX_ERROR, "empty statement", false);
        StatementKind byWords = classifyByWords(tokens);
        for (Token t : tokens) {
            if (t.isSymbol(';')) {
                return ParsedStatement.refused(byWords, NOT_SUPPORTED, "one statement per command: found more after ';'", false);
            }
        }
        String text = sql.substring(0, tokens.get(count - 1).end());
        SqlNode node;
        try {
            node = SqlParser.create(forCalcite(text, tokens), CONFIG).parseStmt();
        } catch (SqlParseException | RuntimeException e) {
            node = null;
        }
        try {
            if (node == null) {
                List<Site> sites = new ArrayList<>();
                scan(text, tokens, sites, byWords, true);
                return new ParsedStatement(byWords, List.copyOf(sites), null, null, false);
            }
            StatementKind kind = classify(node, byWords, tokens);
            Collector collector = new Collector(text, tokens, node.getKind().belongsTo(SqlKind.DML));
            node.accept(collector);
            List<Site> sites = collector.sites;
            sites.sort((a, b) -> Integer.compare(a.start(), b.start()));
            for (int i = 1; i < sites.size(); i++) {
                if (sites.get(i).start() < sites.get(i - 1).end()) throw new Refusal("nested non-deterministic calls");
            }
            scan(text, tokens, sites, kind, false);
            return new ParsedStatement(kind, List.copyOf(sites), null, null, true);
        } catch (Refusal r) {
            return ParsedStatement.refused(node == null ? byWords : classify(node, byWords, tokens), NOT_SUPPORTED,
                    r.getMessage(), node != null);
        }
    }

    private static String forCalcite(String text, List<Token> tokens) {
        char[] chars = null;
        for (int i = 0; i + 1 < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.isWord("UUID") && tokens.get(i + 1).isSymbol('(')) {
                if (chars == null) chars = text.toCharArray();
                UUID_STAND_IN.getChars(0, 4, chars, t.start());
            }
        }
        return chars == null ? text : new String(chars);
    }

    // ------------------------------------------------------------------ classification

    private static StatementKind classify(SqlNode node, StatementKind byWords, List<Token> tokens) {
        SqlKind k = node.getKind();
        if (k.belongsTo(SqlKind.QUERY)) return writeConstruct(tokens) == null ? StatementKind.QUERY : StatementKind.DML;
        if (k.belongsTo(SqlKind.DML)) return StatementKind.DML;
        if (k.belongsTo(SqlKind.DDL)) return StatementKind.DDL;
        if (k == SqlKind.SET_OPTION) return StatementKind.SESSION_SETTING;
        if (k == SqlKind.COMMIT || k == SqlKind.ROLLBACK) return StatementKind.TRANSACTION_CONTROL;
        return byWords;
    }

    /** By the leading words alone; conservative: a read that may change anything is not a QUERY. */
    static StatementKind classifyByWords(List<Token> tokens) {
        if (tokens.isEmpty() || tokens.get(0).type() != Type.WORD) return StatementKind.UNKNOWN;
        String verb = tokens.get(0).upper();
        if (QUERY_WORDS.contains(verb) || verb.equals("EXPLAIN") && !SqlTokens.word(tokens, 1, "ANALYZE")) {
            return writeConstruct(tokens) == null ? StatementKind.QUERY : StatementKind.DML;
        }
        if (DML_WORDS.contains(verb)) return StatementKind.DML;
        if (DDL_WORDS.contains(verb)) return StatementKind.DDL;
        if (TRANSACTION_WORDS.contains(verb)) return StatementKind.TRANSACTION_CONTROL;
        if (verb.equals("SET")) {
            if (SqlTokens.word(tokens, 1, "AUTOCOMMIT") || SqlTokens.word(tokens, 1, "TRANSACTION")) {
                return StatementKind.TRANSACTION_CONTROL;
            }
            return StatementKind.SESSION_SETTING;
        }
        if (verb.equals("USE")) return StatementKind.SESSION_SETTING;
        return StatementKind.UNKNOWN;
    }

    /**
     * The first construct that changes data or state, takes a sequence value or locks rows,
     * named; null if there is none (the same words as the replica's guard).
     */
    static String writeConstruct(List<Token> tokens) {
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.isSymbol(':') && SqlTokens.symbol(tokens, i + 1, '=')) return ":=";
            if (t.type() != Type.WORD && t.type() != Type.QUOTED) continue;
            String w = t.upper();
            boolean call = SqlTokens.symbol(tokens, i + 1, '(');
            if (w.equals("NEXTVAL") || call && Set.of("SET", "ABORT_SESSION", "CANCEL_SESSION", "FILE_WRITE", "CSVWRITE").contains(w)) {
                return w;
            }
            if (t.type() != Type.WORD) continue;
            if (w.equals("NEXT") && SqlTokens.word(tokens, i + 1, "VALUE") && SqlTokens.word(tokens, i + 2, "FOR")) {
                return "NEXT VALUE FOR";
            }
            if ((w.equals("FINAL") || w.equals("OLD") || w.equals("NEW")) && SqlTokens.word(tokens, i + 1, "TABLE")) {
                return w + " TABLE";
            }
            if (w.equals("FOR") && SqlTokens.word(tokens, i + 1, "UPDATE")) return "FOR UPDATE";
        }
        return null;
    }

    // ------------------------------------------------------------------ the token scan

    /**
     * Refuses any non-deterministic name among the tokens outside {@code sites}. For a
     * statement Calcite did not parse ({@code fallback}) it adds the calls it can replace to
     * {@code sites} instead — the rewrite turns them into calls of {@link StampFunctions},
     * which also covers a column's {@code DEFAULT} and {@code ON UPDATE}, evaluated whenever
     * a later command writes the row — and refuses a LIMIT/FETCH/TOP without ORDER BY at the
     * same level of a DML statement.
     */
    private static void scan(String text, List<Token> tokens, List<Site> sites, StatementKind kind, boolean fallback) throws Refusal {
        int s = 0;
        List<Boolean> orderedAtDepth = new ArrayList<>();
        orderedAtDepth.add(false);
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            while (s < sites.size() && sites.get(s).end() <= t.start()) s++;
            if (s < sites.size() && t.start() >= sites.get(s).start()) continue;
            if (t.isSymbol('(')) orderedAtDepth.add(false);
            if (t.isSymbol(')') && orderedAtDepth.size() > 1) orderedAtDepth.remove(orderedAtDepth.size() - 1);
            if (t.type() != Type.WORD) continue;
            String w = t.upper();
            boolean call = SqlTokens.symbol(tokens, i + 1, '(');
            if (call && Nondeterminism.REFUSED_CALLS.contains(w) || !call && Nondeterminism.REFUSED_BARE.contains(w)) {
                throw new Refusal(w + (call ? "()" : "") + " is not deterministic (it would differ between replicas) "
                        + "and the front end does not rewrite it");
            }
            boolean randWithSeed = call && (w.equals("RAND") || w.equals("RANDOM")) && !SqlTokens.symbol(tokens, i + 2, ')');
            if (!randWithSeed && (call ? Nondeterminism.CALLS.containsKey(w) : Nondeterminism.NILADIC.containsKey(w))) {
                if (!fallback) {
                    throw new Refusal(w + (call ? "()" : "") + " is not deterministic and could not be rewritten here");
                }
                Site site = tokenSite(text, tokens, i, call);
                sites.add(site);
                while (i + 1 < tokens.size() && tokens.get(i + 1).start() < site.end()) i++;
                continue;
            }
            if (w.equals("CURRENT") && SqlTokens.word(tokens, i + 1, "VALUE") && SqlTokens.word(tokens, i + 2, "FOR")) {
                throw new Refusal("CURRENT VALUE FOR is session state that differs between replicas and does not survive a "
                        + "restart; use the generated keys of the statement that took the value");
            }
            if (w.equals("ORDER") && SqlTokens.word(tokens, i + 1, "BY")) orderedAtDepth.set(orderedAtDepth.size() - 1, true);
            if (fallback && kind == StatementKind.DML && (w.equals("LIMIT") || w.equals("FETCH") || w.equals("TOP"))
                    && !orderedAtDepth.get(orderedAtDepth.size() - 1)) {
                throw new Refusal(limitMessage(w));
            }
        }
    }

    /**
     * The site of the non-deterministic name at token {@code i} of a statement Calcite did not
     * parse: the word, or the call up to its closing parenthesis, whose one argument may be a
     * number (a precision, or a UUID version).
     */
    private static Site tokenSite(String text, List<Token> tokens, int i, boolean call) {
        Token name = tokens.get(i);
        String w = name.upper();
        Function f = call ? Nondeterminism.CALLS.get(w) : Nondeterminism.NILADIC.get(w);
        if (!call) return new Site(name.start(), name.end(), f, -1, 4);
        int close = i + 1;
        for (int depth = 0; close < tokens.size(); close++) {
            if (tokens.get(close).isSymbol('(')) depth++;
            else if (tokens.get(close).isSymbol(')') && --depth == 0) break;
        }
        if (close >= tokens.size()) throw new Refusal("unbalanced parentheses after " + w);
        int precision = -1;
        int version = 4;
        if (close == i + 3) {
            Token arg = tokens.get(i + 2);
            String digits = text.substring(arg.start(), arg.end());
            int value;
            try {
                value = arg.type() == Type.LITERAL ? Integer.parseInt(digits) : -1;
            } catch (NumberFormatException e) {
                value = -1;
            }
            if (f == Function.UUID) {
                if (value != 4 && value != 7) throw new Refusal(w + "(" + digits + ") cannot be rewritten: only versions 4 and 7");
                version = value;
            } else if (value < 0 || value > 9) {
                throw new Refusal(w + "(" + digits + "): precision must be 0 to 9");
            } else {
                precision = value;
            }
        } else if (close != i + 2) {
            throw new Refusal(w + " with an argument other than a number cannot be rewritten");
        }
        return new Site(name.start(), tokens.get(close).end(), f, precision, version);
    }

    private static String limitMessage(String w) {
        return w + " without ORDER BY in a data change statement is not deterministic: replicas could pick different rows";
    }

    // ------------------------------------------------------------------ the Calcite tree

    private static final class Collector extends SqlBasicVisitor<Void> {
        private final List<Token> tokens;
        private final int[] lineStarts;
        private final boolean dml;
        final List<Site> sites = new ArrayList<>();

        Collector(String text, List<Token> tokens, boolean dml) {
            this.tokens = tokens;
            this.dml = dml;
            this.lineStarts = lineStarts(text);
        }

        @Override
        public Void visit(SqlIdentifier id) {
            if (id.isSimple()) {
                String name = id.getSimple().toUpperCase(Locale.ROOT);
                if (Nondeterminism.NILADIC.containsKey(name) || Nondeterminism.REFUSED_BARE.contains(name)) {
                    int i = tokenAt(id.getParserPosition());
                    if (i >= 0 && tokens.get(i).type() == Type.QUOTED) return null; // a quoted name: a column
                    if (i < 0 || tokens.get(i).type() != Type.WORD) throw new Refusal("could not place " + name + " in the text");
                    if (Nondeterminism.REFUSED_BARE.contains(name)) {
                        throw new Refusal(name + " is not deterministic (it would differ between replicas) "
                                + "and the front end does not rewrite it");
                    }
                    Token t = tokens.get(i);
                    sites.add(new Site(t.start(), t.end(), Nondeterminism.NILADIC.get(name), -1, 4));
                }
            }
            return null;
        }

        @Override
        public Void visit(SqlCall call) {
            if (dml && call instanceof SqlOrderBy) {
                SqlOrderBy ob = (SqlOrderBy) call;
                if ((ob.fetch != null || ob.offset != null) && ob.orderList.isEmpty()) {
                    throw new Refusal(limitMessage(ob.fetch != null ? "LIMIT/FETCH" : "OFFSET"));
                }
            }
            if (dml && call instanceof SqlSelect) {
                SqlSelect select = (SqlSelect) call;
                SqlNodeList order = select.getOrderList();
                if ((select.getFetch() != null || select.getOffset() != null) && (order == null || order.isEmpty())) {
                    throw new Refusal(limitMessage(select.getFetch() != null ? "LIMIT/FETCH" : "OFFSET"));
                }
            }
            if (call.getOperator() instanceof SqlFunction) {
                String opName = call.getOperator().getName().toUpperCase(Locale.ROOT);
                boolean known = Nondeterminism.CALLS.containsKey(opName) || Nondeterminism.NILADIC.containsKey(opName)
                        || Nondeterminism.REFUSED_CALLS.contains(opName) || opName.equals(UUID_STAND_IN);
                if (known) {
                    int i = tokenAt(call.getParserPosition());
                    if (i < 0 || tokens.get(i).type() != Type.WORD) throw new Refusal("could not place " + opName + " in the text");
                    if (site(call, i)) return null;
                }
            }
            return super.visit(call);
        }

        /** Records a site for the call whose name is token {@code i}; false when it stays (RAND with a seed). */
        private boolean site(SqlCall call, int i) {
            Token name = tokens.get(i);
            String w = name.upper();
            boolean parens = SqlTokens.symbol(tokens, i + 1, '(');
            if (Nondeterminism.REFUSED_CALLS.contains(w)) {
                throw new Refusal(w + "() is not deterministic (it would differ between replicas) and the front end does not rewrite it");
            }
            Function f = parens ? Nondeterminism.CALLS.get(w) : Nondeterminism.NILADIC.get(w);
            if (f == null) throw new Refusal("could not place " + call.getOperator().getName() + " in the text");
            if (f == Function.RAND && call.operandCount() > 0) return false; // RAND(seed): H2 reseeds, deterministic
            int precision = -1;
            int version = 4;
            if (call.operandCount() > 0) {
                if (call.operandCount() > 1 || !(call.operand(0) instanceof SqlNumericLiteral)) {
                    throw new Refusal(w + " with an argument other than a number cannot be rewritten");
                }
                int arg = ((SqlNumericLiteral) call.operand(0)).intValue(true);
                if (f == Function.UUID) {
                    if (arg != 4 && arg != 7) throw new Refusal(w + "(" + arg + ") cannot be rewritten: only versions 4 and 7");
                    version = arg;
                } else {
                    if (arg < 0 || arg > 9) throw new Refusal(w + "(" + arg + "): precision must be 0 to 9");
                    precision = arg;
                }
            }
            int end = parens ? closing(i + 1) : name.end();
            sites.add(new Site(name.start(), end, f, precision, version));
            return true;
        }

        /** The end of the ')' matching the '(' at token {@code open}. */
        private int closing(int open) {
            int depth = 0;
            for (int j = open; j < tokens.size(); j++) {
                if (tokens.get(j).isSymbol('(')) depth++;
                else if (tokens.get(j).isSymbol(')') && --depth == 0) return tokens.get(j).end();
            }
            throw new Refusal("unbalanced parentheses");
        }

        /** The index of the token that starts where the parser position starts, or -1. */
        private int tokenAt(SqlParserPos pos) {
            int line = pos.getLineNum();
            int column = pos.getColumnNum();
            if (line < 1 || line > lineStarts.length || column < 1) return -1;
            int offset = lineStarts[line - 1] + column - 1;
            int lo = 0;
            int hi = tokens.size() - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                int start = tokens.get(mid).start();
                if (start == offset) return mid;
                if (start < offset) lo = mid + 1;
                else hi = mid - 1;
            }
            return -1;
        }

        /** Offsets where lines start; \r\n, \r and \n each end a line, as in Calcite's parser. */
        private static int[] lineStarts(String text) {
            List<Integer> starts = new ArrayList<>();
            starts.add(0);
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
                if (c == '\r' || c == '\n') starts.add(i + 1);
            }
            return starts.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    /** Unchecked inside the visitor; caught in {@link #analyze}. */
    private static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refusal(String message) {
            super(message, null, false, false);
        }
    }
}
