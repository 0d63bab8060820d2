package paxosql.replica.server;

import paxosql.driver.wire.WireMessage;
import paxosql.replica.server.ClientService.RowCursor;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The open cursors of one node's client connections, by id. Each belongs to the
 * connection whose read opened it: only that connection fetches or closes it, and it
 * closes with that connection. Bounded per connection and per node; a cursor left
 * without a fetch for the idle limit is closed by {@link #expireIdle()}, which the
 * server runs periodically. Thread-safe.
 */
final class CursorTable {
    static final int DEFAULT_MAX_PER_CONNECTION = 16;
    static final int DEFAULT_MAX_PER_NODE = 256;
    static final Duration DEFAULT_IDLE_LIMIT = Duration.ofSeconds(60);

    /** One open cursor, and the read it belongs to. */
    static final class Entry {
        final long id;
        final Object owner;
        final long applied;
        final RowCursor cursor;
        private final AtomicBoolean busy = new AtomicBoolean();
        private volatile long lastUsedNanos;

        private Entry(long id, Object owner, long applied, RowCursor cursor, long now) {
            this.id = id;
            this.owner = owner;
            this.applied = applied;
            this.cursor = cursor;
            this.lastUsedNanos = now;
        }
    }

    private final int maxPerConnection;
    private final int maxPerNode;
    private final long idleNanos;
    private final LongSupplier clock;
    private final Map<Long, Entry> open = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    CursorTable() {
        this(DEFAULT_MAX_PER_CONNECTION, DEFAULT_MAX_PER_NODE, DEFAULT_IDLE_LIMIT, System::nanoTime);
    }

    CursorTable(int maxPerConnection, int maxPerNode, Duration idleLimit, LongSupplier clock) {
        if (maxPerConnection < 1 || maxPerNode < 1) throw new IllegalArgumentException("cursor limits must be positive");
        this.maxPerConnection = maxPerConnection;
        this.maxPerNode = maxPerNode;
        this.idleNanos = idleLimit.toNanos();
        this.clock = clock;
    }

    /**
     * Registers {@code cursor} for {@code owner}; its id, or {@link WireMessage#NO_CURSOR} when
     * a limit is reached (the caller then closes the cursor and refuses the read).
     */
    synchronized long open(Object owner, long applied, RowCursor cursor) {
        if (open.size() >= maxPerNode || countOf(owner) >= maxPerConnection) return WireMessage.NO_CURSOR;
        long id = ids.incrementAndGet();
        open.put(id, new Entry(id, owner, applied, cursor, clock.getAsLong()));
        return id;
    }

    /** How long a cursor may wait for a fetch. */
    Duration idleLimit() {
        return Duration.ofNanos(idleNanos);
    }

    /** Why {@link #open} refused, for the client. */
    String limitMessage() {
        return "too many open cursors (at most " + maxPerConnection + " per connection and " + maxPerNode
                + " per replica); close result sets you no longer read";
    }

    private int countOf(Object owner) {
        int n = 0;
        for (Entry e : open.values()) if (e.owner == owner) n++;
        return n;
    }

    /**
     * Takes cursor {@code id} of {@code owner} for one fetch; null when it is not open for that
     * owner or a fetch of it is running. Give it back with {@link #release} or {@link #remove}.
     */
    Entry take(Object owner, long id) {
        Entry e = open.get(id);
        if (e == null || e.owner != owner || !e.busy.compareAndSet(false, true)) return null;
        return e;
    }

    /** The fetch is done and rows remain; the idle limit counts from now. */
    void release(Entry e) {
        e.lastUsedNanos = clock.getAsLong();
        e.busy.set(false);
    }

    /** Closes and forgets {@code e} (exhausted, failed or closed by its owner). */
    void remove(Entry e) {
        if (open.remove(e.id, e)) e.cursor.close();
    }

    /** Closes cursor {@code id} if {@code owner} holds it; anything else is ignored. */
    void close(Object owner, long id) {
        Entry e = open.get(id);
        if (e != null && e.owner == owner) remove(e);
    }

    /** Closes every cursor of {@code owner} (its connection closed). */
    void closeAll(Object owner) {
        for (Entry e : List.copyOf(open.values())) if (e.owner == owner) remove(e);
    }

    /** Closes the cursors without a fetch for longer than the idle limit; how many. */
    int expireIdle() {
        long now = clock.getAsLong();
        int n = 0;
        for (Entry e : List.copyOf(open.values())) {
            if (!e.busy.get() && now - e.lastUsedNanos > idleNanos) {
                remove(e);
                n++;
            }
        }
        return n;
    }

    void closeEverything() {
        for (Entry e : List.copyOf(open.values())) remove(e);
    }

    int size() {
        return open.size();
    }
}
