package io.bubblesync.relay.ops;

import io.bubblesync.relay.delivery.ClaimedRow;
import io.bubblesync.relay.delivery.EndpointBreaker;
import io.bubblesync.relay.delivery.Settlement;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.quartz.CronExpression;

/**
 * The relay's own metrics: items settled, batches, HTTP durations, claim durations and sizes, queue depth, oldest
 * due row and the age of that reading, database up, breaker state, enqueue-to-settled latency, when each pass last
 * finished and how often its cron fires, Bubble permits and the time waited for them (readiness checks:
 * {@link HealthGauges}); no meter touches the database. Standalone they
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
    private final Map<String, AtomicLong> passFinished = new ConcurrentHashMap<>();
    private final Timer latency;
    private final Counter permits;
    private final Counter permitWait;
    private final long startedMillis = System.currentTimeMillis();

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
        // buckets from a quick delivery to the end of the default backoff (60s,5m,15m,30m,1h)
        latency = Timer.builder("sync_queue_latency_seconds")
                .description("seconds from a row's created_at to its settlement as completed, skipped or permanently failed")
                .serviceLevelObjectives(Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
                        Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1),
                        Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1),
                        Duration.ofHours(2), Duration.ofHours(6))
                .register(registry);
        for (String pass : List.of("processor", "retry")) {
            passFinishedAt(pass);
        }
        permits = Counter.builder("sync_bubble_permits").description("calls that took (or waited in vain for) a Bubble rate-limit permit (sync.target=bubble: one per call)")
                .register(registry);
        permitWait = Counter.builder("sync_bubble_permit_wait_seconds")
                .description("seconds calls waited for a Bubble rate-limit permit (and out a 429's Retry-After)").register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Settlements of these claimed rows: counted, and the latency of every row that will not be retried. */
    public void settled(List<Settlement> settlements, List<ClaimedRow> rows) {
        long now = System.currentTimeMillis();
        for (Settlement s : settlements) {
            settledCounter(s.outcome(), String.valueOf(s.operation())).increment();
            if (!Settlement.TRANSIENT.equals(s.outcome())) {
                rows.stream().filter(r -> r.id().equals(s.id()) && r.createdAt() != null).findFirst().ifPresent(r ->
                        latency.record(Math.max(0, now - Instant.parse(r.createdAt()).toEpochMilli()), TimeUnit.MILLISECONDS));
            }
        }
    }

    /** A pass of this job ran to its end (not one that stopped on an error). */
    public void passFinished(String pass) {
        passFinishedAt(pass).set(System.currentTimeMillis());
    }

    /**
     * sync_last_pass_finished_timestamp_seconds{pass}: when a pass last ran to its end; the relay's start until one
     * has, so a relay whose passes never finish is seen. Label "pass", not "job": Prometheus owns "job".
     */
    private AtomicLong passFinishedAt(String pass) {
        return passFinished.computeIfAbsent(pass, p -> {
            AtomicLong at = new AtomicLong(startedMillis);
            Gauge.builder("sync_last_pass_finished_timestamp_seconds", at, a -> a.get() / 1000.0).tag("pass", p)
                    .description("Unix time the last pass of this job ran to its end (the relay's start before the first)").register(registry);
            return at;
        });
    }

    /** The pass's cron, as seconds between its next two fire times: sync_pass_interval_seconds{pass}. */
    public void scheduled(String pass, String cron) {
        try {
            CronExpression expression = new CronExpression(cron);
            // a strong reference: Micrometer holds a gauge's object weakly, and nothing else holds this one
            Gauge.builder("sync_pass_interval_seconds", expression, RelayMetrics::interval).tag("pass", pass).strongReference(true)
                    .description("seconds between the next two runs of the pass's cron (sync.processor.cron, sync.retry.cron)").register(registry);
        } catch (java.text.ParseException e) {
            throw new IllegalArgumentException(cron, e); // checked at start-up (SettingsCheck)
        }
    }

    private static double interval(CronExpression cron) {
        Date next = cron.getNextValidTimeAfter(new Date());
        Date after = next == null ? null : cron.getNextValidTimeAfter(next);
        return after == null ? Double.NaN : (after.getTime() - next.getTime()) / 1000.0;
    }

    /**
     * sync_bubble_rate_limit_per_minute: the requests per minute this relay can send to Bubble now (sync.bubble.rate-limit
     * after any 429 halving; with a shared budget, this relay's share of it).
     */
    public void bubbleRate(java.util.function.IntSupplier perMinute) {
        // a strong reference: Micrometer holds a gauge's object weakly, and nothing else holds this supplier
        Gauge.builder("sync_bubble_rate_limit_per_minute", perMinute, s -> s.getAsInt()).strongReference(true)
                .description("requests per minute this relay can send to Bubble now: sync.bubble.rate-limit after any 429 halving "
                        + "and, when shared by the relays on the database, this relay's share").register(registry);
    }

    /** A Bubble rate-limit permit was taken after waiting this long. */
    public void permitTaken(long waitedNanos) {
        permits.increment();
        permitWait.increment(waitedNanos / 1e9);
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

    /** sync_wakeup_mode{mode}: 1 for the wake-up in use (listen, poll or off), 0 for the others; all 0 while starting. */
    public void wakeup(WakeupStatus status) {
        for (WakeupStatus.Mode mode : List.of(WakeupStatus.Mode.LISTEN, WakeupStatus.Mode.POLL, WakeupStatus.Mode.OFF)) {
            Gauge.builder("sync_wakeup_mode", status, s -> s.mode() == mode ? 1 : 0).tag("mode", mode.name().toLowerCase(java.util.Locale.ROOT))
                    .strongReference(true)
                    .description("1 for the wake-up this relay uses between cron passes: listen (NOTIFY), poll (sync.wakeup.poll-interval) or off")
                    .register(registry);
        }
    }
}
