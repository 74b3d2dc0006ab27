package io.bubblesync.relay.delivery;

import java.time.Duration;
import org.apache.camel.LoggingLevel;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;

/**
 * The relay's one quick-redelivery policy (bean {@value #BEAN}, the {@code redeliveryPolicyRef} of the transient
 * failures in routes/error-handling.camel.yaml): sync.http.redeliveries in-process redeliveries, the first after
 * sync.http.redelivery-delay, each next one twice as long, one INFO line per redelivery and no stack traces.
 * {@link TransientFailure} reads the same policy to tell whether a Retry-After asks for a longer wait.
 */
public final class QuickRedelivery {
    /** The registry name the routes refer to. */
    public static final String BEAN = "quickRedelivery";

    private QuickRedelivery() {
    }

    public static RedeliveryPolicy of(int redeliveries, Duration firstDelay) {
        RedeliveryPolicy policy = new RedeliveryPolicy();
        policy.setMaximumRedeliveries(redeliveries);
        policy.setRedeliveryDelay(firstDelay.toMillis());
        policy.setUseExponentialBackOff(true);
        policy.setBackOffMultiplier(2);
        policy.setRetryAttemptedLogLevel(LoggingLevel.INFO);
        policy.setLogRetryStackTrace(false);
        policy.setLogStackTrace(false);
        policy.setLogExhausted(false);
        policy.setLogHandled(false);
        return policy;
    }

    /**
     * The longest wait the policy makes a batch sit through in-process (a Retry-After longer than this is honoured by a
     * durable retry instead): Camel waits the first delay before the first redelivery and multiplies the previous wait
     * for each next one (RedeliveryPolicy.calculateRedeliveryDelay), so the last of n redeliveries waits
     * delay x multiplier^(n-1); none without redeliveries.
     */
    public static Duration longestWait(RedeliveryPolicy policy) {
        int redeliveries = Math.max(0, Math.min(policy.getMaximumRedeliveries(), 20));
        if (redeliveries == 0) {
            return Duration.ZERO;
        }
        return Duration.ofMillis((long) (policy.getRedeliveryDelay() * Math.pow(policy.getBackOffMultiplier(), redeliveries - 1)));
    }
}
