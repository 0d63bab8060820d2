package paxosql.replica.state;

import paxosql.driver.protocol.ExecResult;

import java.util.Objects;

/**
 * The answer to a read that did not go through the log ({@link H2StateMachine#read}).
 *
 * @param appliedAt the instance whose state the query read: the state held every command of
 *                  every instance up to {@code appliedAt} and nothing of a later one. -1 when
 *                  the read failed before it saw any state (the local database failed or closed).
 * @param result    the query's rows, or why the read failed
 */
public record ReadResult(long appliedAt, ExecResult result) {
    public ReadResult {
        Objects.requireNonNull(result, "result");
        if (appliedAt < -1) throw new IllegalArgumentException("appliedAt must be >= -1, got " + appliedAt);
    }
}
