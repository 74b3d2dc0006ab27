package io.bubblesync.relay.bubble;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Bubble refuses that is not a row's fault: the API key ({@link KeyRefusal}, every type), a type the key may not
 * use (401/403, privacy rules), a type Bubble does not know (404 NOT_FOUND: not exposed to the Data API, misnamed,
 * or the live / version-test URL mixed up). Such rows are handed back unsent and left out of claims while other
 * types flow; after {@code sync.breaker.open-for} one call of the type goes out as a probe, like the circuit
 * breaker's half-open call, and its answer decides. When no type has been accepted since the first refusal began
 * (or the key is refused), the relay stops claiming until a probe is due.
 */
public class TypeRefusals {
    private static final Logger LOG = LoggerFactory.getLogger("bubble-sync.bubble");

    /** Why a type is held, and the likely causes an operator should check. */
    enum Why {
        REFUSED("Bubble refuses type", "the API key is not an admin API token of this app, so the type's privacy rules apply"
                + " (Bubble: Data → Privacy), or the type is not exposed to the Data API (Settings → API)"),
        NOT_FOUND("Bubble does not know type", "check the type name (sync.bubble.type.<table>, sync_config.bubble_object_type),"
                + " that the type is exposed to the Data API (Bubble: Settings → API → Enable Data API, then tick the type),"
                + " and that bubble.api.url is the live (…/api/1.1) or development (…/version-test/api/1.1) URL you mean"
                + " (\"Field not found\" from a search: sync.bubble.lookup-field names a field the type does not have)");

        final String says;
        final String causes;

        Why(String says, String causes) {
            this.says = says;
            this.causes = causes;
        }
    }

    private static final class Refusal {
        final Why why;
        final int status;
        final String bubbleSaid;
        final Instant since;
        final Set<String> tables = ConcurrentHashMap.newKeySet();
        volatile Instant probeAt;

        Refusal(Why why, int status, String bubbleSaid, Instant since, Instant probeAt) {
            this.why = why;
            this.status = status;
            this.bubbleSaid = bubbleSaid;
            this.since = since;
            this.probeAt = probeAt;
        }

        String description(String type) {
            return why.says + " '" + type + "' (HTTP " + status + (bubbleSaid.isEmpty() ? "" : " " + bubbleSaid) + "): " + why.causes;
        }
    }

    private final Map<String, Refusal> refused = new ConcurrentHashMap<>();
    private final KeyRefusal key;
    private final Duration probeAfter;
    private final Clock clock;
    private volatile Instant lastAccepted = Instant.EPOCH;

    public TypeRefusals(Duration probeAfter, Clock clock) {
        this.probeAfter = probeAfter;
        this.clock = clock;
        this.key = new KeyRefusal(probeAfter, clock);
    }

    /** True when the key or the type is refused and no probe is due: the row is handed back unsent. */
    public boolean holds(String type, String table) {
        if (key.holds()) {
            return true;
        }
        Refusal r = refused.get(type);
        if (r == null) {
            return false;
        }
        r.tables.add(table);
        return clock.instant().isBefore(r.probeAt);
    }

    /** Before a call: true when it may go out; a due probe (of the key, or of a type) is taken by exactly one call. */
    public synchronized boolean admit(String type, String table) {
        if (!key.admit()) {
            return false;
        }
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

    /** Bubble answered a call of this type with something other than a refusal of the key or the type. */
    public void accepted(String type) {
        lastAccepted = clock.instant();
        key.accepted();
        Refusal r = refused.remove(type);
        if (r != null) {
            LOG.warn("Bubble type '{}' accepted again after {} s: its rows flow again", type,
                    Duration.between(r.since, clock.instant()).toSeconds());
        }
    }

    /** Bubble answered 401 "Invalid or expired token" (its words already scrubbed of the key). */
    public void keyRefused(String bubbleSaid) {
        key.refused(bubbleSaid);
    }

    /** Bubble answered 401/403 for this type: one log line when it starts, its rows wait. */
    public void refused(String type, String table, int status, String bubbleSaid) {
        hold(Why.REFUSED, type, table, status, bubbleSaid);
    }

    /** Bubble answered 404 other than MISSING_DATA for this type: a configuration problem, its rows wait. */
    public void notFound(String type, String table, int status, String bubbleSaid) {
        hold(Why.NOT_FOUND, type, table, status, bubbleSaid);
    }

    private void hold(Why why, String type, String table, int status, String bubbleSaid) {
        Instant now = clock.instant();
        Refusal fresh = new Refusal(why, status, bubbleSaid, now, now.plus(probeAfter));
        Refusal r = refused.putIfAbsent(type, fresh);
        if (r == null) {
            LOG.error("{}; its rows wait in the queue with no attempt spent, other types go on; probed every {} s",
                    fresh.description(type), probeAfter.toSeconds());
            r = fresh;
        } else {
            r.probeAt = now.plus(probeAfter);
        }
        r.tables.add(table);
    }

    /** Comma-separated table names of refused types whose probe is not due: the claims leave them alone. */
    public String heldTables() {
        Instant now = clock.instant();
        return refused.values().stream().filter(r -> now.isBefore(r.probeAt))
                .flatMap(r -> r.tables.stream()).distinct().collect(Collectors.joining(","));
    }

    /** True when the key is refused, or types are refused and none was accepted since the oldest refusal began, and no probe is due. */
    public boolean allRefused() {
        if (key.holds()) {
            return true;
        }
        if (refused.isEmpty()) {
            return false;
        }
        Instant now = clock.instant();
        Instant oldest = refused.values().stream().map(r -> r.since).min(Instant::compareTo).orElse(now);
        boolean probeDue = refused.values().stream().anyMatch(r -> !now.isBefore(r.probeAt));
        return lastAccepted.isBefore(oldest) && !probeDue;
    }

    /** While Bubble refuses the key: what it said and the fix. */
    public Optional<String> keyRefusal() {
        return key.description();
    }

    /** Held types, each with what Bubble said and the likely causes (for readiness and logs). */
    public Map<String, String> refusedTypes() {
        Map<String, String> out = new TreeMap<>();
        refused.forEach((type, r) -> out.put(type, r.description(type)));
        return out;
    }
}
