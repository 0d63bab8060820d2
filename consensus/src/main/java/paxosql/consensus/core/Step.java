package paxosql.consensus.core;

import java.util.List;

/**
 * What the core wants done after one input. The caller's contract:
 * <ol>
 *   <li>append {@code writes} to the durable log in order (they are numbered
 *       {@code firstWriteSeq .. lastWriteSeq}) and, once they are durable, call
 *       {@code onDurable(lastWriteSeq)} — group commit may cover many steps;</li>
 *   <li>send {@code sends} at once: the core never returns a message that depends on
 *       a write not yet reported durable (it holds those back itself);</li>
 *   <li>apply {@code decisions} in order.</li>
 * </ol>
 */
public record Step(List<LogRecord> writes, long lastWriteSeq, List<Envelope> sends, List<Decision> decisions) {
    public static final Step EMPTY = new Step(List.of(), 0, List.of(), List.of());

    public boolean isEmpty() { return writes.isEmpty() && sends.isEmpty() && decisions.isEmpty(); }

    public long firstWriteSeq() { return lastWriteSeq - writes.size() + 1; }
}
