package io.bubblesync.relay.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import static io.bubblesync.relay.config.PropertyValues.bool;
import static io.bubblesync.relay.config.PropertyValues.decimal;
import static io.bubblesync.relay.config.PropertyValues.get;
import static io.bubblesync.relay.config.PropertyValues.integer;
import static io.bubblesync.relay.config.PropertyValues.positive;

/** The relay's configuration, parsed and checked once; every problem is a one-line {@link ConfigurationError}. */
public record RelaySettings(
        String dbUrl, String dbUser, Secret dbPassword, int poolSize, boolean migrateOnStart,
        String endpointUrl, Secret token, Duration httpTimeout, int redeliveries, Duration redeliveryDelay,
        String processorCron, String retryCron, boolean scheduleEnabled, int claimLimit, int batchSize,
        List<String> operations, List<Duration> backoff, double jitter, String instanceId, String routesDir,
        int devDbPort, double devFailureRate, int devDemoRows, Duration lease, int payloadMaxBytes,
        int breakerFailureRate, int breakerWindow, Duration breakerOpenFor, Duration historyRetention,
        Duration cleanupCompletedRetention, Duration cleanupFailedRetention, Duration healthMaxPendingAge,
        Secret adminToken, Pipeline pipeline, Properties raw) {

    public static RelaySettings from(Properties p) {
        String supabase = trimSlash(get(p, "supabase.url"));
        String endpoint = get(p, "sync.endpoint.url");
        if (endpoint.isEmpty() && !supabase.isEmpty()) {
            endpoint = supabase + "/functions/v1/bubble_sync";
        }
        List<Duration> backoff = Arrays.stream(get(p, "sync.retry.backoff").split(","))
                .map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> HumanDuration.parse("sync.retry.backoff", s)).toList();
        List<String> operations = Arrays.stream(get(p, "sync.operations").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        RelaySettings s = new RelaySettings(
                get(p, "sync.db.url"), get(p, "sync.db.user"), new Secret(get(p, "sync.db.password")),
                Pipeline.poolSize(p), bool(p, "sync.schema.migrate-on-start"),
                endpoint, new Secret(get(p, "sync.endpoint.token")),
                HumanDuration.parse("sync.http.timeout", get(p, "sync.http.timeout")),
                integer(p, "sync.http.redeliveries"),
                HumanDuration.parse("sync.http.redelivery-delay", get(p, "sync.http.redelivery-delay")),
                get(p, "sync.processor.cron"), get(p, "sync.retry.cron"), bool(p, "sync.schedule.enabled"),
                positive(p, "sync.claim.limit"), positive(p, "sync.batch.size"), operations, backoff,
                decimal(p, "sync.retry.jitter"), instanceId(get(p, "sync.instance.id")), get(p, "sync.routes.dir"),
                integer(p, "sync.dev.db-port"), decimal(p, "sync.dev.failure-rate"), integer(p, "sync.dev.demo-rows"),
                HumanDuration.parse("sync.lease", get(p, "sync.lease")), positive(p, "sync.payload.max-bytes"),
                positive(p, "sync.breaker.failure-rate"), positive(p, "sync.breaker.window"),
                HumanDuration.parse("sync.breaker.open-for", get(p, "sync.breaker.open-for")),
                HumanDuration.parse("sync.history.retention", get(p, "sync.history.retention")),
                HumanDuration.parse("sync.cleanup.completed-retention", get(p, "sync.cleanup.completed-retention")),
                HumanDuration.parse("sync.cleanup.failed-retention", get(p, "sync.cleanup.failed-retention")),
                HumanDuration.parse("sync.health.max-pending-age", get(p, "sync.health.max-pending-age")),
                new Secret(get(p, "sync.admin.token")), Pipeline.from(p), p);
        SettingsCheck.check(s);
        return s;
    }

    /** A real run needs somewhere to deliver and a key to do it with; dev mode supplies both itself. */
    public void requireEndpoint() {
        if (target() == Target.BUBBLE) {
            bubble().require();
        } else if (endpointUrl.isEmpty()) {
            throw new ConfigurationError("no bubble_sync endpoint: set SUPABASE_URL (or BUBBLE_SYNC_URL / sync.endpoint.url)");
        } else if (token.isEmpty()) {
            throw new ConfigurationError("no service-role key for " + endpointUrl + ": set SERVICE_ROLE_KEY (or sync.endpoint.token)");
        }
    }

    /** Where rows go: sync.target. */
    public Target target() {
        return Target.from(raw);
    }

    /** Which routes run: sync.routes.dsl, sync.routes.dir, sync.routes.extra-dir. */
    public RouteSet routes() {
        return RouteSet.from(raw);
    }

    /** The Bubble Data API target's settings (sync.target=bubble). */
    public BubbleSettings bubble() {
        return BubbleSettings.from(raw);
    }

    /** Timeouts towards the database and the background queue reading: sync.db.*-timeout, sync.health.sample-*. */
    public DatabaseLimits database() {
        return DatabaseLimits.from(raw);
    }

    /** How new rows wake the relay between cron passes: sync.wakeup.mode, sync.wakeup.poll-interval. */
    public Wakeup wakeup() {
        return Wakeup.from(raw);
    }

    /** Vault secret names read when the endpoint, its key or the Bubble key are not configured: sync.vault.*. */
    public VaultNames vault() {
        return VaultNames.from(raw);
    }

    public boolean devMode() {
        return dbUrl.isEmpty();
    }

    public RelaySettings withDatabase(String url, String user, String password) {
        return with(java.util.Map.of("sync.db.url", url, "sync.db.user", user, "sync.db.password", password));
    }

    public RelaySettings withEndpoint(String url, String secretToken) {
        return with(java.util.Map.of("sync.endpoint.url", url, "sync.endpoint.token", secretToken));
    }

    public RelaySettings with(String key, String value) {
        return with(java.util.Map.of(key, value));
    }

    private RelaySettings with(java.util.Map<String, String> values) {
        Properties p = copy();
        p.putAll(values);
        return from(p);
    }

    /**
     * The longest the relay holds claimed rows in-process waiting for an endpoint (a Bubble 429's Retry-After, a rate
     * limit permit): an eighth of sync.lease, so a wait never comes near the lease; longer waits become durable retries.
     */
    public Duration longestInProcessWait() {
        return longestInProcessWait(lease);
    }

    /** The rule itself: an eighth of the lease. */
    public static Duration longestInProcessWait(Duration lease) {
        return lease.dividedBy(8);
    }

    /**
     * How long after its claim a row may still be sent: until its lease has a call's time (sync.http.timeout) twice
     * over to go, so the call and its settle end before another relay may take the row. BubbleRateLimit gives no permit
     * later; ClaimSize claims no more than the rate sends within it (and within half the lease); SettingsCheck refuses
     * settings where it cannot hold one batch.
     */
    public static Duration sendWindow(Duration lease, Duration callTime) {
        return lease.minus(callTime.multipliedBy(2));
    }

    /** Properties the routes read as {{placeholders}}: the raw ones plus values derived here, never a secret. */
    public Properties camelProperties() {
        return RouteProperties.of(this, copy());
    }

    @Override // without the raw properties, which hold the secrets in clear
    public String toString() {
        return "RelaySettings[db=" + dbUrl + " user=" + dbUser + " password=" + dbPassword + " endpoint=" + endpointUrl
                + " token=" + token + " timeout=" + httpTimeout + " claim=" + claimLimit + " batch=" + batchSize
                + " operations=" + operations + " backoff=" + backoff + " instance=" + instanceId + "]";
    }

    private Properties copy() {
        Properties p = new Properties();
        p.putAll(raw);
        return p;
    }

    private static String instanceId(String configured) {
        if (!configured.isBlank()) {
            return configured;
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "relay";
        }
        return host + "-" + ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime() & 0xfff);
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
