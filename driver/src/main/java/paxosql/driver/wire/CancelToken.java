package paxosql.driver.wire;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Lets another thread end a caller's wait for a replica ({@code Statement.cancel()}). It
 * cancels waiting only: what was already sent to a replica runs there regardless. One token
 * per statement execution; once canceled it stays canceled.
 */
public final class CancelToken {
    /** A token nobody cancels. */
    public static final CancelToken NONE = new CancelToken();

    private final CompletableFuture<Void> canceled = new CompletableFuture<>();

    /** Ends every present and future {@link #await} of this token. Any thread; idempotent. No effect on {@link #NONE}. */
    public void cancel() {
        if (this != NONE) canceled.complete(null);
    }

    public boolean isCanceled() {
        return canceled.isDone();
    }

    /**
     * Waits at most {@code nanos} for {@code answer}; an answer that is there wins over a cancel.
     *
     * @throws CancellationException if the token is canceled first
     */
    public <T> T await(CompletableFuture<T> answer, long nanos) throws InterruptedException, ExecutionException, TimeoutException {
        if (!answer.isDone()) {
            if (isCanceled()) throw new CancellationException("canceled");
            CompletableFuture.anyOf(answer, canceled).get(Math.max(1, nanos), TimeUnit.NANOSECONDS);
            if (!answer.isDone()) throw new CancellationException("canceled");
        }
        return answer.get();
    }
}
