package io.bubblesync.relay.ops;

import io.bubblesync.relay.delivery.EndpointBreaker;
import io.bubblesync.relay.delivery.Settlement;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The relay's own metrics: items settled, batches, HTTP durations, claim durations and sizes, queue depth, oldest
 * due row and the age of that reading, database up, breaker state; no meter touches the database. Standalone they
 * live in a Prometheus registry of their own, which camel-micrometer-prometheus serves at /observe/metrics; a host
 * (Spring Boot) may hand in its own registry instead.
 */
public class RelayMetrics {
    private static final List<String> DEPTH = List.of("pending", "processing", "retrying", "exhausted", "permanent");

    private final MeterRegistry registry;
    private final Timer claim;
    private final DistributionSummary claimRows;
    // meters by tag values: registering looks them up anew, these calls sit on the per-batch path
    private final Map<String, Counter> settled = new ConcurrentHashMap<>();
    private final Map<String, Counter> batches = new ConcurrentHashMap<>();
    private final Map<String, Timer> http = new ConcurrentHashMap<>();

    public RelayMetrics(QueueWatch queue, EndpointBreaker breaker) {
        this(queue, breaker, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    public RelayMetrics(QueueWatch queue, EndpointBreaker breaker, MeterRegistry registry) {
        this.registry = registry;
        claim = Timer.builder("sync_claim_seconds").description("time of one claim statement").register(registry);
        claimRows = DistributionSummary.builder("sync_claim_rows").description("rows one claim statement returned (claims grow while they come back full)")
                .register(registry);
        for (String state : DEPTH) {
            Gauge.builder("sync_queue_rows", queue, q -> q.value(state)).tag("state", state)
                    .description("sync_queue rows by state (completed history not counted)").register(registry);
        }
        Gauge.builder("sync_oldest_due_seconds", queue, q -> q.value("oldest_due_seconds"))
                .description("age of the oldest row due for delivery").register(registry);
        Gauge.builder("sync_queue_reading_age_seconds", queue, QueueWatch::ageSeconds)
                .description("seconds since sync_queue_rows and sync_oldest_due_seconds were last read (background, every sync.health.sample-interval)")
                .register(registry);
        Gauge.builder("sync_database_up", queue, q -> q.problem() == null ? 1 : 0)
                .description("1 while the database answers the background reading within sync.health.answer-within").register(registry);
        Gauge.builder("sync_breaker_open", breaker, b -> "CLOSED".equals(b.state()) ? 0 : "HALF_OPEN".equals(b.state()) ? 0.5 : 1)
                .description("circuit breaker: 0 closed, 0.5 half-open, 1 open").register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void settled(List<Settlement> settlements) {
        for (Settlement s : settlements) {
            settledCounter(s.outcome(), String.valueOf(s.operation())).increment();
        }
    }

    /** sync.target=legacy: rows the function reports it settled, by outcome (operation "all": it does not say). */
    public void reported(String outcome, int rows) {
        if (rows > 0) {
            settledCounter(outcome, "all").increment(rows);
        }
    }

    private Counter settledCounter(String outcome, String operation) {
        return settled.computeIfAbsent(outcome + "|" + operation, k -> Counter.builder("sync_items_settled")
                .description("rows settled, by outcome and operation")
                .tag("outcome", outcome).tag("operation", operation).register(registry));
    }

    public void batch(String outcome) {
        batches.computeIfAbsent(outcome, k -> Counter.builder("sync_batches").description("batches, by outcome")
                .tag("outcome", outcome).register(registry)).increment();
    }

    public void httpCall(long nanos, String result) {
        http.computeIfAbsent(result, k -> Timer.builder("sync_http_request_seconds").description("bubble_sync call duration")
                .tag("result", result).publishPercentileHistogram().register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void claim(long nanos, int rows) {
        claim.record(nanos, TimeUnit.NANOSECONDS);
        claimRows.record(rows);
    }
}
