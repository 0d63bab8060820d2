package paxosql.consensus.transport;

/**
 * Caps how many lines a burst of similar events may log: at most {@code linesPerWindow}
 * per window; the first line after a suppression says how many were left out.
 * Used for events a remote party can trigger at will (garbage connections, refused
 * handshakes), so a flood of them cannot flood the log. Shared with the replica's client
 * server, which faces the same kind of traffic. Thread-safe.
 */
public final class LogBudget {
    private final int linesPerWindow;
    private final long windowNanos;
    private long windowStart = System.nanoTime();
    private int usedInWindow;
    private long suppressed;

    public LogBudget(int linesPerWindow, long windowNanos) {
        this.linesPerWindow = linesPerWindow;
        this.windowNanos = windowNanos;
    }

    /**
     * Whether a line may be logged now: -1 if not (it is counted as suppressed), otherwise
     * the number of lines suppressed since the last one that was logged.
     */
    public synchronized long acquire() {
        long now = System.nanoTime();
        if (now - windowStart >= windowNanos) {
            windowStart = now;
            usedInWindow = 0;
        }
        if (usedInWindow >= linesPerWindow) {
            suppressed++;
            return -1;
        }
        usedInWindow++;
        long before = suppressed;
        suppressed = 0;
        return before;
    }
}
