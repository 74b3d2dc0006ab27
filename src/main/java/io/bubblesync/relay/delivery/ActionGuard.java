package io.bubblesync.relay.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bubblesync.relay.config.Secret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sync.target=bubble_sync, pointed at a function that does not speak {@code sync_batch} (the deployed
 * bubble_sync answers 400 {"success":false,"error":"Unknown action: sync_batch"}; a missing function 404):
 * no row is failed or charged an attempt. The batch's rows are handed back, the relay stops claiming and
 * lets batches out again once per {@code sync.breaker.open-for} (a re-probe, like the open breaker),
 * readiness is DOWN, and ONE line says what to do. Any other answer ends it.
 */
public class ActionGuard {
    private static final Logger LOG = LoggerFactory.getLogger("bubble-sync.delivery");
    /** "Unknown action: sync_batch", "Invalid action", "action not supported", "unrecognized action" ... */
    private static final Pattern UNKNOWN_ACTION = Pattern.compile(
            "(unknown|invalid|unsupported|not supported|unrecogni[sz]ed|not recogni[sz]ed|no such|not allowed)\\W+(\\w+\\W+)?action"
                    + "|action\\W+(\\S+\\W+)?(is\\W+)?(unknown|invalid|unsupported|not supported|unrecogni[sz]ed|not recogni[sz]ed|not found|not allowed)",
            Pattern.CASE_INSENSITIVE);

    private final boolean enabled;
    private final String endpointUrl;
    private final Duration reprobeEvery;
    private final Clock clock;
    private final FailureText failureText;
    private volatile String refusal;
    private volatile Instant nextProbeAt = Instant.MIN;

    public ActionGuard(boolean enabled, String endpointUrl, Secret token, Duration reprobeEvery, Clock clock) {
        this.enabled = enabled;
        this.endpointUrl = endpointUrl;
        this.reprobeEvery = reprobeEvery;
        this.clock = clock;
        this.failureText = new FailureText(token, new ObjectMapper());
    }

    /** After the POST, before the answer is read: a refusal of the action raises {@link ActionNotAcceptedException}. */
    public void check(Exchange exchange) {
        if (!enabled) {
            return;
        }
        var message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (status == 400 || status == 404) {
            String text = message.getBody(String.class);
            message.setBody(text); // read once: the answer's reader sees the same text
            String endpointMessage = failureText.endpointMessage(text);
            if (refusesAction(status, endpointMessage)) {
                throw new ActionNotAcceptedException(status, endpointMessage);
            }
        }
        if (refusal != null) {
            refusal = null;
            LOG.info("{} answered sync_batch with HTTP {}: delivering again", endpointUrl, status);
        }
    }

    /** 404 (no such function), or 400 whose error says the action is unknown / invalid / not supported. */
    static boolean refusesAction(int status, String endpointMessage) {
        return status == 404 || status == 400 && UNKNOWN_ACTION.matcher(endpointMessage).find();
    }

    /** The onException step: remember the refusal, log it once, wait before the next probe. */
    public synchronized void refused(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String answer = cause == null ? "refused" : cause.getMessage();
        nextProbeAt = clock.instant().plus(reprobeEvery);
        if (refusal == null) {
            LOG.error("the endpoint does not accept sync_batch ({} answered {}); deploy one that does, or set sync.target=legacy "
                    + "or sync.target=bubble. No row was failed or charged: claimed rows are handed back and claiming stops, "
                    + "re-probing every {} s", endpointUrl, answer, reprobeEvery.toSeconds());
        }
        refusal = answer;
    }

    /** False while the endpoint refuses the action, except once per re-probe period. */
    public boolean acceptsWork() {
        return refusal == null || !clock.instant().isBefore(nextProbeAt);
    }

    /** The endpoint's last refusal while it lasts, else null (readiness). */
    public String refusal() {
        return refusal;
    }
}
