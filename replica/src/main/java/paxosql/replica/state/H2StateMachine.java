package paxosql.replica.state;

import org.h2.engine.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paxosql.consensus.core.Command;
import paxosql.consensus.core.Decision;
import paxosql.consensus.core.Value;
import paxosql.driver.protocol.ClientRequest;
import paxosql.driver.protocol.ExecResult;
import paxosql.driver.protocol.JdbcValues;
import paxosql.driver.protocol.MalformedPayloadException;
import paxosql.driver.protocol.PayloadCodec;
import paxosql.driver.protocol.SqlValue;
import paxosql.sql.SqlFrontend;
import paxosql.sql.Stamp;
import paxosql.sql.StampFunctions;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;

/**
 * The replica's deterministic state machine: applies decided commands, in instance
 * order and on one thread, to a local H2 file database, so that every replica that
 * applies the same decisions holds the same data and gives every client the same answers.
 *
 * <h2>What a command is</h2>
 * A {@link Command}'s payload is a {@link ClientRequest} ({@link PayloadCodec}). Each
 * client session ({@code Command.clientId}) has its own H2 connection, so session state —
 * current schema, search path, time zone, {@code @variables} — is per client session and
 * the same on every replica. {@code OpenSession} and {@code CloseSession} open and close
 * it; {@code Execute} runs one statement in it, as one transaction. A statement that
 * fails (constraint violation, syntax error, a refusal of {@link StatementGuard}) is
 * rolled back and becomes an {@link ExecResult.Failure} with H2's SQLState and error
 * code; the state machine goes on. A payload that does not decode becomes a failure too.
 *
 * <h2>Exactly once, across crashes</h2>
 * The applied position (instance and how many of its commands), the client session table
 * (client id → last sequence applied, its encoded result, the session's state) and a
 * journal of sequence values live in the schema {@value #META_SCHEMA} and are written
 * <em>through the session's own connection, in the same transaction as the command's
 * effects</em>. After a crash the database holds a prefix of those transactions, never
 * half of one, and {@link #appliedUpTo()} reads where that prefix ends, so the consensus
 * layer redelivers exactly the rest. A command whose sequence is not above its session's
 * last one is not executed again: the stored result is returned.
 *
 * <h2>H2 need not fsync</h2>
 * The Paxos log is this replica's durability; the database only has to be a consistent
 * prefix of the applied commands, which H2's MVStore gives after a process crash
 * whatever it managed to write. So H2 runs with {@code WRITE_DELAY} 500 ms (its default;
 * set explicitly): commits return without touching the disk and a background writer
 * stores them, at most half a second behind. A crash costs at most that much replay.
 * (After a power loss without fsync the file may be unreadable: restore that replica from
 * a snapshot.)
 *
 * <h2>DDL and crashes</h2>
 * H2 commits DDL on its own: it commits whatever the session had pending when the DDL
 * starts (even if the DDL then fails) and commits again when it ends, so the command's
 * bookkeeping cannot share the DDL's transaction; and some DDL
 * ({@code ALTER TABLE … ADD COLUMN}, {@code CREATE TABLE … AS SELECT}) rewrites or fills
 * tables as part of it. Whether a DDL statement took effect, fully or partly, cannot be
 * read back from the database afterwards. So every statement H2 might commit on its own
 * — anything that is not a query, DML or an allowed {@code SET}; conservatively also the
 * few DDL statements H2 2.5 runs transactionally, such as {@code CREATE SEQUENCE} — is
 * applied in three steps:
 * (1) record "instance i, command k is running DDL" in the meta table and commit;
 * (2) run it; (3) write the result and position, clear the record, commit, and ask H2 to
 * {@code CHECKPOINT} so the cleared record reaches the file promptly. If the state
 * machine opens and finds the record set, a crash hit between (1) and (3): it refuses to
 * open with a {@link ReplicaStateException} saying the replica must be restored from a
 * snapshot and the log replayed from there. It never guesses and never continues with
 * state that may differ from the other replicas. The window is the DDL's own run time
 * plus a checkpoint; DDL is rare, so this costs little. (Restoring is {@code paxosql.replica.snapshot.StateInstaller}'s job.)
 *
 * <h2>Sequences and identity columns</h2>
 * H2 advances sequences outside transactions (see {@link SequenceValues}): a crash can
 * keep an advanced sequence while losing the command that advanced it, and with the
 * default cache of 32 the next id after a crash jumps by up to 32 on that replica only.
 * Turning the cache off ({@code NO CACHE}) does not close the first gap. Instead the
 * state machine journals every sequence's and identity column's next value in the meta
 * schema, in each command's transaction, and on open restarts any that differ from the
 * journal. The journal is exact whatever H2 persisted, so identity values continue as on a
 * replica that never crashed; H2 keeps its cache (and its speed).
 *
 * <h2>Other sources of divergence closed here</h2>
 * Sessions start in time zone UTC (not the JVM's). H2's error messages are pinned to
 * English (H2 translates them by the JVM's locale, and they are stored as results).
 * {@code ANALYZE_AUTO=0}: H2 would otherwise re-analyze a table after a count of changes
 * that restarts from zero on every replica restart, changing plans (and the order of
 * unordered results) on one replica only. After any DDL every open session's state is
 * re-read and stored; a session whose current schema was dropped is moved to
 * {@code PUBLIC}, so a restarted replica (which cannot recreate a dangling schema) and a
 * running one agree.
 *
 * <h2>Locking H2 down</h2>
 * Client sessions connect as {@value #CLIENT_USER}, an H2 user without admin rights
 * (granted {@code ALTER ANY SCHEMA} and DML on the meta tables only), so H2 itself refuses
 * file functions, {@code SCRIPT}/{@code BACKUP}/{@code RUNSCRIPT}, {@code CREATE ALIAS},
 * triggers, aggregates, linked tables, table engines, database settings and
 * {@code SHUTDOWN}. Before that, {@link StatementGuard} refuses those and more with
 * SQLState 42501 (or 0A000) and a message naming the construct. The database runs with
 * {@code BUILTIN_ALIAS_OVERRIDE=FALSE} and {@code TRACE_LEVEL_FILE=0} (no trace file is
 * written next to the data). The JVM-wide {@code h2.allowedClasses} is left to the
 * operator: it would affect every H2 database in the process, and the non-admin user
 * already keeps clients from loading classes.
 *
 * <h2>Client users</h2>
 * Clients log in as H2 users of this database ({@link Users}): a new state has the admin
 * {@code SA} with an empty password; {@code OpenSession} fails with SQLState 28000 unless
 * its user exists when it is applied; admin sessions create, alter and drop users and
 * grant table rights through the log, and the state machine runs those statements through
 * an admin connection under the DDL-running record. Whatever the user, a session's
 * statements still run as {@value #CLIENT_USER}: rights granted to users are replicated
 * but not yet enforced on table data.
 *
 * <h2>Answers without the log</h2>
 * {@link #storedResult} answers a client's resend of an applied command from the session
 * table's last results ({@link SessionResults}); {@link #read} runs a read-only query on the
 * committed state and says which instance it saw ({@link LocalReads}). Neither waits for
 * {@link #apply}, and apply never waits for a query.
 *
 * <p>Thread safety: all methods synchronize on the instance, except {@link #authenticate},
 * {@link #isAdmin}, {@link #storedResult} and {@link #read}, which never wait for it; the
 * node calls {@link #apply} from its loop thread.
 */
public final class H2StateMachine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(H2StateMachine.class);

    /** The schema holding the replica's bookkeeping; client statements may not name it. */
    public static final String META_SCHEMA = "PAXOSQL_META";
    static final String ADMIN_USER = "PAXOSQL_ADMIN";
    static final String CLIENT_USER = "PAXOSQL_CLIENT";
    /** Version of the meta tables' layout. */
    static final int META_FORMAT = 4;
    /**
     * H2 keeps results of up to this many rows in memory and spills larger ones to disk. Its
     * default scales with the JVM's heap, so replicas with different heaps would take
     * different paths — and H2 2.5 fails reading a spilled generated-keys result (an
     * internal NullPointerException), which would fail a statement on one replica only.
     * Pinned, every replica takes the same path.
     */
    static final int MAX_MEMORY_ROWS = 40_000;
    /** Generated keys are returned only for statements changing at most this many rows (kept in memory, see above). */
    static final int MAX_GENERATED_KEYS = 10_000;

    static final String SQLSTATE_MALFORMED = "08P01";
    static final String SQLSTATE_NO_SESSION = "08003";
    static final String SQLSTATE_SESSION_EXISTS = "08002";
    static final String SQLSTATE_OUTCOME_UNKNOWN = "08007";
    static final String SQLSTATE_TOO_LARGE = "54000";

    /** H2 error codes that say the local database or process failed, not the statement. */
    private static final Set<Integer> ENVIRONMENT_ERRORS = Set.of(
            90098 /* database closed */, 90108 /* out of memory */, 90028, 90031 /* I/O */, 90030 /* file corrupted */,
            90121 /* called at shutdown */, 90067 /* connection broken */, 90135 /* exclusive mode */,
            90100 /* no disk space */, 90007 /* object closed */, 50200 /* lock timeout */, 40001 /* deadlock */,
            90131 /* concurrent update */, 57014 /* canceled or timed out */, 90097 /* read only */);

    static {
        pinEnglishMessages();
    }

    /**
     * State directories open in this JVM. H2 shares one embedded database between all
     * connections of a process, so a second state machine on the same directory would apply
     * to the same data; its file lock only keeps other processes out.
     */
    private static final Set<Path> OPEN_DIRECTORIES = ConcurrentHashMap.newKeySet();

    /**
     * @param maxResultBytes   largest encoded result a command may produce; a larger one fails
     *                         with SQLState 54000 and its effects are rolled back
     * @param writeDelayMillis H2's {@code WRITE_DELAY}: how far behind the file may lag the commits
     */
    public record Options(int maxResultBytes, int writeDelayMillis) {
        public static final int DEFAULT_MAX_RESULT_BYTES = 16 << 20;
        public static final int DEFAULT_WRITE_DELAY_MILLIS = 500;

        public Options {
            if (maxResultBytes < 1024 || maxResultBytes > PayloadCodec.MAX_PAYLOAD_BYTES) {
                throw new IllegalArgumentException("maxResultBytes must be 1024.." + PayloadCodec.MAX_PAYLOAD_BYTES + ", got "
                        + maxResultBytes);
            }
            if (writeDelayMillis < 0 || writeDelayMillis > 60_000) {
                throw new IllegalArgumentException("writeDelayMillis must be 0..60000, got " + writeDelayMillis);
            }
        }

        public static Options defaults() {
            return new Options(DEFAULT_MAX_RESULT_BYTES, DEFAULT_WRITE_DELAY_MILLIS);
        }
    }

    /** Test seam: runs at fixed points of a command, to inject crashes. */
    interface Hooks {
        Hooks NONE = new Hooks() {};

        /** After the "DDL running" record is committed, before the DDL runs. */
        default void afterDdlRecorded(long instance, int index) throws SQLException {}

        /** After an Execute command's statement and bookkeeping, before its transaction commits. */
        default void beforeCommit(long instance, int index) throws SQLException {}
    }

    private static final class ClientSession {
        final long clientId;
        /** The user the session belongs to; it exists while the session is open ({@link Users}). */
        String user;
        boolean open;
        long lastSequence;
        byte[] lastResult;
        byte[] state;
        /** The group's clock when the session last ran a command (for expiry). */
        long lastActive;
        Connection conn;

        ClientSession(long clientId, String user) {
            this.clientId = clientId;
            this.user = user;
        }
    }

    private final Path directory;
    private final Path key;
    private final Options options;
    private final String adminUrl;
    private final String clientUrl;
    private final org.h2.Driver driver = new org.h2.Driver();
    private final Map<Long, ClientSession> sessions = new HashMap<>();
    private final Map<Connection, PreparedStatement[]> metaStatements = new IdentityHashMap<>();
    private final SequenceValues sequences = new SequenceValues();
    private final SessionResults results = new SessionResults();
    private final LocalReads reads;
    private Connection admin;
    /** The H2 database, for {@link #authenticate} and {@link #isAdmin} from other threads; null once closed. */
    private volatile Database database;
    private Map<SequenceValues.Key, Long> journal = Map.of();
    private long appliedUpTo;
    private List<Integer> operationalQuorum;
    /** The group's time: the latest leader tick or command stamp applied; read by the I/O threads that stamp commands. */
    private volatile long clock;
    /** Rewrites each statement's non-deterministic calls from its command's stamp (DESIGN.md § SQL front end). */
    private final SqlFrontend frontend = new SqlFrontend();
    /** The instance whose first {@link #partialCommands} commands were applied before a restart, or -1. */
    private long partialInstance = -1;
    private int partialCommands;
    private volatile boolean closed;
    private volatile ReplicaStateException broken;
    private Hooks hooks = Hooks.NONE;
    /** DDL statements run so far (by this process): a {@link StateView} compares it to know the catalog did not change. */
    private volatile long ddlCount;

    private H2StateMachine(Path directory, Options options) {
        this.directory = directory;
        this.key = directory.toAbsolutePath().normalize();
        this.options = options;
        String file = directory.toAbsolutePath().resolve("state").toString().replace('\\', '/');
        if (file.indexOf(';') >= 0) throw new IllegalArgumentException("the state directory may not contain ';': " + directory);
        String base = "jdbc:h2:file:" + file;
        this.adminUrl = base + ";DB_CLOSE_ON_EXIT=FALSE;ANALYZE_AUTO=0;BUILTIN_ALIAS_OVERRIDE=FALSE;TRACE_LEVEL_FILE=0"
                + ";MAX_MEMORY_ROWS=" + MAX_MEMORY_ROWS
                + ";WRITE_DELAY=" + options.writeDelayMillis();
        this.clientUrl = base + ";IFEXISTS=TRUE";
        this.reads = new LocalReads(this, options.maxResultBytes());
    }

    /** Opens (creating if needed) the state in {@code directory} with default options. */
    public static H2StateMachine open(Path directory) {
        return open(directory, Options.defaults());
    }

    /**
     * Opens (creating if needed) the state database {@code state.mv.db} in {@code directory}
     * and recovers it: reopens the client sessions that were open, restores their state and
     * the sequences' values.
     *
     * @throws ReplicaStateException if the state cannot be trusted (a half-applied DDL
     *                               statement, an inconsistent journal) or cannot be opened
     */
    public static H2StateMachine open(Path directory, Options options) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new ReplicaStateException("cannot create the state directory " + directory + ": " + e.getMessage(), e);
        }
        H2StateMachine sm = new H2StateMachine(directory, options);
        if (!OPEN_DIRECTORIES.add(sm.key)) {
            throw new ReplicaStateException("the state in " + directory + " is already open in this process");
        }
        try {
            sm.recover();
            sm.warmFrontend();
            return sm;
        } catch (SQLException e) {
            sm.release();
            throw new ReplicaStateException("cannot open the state database in " + directory + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            sm.release();
            throw e;
        }
    }

    /**
     * Loads the SQL front end (Calcite's parser and its many classes) on the opening thread,
     * before the node's other threads start, rather than on the apply thread in the middle of
     * the first command.
     */
    private void warmFrontend() {
        try {
            frontend.prepare("SELECT CURRENT_TIMESTAMP", new Stamp(0, 0));
        } catch (SQLException e) {
            throw new IllegalStateException("the SQL front end refused its warm-up statement: " + e.getMessage(), e);
        }
    }

    /** The last instance whose commands have all been applied; after a restart, the last one the database kept. */
    public synchronized long appliedUpTo() {
        return appliedUpTo;
    }

    /**
     * Applies one decision and returns each of its commands with its result, in order.
     * Decisions must come in instance order, starting right after {@link #appliedUpTo()};
     * a decision at or below it is not applied again (its results are the stored ones
     * where known). NoOp and operational-quorum changes apply nothing but advance the
     * applied instance.
     *
     * @throws IllegalArgumentException if the decision skips instances
     * @throws ReplicaStateException    if the local database failed or the decision holds
     *                                  only a digest; the state machine is then unusable
     */
    public synchronized List<Applied> apply(Decision decision) {
        Lock noNewReads = reads.applying();
        noNewReads.lock();
        try {
            return applyBetweenReads(decision);
        } finally {
            noNewReads.unlock();
        }
    }

    /** {@link #apply}, while no read takes its snapshot: reads see the state between two decisions only. */
    private List<Applied> applyBetweenReads(Decision decision) {
        checkUsable();
        long instance = decision.instance();
        Value value = decision.value();
        if (instance <= appliedUpTo) {
            LOG.debug("instance {} was applied already (applied up to {}); not applying it again", instance, appliedUpTo);
            return withoutExecuting(value);
        }
        if (instance != appliedUpTo + 1) {
            throw new IllegalArgumentException("decision for instance " + instance + " out of order: applied up to " + appliedUpTo);
        }
        try {
            List<Applied> out;
            if (value instanceof Value.Batch batch) {
                out = applyBatch(instance, batch.commands());
            } else if (value instanceof Value.OqChange oqChange) {
                writeOperationalQuorum(instance, oqChange.members());
                out = List.of();
            } else if (value instanceof Value.NoOp) {
                writePositionAlone(instance, 0, true);
                out = List.of();
            } else {
                throw fail("instance " + instance + " holds only a digest of its value (" + value + "); a full replica cannot "
                        + "apply it — the consensus layer must deliver the value itself", null);
            }
            appliedUpTo = instance;
            partialInstance = -1;
            return out;
        } catch (SQLException e) {
            throw fail("applying instance " + instance + " failed in the local database: " + e.getMessage(), e);
        } catch (ReplicaStateException e) {
            throw e;
        } catch (RuntimeException e) {
            throw fail("applying instance " + instance + " failed: " + e, e);
        }
    }

    /**
     * The stored answer to a client's resend of command {@code sequence} of session
     * {@code clientId}, without proposing it again: the result apply returned if it is the
     * session's last applied command; a failure with SQLState 08007 if a later command of the
     * session was applied since (the outcome was superseded; a client only ever resends its
     * latest command); empty if it has not been applied yet or the session is unknown (then
     * propose it: the log applies it once). Thread-safe and cheap, and never waits for
     * {@link #apply}: it sees the commands applied and committed so far.
     */
    public Optional<ExecResult> storedResult(long clientId, long sequence) {
        return results.lookup(clientId, sequence);
    }

    /** {@link #read(long, ClientRequest.Execute, int)} without a query timeout. */
    public ReadResult read(long clientId, ClientRequest.Execute request) {
        return read(clientId, request, 0);
    }

    /**
     * Runs a read-only query on this replica's committed state, never through the log: for
     * {@code stale} and {@code session} reads and for learners. The query runs in client
     * session {@code clientId}'s state (current schema, search path, time zone, variables) as
     * of the state it reads, on a connection of its own, and sees exactly the state after
     * {@link ReadResult#appliedAt()}. It may be non-deterministic (it is not replicated).
     * Failures are results:
     * <ul>
     *   <li>{@code 08003} the session is unknown or closed;</li>
     *   <li>{@code 42501}, {@code 0A000} what {@link StatementGuard} refuses in any command;</li>
     *   <li>{@code 25006} anything but a read-only query (naming the statement kind, or the
     *   construct that would change something);</li>
     *   <li>{@code 57014} the query ran past {@code timeoutSeconds};</li>
     *   <li>{@code 54000} the result is larger than {@link Options#maxResultBytes()}
     *   ({@code maxRows} is honoured as in apply);</li>
     *   <li>{@code 40001} no consistent state could be read (DDL applied during each attempt, or
     *   the replica restarted between the commands of an instance): retry;</li>
     *   <li>H2's SQLState for a query that fails.</li>
     * </ul>
     * Thread-safe; blocks its caller for the query (and while all {@value LocalReads#POOL_SIZE}
     * read connections are busy), never {@link #apply}. Apply waits at most for reads that are
     * taking their snapshot (one indexed row), never for a query.
     *
     * @param timeoutSeconds most seconds the query may run; 0 for no limit
     * @throws IllegalStateException if the state machine is closed
     * @throws ReplicaStateException if it stopped after a failure
     */
    public ReadResult read(long clientId, ClientRequest.Execute request, int timeoutSeconds) {
        checkUsable();
        return reads.read(clientId, request, timeoutSeconds);
    }

    /**
     * {@link #read} page by page: the answer holds at most {@code fetchSize} rows (fewer when
     * they would take more than about {@code maxPageBytes} encoded), and when more remain the
     * returned cursor holds the rest, read from the same state. The whole result has no size
     * limit; close the cursor when done.
     */
    public PagedRead readPaged(long clientId, ClientRequest.Execute request, int fetchSize, int maxPageBytes) {
        checkUsable();
        return reads.readPaged(clientId, request, fetchSize, maxPageBytes);
    }

    /** The first page of a {@link #readPaged} read, and the cursor over the rest (null when none remains). */
    public record PagedRead(ReadResult first, ResultCursor cursor) {}

    /** Cursors of {@link #readPaged} reads open now. */
    public int openCursors() {
        return reads.openCursors();
    }

    /** A checksum of the whole state (user data, catalog, sessions); equal on replicas that applied the same decisions. */
    public synchronized StateChecksum stateChecksum() {
        checkUsable();
        try {
            StateChecksum c = StateChecksums.compute(admin, appliedUpTo, StateParts.BucketCut.BY_ROW_COUNT);
            return StateChecksums.withSequenceDrift(c, journal, sequences.read(admin));
        } catch (SQLException e) {
            throw fail("computing the state checksum failed: " + e.getMessage(), e);
        }
    }

    /**
     * True iff {@code user} is a client user whose password is {@code password}. User
     * names are upper-cased as in an H2 login; the replica's own users are never
     * authenticated. Thread-safe and does not wait for {@link #apply}: network threads call
     * it while commands are applied. It sees the users as of the commands applied so far,
     * so a session opened after it may still fail with SQLState 28000 if its user was
     * dropped meanwhile. Unlike an H2 login, a wrong password is not answered with a
     * delay: limiting attempts is the client front end's job.
     */
    public boolean authenticate(String user, String password) {
        return Users.authenticate(database, user, password);
    }

    /** True iff {@code user} is a client user with H2's ADMIN flag, as of the commands applied so far. Thread-safe. */
    public boolean isAdmin(String user) {
        return Users.isAdmin(database, user);
    }

    /**
     * Opens a view of the state exactly as of {@link #appliedUpTo()}, for reading on another
     * thread (snapshots, part checksums) while decisions go on being applied. Takes the lock
     * only to fix the snapshot with one small query, between two decisions.
     *
     * @throws ReplicaStateException if the state holds part of an instance (after a restart
     *                               mid-instance) or a DDL marker, which no snapshot may carry
     */
    public StateView openView() {
        Connection c = null;
        try {
            // Connecting takes a while and needs no lock; only fixing the snapshot must happen between two decisions.
            c = connectAdmin();
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                // SNAPSHOT (unlike REPEATABLE READ) fixes every table's version at the first statement, all at once.
                s.execute("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SNAPSHOT");
            }
            return fixView(c);
        } catch (SQLException e) {
            closeQuietly(c);
            throw fail("opening a view of the state failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    private synchronized StateView fixView(Connection c) throws SQLException {
        checkUsable();
        if (partialInstance >= 0) {
            throw new ReplicaStateException("the state in " + directory + " holds " + partialCommands + " commands of instance "
                    + partialInstance + "; a view needs a whole instance: apply it first");
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT INSTANCE, COMPLETE, DDL_INSTANCE FROM " + META_SCHEMA + ".APPLIED WHERE ID = 0")) {
            rs.next();
            long instance = rs.getLong(1);
            boolean complete = rs.getBoolean(2);
            rs.getLong(3);
            boolean marker = !rs.wasNull();
            if (instance != appliedUpTo || !complete || marker) {
                throw fail("the meta table says instance " + instance + (complete ? "" : " (incomplete)")
                        + (marker ? " with a DDL marker" : "") + " where " + appliedUpTo + " was applied", null);
            }
        }
        return new StateView(c, appliedUpTo, ddlCount, () -> ddlCount, this::connectAdmin);
    }

    private Connection connectAdmin() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", ADMIN_USER);
        p.setProperty("password", "");
        return driver.connect(adminUrl, p);
    }

    private static void closeQuietly(Connection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException ignored) {
            // already failing
        }
    }

    /**
     * An admin connection to the state database in {@code directory}, creating an empty
     * database if there is none: for building a state from a snapshot. Not for a directory
     * a state machine has open.
     */
    public static Connection connectAdmin(Path directory) throws SQLException {
        return new H2StateMachine(directory, Options.defaults()).connectAdmin();
    }

    /** The directory holding the state database. */
    public Path directory() {
        return directory;
    }

    /** Closes every session and the database; H2 writes what it has not written yet. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        release();
        LOG.info("state machine in {} closed at instance {}", directory, appliedUpTo);
    }

    // ------------------------------------------------------------------ applying

    private List<Applied> applyBatch(long instance, List<Command> commands) throws SQLException {
        if (commands.isEmpty()) {
            writePositionAlone(instance, 0, true);
            return List.of();
        }
        int skip = instance == partialInstance ? partialCommands : 0;
        List<Applied> out = new ArrayList<>(commands.size());
        for (int k = 0; k < commands.size(); k++) {
            Command c = commands.get(k);
            if (k < skip) {
                out.add(new Applied(c, resultWithoutExecuting(c)));
            } else {
                out.add(new Applied(c, applyCommand(instance, k, k == commands.size() - 1, c)));
                publishResult(c.clientId());
            }
        }
        return out;
    }

    private ExecResult applyCommand(long instance, int index, boolean last, Command c) throws SQLException {
        ClientRequest request;
        try {
            request = PayloadCodec.decodeRequest(c.payload());
        } catch (MalformedPayloadException e) {
            writePositionAlone(instance, index + 1, last);
            return new ExecResult.Failure(SQLSTATE_MALFORMED, 0, "malformed request from client " + c.clientId() + ": " + e.getMessage());
        }
        if (request instanceof ClientRequest.ExpireIdleSessions expire) {
            if (c.clientId() != ClientRequest.SYSTEM_CLIENT) {
                writePositionAlone(instance, index + 1, last);
                return new ExecResult.Failure(StatementGuard.FORBIDDEN, 0, "only the group itself expires sessions");
            }
            return expireIdleSessions(instance, index, last, expire);
        }
        if (request instanceof ClientRequest.Barrier || c.clientId() < 0) {
            // A replica's read barrier changes nothing but the position; only replicas send them.
            writePositionAlone(instance, index + 1, last);
            return request instanceof ClientRequest.Barrier && c.clientId() < 0 ? ExecResult.Ok.INSTANCE
                    : new ExecResult.Failure(StatementGuard.FORBIDDEN, 0, "read barriers, and only they, run under negative client ids");
        }
        ClientSession s = sessions.get(c.clientId());
        if (s != null && c.sequence() <= s.lastSequence) {
            writePositionAlone(instance, index + 1, last);
            return storedResult(s, c);
        }
        if (request instanceof ClientRequest.OpenSession open) {
            if (s != null) {
                writePositionAlone(instance, index + 1, last);
                return new ExecResult.Failure(SQLSTATE_SESSION_EXISTS, 0, s.open
                        ? "client session " + c.clientId() + " is already open"
                        : "client session " + c.clientId() + " was closed; a closed session cannot be opened again");
            }
            String user = Users.loginName(open.user());
            String refusal = Users.loginRefusal(admin, user);
            if (refusal != null) {
                writePositionAlone(instance, index + 1, last);
                return new ExecResult.Failure(Users.SQLSTATE_NO_USER, 0, refusal);
            }
            return openSession(instance, index, last, c, user);
        }
        if (s == null || !s.open) {
            writePositionAlone(instance, index + 1, last);
            return new ExecResult.Failure(SQLSTATE_NO_SESSION, 0, "client session " + c.clientId()
                    + (s == null ? " does not exist" : " is closed"));
        }
        if (request instanceof ClientRequest.CloseSession) {
            return closeSession(instance, index, last, c, s);
        }
        if (request instanceof ClientRequest.Sync) {
            // A read barrier changes nothing, but is recorded like any command: the session stays active.
            return commitAlone(instance, index, last, c, s);
        }
        if (request instanceof ClientRequest.StampedExecute x) {
            // The time never goes backwards, whichever replica stamped the command and however its clock runs.
            return execute(instance, index, last, c, s, x.execute(), new Stamp(Math.max(x.millis(), clock), x.seed()));
        }
        // Not stamped (the group stamps every client statement it takes): the group's clock, and a
        // seed from the command's place in the log, the same on every replica.
        return execute(instance, index, last, c, s, (ClientRequest.Execute) request,
                new Stamp(clock, instance * 0x9E3779B97F4A7C15L + index));
    }

    /** Opens a session for {@code user}, which exists. */
    private ExecResult openSession(long instance, int index, boolean last, Command c, String user) throws SQLException {
        ClientSession s = new ClientSession(c.clientId(), user);
        s.conn = connectClient();
        try {
            try (Statement st = s.conn.createStatement()) {
                st.execute("SET TIME ZONE 'UTC'");
            }
            s.state = readSessionState(s.conn);
            s.open = true;
            ExecResult result = ExecResult.Ok.INSTANCE;
            s.lastSequence = c.sequence();
            s.lastResult = PayloadCodec.encode(result);
            writeSession(s.conn, s);
            writePosition(s.conn, instance, index + 1, last);
            s.conn.commit();
            sessions.put(s.clientId, s);
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                s.conn.close();
            } catch (SQLException ignored) {
                // already failing
            }
            throw e;
        }
    }

    /**
     * Advances the group's clock to the leader's tick (never backwards: a new leader's clock
     * may lag) and closes the sessions whose last command is older than the idle limit by
     * that clock, all in one transaction with the position. Deterministic: it depends only
     * on the log.
     */
    private ExecResult expireIdleSessions(long instance, int index, boolean last, ClientRequest.ExpireIdleSessions x)
            throws SQLException {
        long newClock = Math.max(clock, x.leaderMillis());
        long cutoff = newClock - x.idleMillis();
        // A session last active while the group had no clock yet (0) counts as active at this tick.
        boolean unclocked = false;
        List<ClientSession> idle = new ArrayList<>();
        for (ClientSession s : new java.util.TreeMap<>(sessions).values()) {
            if (!s.open) continue;
            if (s.lastActive == 0) unclocked = true;
            else if (s.lastActive < cutoff) idle.add(s);
        }
        clock = newClock; // written with the position
        admin.setAutoCommit(false);
        try {
            try (PreparedStatement ps = admin.prepareStatement("UPDATE " + META_SCHEMA + ".SESSIONS SET IS_OPEN = FALSE, "
                    + "SESSION_STATE = ? WHERE CLIENT_ID = ?")) {
                for (ClientSession s : idle) {
                    ps.setBytes(1, encodeState(List.of()));
                    ps.setLong(2, s.clientId);
                    ps.executeUpdate();
                }
            }
            if (unclocked) {
                try (PreparedStatement ps = admin.prepareStatement("UPDATE " + META_SCHEMA + ".SESSIONS SET LAST_ACTIVE = ? "
                        + "WHERE IS_OPEN AND LAST_ACTIVE = 0")) {
                    ps.setLong(1, newClock);
                    ps.executeUpdate();
                }
            }
            writePosition(admin, instance, index + 1, last);
            admin.commit();
        } catch (SQLException | RuntimeException e) {
            admin.rollback();
            throw e;
        } finally {
            admin.setAutoCommit(true);
        }
        if (unclocked) for (ClientSession s : sessions.values()) if (s.open && s.lastActive == 0) s.lastActive = newClock;
        for (ClientSession s : idle) {
            s.open = false;
            s.state = encodeState(List.of());
            disconnect(s);
        }
        if (!idle.isEmpty()) LOG.info("state machine in {}: instance {} closed {} client session(s) idle since before {}",
                directory, instance, idle.size(), cutoff);
        return ExecResult.Ok.INSTANCE;
    }

    /**
     * The group's clock: the latest leader tick or command stamp applied (milliseconds since
     * the epoch; 0 before the first). Any thread, without waiting for a command being applied.
     */
    public long clock() {
        return clock;
    }

    private ExecResult closeSession(long instance, int index, boolean last, Command c, ClientSession s) throws SQLException {
        s.open = false;
        s.state = encodeState(List.of());
        ExecResult result = commitAlone(instance, index, last, c, s);
        disconnect(s);
        return result;
    }

    /** Commits a command that ran no statement: its {@code Ok}, the session row and the position. */
    private ExecResult commitAlone(long instance, int index, boolean last, Command c, ClientSession s) throws SQLException {
        ExecResult result = ExecResult.Ok.INSTANCE;
        s.lastSequence = c.sequence();
        s.lastResult = PayloadCodec.encode(result);
        writeSession(s.conn, s);
        writePosition(s.conn, instance, index + 1, last);
        s.conn.commit();
        return result;
    }

    private ExecResult execute(long instance, int index, boolean last, Command c, ClientSession s, ClientRequest.Execute original,
                               Stamp stamp) throws SQLException {
        Connection conn = s.conn;
        StatementGuard.Verdict verdict = StatementGuard.check(original.sql());
        Users.Statement onUsers = verdict.users();
        if (onUsers != null) {
            String refusal = Users.refusal(admin, s.user, onUsers);
            if (refusal != null) verdict = StatementGuard.Verdict.refuse(StatementGuard.FORBIDDEN, refusal);
        }
        ClientRequest.Execute e = original;
        if (!verdict.refused() && onUsers == null) {
            try {
                String rewritten = frontend.prepare(original.sql(), stamp).rewritten().sql();
                e = new ClientRequest.Execute(rewritten, original.params(), original.maxRows());
            } catch (SQLException refused) {
                verdict = StatementGuard.Verdict.refuse(refused.getSQLState(), refused.getMessage());
            }
        }
        clock = stamp.millis();
        boolean ddl = verdict.autoCommits();
        ExecResult result;
        if (verdict.refused()) {
            result = new ExecResult.Failure(verdict.sqlState(), 0, verdict.message());
        } else {
            if (ddl) {
                ddlCount++;
                recordDdl(conn, instance, index, c);
                hooks.afterDdlRecorded(instance, index);
            }
            ClientRequest.Execute statement = e;
            result = onUsers != null ? runAsAdmin(s, e, onUsers) : applying(stamp, () -> run(conn, statement));
        }
        byte[] encoded;
        try {
            encoded = PayloadCodec.encode(result, options.maxResultBytes());
        } catch (PayloadCodec.TooLargeException tooLarge) {
            conn.rollback();
            result = tooLarge();
            encoded = PayloadCodec.encode(result);
        }
        Map<SequenceValues.Key, Long> now = verdict.refused() ? journal : sequences.read(conn);
        SequenceValues.writeDifference(new SequenceValues.JournalStatements() {
            @Override public PreparedStatement merge() throws SQLException { return metaStatement(conn, JOURNAL_MERGE); }
            @Override public PreparedStatement delete() throws SQLException { return metaStatement(conn, JOURNAL_DELETE); }
        }, journal, now);
        if (ddl) {
            refreshAllSessionStates(conn);
        } else if (verdict.mayChangeSessionState()) {
            byte[] state = readSessionState(conn);
            s.state = state;
        }
        List<ClientSession> ended = verdict.refused() || onUsers == null || result instanceof ExecResult.Failure
                ? List.of() : followUserChange(conn, onUsers);
        s.lastSequence = c.sequence();
        s.lastResult = encoded;
        writeSession(conn, s);
        writePosition(conn, instance, index + 1, last);
        hooks.beforeCommit(instance, index);
        conn.commit();
        journal = now;
        for (ClientSession t : ended) disconnect(t);
        if (ddl) checkpoint();
        return result;
    }

    /**
     * Runs a statement on users or rights through a new connection of the replica's admin
     * user that has the session's state (its current schema and search path name the
     * tables of GRANT and REVOKE). H2 commits it on its own.
     */
    private ExecResult runAsAdmin(ClientSession s, ClientRequest.Execute e, Users.Statement st) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", ADMIN_USER);
        p.setProperty("password", "");
        try (Connection c = driver.connect(clientUrl, p)) {
            c.setAutoCommit(false);
            try (Statement x = c.createStatement()) {
                for (String command : decodeState(s.state)) x.execute(command);
            }
            ExecResult result = run(c, e);
            c.commit();
            return Users.withoutSecrets(result, st, e.params());
        } catch (SQLException ex) {
            throw Users.withoutSecrets(ex, st, e.params());
        }
    }

    /**
     * After a statement on users succeeded: the open sessions of a renamed user follow it,
     * those of a dropped user are closed (their connections are closed after the commit).
     * Writes what changed through {@code conn}; returns the closed sessions.
     */
    private List<ClientSession> followUserChange(Connection conn, Users.Statement st) throws SQLException {
        if (st.op() != Users.Op.ALTER_USER_RENAME && st.op() != Users.Op.DROP_USER) return List.of();
        Set<String> users = Users.catalog(admin).keySet();
        List<ClientSession> ended = new ArrayList<>();
        for (ClientSession t : new TreeMap<>(sessions).values()) {
            if (!t.open || !t.user.equals(st.user()) || users.contains(t.user)) continue;
            if (st.op() == Users.Op.ALTER_USER_RENAME) {
                t.user = st.newName();
            } else {
                t.open = false;
                t.state = encodeState(List.of());
                ended.add(t);
            }
            writeSession(conn, t);
        }
        return ended;
    }

    /** Closes the connection of a session that was closed. */
    private void disconnect(ClientSession t) throws SQLException {
        Connection conn = t.conn;
        t.conn = null;
        metaStatements.remove(conn);
        conn.close();
    }

    ExecResult tooLarge() {
        return new ExecResult.Failure(SQLSTATE_TOO_LARGE, 0, "the result is larger than " + options.maxResultBytes()
                + " bytes; the statement was rolled back (fetch fewer rows, e.g. with maxRows or a WHERE clause)");
    }

    /** Runs {@code work} with the stamp functions answering from {@code stamp} ({@link StampFunctions}). */
    private static ExecResult applying(Stamp stamp, java.util.concurrent.Callable<ExecResult> work) throws SQLException {
        try {
            return StampFunctions.applying(stamp, work);
        } catch (SQLException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs one client statement in the open transaction of {@code conn}; a failing statement is rolled back. */
    private ExecResult run(Connection conn, ClientRequest.Execute e) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(e.sql(), Statement.RETURN_GENERATED_KEYS)) {
            for (int p = 0; p < e.params().size(); p++) JdbcValues.bind(ps, p + 1, e.params().get(p));
            if (e.maxRows() > 0) ps.setMaxRows(e.maxRows());
            if (ps.execute()) {
                try (ResultSet rs = ps.getResultSet()) {
                    return readRows(rs);
                }
            }
            long count = ps.getLargeUpdateCount();
            if (count > MAX_GENERATED_KEYS) return new ExecResult.UpdateCount(count);
            try (ResultSet keys = ps.getGeneratedKeys()) {
                ExecResult.Rows generated = readRows(keys);
                return new ExecResult.UpdateCount(count, generated.rows(),
                        generated.columns().stream().map(ExecResult.Column::label).toList());
            }
        } catch (SQLException ex) {
            if (isEnvironmentFailure(ex)) throw ex;
            conn.rollback();
            return failure(ex);
        } catch (ResultTooLarge tooLarge) {
            conn.rollback();
            return tooLarge();
        } catch (OutOfMemoryError memory) {
            // A statement that builds a value larger than the heap (REPEAT('x', 500000000)): H2 lets the
            // error through and stays usable. Failing the statement keeps the group alive; a replica
            // with a larger heap might have run it, which the checksums would tell.
            conn.rollback();
            LOG.warn("state machine in {}: a statement ran out of memory (heap {} MB) and was rolled back", directory,
                    Runtime.getRuntime().maxMemory() >> 20);
            return new ExecResult.Failure("53200", 0, "out of memory running the statement (the replica's heap is "
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MB)");
        } catch (StackOverflowError tooDeep) {
            // Past the guard's limits (views nested in views): a failure, not a dead apply thread.
            // Where the stack ends may differ between replicas; the checksums would tell.
            conn.rollback();
            LOG.warn("state machine in {}: a statement overflowed the stack and was rolled back", directory);
            return new ExecResult.Failure(StatementGuard.TOO_COMPLEX, 0, "the statement is nested too deeply to run");
        }
    }

    static ExecResult.Failure failure(SQLException ex) {
        String state = ex.getSQLState() == null ? "HY000" : ex.getSQLState();
        return new ExecResult.Failure(state, ex.getErrorCode(), Objects.requireNonNullElse(ex.getMessage(), state));
    }

    static final class ResultTooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ResultTooLarge() {
            super(null, null, false, false);
        }
    }

    /** A query's result, within the result size limit; throws {@link ResultTooLarge} past it. Any thread. */
    ExecResult.Rows readRows(ResultSet rs) throws SQLException {
        ResultColumns columns = ResultColumns.of(rs);
        long budget = options.maxResultBytes();
        long used = 0;
        List<List<SqlValue>> rows = new ArrayList<>();
        while (rs.next()) {
            List<SqlValue> row = columns.readRow(rs);
            used++;
            for (SqlValue v : row) used += lowerBoundBytes(v);
            if (used > budget) throw new ResultTooLarge();
            rows.add(row);
        }
        return new ExecResult.Rows(columns.columns(), rows);
    }

    /** At most the bytes {@code v} takes encoded: only to stop reading a result that cannot fit (the exact check is the encoding). */
    private static long lowerBoundBytes(SqlValue v) {
        if (v instanceof SqlValue.Text t) return 5L + t.value().length();
        if (v instanceof SqlValue.Binary b) return 5L + b.length();
        if (v instanceof SqlValue.Decimal d) return 9L + d.value().unscaledValue().bitLength() / 8;
        return 2;
    }

    private boolean isEnvironmentFailure(SQLException e) {
        if (ENVIRONMENT_ERRORS.contains(e.getErrorCode())) return true;
        if (e instanceof SQLNonTransientConnectionException || e instanceof SQLTransientException) return true;
        if (e.getSQLState() != null && e.getSQLState().startsWith("08")) return true;
        if (e.getErrorCode() == 50000) {
            // H2's "general error" wraps unexpected exceptions: a statement's fault if the database still works.
            try {
                return !admin.isValid(5);
            } catch (SQLException other) {
                return true;
            }
        }
        return false;
    }

    /** Step (1) of a DDL command: the record that it is running, committed before it runs. */
    private void recordDdl(Connection conn, long instance, int index, Command c) throws SQLException {
        reads.catalogChanging();
        try (PreparedStatement ps = conn.prepareStatement("UPDATE " + META_SCHEMA + ".APPLIED SET DDL_INSTANCE = ?, "
                + "DDL_INDEX = ?, DDL_CLIENT = ?, DDL_SEQUENCE = ? WHERE ID = 0")) {
            ps.setLong(1, instance);
            ps.setInt(2, index);
            ps.setLong(3, c.clientId());
            ps.setLong(4, c.sequence());
            ps.executeUpdate();
        }
        conn.commit();
    }

    private static final int POSITION = 0, SESSION = 1, JOURNAL_MERGE = 2, JOURNAL_DELETE = 3;
    private static final String[] META_SQL = {
            "UPDATE " + META_SCHEMA + ".APPLIED SET INSTANCE = ?, COMMANDS = ?, COMPLETE = ?, CLOCK = ?, DDL_INSTANCE = NULL, "
                    + "DDL_INDEX = NULL, DDL_CLIENT = NULL, DDL_SEQUENCE = NULL WHERE ID = 0",
            "MERGE INTO " + META_SCHEMA + ".SESSIONS KEY (CLIENT_ID) VALUES (?, ?, ?, ?, ?, ?, ?)",
            SequenceValues.MERGE_SQL, SequenceValues.DELETE_SQL};

    /** The bookkeeping statements, prepared once per connection. */
    private PreparedStatement metaStatement(Connection conn, int which) throws SQLException {
        PreparedStatement[] prepared = metaStatements.computeIfAbsent(conn, c -> new PreparedStatement[META_SQL.length]);
        if (prepared[which] == null) prepared[which] = conn.prepareStatement(META_SQL[which]);
        return prepared[which];
    }

    private void writePosition(Connection conn, long instance, int commands, boolean complete) throws SQLException {
        PreparedStatement ps = metaStatement(conn, POSITION);
        ps.setLong(1, instance);
        ps.setInt(2, commands);
        ps.setBoolean(3, complete);
        ps.setLong(4, clock);
        if (ps.executeUpdate() != 1) throw new SQLException("the " + META_SCHEMA + ".APPLIED row is missing");
    }

    /** Advances the position for a command that changes nothing else (through the admin connection, which autocommits). */
    private void writePositionAlone(long instance, int commands, boolean complete) throws SQLException {
        writePosition(admin, instance, commands, complete);
    }

    /**
     * An operational-quorum change (Cheap Paxos, §[00105]) is part of the replicated state:
     * a replica restored from a snapshot, or whose state ran ahead of its log, learns from
     * here which quorum governs the instances after it. Position and quorum in one statement.
     */
    private void writeOperationalQuorum(long instance, List<Integer> members) throws SQLException {
        String text = members.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
        try (PreparedStatement ps = admin.prepareStatement("UPDATE " + META_SCHEMA + ".APPLIED SET INSTANCE = ?, COMMANDS = 0, "
                + "COMPLETE = TRUE, OQ = ? WHERE ID = 0")) {
            ps.setLong(1, instance);
            ps.setString(2, text);
            if (ps.executeUpdate() != 1) throw new SQLException("the " + META_SCHEMA + ".APPLIED row is missing");
        }
        operationalQuorum = List.copyOf(members);
    }

    /**
     * The operational quorum the last applied quorum change set, or null when none was ever
     * applied (the group's initial one governs).
     */
    public synchronized List<Integer> operationalQuorum() {
        return operationalQuorum;
    }

    static List<Integer> parseOperationalQuorum(String text) {
        if (text == null || text.isEmpty()) return null;
        List<Integer> out = new java.util.ArrayList<>();
        for (String id : text.split(",")) out.add(Integer.parseInt(id.trim()));
        return List.copyOf(out);
    }

    private void writeSession(Connection conn, ClientSession s) throws SQLException {
        PreparedStatement ps = metaStatement(conn, SESSION);
        ps.setLong(1, s.clientId);
        ps.setString(2, s.user);
        ps.setBoolean(3, s.open);
        ps.setLong(4, s.lastSequence);
        ps.setBytes(5, s.lastResult);
        ps.setBytes(6, s.state);
        s.lastActive = clock;
        ps.setLong(7, s.lastActive);
        ps.executeUpdate();
    }

    /** Makes a session's last result, committed, visible to {@link #storedResult}. */
    private void publishResult(long clientId) {
        ClientSession s = sessions.get(clientId);
        if (s != null) results.publish(s.clientId, s.lastSequence, s.lastResult);
    }

    private ExecResult storedResult(ClientSession s, Command c) {
        if (c.sequence() == s.lastSequence) {
            try {
                return PayloadCodec.decodeResult(s.lastResult);
            } catch (MalformedPayloadException e) {
                throw fail("the stored result of client " + s.clientId + " sequence " + s.lastSequence + " does not decode: "
                        + e.getMessage(), e);
            }
        }
        return SessionResults.superseded(c.clientId(), c.sequence(), s.lastSequence);
    }

    /** The results of commands applied before: stored ones where known. Executes nothing. */
    private List<Applied> withoutExecuting(Value value) {
        if (!(value instanceof Value.Batch batch)) return List.of();
        List<Applied> out = new ArrayList<>();
        for (Command c : batch.commands()) out.add(new Applied(c, resultWithoutExecuting(c)));
        return out;
    }

    private ExecResult resultWithoutExecuting(Command c) {
        ClientSession s = sessions.get(c.clientId());
        if (s != null && c.sequence() <= s.lastSequence) return storedResult(s, c);
        return new ExecResult.Failure(SQLSTATE_OUTCOME_UNKNOWN, 0, "command " + c.sequence() + " of client session "
                + c.clientId() + " was applied before this replica restarted; its result was not kept");
    }

    // ------------------------------------------------------------------ session state

    static byte[] readSessionState(Connection conn) throws SQLException {
        List<String> commands = new ArrayList<>();
        try (Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT STATE_COMMAND FROM INFORMATION_SCHEMA.SESSION_STATE ORDER BY STATE_KEY")) {
            while (rs.next()) commands.add(rs.getString(1));
        }
        return encodeState(commands);
    }

    private static byte[] encodeState(List<String> commands) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(out);
            d.writeInt(commands.size());
            for (String c : commands) {
                byte[] b = c.getBytes(StandardCharsets.UTF_8);
                d.writeInt(b.length);
                d.write(b);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> decodeState(byte[] state) {
        try {
            DataInputStream d = new DataInputStream(new ByteArrayInputStream(state));
            int n = d.readInt();
            List<String> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                byte[] b = new byte[d.readInt()];
                d.readFully(b);
                out.add(new String(b, StandardCharsets.UTF_8));
            }
            return out;
        } catch (IOException | RuntimeException e) {
            throw new ReplicaStateException("a stored session state does not decode: " + e, e);
        }
    }

    /**
     * After DDL: re-reads every open session's state (another session may have renamed or
     * dropped its schema), moves a session whose current schema is gone to PUBLIC, and
     * stores what changed through {@code conn}, in its open transaction.
     */
    private void refreshAllSessionStates(Connection conn) throws SQLException {
        for (ClientSession t : new TreeMap<>(sessions).values()) {
            if (!t.open) continue;
            String schema;
            try (Statement st = t.conn.createStatement(); ResultSet rs = st.executeQuery("SELECT CURRENT_SCHEMA")) {
                rs.next();
                schema = rs.getString(1);
            }
            boolean exists;
            try (PreparedStatement ps = conn.prepareStatement("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SCHEMATA WHERE SCHEMA_NAME = ?")) {
                ps.setString(1, schema);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    exists = rs.getLong(1) > 0;
                }
            }
            if (!exists) {
                try (Statement st = t.conn.createStatement()) {
                    st.execute("SET SCHEMA PUBLIC");
                }
            }
            byte[] state = readSessionState(t.conn);
            // End the read-only transaction those queries began in another session (never in the one running the command).
            if (t.conn != conn) t.conn.commit();
            if (!Arrays.equals(state, t.state)) {
                t.state = state;
                writeSession(conn, t);
            }
        }
    }

    // ------------------------------------------------------------------ opening and recovery

    Connection connectClient() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", CLIENT_USER);
        p.setProperty("password", "");
        Connection c = driver.connect(clientUrl, p);
        c.setAutoCommit(false);
        return c;
    }

    private void recover() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", ADMIN_USER);
        p.setProperty("password", "");
        admin = driver.connect(adminUrl, p);
        admin.setAutoCommit(true);
        checkMessagesAreEnglish();
        createMeta();
        database = Users.database(admin);

        try (Statement s = admin.createStatement();
             ResultSet rs = s.executeQuery("SELECT FORMAT, INSTANCE, COMMANDS, COMPLETE, DDL_INSTANCE, DDL_INDEX, DDL_CLIENT, "
                     + "DDL_SEQUENCE, OQ, CLOCK FROM " + META_SCHEMA + ".APPLIED WHERE ID = 0")) {
            if (!rs.next()) throw new ReplicaStateException("the state in " + directory + " has no " + META_SCHEMA + ".APPLIED row");
            int format = rs.getInt(1);
            if (format != META_FORMAT) {
                throw new ReplicaStateException("the state in " + directory + " has meta format " + format
                        + "; this build reads format " + META_FORMAT);
            }
            long instance = rs.getLong(2);
            int commands = rs.getInt(3);
            boolean complete = rs.getBoolean(4);
            long ddlInstance = rs.getLong(5);
            if (!rs.wasNull()) {
                throw new ReplicaStateException(ReplicaStateException.Kind.HALF_APPLIED_DDL, "the state in " + directory
                        + " may hold a half-applied DDL statement: a crash "
                        + "hit while instance " + ddlInstance + " command " + rs.getInt(6) + " (client session "
                        + rs.getLong(7) + ", sequence " + rs.getLong(8) + ") was running it. H2 commits DDL on its own, "
                        + "so whether it took effect cannot be known. Restore this replica from a snapshot (or a copy of a "
                        + "healthy replica's state) and replay the log from there; do not continue with this state.", null);
            }
            appliedUpTo = complete ? instance : instance - 1;
            operationalQuorum = parseOperationalQuorum(rs.getString(9));
            clock = rs.getLong(10);
            if (!complete) {
                partialInstance = instance;
                partialCommands = commands;
            }
        }

        try (Statement s = admin.createStatement();
             ResultSet rs = s.executeQuery("SELECT CLIENT_ID, USER_NAME, IS_OPEN, LAST_SEQUENCE, LAST_RESULT, SESSION_STATE, "
                     + "LAST_ACTIVE FROM " + META_SCHEMA + ".SESSIONS ORDER BY CLIENT_ID")) {
            while (rs.next()) {
                ClientSession cs = new ClientSession(rs.getLong(1), rs.getString(2));
                cs.open = rs.getBoolean(3);
                cs.lastSequence = rs.getLong(4);
                cs.lastResult = rs.getBytes(5);
                cs.state = rs.getBytes(6);
                cs.lastActive = rs.getLong(7);
                sessions.put(cs.clientId, cs);
                results.publish(cs.clientId, cs.lastSequence, cs.lastResult);
            }
        }
        for (ClientSession cs : sessions.values()) {
            if (cs.open) reopen(cs);
        }

        restoreSequences();
        try (Statement s = admin.createStatement()) {
            s.execute("CHECKPOINT");
        }
        boolean fast = sequences.selfCheck(admin);
        LOG.info("state machine opened in {}: applied up to {}{}, {} open client sessions, {} sequences journaled, {} sequence reads",
                directory, appliedUpTo, partialInstance >= 0 ? " (and " + partialCommands + " commands of " + partialInstance + ")" : "",
                sessions.values().stream().filter(x -> x.open).count(), journal.size(), fast ? "fast" : "INFORMATION_SCHEMA");
    }

    private void reopen(ClientSession cs) throws SQLException {
        cs.conn = connectClient();
        List<String> commands = decodeState(cs.state);
        try (Statement st = cs.conn.createStatement()) {
            for (String command : commands) st.execute(command);
        } catch (SQLException e) {
            throw new ReplicaStateException("cannot restore the state of client session " + cs.clientId + " in " + directory
                    + " (" + e.getMessage() + "); restore this replica from a snapshot", e);
        }
        if (!Arrays.equals(readSessionState(cs.conn), cs.state)) {
            throw new ReplicaStateException("the restored state of client session " + cs.clientId + " in " + directory
                    + " differs from the stored one (" + commands + "); restore this replica from a snapshot");
        }
        cs.conn.commit();
    }

    private void restoreSequences() throws SQLException {
        Map<SequenceValues.Key, Long> stored = SequenceValues.readJournal(admin);
        Map<SequenceValues.Key, Long> actual = SequenceValues.readPublic(admin);
        if (!stored.keySet().equals(actual.keySet())) {
            throw new ReplicaStateException("the sequences and identity columns in " + directory + " " + actual.keySet()
                    + " are not the journaled ones " + stored.keySet() + "; restore this replica from a snapshot");
        }
        for (Map.Entry<SequenceValues.Key, Long> e : new TreeMap<>(stored).entrySet()) {
            long have = actual.get(e.getKey());
            if (have != e.getValue()) {
                try (Statement s = admin.createStatement()) {
                    s.execute(e.getKey().restartSql(e.getValue()));
                }
                LOG.info("{}: next value restored to {} (H2 had kept {})", e.getKey(), e.getValue(), have);
            }
        }
        Map<SequenceValues.Key, Long> after = SequenceValues.readPublic(admin);
        if (!after.equals(stored)) {
            throw new ReplicaStateException("restoring sequences in " + directory + " left " + after + " instead of " + stored);
        }
        journal = stored;
    }

    /** Creates the meta schema and the client user if they are missing; every step may be repeated. */
    private void createMeta() throws SQLException {
        String m = META_SCHEMA;
        try (Statement s = admin.createStatement()) {
            s.execute("CREATE USER IF NOT EXISTS " + CLIENT_USER + " PASSWORD ''");
            s.execute("GRANT ALTER ANY SCHEMA TO " + CLIENT_USER);
            s.execute("CREATE SCHEMA IF NOT EXISTS " + m);
            s.execute("CREATE TABLE IF NOT EXISTS " + m + ".APPLIED (ID INT PRIMARY KEY, FORMAT INT NOT NULL, "
                    + "INSTANCE BIGINT NOT NULL, COMMANDS INT NOT NULL, COMPLETE BOOLEAN NOT NULL, "
                    + "DDL_INSTANCE BIGINT, DDL_INDEX INT, DDL_CLIENT BIGINT, DDL_SEQUENCE BIGINT, OQ VARCHAR, "
                    + "CLOCK BIGINT DEFAULT 0 NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS " + m + ".SESSIONS (CLIENT_ID BIGINT PRIMARY KEY, USER_NAME VARCHAR NOT NULL, "
                    + "IS_OPEN BOOLEAN NOT NULL, LAST_SEQUENCE BIGINT NOT NULL, LAST_RESULT VARBINARY NOT NULL, "
                    + "SESSION_STATE VARBINARY NOT NULL, LAST_ACTIVE BIGINT DEFAULT 0 NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS " + m + ".SEQUENCES (KIND CHAR(1) NOT NULL, SCHEMA_NAME VARCHAR NOT NULL, "
                    + "OBJECT_NAME VARCHAR NOT NULL, COLUMN_NAME VARCHAR NOT NULL, NEXT_VALUE BIGINT NOT NULL, "
                    + "PRIMARY KEY (KIND, SCHEMA_NAME, OBJECT_NAME, COLUMN_NAME))");
            s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON " + m + ".APPLIED, " + m + ".SESSIONS, " + m + ".SEQUENCES TO "
                    + CLIENT_USER);
            for (String definition : StampFunctions.definitions()) s.execute(definition);
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + m + ".APPLIED")) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    // A new state: its first client user, before the row that makes the state exist.
                    s.execute(Users.bootstrapSql());
                    s.execute("INSERT INTO " + m + ".APPLIED (ID, FORMAT, INSTANCE, COMMANDS, COMPLETE) VALUES (0, "
                            + META_FORMAT + ", 0, 0, TRUE)");
                    s.execute("CHECKPOINT");
                }
            }
        }
    }

    /** Writes everything applied so far to the database file and fsyncs it (H2's CHECKPOINT SYNC). */
    public synchronized void syncToDisk() {
        checkUsable();
        try (Statement s = admin.createStatement()) {
            s.execute("CHECKPOINT SYNC");
        } catch (SQLException e) {
            throw fail("syncing the state to disk failed: " + e.getMessage(), e);
        }
    }

    private void checkpoint() throws SQLException {
        try (Statement s = admin.createStatement()) {
            s.execute("CHECKPOINT");
        }
    }

    // ------------------------------------------------------------------ error messages in one language

    /**
     * H2 picks its message translations once, from the JVM's default locale, when its
     * exception class loads. The messages become stored results, so replicas with different
     * locales would diverge: load that class under English if nothing loaded it yet.
     */
    private static void pinEnglishMessages() {
        Locale saved = Locale.getDefault();
        if (saved.getLanguage().equals("en")) return;
        Locale display = Locale.getDefault(Locale.Category.DISPLAY);
        Locale format = Locale.getDefault(Locale.Category.FORMAT);
        synchronized (Locale.class) {
            try {
                Locale.setDefault(Locale.ENGLISH);
                Class.forName("org.h2.message.DbException", true, H2StateMachine.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new ExceptionInInitializerError(e);
            } finally {
                Locale.setDefault(saved);
                Locale.setDefault(Locale.Category.DISPLAY, display);
                Locale.setDefault(Locale.Category.FORMAT, format);
            }
        }
    }

    /** Refuses to run if H2's messages are not the English ones (H2 was loaded under another locale before this class). */
    private void checkMessagesAreEnglish() {
        try (Statement s = admin.createStatement()) {
            s.executeQuery("SELECT * FROM PAXOSQL_NO_SUCH_TABLE");
        } catch (SQLException e) {
            String m = Objects.requireNonNullElse(e.getMessage(), "");
            if (m.startsWith("Table \"PAXOSQL_NO_SUCH_TABLE\" not found")) return;
            throw new ReplicaStateException("H2 reports errors in another language (\"" + m.lines().findFirst().orElse("")
                    + "\"): error messages are part of replicated results and must be identical on every replica. "
                    + "Start the JVM with -Duser.language=en, or open the state machine before anything else uses H2.");
        }
        throw new ReplicaStateException("H2 did not report a missing table");
    }

    // ------------------------------------------------------------------ failure and closing

    /** Throws unless the state machine is open and has not failed; any thread. */
    void checkUsable() {
        if (broken != null) {
            throw new ReplicaStateException("the state machine in " + directory + " stopped after an earlier failure: "
                    + broken.getMessage(), broken);
        }
        if (closed) throw new IllegalStateException("the state machine in " + directory + " is closed");
    }

    /** Marks the state machine unusable: after a local failure its state may no longer match the log. */
    private ReplicaStateException fail(String message, Throwable cause) {
        ReplicaStateException e = new ReplicaStateException("state machine in " + directory + ": " + message
                + "; this replica must stop and recover (restart it, or restore it from a snapshot)", cause);
        if (broken == null) broken = e;
        LOG.error("{}", e.getMessage());
        for (ClientSession s : sessions.values()) {
            if (s.conn != null) {
                try {
                    s.conn.rollback();
                } catch (SQLException ignored) {
                    // the connection may be gone with the database
                }
            }
        }
        return e;
    }

    private void release() {
        reads.close();
        closeQuietly();
        OPEN_DIRECTORIES.remove(key);
    }

    private void closeQuietly() {
        database = null;
        metaStatements.clear();
        for (ClientSession s : sessions.values()) {
            if (s.conn == null) continue;
            try {
                s.conn.close();
            } catch (SQLException e) {
                LOG.debug("closing the connection of client session {}: {}", s.clientId, e.getMessage());
            }
            s.conn = null;
        }
        if (admin != null) {
            try {
                admin.close();
            } catch (SQLException e) {
                LOG.debug("closing the admin connection: {}", e.getMessage());
            }
        }
    }

    // ------------------------------------------------------------------ test seams

    void setHooks(Hooks hooks) {
        this.hooks = hooks;
    }

    void setReadHooks(LocalReads.Hooks hooks) {
        reads.setHooks(hooks);
    }

    /** The admin JDBC URL (tests open a side connection with it to simulate crashes). */
    String adminUrl() {
        return adminUrl;
    }

    /** The JDBC URL client sessions connect with, as {@value #CLIENT_USER}. */
    String clientUrl() {
        return clientUrl;
    }
}
