package io.bubblesync.relay.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.quartz.CronExpression;

import static io.bubblesync.relay.config.PropertyValues.get;

/** The checks {@link RelaySettings#from} runs once: every problem becomes a one-line {@link ConfigurationError}. */
final class SettingsCheck {
    private SettingsCheck() {
    }

    static void check(RelaySettings s) {
        s.target();
        s.routes();
        s.bubble();
        s.database();
        s.wakeup();
        if (List.of(s.historyRetention(), s.cleanupCompletedRetention(), s.cleanupFailedRetention(), s.healthMaxPendingAge()).stream().anyMatch(d -> d.isZero() || d.isNegative())) {
            throw new ConfigurationError("sync.history.retention, sync.cleanup.*-retention and sync.health.max-pending-age must be positive, e.g. 7d");
        }
        cron("sync.processor.cron", s.processorCron());
        cron("sync.retry.cron", s.retryCron());
        cron("sync.housekeeping.cron", get(s.raw(), "sync.housekeeping.cron"));
        String host = get(s.raw(), "camel.management.host");
        boolean loopback = host.isEmpty() || host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1");
        if ("true".equals(get(s.raw(), "camel.management.enabled")) && !loopback && s.adminToken().isEmpty()) {
            throw new ConfigurationError("camel.management.host=" + host + " exposes /admin beyond this machine: set sync.admin.token (or bind 127.0.0.1)");
        }
        if (s.operations().isEmpty()) {
            throw new ConfigurationError("sync.operations is empty; list the operations to deliver, e.g. SIGNUP_ATOMIC,INSERT,UPDATE,DELETE");
        }
        if (s.backoff().isEmpty()) {
            throw new ConfigurationError("sync.retry.backoff is empty; give at least one delay, e.g. 60s,5m,15m");
        }
        if (s.httpTimeout().isZero() || s.httpTimeout().isNegative()) {
            throw new ConfigurationError("sync.http.timeout must be positive, e.g. 30s");
        }
        Duration longestCall = s.httpTimeout().multipliedBy(s.redeliveries() + 1L);
        if (s.lease().compareTo(longestCall) < 0) {
            throw new ConfigurationError("sync.lease=" + s.lease().toSeconds() + "s is shorter than sync.http.timeout x (sync.http.redeliveries + 1) = "
                    + longestCall.toSeconds() + "s: a slow delivery would be taken over while still running; raise sync.lease");
        }
        if (s.target() == Target.BUBBLE) {
            bubbleRate(s);
        }
        if (s.breakerFailureRate() > 100) {
            throw new ConfigurationError("sync.breaker.failure-rate=" + s.breakerFailureRate() + " is a percentage: 1..100");
        }
        if (s.jitter() < 0 || s.jitter() >= 1) {
            throw new ConfigurationError("sync.retry.jitter=" + s.jitter() + " must be in [0, 1), e.g. 0.1");
        }
        if (!s.dbUrl().isEmpty() && !s.dbUrl().startsWith("jdbc:postgresql:")) {
            throw new ConfigurationError("sync.db.url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:5432/postgres), got '" + ShownJdbcUrl.of(s.dbUrl()) + "'");
        }
        if (!s.endpointUrl().isEmpty()) {
            checkUrl(s.endpointUrl());
        }
    }

    /**
     * A batch may need one Bubble call per row: sync.batch.size calls must fit, at sync.bubble.rate-limit, in the time a
     * claimed row may still be sent (RelaySettings.sendWindow: the lease less twice sync.http.timeout), or every call of
     * a claim would come too late and its rows would go back unsent, again and again.
     */
    private static void bubbleRate(RelaySettings s) {
        int rate = s.bubble().rateLimit();
        // the first call of a batch may go at once, each further one a permit later
        long needed = Math.max(1, (long) Math.ceil((s.batchSize() - 1) * 60.0 / rate));
        long window = RelaySettings.sendWindow(s.lease(), s.httpTimeout()).toSeconds();
        if (window < needed) {
            String rateFix = window > 0 && s.batchSize() > 1 ? ", sync.bubble.rate-limit to at least " + (long) Math.ceil((s.batchSize() - 1) * 60.0 / window) : "";
            throw new ConfigurationError("sync.bubble.rate-limit=" + rate + "/min and sync.lease=" + s.lease().toSeconds() + "s cannot send one batch "
                    + "(sync.batch.size=" + s.batchSize() + " calls, " + needed + "s) while the lease has 2 x sync.http.timeout ("
                    + s.httpTimeout().multipliedBy(2).toSeconds() + "s) to go: raise sync.lease to at least "
                    + (s.httpTimeout().multipliedBy(2).toSeconds() + needed) + "s" + rateFix + ", or lower sync.batch.size");
        }
    }

    private static void checkUrl(String endpointUrl) {
        try {
            URI uri = URI.create(endpointUrl);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigurationError("sync.endpoint.url='" + endpointUrl + "' is not an http(s) URL; e.g. https://<project>.supabase.co/functions/v1/bubble_sync");
        }
    }

    private static void cron(String key, String expr) {
        if (!CronExpression.isValidExpression(expr)) {
            throw new ConfigurationError(key + "='" + expr + "' is not a Quartz cron (6-7 fields, e.g. '0 * * * * ?' for every minute)");
        }
    }
}
