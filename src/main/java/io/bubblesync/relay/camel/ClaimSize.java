package io.bubblesync.relay.camel;

import io.bubblesync.relay.config.RelaySettings;
import java.time.Duration;
import java.util.function.IntSupplier;
import io.bubblesync.relay.routes.ExchangeKeys;
import org.apache.camel.Exchange;

/**
 * How many rows the next claim of a pass may take (header "limit", routes/pass.camel.yaml). The first claim asks for
 * sync.claim.limit rows (a quiet queue's few due rows come back as they are); each claim that comes back full doubles
 * the next, up to sync.claim.max, so a backlog is drained with few, large statements.
 * <p>
 * With a rate limit (sync.target=bubble) no claim takes more rows than the rate in force (after any 429 halving, and
 * this relay's share of a shared budget) can send within half of sync.lease, counting every row this relay already
 * holds in its other passes: a row never waits in the relay for a permit until its lease ends and another relay
 * rescues it. Each row is counted as one call (bulk creates need fewer). The rows a claim may take are reserved when
 * its limit is given and released once its batches are done.
 */
public class ClaimSize {
    private static final String SIZE = "claimSize";
    private static final String LIMIT = "claimLimit";
    private static final String RESERVED = "claimReserved";

    private final int first;
    private final int max;
    private final IntSupplier callsPerMinute;
    private final long sendWithinMillis;
    private int held;

    /**
     * {@code callsPerMinute}: the rate in force now, or null when calls are not rate limited (no bound). A claim holds
     * what that rate sends within half the lease, and never more than within the lease's send window
     * (RelaySettings.sendWindow: no permit is given later).
     */
    public ClaimSize(int first, int max, IntSupplier callsPerMinute, Duration lease, Duration callTime) {
        this.first = first;
        this.max = max;
        this.callsPerMinute = callsPerMinute;
        this.sendWithinMillis = Math.max(0, Math.min(lease.toMillis() / 2, RelaySettings.sendWindow(lease, callTime).toMillis()));
    }

    /** The next claim's limit; with a rate limit its rows are reserved until {@link #next} or {@link #release}. */
    public int limit(Exchange exchange) {
        int size = exchange.getProperty(SIZE, first, Integer.class);
        int limit = size;
        if (callsPerMinute != null) {
            release(exchange);
            synchronized (this) {
                int free = bound() - held;
                limit = Math.max(held == 0 ? 1 : 0, Math.min(size, free));
                held += limit;
            }
            exchange.setProperty(RESERVED, limit);
        }
        exchange.setProperty(LIMIT, limit);
        return limit;
    }

    /** The claim came back with exchange property {@value ExchangeKeys#CLAIM_COUNT} rows: only they stay reserved. */
    public void claimed(Exchange exchange) {
        int rows = exchange.getProperty(ExchangeKeys.CLAIM_COUNT, 0, Integer.class);
        Integer reserved = exchange.getProperty(RESERVED, Integer.class);
        if (reserved != null && rows < reserved) {
            synchronized (this) {
                held -= reserved - rows;
            }
            exchange.setProperty(RESERVED, rows);
        }
    }

    /**
     * The claim's batches are done (its rows settled or handed back): they are no longer held; when the claim filled its
     * whole size, the next one is twice as large. A {@code bean:} step (it changes the exchange's properties).
     */
    public void next(Exchange exchange) {
        int rows = exchange.getProperty(ExchangeKeys.CLAIM_COUNT, 0, Integer.class);
        release(exchange);
        int size = exchange.getProperty(SIZE, first, Integer.class);
        if (rows >= size) {
            exchange.setProperty(SIZE, Math.min(max, size * 2));
        }
    }

    /** True when the last claim came back full: it took its whole limit, so more rows may be due. */
    public boolean full(Exchange exchange) {
        int limit = exchange.getProperty(LIMIT, 0, Integer.class);
        return limit > 0 && exchange.getProperty(ExchangeKeys.CLAIM_COUNT, 0, Integer.class) >= limit;
    }

    /** The pass stopped (an error, pass-errors): whatever its claim reserved is free again. */
    public void release(Exchange exchange) {
        Integer reserved = exchange.removeProperty(RESERVED) instanceof Integer r ? r : null;
        if (reserved != null) {
            synchronized (this) {
                held -= reserved;
            }
        }
    }

    /** Rows a claim of this relay may hold now: what the rate in force sends within half of sync.lease (or its send window). */
    int bound() {
        return (int) Math.min(Integer.MAX_VALUE, (long) callsPerMinute.getAsInt() * sendWithinMillis / 60_000);
    }

    /** Rows this relay's claims hold (or have reserved) now. */
    synchronized int held() {
        return held;
    }
}
