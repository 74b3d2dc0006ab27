package io.bubblesync.relay.delivery;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A resilience4j circuit breaker around the bubble_sync endpoint. Every HTTP call is recorded (see
 * {@code TargetHttp}); once too many of the recent calls failed transiently it opens, and while it is
 * open the relay claims nothing, so rows wait in pending without burning attempts. After
 * {@code sync.breaker.open-for} one probe batch goes out (half-open) and decides.
 */
public class EndpointBreaker {
    private static final Logger LOG = LoggerFactory.getLogger("bubble-sync.breaker");

    private final CircuitBreaker breaker;
    private final boolean anyNon2xxFails;

    /** With {@code anyNon2xxFails} (sync.target=legacy) every non-2xx answer counts as a failure, else only transient ones. */
    public EndpointBreaker(int failureRatePercent, int window, Duration openFor, boolean anyNon2xxFails) {
        this.anyNon2xxFails = anyNon2xxFails;
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(window)
                .minimumNumberOfCalls(window)
                .failureRateThreshold(failureRatePercent)
                .waitDurationInOpenState(openFor)
                .permittedNumberOfCallsInHalfOpenState(1)
                .build();
        breaker = CircuitBreaker.of("bubble_sync", config);
        breaker.getEventPublisher().onStateTransition(e -> LOG.warn("circuit breaker {}: {}", e.getStateTransition(),
                e.getStateTransition().getToState() == CircuitBreaker.State.OPEN
                        ? "endpoint failing, rows wait in pending for " + openFor.toSeconds() + " s"
                        : "delivering again"));
    }

    /** True when calls may go out now (closed, or half-open with its probe free); moves open → half-open when due. */
    public boolean acceptsWork() {
        if (breaker.tryAcquirePermission()) {
            breaker.releasePermission();
            return true;
        }
        return false;
    }

    /** Whether an HTTP answer with this status counts as a failed call. */
    public boolean countsAsFailure(int status) {
        return TransientDeliveryException.isTransientStatus(status) || anyNon2xxFails && (status < 200 || status >= 300);
    }

    public void succeeded(long nanos) {
        breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
    }

    public void failed(long nanos, Throwable cause) {
        breaker.onError(nanos, TimeUnit.NANOSECONDS, cause);
    }

    /** CLOSED, OPEN, HALF_OPEN, ... */
    public String state() {
        return breaker.getState().name();
    }
}
