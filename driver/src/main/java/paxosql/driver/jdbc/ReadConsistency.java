package paxosql.driver.jdbc;

/** How a connection's queries are read (the {@code readConsistency} option). */
enum ReadConsistency {
    /** Through the log, like writes: sees every write answered before it. */
    LINEARIZABLE,
    /** From one replica, once it has applied this session's own writes. */
    SESSION,
    /** From one replica's own state, however far behind it is. */
    STALE;

    static ReadConsistency parse(String s) {
        return valueOf(s.toUpperCase(java.util.Locale.ROOT));
    }
}
