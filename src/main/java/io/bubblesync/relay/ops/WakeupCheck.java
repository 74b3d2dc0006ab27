package io.bubblesync.relay.ops;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness shows the wake-up in use: its message is {@link WakeupStatus#summary()} (Camel's /observe/health shows messages, not details). Always UP: polling delivers a row within
 * sync.wakeup.poll-interval, and with no wake-up at all the cron passes still run.
 */
public class WakeupCheck extends AbstractHealthCheck {
    private final WakeupStatus status;

    public WakeupCheck(WakeupStatus status) {
        super("relay", "wakeup");
        this.status = status;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        status.view().forEach(builder::detail);
        builder.up().message(status.summary());
    }
}
