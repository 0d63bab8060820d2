package paxosql.replica.server;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A node as far as the client server can tell: fixed users, recorded submits, scriptable reads and snapshots. */
final class FakeClientService implements ClientService {

    record Submitted(long clientId, String user, long sequence, byte[] payload, String thread) {}

    /** A read as the service saw it. */
    record ReadCall(long clientId, String user, byte[] payload, long minApplied) {}

    interface ReadBehaviour {
        CompletableFuture<ReadReply> read(ReadCall call);
    }

    static final Map<String, String> PASSWORDS = Map.of(
            "alice", "alice-pw", "bob", "bob-pw", "admin", "admin-pw", "fuzzer", "fuzz-pw");
    static final Set<String> ADMINS = Set.of("admin");

    final Queue<Submitted> submits = new ConcurrentLinkedQueue<>();
    final Queue<Long> closedSessions = new ConcurrentLinkedQueue<>();
    final AtomicInteger authentications = new AtomicInteger();

    /** By default a read answers at once with its own payload, at applied instance minApplied + 1. */
    volatile ReadBehaviour reads = call -> CompletableFuture.completedFuture(new ReadReply(call.minApplied() + 1, call.payload()));
    volatile Optional<SnapshotSource> snapshot = Optional.empty();
    volatile OptionalInt leader = OptionalInt.of(2);
    volatile byte[] status = "{\"node\":1,\"role\":\"voter\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    /** When set, authenticate waits for it (at most 5 s): lets a test act while a hello is being checked. */
    volatile CountDownLatch authenticationGate;

    @Override
    public boolean authenticate(String user, String password) {
        authentications.incrementAndGet();
        CountDownLatch gate = authenticationGate;
        if (gate != null) {
            try {
                gate.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return password.equals(PASSWORDS.get(user));
    }

    @Override
    public boolean isAdmin(String user) { return ADMINS.contains(user); }

    @Override
    public void submit(long clientId, String user, long sequence, byte[] payload) {
        submits.add(new Submitted(clientId, user, sequence, payload, Thread.currentThread().getName()));
    }

    @Override
    public CompletableFuture<ReadReply> read(long clientId, String user, byte[] payload, long minApplied) {
        return reads.read(new ReadCall(clientId, user, payload, minApplied));
    }

    @Override
    public byte[] status() { return status; }

    @Override
    public Optional<SnapshotSource> snapshots() { return snapshot; }

    @Override
    public OptionalInt leaderId() { return leader; }

    @Override
    public void sessionClosed(long clientId) { closedSessions.add(clientId); }
}
