package paxosql.replica.state;

import org.h2.engine.Database;
import org.h2.engine.SessionLocal;
import org.h2.engine.User;
import org.h2.jdbc.JdbcConnection;
import org.h2.security.SHA256;
import paxosql.driver.protocol.ExecResult;
import paxosql.driver.protocol.SqlValue;
import paxosql.replica.state.StatementGuard.Token;
import paxosql.replica.state.StatementGuard.TokenType;
import paxosql.replica.state.StatementGuard.Verdict;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Client users: H2 users of the state database, created and changed only through the
 * replicated log, so every replica has the same users, admin flags and rights.
 *
 * <h2>The first user</h2>
 * A new state gets one user, {@value #BOOTSTRAP_ADMIN}, an admin with an empty password
 * (H2's own convention), created the same way on every replica before the first command.
 * Set its password first: {@code ALTER USER SA SET PASSWORD '…'}.
 *
 * <h2>Statements on users and rights</h2>
 * Only these forms are accepted ({@link #check}), and only from a session whose user is an
 * admin at the time the statement is applied (H2's {@code ADMIN} flag, read from the
 * replicated catalog then, not remembered from when the session opened):
 * <pre>
 *   CREATE USER [IF NOT EXISTS] name PASSWORD '…' | ? [ADMIN]
 *   ALTER USER name SET PASSWORD '…' | ?
 *   ALTER USER name ADMIN TRUE | FALSE
 *   ALTER USER name RENAME TO newName          (a quoted newName in upper case only)
 *   DROP USER [IF EXISTS] name
 *   GRANT  SELECT | INSERT | UPDATE | DELETE [, …] | ALL [PRIVILEGES] ON table [, …] | SCHEMA s TO   grantee
 *   REVOKE SELECT | INSERT | UPDATE | DELETE [, …] | ALL [PRIVILEGES] ON table [, …] | SCHEMA s FROM grantee
 * </pre>
 * The state machine runs them through a connection of its admin user (client sessions
 * are not H2 admins), with the session's current schema and search path, and records
 * them like any DDL (the DDL-running record). Everything else about users and roles is
 * refused with SQLState 42501: other forms, {@code CREATE|ALTER|DROP ROLE}, granting roles
 * or {@code ALTER ANY SCHEMA}, the {@code SALT … HASH …} forms, and a password given as an
 * expression (it could evaluate differently on each replica). The replica's own users
 * {@value H2StateMachine#ADMIN_USER} and {@value H2StateMachine#CLIENT_USER} can be
 * neither named in these statements nor used to log in. The last admin user can be
 * neither dropped nor demoted.
 *
 * <h2>Sessions and their users</h2>
 * A session belongs to a user name: opening one fails with SQLState {@value #SQLSTATE_NO_USER}
 * if that user does not exist when the {@code OpenSession} is applied. H2 upper-cases
 * user names, quoted or not ({@code "bob"} is {@code BOB}), and so do logins here: user
 * names are case-insensitive. Renaming a user carries its open sessions along; dropping a
 * user closes its open sessions. So every open session's user exists.
 *
 * <h2>Passwords</h2>
 * Passwords are never logged. H2 appends the statement to its error messages; the
 * message of a failed statement on users is cut before it, and withheld altogether if the
 * password still shows. (The commands themselves, passwords included, are in the Paxos
 * log, which must be protected like the state.)
 *
 * <h2>Checksums</h2>
 * The catalog checksum covers users (name, admin flag), roles and rights, but not
 * password salts and hashes: H2 draws a new random salt on every replica, so equal
 * passwords have different hashes. A password that differs between replicas is therefore
 * not detected by the checksum; passwords come only from the log.
 */
final class Users {

    /** The admin user of a new state, with an empty password. */
    static final String BOOTSTRAP_ADMIN = "SA";
    /** OpenSession for a user that does not exist or may not log in. */
    static final String SQLSTATE_NO_USER = "28000";

    private static final Set<String> RESERVED = Set.of(H2StateMachine.ADMIN_USER, H2StateMachine.CLIENT_USER);
    private static final Set<String> TABLE_RIGHTS = Set.of("SELECT", "INSERT", "UPDATE", "DELETE");
    private static final int MAX_NAME_IN_MESSAGE = 128;

    private Users() {}

    enum Op { CREATE_USER, ALTER_USER_PASSWORD, ALTER_USER_ADMIN, ALTER_USER_RENAME, DROP_USER, GRANT, REVOKE }

    /**
     * A statement on users or rights, as parsed.
     *
     * @param name    what it is, for messages ("CREATE USER")
     * @param user    the user it acts on, or the grantee of GRANT/REVOKE, as H2 names it (upper case)
     * @param newName the new name of RENAME TO, else null
     * @param admin   CREATE USER … ADMIN, or ALTER USER … ADMIN TRUE
     * @param secrets the password's source text, to keep out of messages
     */
    record Statement(Op op, String name, String user, String newName, boolean admin, List<String> secrets) {}

    /** The statement that creates {@value #BOOTSTRAP_ADMIN} in a new state. */
    static String bootstrapSql() {
        return "CREATE USER IF NOT EXISTS " + BOOTSTRAP_ADMIN + " PASSWORD '' ADMIN";
    }

    /** A login name as H2 names users: upper case, English rules. */
    static String loginName(String login) {
        return login.toUpperCase(Locale.ENGLISH);
    }

    static boolean isReserved(String name) {
        return RESERVED.contains(name.toUpperCase(Locale.ENGLISH));
    }

    // ------------------------------------------------------------------ the statements' forms

    /** The verdict on a statement whose tokens begin with CREATE USER, ALTER USER, DROP USER, GRANT or REVOKE. */
    static Verdict check(List<Token> tokens) {
        List<Token> t = tokens;
        if (!t.isEmpty() && t.get(t.size() - 1).isSymbol(';')) t = t.subList(0, t.size() - 1);
        for (Token x : t) {
            if ((x.type() == TokenType.WORD || x.type() == TokenType.QUOTED) && RESERVED.contains(x.upper())) {
                return refuse(x.upper() + " belongs to the replica: statements on users and rights may not name it");
            }
        }
        Cursor c = new Cursor(t);
        String verb = t.get(0).upper();
        try {
            switch (verb) {
                case "CREATE":
                    return createUser(c);
                case "ALTER":
                    return alterUser(c);
                case "DROP":
                    return dropUser(c);
                case "GRANT":
                case "REVOKE":
                    return grantOrRevoke(c, verb);
                default:
                    throw new IllegalArgumentException("not a statement on users: " + verb);
            }
        } catch (WrongForm e) {
            return refuse(e.getMessage());
        }
    }

    private static Verdict createUser(Cursor c) throws WrongForm {
        String what = "CREATE USER";
        String form = "CREATE USER [IF NOT EXISTS] name PASSWORD '…' [ADMIN]";
        c.expect(what, form, "CREATE", "USER");
        if (c.accept("IF")) c.expect(what, form, "NOT", "EXISTS");
        String user = c.name(what, form);
        refuseSaltAndHash(c, what);
        c.expect(what, form, "PASSWORD");
        List<String> secrets = c.password(what);
        boolean admin = c.accept("ADMIN");
        c.end(what, form);
        return accept(new Statement(Op.CREATE_USER, what, user, null, admin, secrets));
    }

    private static Verdict alterUser(Cursor c) throws WrongForm {
        String form = "ALTER USER name SET PASSWORD '…', ALTER USER name ADMIN TRUE|FALSE or ALTER USER name RENAME TO newName";
        c.expect("ALTER USER", form, "ALTER", "USER");
        String user = c.name("ALTER USER", form);
        if (c.accept("SET")) {
            String what = "ALTER USER SET PASSWORD";
            refuseSaltAndHash(c, "ALTER USER SET");
            c.expect(what, form, "PASSWORD");
            List<String> secrets = c.password(what);
            c.end(what, form);
            return accept(new Statement(Op.ALTER_USER_PASSWORD, what, user, null, false, secrets));
        }
        if (c.accept("ADMIN")) {
            String what = "ALTER USER ADMIN";
            boolean admin;
            if (c.accept("TRUE")) admin = true;
            else if (c.accept("FALSE")) admin = false;
            else throw new WrongForm(what + " takes TRUE or FALSE");
            c.end(what, form);
            return accept(new Statement(Op.ALTER_USER_ADMIN, what, user, null, admin, List.of()));
        }
        if (c.accept("RENAME")) {
            String what = "ALTER USER RENAME";
            c.expect(what, form, "TO");
            if (c.peekQuotedNotUpperCase()) {
                // H2 2.5 files such a user under the name as written but looks users up in upper case: it could
                // not be named or log in until the replica restarts, and then it could — replicas would differ.
                throw new WrongForm(what + " TO a quoted name that is not in upper case is refused: H2 would keep the "
                        + "user under a name no statement or login can reach; write the new name unquoted or in upper case");
            }
            String newName = c.name(what, form);
            c.end(what, form);
            return accept(new Statement(Op.ALTER_USER_RENAME, what, user, newName, false, List.of()));
        }
        throw wrongForm("ALTER USER", form);
    }

    private static Verdict dropUser(Cursor c) throws WrongForm {
        String what = "DROP USER";
        String form = "DROP USER [IF EXISTS] name";
        c.expect(what, form, "DROP", "USER");
        if (c.accept("IF")) c.expect(what, form, "EXISTS");
        String user = c.name(what, form);
        c.end(what, form);
        return accept(new Statement(Op.DROP_USER, what, user, null, false, List.of()));
    }

    private static Verdict grantOrRevoke(Cursor c, String verb) throws WrongForm {
        String to = verb.equals("GRANT") ? "TO" : "FROM";
        String form = verb + " SELECT|INSERT|UPDATE|DELETE [, …] | ALL [PRIVILEGES] ON table [, …] | SCHEMA name " + to + " user";
        c.expect(verb, form, verb);
        if (c.accept("ALL")) {
            c.accept("PRIVILEGES");
        } else {
            do {
                String right = c.word();
                if (right == null || !TABLE_RIGHTS.contains(right)) {
                    throw new WrongForm(verb + " is accepted for table rights only (SELECT, INSERT, UPDATE, DELETE, ALL): "
                            + "roles and ALTER ANY SCHEMA are refused; the form is " + form);
                }
            } while (c.acceptSymbol(','));
        }
        c.expect(verb, form, "ON");
        if (c.accept("SCHEMA")) {
            c.name(verb, form);
        } else {
            do {
                c.qualifiedName(verb, form);
            } while (c.acceptSymbol(','));
        }
        c.expect(verb, form, to);
        String grantee = c.name(verb, form);
        c.end(verb, form);
        return accept(new Statement(verb.equals("GRANT") ? Op.GRANT : Op.REVOKE, verb, grantee, null, false, List.of()));
    }

    private static void refuseSaltAndHash(Cursor c, String what) throws WrongForm {
        if (c.peek("SALT") || c.peek("HASH")) {
            throw new WrongForm(what + " … SALT … HASH is refused: set passwords with PASSWORD '…'");
        }
    }

    private static Verdict accept(Statement s) {
        return new Verdict(StatementGuard.Kind.ADMIN_ONLY, false, null, null, s);
    }

    private static Verdict refuse(String message) {
        return Verdict.refuse(StatementGuard.FORBIDDEN, message);
    }

    private static WrongForm wrongForm(String what, String form) {
        return new WrongForm(what + " is refused in this form; the accepted form is " + form);
    }

    private static final class WrongForm extends Exception {
        private static final long serialVersionUID = 1L;

        WrongForm(String message) {
            super(message, null, false, false);
        }
    }

    /** Reads tokens left to right. */
    private static final class Cursor {
        private final List<Token> tokens;
        private int i;

        Cursor(List<Token> tokens) {
            this.tokens = tokens;
        }

        boolean peek(String word) {
            return i < tokens.size() && tokens.get(i).type() == TokenType.WORD && tokens.get(i).upper().equals(word);
        }

        boolean peekQuotedNotUpperCase() {
            if (i >= tokens.size() || tokens.get(i).type() != TokenType.QUOTED) return false;
            String text = tokens.get(i).text();
            return !text.equals(text.toUpperCase(Locale.ENGLISH));
        }

        boolean accept(String word) {
            if (!peek(word)) return false;
            i++;
            return true;
        }

        boolean acceptSymbol(char symbol) {
            if (i < tokens.size() && tokens.get(i).isSymbol(symbol)) {
                i++;
                return true;
            }
            return false;
        }

        void expect(String what, String form, String... words) throws WrongForm {
            for (String w : words) {
                if (!accept(w)) throw wrongForm(what, form);
            }
        }

        /** The next word in upper case, consumed; null if the next token is not a word. */
        String word() {
            if (i < tokens.size() && tokens.get(i).type() == TokenType.WORD) return tokens.get(i++).upper();
            return null;
        }

        /** An identifier, quoted or not, in upper case: as H2 names users, whichever way they are written. */
        String name(String what, String form) throws WrongForm {
            if (i >= tokens.size()) throw wrongForm(what, form);
            Token t = tokens.get(i);
            if (t.type() == TokenType.WORD || t.type() == TokenType.QUOTED) {
                i++;
                return t.text().toUpperCase(Locale.ENGLISH);
            }
            throw wrongForm(what, form);
        }

        void qualifiedName(String what, String form) throws WrongForm {
            name(what, form);
            for (int parts = 1; parts < 3 && acceptSymbol('.'); parts++) name(what, form);
        }

        /** A string literal or a parameter; returns the texts that would show it. */
        List<String> password(String what) throws WrongForm {
            if (acceptSymbol('?')) return List.of();
            if (i < tokens.size() && tokens.get(i).type() == TokenType.LITERAL && tokens.get(i).upper().equals("'")) {
                return secretsOf(tokens.get(i++).text());
            }
            throw new WrongForm(what + ": the password must be a string literal or a parameter (?); an expression could "
                    + "evaluate differently on each replica");
        }

        void end(String what, String form) throws WrongForm {
            if (i != tokens.size()) throw wrongForm(what, form);
        }
    }

    /** The ways a string literal's content may appear in a message: as written, and unescaped. */
    private static List<String> secretsOf(String literal) {
        String inner;
        if (literal.startsWith("$$")) {
            inner = literal.substring(2, literal.length() - 2);
        } else {
            inner = literal.substring(literal.indexOf('\'') + 1, literal.length() - 1);
        }
        List<String> out = new ArrayList<>();
        if (!inner.isEmpty()) {
            out.add(inner);
            out.add(inner.replace("''", "'"));
        }
        return out;
    }

    // ------------------------------------------------------------------ at apply time, from the replicated catalog

    /** Why {@code user} may not open a session now, or null; SQLState {@value #SQLSTATE_NO_USER}. */
    static String loginRefusal(Connection admin, String user) throws SQLException {
        if (isReserved(user)) return "user " + quote(user) + " belongs to the replica and cannot open a session";
        if (!catalog(admin).containsKey(user)) return "user " + quote(user) + " does not exist";
        return null;
    }

    /** Why the session's user may not run {@code st} now, or null; SQLState 42501. */
    static String refusal(Connection admin, String sessionUser, Statement st) throws SQLException {
        Map<String, Boolean> users = catalog(admin);
        if (!Boolean.TRUE.equals(users.get(sessionUser))) {
            return st.name() + " requires an admin user; user " + quote(sessionUser) + " of this session is not an admin";
        }
        boolean demotes = st.op() == Op.DROP_USER || st.op() == Op.ALTER_USER_ADMIN && !st.admin();
        if (demotes && Boolean.TRUE.equals(users.get(st.user())) && users.values().stream().filter(a -> a).count() == 1) {
            return st.name() + " " + quote(st.user()) + " is refused: it is the last admin user; make another user an admin first";
        }
        return null;
    }

    /** The client users and whether each is an admin, by name; the replica's own users left out. */
    static Map<String, Boolean> catalog(Connection admin) throws SQLException {
        Map<String, Boolean> out = new TreeMap<>();
        try (PreparedStatement ps = admin.prepareStatement("SELECT USER_NAME, IS_ADMIN FROM INFORMATION_SCHEMA.USERS");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (!RESERVED.contains(rs.getString(1))) out.put(rs.getString(1), rs.getBoolean(2));
            }
        }
        return out;
    }

    private static String quote(String name) {
        String n = name.length() > MAX_NAME_IN_MESSAGE ? name.substring(0, MAX_NAME_IN_MESSAGE) + "…" : name;
        return "\"" + n + "\"";
    }

    // ------------------------------------------------------------------ messages without passwords

    private static final Pattern H2_CODE = Pattern.compile(" \\[\\d+-\\d+]$");
    private static final String WITHHELD = "the message is withheld: it would show the password";

    /** A failure's message without the statement H2 appends to it, or withheld if it would show a password. */
    static ExecResult withoutSecrets(ExecResult result, Statement st, List<SqlValue> params) {
        if (!(result instanceof ExecResult.Failure f)) return result;
        return new ExecResult.Failure(f.sqlState(), f.vendorCode(), redact(f.message(), secrets(st, params)));
    }

    /** An exception's message made safe to log, as in {@link #withoutSecrets}. */
    static SQLException withoutSecrets(SQLException e, Statement st, List<SqlValue> params) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        return new SQLException(st.name() + " failed: " + redact(m, secrets(st, params)), e.getSQLState(), e.getErrorCode());
    }

    private static List<String> secrets(Statement st, List<SqlValue> params) {
        List<String> out = new ArrayList<>(st.secrets());
        for (SqlValue p : params) {
            Object v = p.toJava();
            if (v != null) out.add(String.valueOf(v));
        }
        return out;
    }

    static String redact(String message, List<String> secrets) {
        String m = message;
        int cut = m.indexOf("; SQL statement:");
        if (cut >= 0) {
            Matcher code = H2_CODE.matcher(m);
            m = m.substring(0, cut) + (code.find() ? code.group() : "");
        }
        for (String s : secrets) {
            if (!s.isEmpty() && m.contains(s)) return WITHHELD;
        }
        return m;
    }

    // ------------------------------------------------------------------ authentication, from any thread

    private static final Method VALIDATE_PASSWORD_HASH = validatePasswordHash();

    private static Method validatePasswordHash() {
        try {
            Method m = User.class.getDeclaredMethod("validateUserPasswordHash", byte[].class);
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The H2 database behind {@code admin}, whose users {@link #authenticate} reads. Checks
     * that this H2 build offers what authentication needs.
     */
    static Database database(Connection admin) throws SQLException {
        if (VALIDATE_PASSWORD_HASH == null) {
            throw new ReplicaStateException("this H2 build has no User.validateUserPasswordHash(byte[]): client users "
                    + "cannot be authenticated; use the H2 version this PaxoSQL build was made with");
        }
        return ((SessionLocal) admin.unwrap(JdbcConnection.class).getSession()).getDatabase();
    }

    /**
     * True iff {@code login} names a client user of {@code db} whose password is
     * {@code password}, checked the way H2 checks a JDBC login (salted SHA-256 of
     * {@code NAME@password}), but without opening a session: H2 delays every login in the
     * JVM, under one lock, after a wrong password, and the state machine's own connections
     * must not wait for that.
     */
    static boolean authenticate(Database db, String login, String password) {
        if (db == null || login == null || password == null) return false;
        String name = loginName(login);
        byte[] key = SHA256.getKeyPasswordHash(name, password.toCharArray());
        if (isReserved(name)) return false;
        User user = db.findUser(name);
        if (user == null) return false;
        try {
            return (Boolean) VALIDATE_PASSWORD_HASH.invoke(user, (Object) key);
        } catch (IllegalAccessException | InvocationTargetException e) {
            return false;
        }
    }

    /** True iff {@code login} names a client user of {@code db} that is an admin now. */
    static boolean isAdmin(Database db, String login) {
        if (db == null || login == null) return false;
        String name = loginName(login);
        if (isReserved(name)) return false;
        User user = db.findUser(name);
        return user != null && user.isAdmin();
    }
}
