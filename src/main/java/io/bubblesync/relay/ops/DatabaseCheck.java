package io.bubblesync.relay.ops;

import io.bubblesync.relay.db.Schema;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Readiness: the database answers and sync_queue has the relay's columns. */
public class DatabaseCheck extends AbstractHealthCheck {
    private final DataSource ds;

    public DatabaseCheck(DataSource ds) {
        super("relay", "database");
        this.ds = ds;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try {
            Schema.check(ds);
            builder.up();
        } catch (RuntimeException e) {
            builder.down().message(e.getMessage());
        }
    }
}
