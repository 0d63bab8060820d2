package paxosql.consensus.core;

import java.util.HashMap;
import java.util.Map;

/**
 * Client id → highest sequence applied. A client that resends after a leader change
 * may get its command chosen twice; applying through this table makes it take effect
 * once (DESIGN.md § Driver). Deterministic: it depends only on the chosen order.
 */
public final class SessionTable {
    private final Map<Long, Long> lastApplied = new HashMap<>();

    /** True, and remembered, if {@code c} has not been applied yet. */
    public boolean admit(Command c) {
        Long last = lastApplied.get(c.clientId());
        if (last != null && last >= c.sequence()) return false;
        lastApplied.put(c.clientId(), c.sequence());
        return true;
    }

    /** An independent copy, for a state machine snapshot. */
    public SessionTable copy() {
        SessionTable t = new SessionTable();
        t.lastApplied.putAll(lastApplied);
        return t;
    }

    public boolean applied(Command c) {
        Long last = lastApplied.get(c.clientId());
        return last != null && last >= c.sequence();
    }
}
