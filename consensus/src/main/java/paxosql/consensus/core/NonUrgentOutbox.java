package paxosql.consensus.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Notices nobody waits on (patent §[00101]–[00102]): chosen values for learners and
 * acknowledgements for the leader, cached per destination and sent as one batch once
 * {@code flushCount} are waiting or the oldest has waited {@code flushMillis}.
 */
final class NonUrgentOutbox {
    private static final class Pending {
        final List<Message.Entry> learned = new ArrayList<>();
        Ballot ackBallot;
        final List<Long> acks = new ArrayList<>();
        long oldest = Long.MAX_VALUE;

        int size() { return learned.size() + acks.size(); }
    }

    private final int flushCount;
    private final long flushMillis;
    private final Map<Integer, Pending> byDestination = new TreeMap<>();

    NonUrgentOutbox(int flushCount, long flushMillis) {
        this.flushCount = Math.max(1, flushCount);
        this.flushMillis = flushMillis;
    }

    void learned(int to, Message.Entry e, long now, List<Envelope> out, long senderChosenUpTo) {
        Pending p = pending(to, now);
        p.learned.add(e);
        if (p.size() >= flushCount) flush(to, p, out, senderChosenUpTo);
    }

    void ack(int to, Ballot b, long instance, long now, List<Envelope> out, long senderChosenUpTo) {
        Pending p = pending(to, now);
        if (p.ackBallot != null && !p.ackBallot.equals(b)) flush(to, p, out, senderChosenUpTo);
        p = pending(to, now);
        p.ackBallot = b;
        p.acks.add(instance);
        if (p.size() >= flushCount) flush(to, p, out, senderChosenUpTo);
    }

    /** Sends every batch whose oldest notice has waited long enough. */
    void flushDue(long now, List<Envelope> out, long senderChosenUpTo) {
        for (var e : List.copyOf(byDestination.entrySet())) {
            if (now - e.getValue().oldest >= flushMillis) flush(e.getKey(), e.getValue(), out, senderChosenUpTo);
        }
    }

    private Pending pending(int to, long now) {
        Pending p = byDestination.computeIfAbsent(to, k -> new Pending());
        if (p.size() == 0) p.oldest = now;
        return p;
    }

    private void flush(int to, Pending p, List<Envelope> out, long senderChosenUpTo) {
        if (!p.learned.isEmpty()) out.add(new Envelope(to, new Message.Learn(List.copyOf(p.learned), senderChosenUpTo)));
        if (!p.acks.isEmpty()) out.add(new Envelope(to, new Message.Accepted(p.ackBallot, List.copyOf(p.acks))));
        byDestination.remove(to);
    }
}
