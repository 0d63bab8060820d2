package paxosql.consensus.core;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;

/** What one Paxos instance decides. */
public sealed interface Value permits Value.Batch, Value.NoOp, Value.OqChange, Value.Digest {

    /** Many client commands in one instance (batching, DESIGN.md § Protocol). */
    record Batch(List<Command> commands) implements Value {
        public Batch { commands = List.copyOf(commands); }
        @Override public String toString() { return "Batch" + commands; }
    }

    /** Fills a gap found by a new leader's phase 1. */
    record NoOp() implements Value {
        public static final NoOp INSTANCE = new NoOp();
        @Override public String toString() { return "NoOp"; }
    }

    /**
     * A new operational quorum (patent §[00107], §[00112]): chosen at instance k by a
     * majority of all voters, it governs the instances after k.
     */
    record OqChange(List<Integer> members) implements Value {
        public OqChange { members = members.stream().sorted().distinct().toList(); }
        @Override public String toString() { return "OQ" + members; }
    }

    /**
     * What a witness stores in place of a client batch it votes for during a
     * fail-over: the SHA-256 of the value, never the SQL itself. A leader that finds a
     * digest as the highest vote must obtain the full value from a full replica.
     */
    record Digest(byte[] sha256) implements Value {
        @Override public boolean equals(Object o) { return o instanceof Digest d && Arrays.equals(d.sha256, sha256); }
        @Override public int hashCode() { return Arrays.hashCode(sha256); }
        @Override public String toString() { return "Digest(" + ByteBuffer.wrap(sha256).getInt() + ")"; }
    }

    /** The digest a witness would store for {@code v}; deterministic on every node. */
    static Digest digestOf(Value v) {
        if (v instanceof Digest d) return d;
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            if (v instanceof Batch b) {
                md.update((byte) 1);
                ByteBuffer buf = ByteBuffer.allocate(20);
                for (Command c : b.commands()) {
                    buf.clear();
                    buf.putLong(c.clientId()).putLong(c.sequence()).putInt(c.payload().length);
                    md.update(buf.array(), 0, 20);
                    md.update(c.payload());
                }
            } else if (v instanceof OqChange oq) {
                md.update((byte) 2);
                for (int m : oq.members()) md.update(ByteBuffer.allocate(4).putInt(m).array());
            } else {
                md.update((byte) 3);
            }
            return new Digest(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
