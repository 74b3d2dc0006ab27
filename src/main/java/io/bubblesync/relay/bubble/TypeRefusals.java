package io.bubblesync.relay.bubble;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bubble types that answered 401/403: a configuration problem (a wrong key, or the type's "via API" privacy
 * setting off), not a row problem. Their rows are handed back unsent and left out of claims, while other types
 * flow; after {@code sync.breaker.open-for} one call of the type goes out as a probe, like the circuit breaker's
 * half-open call, and its answer decides. When no type has been accepted since the first refusal began, every
 * type is refused and the relay stops claiming until a probe is due.
 */
public class TypeRefusals {
    private static final Logger LOG = LoggerFactory.getLogger("bubble-sync.bubble");

    private static final class Refusal {
        final int status;
        final Instant since;
        final Set<String> tables = ConcurrentHashMap.newKeySet();
        volatile Instant probeAt;

        Refusal(int status, Instant since, Instant probeAt) {
            this.status = status;
            this.since = since;
            this.probeAt = probeAt;
        }
    }

    private final Map<String, Refusal> refused = new ConcurrentHashMap<>();
    private final Duration probeAfter;
    private final Clock clock;
    private volatile Instant lastAccepted = Instant.EPOCH;

    public TypeRefusals(Duration probeAfter, Clock clock) {
        this.probeAfter = probeAfter;
        this.clock = clock;
    }

    /** True when the type is refused and no probe is due: its rows are handed back unsent. */
    public boolean holds(String type, String table) {
        Refusal r = refused.get(type);
        if (r == null) {
            return false;
        }
        r.tables.add(table);
        return clock.instant().isBefore(r.probeAt);
    }

    /** Before a call: true when it may go out; a refused type's due probe is taken by exactly one call. */
    public synchronized boolean admit(String type, String table) {
        Refusal r = refused.get(type);
        if (r == null) {
            return true;
        }
        r.tables.add(table);
        if (clock.instant().isBefore(r.probeAt)) {
            return false;
        }
        r.probeAt = clock.instant().plus(probeAfter);
        LOG.debug("Bubble type '{}': probing whether Bubble accepts it again", type);
        return true;
    }

    /** Bubble answered a call of this type with something other than 401/403. */
    public void accepted(String type) {
        lastAccepted = clock.instant();
        Refusal r = refused.remove(type);
        if (r != null) {
            LOG.warn("Bubble type '{}' accepted again after {} s: its rows flow again", type,
                    Duration.between(r.since, clock.instant()).toSeconds());
        }
    }

    /** Bubble answered 401/403 for this type: one log line when it starts, its rows wait. */
    public void refused(String type, String table, int status) {
        Instant now = clock.instant();
        Refusal fresh = new Refusal(status, now, now.plus(probeAfter));
        Refusal r = refused.putIfAbsent(type, fresh);
        if (r == null) {
            LOG.error("Bubble refused type '{}' (HTTP {}): {}; its rows wait in the queue, other types go on; probed every {} s",
                    type, status, CAUSES, probeAfter.toSeconds());
            r = fresh;
        } else {
            r.probeAt = now.plus(probeAfter);
        }
        r.tables.add(table);
    }

    public static final String CAUSES = "either the Bubble API key is wrong, or the type's privacy rules do not allow"
            + " 'Create/Modify/Delete via API' (Bubble: Data → Privacy) or the type is not exposed in Settings → API";

    /** Comma-separated table names of refused types whose probe is not due: the claims leave them alone. */
    public String heldTables() {
        Instant now = clock.instant();
        return refused.values().stream().filter(r -> now.isBefore(r.probeAt))
                .flatMap(r -> r.tables.stream()).distinct().collect(Collectors.joining(","));
    }

    /** True when types are refused and none was accepted since the oldest refusal began, and no probe is due. */
    public boolean allRefused() {
        if (refused.isEmpty()) {
            return false;
        }
        Instant now = clock.instant();
        Instant oldest = refused.values().stream().map(r -> r.since).min(Instant::compareTo).orElse(now);
        boolean probeDue = refused.values().stream().anyMatch(r -> !now.isBefore(r.probeAt));
        return lastAccepted.isBefore(oldest) && !probeDue;
    }

    /** Refused types and the HTTP status each got, for readiness. */
    public Map<String, Integer> refusedTypes() {
        Map<String, Integer> out = new TreeMap<>();
        refused.forEach((type, r) -> out.put(type, r.status));
        return out;
    }
}
