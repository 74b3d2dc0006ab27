package io.bubblesync.relay.bubble;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bubble refused the API key (401 "Invalid or expired token: …", notes §1b): every Bubble call waits, for every type,
 * until a probe finds the key accepted again. One log line when it starts, one when it ends; after
 * {@code sync.breaker.open-for} exactly one call goes out as the probe. Bubble's words arrive scrubbed of the key.
 */
final class KeyRefusal {
    private static final Logger LOG = LoggerFactory.getLogger("bubble-sync.bubble");
    static final String FIX = "set BUBBLE_API_KEY (bubble.api.key, or its Vault secret) to an API token of this Bubble app"
            + " (Bubble: Settings → API → API tokens)";

    private final Duration probeAfter;
    private final Clock clock;
    private volatile Instant since;
    private volatile Instant probeAt;
    private volatile String bubbleSaid;

    KeyRefusal(Duration probeAfter, Clock clock) {
        this.probeAfter = probeAfter;
        this.clock = clock;
    }

    /** Bubble answered a call with the key refused. */
    synchronized void refused(String said) {
        Instant now = clock.instant();
        probeAt = now.plus(probeAfter);
        bubbleSaid = said;
        if (since == null) {
            since = now;
            LOG.error("Bubble refused the API key (HTTP 401 {}): every Bubble call waits, rows stay in the queue with no attempt spent; {};"
                    + " probed every {} s", said, FIX, probeAfter.toSeconds());
        }
    }

    /** Bubble answered a call with something else: the key is good. */
    synchronized void accepted() {
        if (since != null) {
            LOG.warn("Bubble accepts the API key again after {} s: delivery resumes", Duration.between(since, clock.instant()).toSeconds());
            since = null;
        }
    }

    /** True while the key is refused and no probe is due. */
    boolean holds() {
        Instant at = probeAt;
        return since != null && clock.instant().isBefore(at);
    }

    /** Before a call: false while the key is refused, except for the one call that takes a due probe. */
    synchronized boolean admit() {
        if (since == null) {
            return true;
        }
        if (clock.instant().isBefore(probeAt)) {
            return false;
        }
        probeAt = clock.instant().plus(probeAfter);
        LOG.debug("probing whether Bubble accepts the API key again");
        return true;
    }

    /** For readiness and logs: what Bubble said, while the key is refused. */
    Optional<String> description() {
        return since == null ? Optional.empty() : Optional.of("Bubble refused the API key (HTTP 401 " + bubbleSaid
                + "): every Bubble call waits, rows stay in the queue; " + FIX + "; probed every " + probeAfter.toSeconds() + " s");
    }
}
