package io.bubblesync.relay.ops;

import io.bubblesync.relay.delivery.EndpointBreaker;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: the oldest due row waits less than sync.health.max-pending-age (last known reading; the
 * database check says when that reading is stale); reports the breaker state.
 */
public class BacklogCheck extends AbstractHealthCheck {
    private final QueueWatch queue;
    private final EndpointBreaker breaker;
    private final Duration maxAge;

    public BacklogCheck(QueueWatch queue, EndpointBreaker breaker, Duration maxAge) {
        super("relay", "backlog");
        this.queue = queue;
        this.breaker = breaker;
        this.maxAge = maxAge;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        double age = queue.value("oldest_due_seconds");
        builder.detail("breaker", breaker.state());
        builder.detail("oldest_due_seconds", Double.isNaN(age) ? -1 : Math.round(age));
        builder.detail("max_pending_age_seconds", maxAge.toSeconds());
        if (Double.isNaN(age)) {
            builder.down().message("queue not read yet: " + queue.problem());
        } else if (age > maxAge.toSeconds()) {
            builder.down().message("backlog: oldest due row waits " + Math.round(age) + " s (limit " + maxAge.toSeconds()
                    + " s), breaker " + breaker.state());
        } else {
            builder.up();
        }
    }
}
