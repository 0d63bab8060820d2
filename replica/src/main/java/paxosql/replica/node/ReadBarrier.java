package paxosql.replica.node;

import paxosql.consensus.core.Command;
import paxosql.driver.protocol.ClientRequest;
import paxosql.driver.protocol.PayloadCodec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * This replica's read barriers (DESIGN.md § Driver, "read-index or through the log"): a
 * linearizable read waits until the replica has applied a barrier proposed after the read
 * arrived. Every write acknowledged before that is at a lower instance (a leader proposes
 * above every instance it knows of), so the read sees it.
 *
 * <p>Reads share barriers: while one is in flight, the reads that arrive wait for the next,
 * which is proposed when the first is applied — so a burst of reads costs two trips through
 * the log, not one each. A barrier not applied within {@code retryNanos} (lost in a leader
 * change) is proposed again, for everyone waiting.
 *
 * <p>Barriers run under the replica's own negative client id with increasing sequence
 * numbers, which start from the clock in microseconds so that they stay above those of
 * the replica's earlier runs (the log drops a sequence not above the last applied one).
 */
final class ReadBarrier {
    private final long clientId;
    private final Consumer<Command> propose;
    private final LongSupplier nanoClock;
    private final long retryNanos;
    private long lastSequence;
    /** Proposed and not applied yet: its sequence, when, and who waits for it. */
    private long inFlightSequence = -1;
    private long inFlightSince;
    private List<CompletableFuture<Long>> inFlight = new ArrayList<>();
    /** Arrived while a barrier was in flight: they wait for the next one. */
    private List<CompletableFuture<Long>> next = new ArrayList<>();

    ReadBarrier(int nodeId, Consumer<Command> propose, LongSupplier nanoClock, long retryNanos, long firstSequence) {
        this.clientId = ClientRequest.barrierClient(nodeId);
        this.propose = propose;
        this.nanoClock = nanoClock;
        this.retryNanos = retryNanos;
        this.lastSequence = firstSequence - 1;
    }

    /** A future that completes with the instance of a barrier proposed after this call, once applied here. */
    synchronized CompletableFuture<Long> await() {
        CompletableFuture<Long> f = new CompletableFuture<>();
        if (inFlightSequence < 0) {
            inFlight.add(f);
            proposeInFlight();
        } else {
            next.add(f);
        }
        return f;
    }

    /** Called with every command applied here, in order (the loop thread). */
    void applied(Command c, long instance) {
        if (c.clientId() != clientId) return;
        List<CompletableFuture<Long>> done;
        synchronized (this) {
            if (c.sequence() != inFlightSequence) return;
            done = inFlight;
            inFlight = next;
            next = new ArrayList<>();
            inFlightSequence = -1;
            if (!inFlight.isEmpty()) proposeInFlight();
        }
        for (CompletableFuture<Long> f : done) f.complete(instance);
    }

    /** Proposes again a barrier in flight for too long, for everyone waiting (any thread, now and then). */
    synchronized void retryIfStale() {
        if (inFlightSequence < 0 || nanoClock.getAsLong() - inFlightSince < retryNanos) return;
        // Everyone waiting arrived before this new proposal: one barrier serves them all.
        inFlight.addAll(next);
        next = new ArrayList<>();
        proposeInFlight();
    }

    /** Fails everyone waiting (the node is closing). */
    void close(Throwable why) {
        List<CompletableFuture<Long>> all;
        synchronized (this) {
            all = new ArrayList<>(inFlight);
            all.addAll(next);
            inFlight.clear();
            next.clear();
            inFlightSequence = -1;
        }
        for (CompletableFuture<Long> f : all) f.completeExceptionally(why);
    }

    private void proposeInFlight() {
        inFlightSequence = ++lastSequence;
        inFlightSince = nanoClock.getAsLong();
        try {
            propose.accept(new Command(clientId, inFlightSequence, PayloadCodec.encode(new ClientRequest.Barrier())));
        } catch (RuntimeException e) {
            List<CompletableFuture<Long>> failed = inFlight;
            inFlight = new ArrayList<>();
            inFlightSequence = -1;
            for (CompletableFuture<Long> f : failed) f.completeExceptionally(e);
        }
    }
}
