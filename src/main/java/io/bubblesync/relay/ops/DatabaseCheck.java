package io.bubblesync.relay.ops;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: the database answers the background queue reading (which needs the relay's columns) within
 * sync.health.answer-within. Reads the watch's state only: it answers at once whatever the database does.
 */
public class DatabaseCheck extends AbstractHealthCheck {
    private final QueueWatch queue;

    public DatabaseCheck(QueueWatch queue) {
        super("relay", "database");
        this.queue = queue;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        String problem = queue.problem();
        double age = queue.ageSeconds();
        builder.detail("last_reading_seconds_ago", Double.isNaN(age) ? -1 : Math.round(age));
        if (problem == null) {
            builder.up();
        } else {
            builder.down().message(problem);
        }
    }
}
