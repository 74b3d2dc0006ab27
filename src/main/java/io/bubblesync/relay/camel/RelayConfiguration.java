package io.bubblesync.relay.camel;

import io.bubblesync.relay.bubble.BubbleRateLimit;
import io.bubblesync.relay.bubble.TypeRefusals;
import io.bubblesync.relay.config.RelaySettings;
import io.bubblesync.relay.config.Target;
import io.bubblesync.relay.delivery.Backoff;
import io.bubblesync.relay.delivery.BatchAnswer;
import io.bubblesync.relay.db.DatabaseOutage;
import io.bubblesync.relay.db.HandBack;
import io.bubblesync.relay.db.RelayControl;
import io.bubblesync.relay.db.RunHistory;
import io.bubblesync.relay.ops.AdminApi;
import io.bubblesync.relay.ops.BacklogCheck;
import io.bubblesync.relay.ops.DashboardApi;
import io.bubblesync.relay.ops.DashboardPage;
import io.bubblesync.relay.ops.DatabaseCheck;
import io.bubblesync.relay.ops.EndpointActionCheck;
import io.bubblesync.relay.ops.HealthGauges;
import io.bubblesync.relay.ops.Housekeeping;
import io.bubblesync.relay.ops.QueueWatch;
import io.bubblesync.relay.ops.RelayMetrics;
import io.bubblesync.relay.ops.SharedReadings;
import io.bubblesync.relay.db.SettledCounts;
import io.bubblesync.relay.ops.WakeupCheck;
import io.bubblesync.relay.ops.WakeupStatus;
import io.bubblesync.relay.delivery.ActionGuard;
import io.bubblesync.relay.delivery.BatchRequest;
import io.bubblesync.relay.delivery.EndpointBreaker;
import io.bubblesync.relay.delivery.QuickRedelivery;
import io.bubblesync.relay.delivery.RowCheck;
import io.bubblesync.relay.delivery.TransientFailure;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import javax.sql.DataSource;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;

/**
 * Binds what the YAML routes refer to (#syncDataSource, batchRequest, batchAnswer, batchExecutor, ...), adds the
 * relay's own HTTP component for bubble_sync ({@link TargetHttp}: timeouts, Bearer token, circuit-breaker feed;
 * Camel's shared http/https components are left alone), and starts the LISTEN wake-up. Works on camel-main's context and on any host CamelContext.
 */
public class RelayConfiguration implements CamelConfiguration {
    /** The component post-batch calls bubble_sync with: the relay's own client, holding the service-role key. */
    public static final String BUBBLE_SYNC_HTTP = "bubble-sync-http";

    private final RelaySettings settings;
    private final DataSource dataSource;

    private final EndpointBreaker breaker;
    private final QueueWatch queue;
    private final RelayMetrics metrics;
    private final DatabaseOutage outage = new DatabaseOutage();
    private final WakeupStatus wakeup;

    public RelayConfiguration(RelaySettings settings, DataSource dataSource) {
        this(settings, dataSource, null);
    }

    /** With the host's meter registry (Spring Boot's), or null for a Prometheus registry of the relay's own. */
    public RelayConfiguration(RelaySettings settings, DataSource dataSource, MeterRegistry meters) {
        this.settings = settings;
        this.dataSource = dataSource;
        this.breaker = new EndpointBreaker(settings.breakerFailureRate(), settings.breakerWindow(), settings.breakerOpenFor(),
                settings.target() == Target.LEGACY);
        this.queue = new QueueWatch(dataSource, settings.database(), outage);
        this.metrics = meters == null ? new RelayMetrics(queue, breaker) : new RelayMetrics(queue, breaker, meters);
        this.wakeup = new WakeupStatus(settings.pipeline().wakeupEnabled(), settings.wakeup().pollIntervalText());
        metrics.wakeup(wakeup);
    }

    /**
     * The registry the relay's metrics live in: bind it as "metricsRegistry" before the context starts, so
     * camel-micrometer-prometheus serves it at /observe/metrics.
     */
    public Object metricsRegistry() {
        return metrics.registry();
    }

    @Override
    public void configure(CamelContext context) {
        Backoff backoff = new Backoff(settings.backoff(), settings.jitter());
        RelayBeans registry = new RelayBeans(context.getRegistry());
        HandBack handBack = new HandBack(dataSource, settings.instanceId());
        RelayControl control = new RelayControl(dataSource);
        // sync.target=bubble_sync against a function that does not know sync_batch: rows handed back, never failed
        ActionGuard guard = new ActionGuard(settings.target() == Target.BUBBLE_SYNC, settings.endpointUrl(), settings.token(),
                settings.breakerOpenFor(), Clock.systemUTC());
        // sync.target=bubble: Bubble types that answer 401/403 wait while other types flow
        TypeRefusals refusals = new TypeRefusals(settings.breakerOpenFor(), Clock.systemUTC());
        DeliveryGate gate = new DeliveryGate(breaker, handBack, control, metrics, guard, refusals);
        registry.bind("actionGuard", guard);
        registry.bind("typeRefusals", refusals);
        registry.bind("endpointActionCheck", new EndpointActionCheck(guard));
        // sync.target=legacy: the deployed function's own actions, one call at a time (routes/legacy-pass.camel.yaml)
        // sync_run, for the relay's passes and legacy passes alike
        RunRecorder runs = new RunRecorder(new RunHistory(dataSource), outage, settings.instanceId());
        registry.bind("legacyDriver", new LegacyDriver(settings, runs, metrics));
        addServiceOrFail(context, queue);
        addStartupListenerOrFail(context, new HealthGauges(metrics.registry()));
        if (settings.scheduleEnabled()) {
            metrics.scheduled("processor", settings.processorCron());
            metrics.scheduled("retry", settings.retryCron());
        }
        registry.bind("databaseCheck", new DatabaseCheck(queue));
        registry.bind("wakeupStatus", wakeup);
        registry.bind("wakeupCheck", new WakeupCheck(wakeup));
        registry.bind("backlogCheck", new BacklogCheck(queue, breaker, settings.healthMaxPendingAge()));
        // the dashboard's and admin views' readings: one per period for every viewer, read in the background while asked for
        SettledCounts settled = new SettledCounts(dataSource);
        SharedReadings readings = new SharedReadings(settled, settings.database().dashboardRefresh(),
                settings.database().settledRecount());
        addServiceOrFail(context, readings);
        registry.bind("adminApi", new AdminApi(settings, dataSource, control, queue, readings));
        registry.bind("dashboardApi", new DashboardApi(settings, dataSource, control, breaker, queue, readings));
        registry.bind("dashboardPage", new DashboardPage());
        registry.bind("housekeeping", new Housekeeping(settings, dataSource, settled));
        registry.bind("syncDataSource", dataSource);
        registry.bind("endpointBreaker", breaker);
        registry.bind("deliveryGate", gate);
        registry.bind("batchRequest", new BatchRequest(new RowCheck(settings.payloadMaxBytes())));
        registry.bind("batchAnswer", new BatchAnswer(settings.token(), backoff, Clock.systemUTC()));
        // the one quick-redelivery policy of routes/error-handling.camel.yaml (redeliveryPolicyRef), from sync.http.*
        RedeliveryPolicy quickRedelivery = QuickRedelivery.of(settings.redeliveries(), settings.redeliveryDelay());
        registry.bind(QuickRedelivery.BEAN, quickRedelivery);
        registry.bind("transientFailure", new TransientFailure(quickRedelivery, settings.httpTimeout(), backoff, settings.token()));
        // sync.target=bubble: a claim's creates of one table share batches of up to sync.bubble.bulk-max (one bulk call each)
        registry.bind("batches", settings.target() == Target.BUBBLE ? new BubbleBatches(settings.batchSize(), settings.bubble().bulkMax())
                : new Batches(settings.batchSize()));
        // sync.target=bubble: Bubble's rate limit, which also bounds the claims (ClaimSize)
        BubbleRateLimit rateLimit = settings.target() == Target.BUBBLE ? BubbleTarget.rateLimit(settings, dataSource, metrics) : null;
        ClaimSize claimSize = new ClaimSize(settings.claimLimit(), settings.pipeline().claimMax(),
                rateLimit == null ? null : rateLimit::perMinute, settings.lease(), settings.httpTimeout());
        registry.bind("claimSize", claimSize);
        registry.bind("passReport", new PassReport(runs, metrics, settings.instanceId(), outage));
        registry.bind("hooks", new Hooks(context));
        addServiceOrFail(context, new HandBackOnStop(handBack));
        // a claim's batches go out on this pool: at most sync.concurrency batches in flight in this relay
        ExecutorService batchExecutor = context.getExecutorServiceManager().newFixedThreadPool(this, "batch", settings.pipeline().concurrency());
        registry.bind("batchExecutor", batchExecutor);
        // delivered batches are settled together; the writer waits for more while a batch thread is busy
        SettleWriter settleWriter = new SettleWriter(dataSource, settings.instanceId(), settings.pipeline().settleLinger(),
                settings.pipeline().settleMaxRows(), () -> !(batchExecutor instanceof ThreadPoolExecutor pool) || pool.getActiveCount() > 0,
                batchExecutor);
        addServiceOrFail(context, settleWriter);
        registry.bind("settleWriter", settleWriter);
        if (settings.pipeline().wakeupEnabled()) {
            // legacy: calls to the function take turns anyway, so one wake-up lane folds every notification
            addServiceOrFail(context, new InsertListener(context,
                    settings.target() == Target.LEGACY ? settings.with("sync.wakeup.lanes", "1") : settings, dataSource, outage, wakeup));
        }
        if (settings.target() == Target.BUBBLE) {
            BubbleTarget.bind(context, settings, dataSource, refusals, backoff, breaker, metrics, rateLimit);
            return;
        }
        TargetHttp.register(context, BUBBLE_SYNC_HTTP, settings.endpointUrl(), settings.token(), settings.httpTimeout(),
                breaker, metrics);
    }

    private static void addStartupListenerOrFail(CamelContext context, StartupListener listener) {
        try {
            context.addStartupListener(listener);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void addServiceOrFail(CamelContext context, Object service) {
        try {
            context.addService(service, true, true);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
