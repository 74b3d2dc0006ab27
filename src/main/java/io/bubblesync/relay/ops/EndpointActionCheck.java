package io.bubblesync.relay.ops;

import io.bubblesync.relay.delivery.ActionGuard;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Readiness: DOWN while the endpoint answers that it does not know the sync_batch action. */
public class EndpointActionCheck extends AbstractHealthCheck {
    private final ActionGuard guard;

    public EndpointActionCheck(ActionGuard guard) {
        super("relay", "endpoint-action");
        this.guard = guard;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        String refusal = guard.refusal();
        if (refusal == null) {
            builder.up();
        } else {
            builder.down().message("the endpoint does not accept sync_batch (" + refusal
                    + "); deploy one that does, or set sync.target=legacy or sync.target=bubble");
        }
    }
}
