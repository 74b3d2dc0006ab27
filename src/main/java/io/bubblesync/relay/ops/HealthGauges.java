package io.bubblesync.relay.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

/**
 * sync_health_check_up{check}: 1 while a readiness check of Camel's health check registry is UP, 0 otherwise, one
 * gauge per check found once the context has started (the relay's database, backlog, endpoint-action, bubble-types
 * and any check added later, and Camel's context), so an alert can name the check that holds readiness DOWN. Camel's
 * per-route and per-consumer checks ("route:settle", "consumer:pass", ...) are summed up by their prefix: check="route"
 * is 1 while every route check is UP. A scrape calls the checks at most once a second, however many gauges it reads;
 * the checks read in-memory state only.
 */
public class HealthGauges implements StartupListener {
    private static final long FRESH_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final MeterRegistry registry;
    private final Map<String, Boolean> up = new ConcurrentHashMap<>();
    private volatile CamelContext context;
    private volatile long readAt = System.nanoTime() - 2 * FRESH_NANOS;

    public HealthGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // the checks answer once every route has started: onCamelContextFullyStarted
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        this.context = context;
        for (String check : read().keySet()) {
            Gauge.builder("sync_health_check_up", this, g -> g.state(check)).tag("check", check).strongReference(true)
                    .description("1 while this readiness check is UP (/observe/health/ready), 0 while it is DOWN or UNKNOWN").register(registry);
        }
    }

    private double state(String check) {
        if (System.nanoTime() - readAt > FRESH_NANOS) {
            read();
        }
        Boolean isUp = up.get(check);
        return isUp == null ? Double.NaN : isUp ? 1 : 0;
    }

    private synchronized Map<String, Boolean> read() {
        if (System.nanoTime() - readAt > FRESH_NANOS) {
            // exposure "full": every check's own result, not only the DOWN ones
            Map<String, Boolean> now = new HashMap<>();
            for (HealthCheck.Result result : HealthCheckHelper.invokeReadiness(context, "full")) {
                String id = result.getCheck().getId();
                now.merge(id.contains(":") ? id.substring(0, id.indexOf(':')) : id, result.getState() == HealthCheck.State.UP, Boolean::logicalAnd);
            }
            up.putAll(now);
            readAt = System.nanoTime();
        }
        return up;
    }
}
