package io.bubblesync.relay.config;

import java.time.Duration;
import java.util.Properties;

/**
 * How long the relay waits for its database: a statement (cancelled by the server), a silent connection
 * (dropped by the client, so a frozen server cannot hold a thread), a new connection; and how often the
 * queue figures behind metrics and readiness are read in the background, and how long such a reading may
 * take before readiness calls the database unresponsive; how often the dashboard's readings are read again while
 * someone looks at them, and how often the settled history is counted whole; how many open rows beyond what
 * PostgreSQL's statistics of sync_queue know of make the relay refresh them (ops.QueueStatistics; 0: never).
 */
public record DatabaseLimits(Duration statementTimeout, Duration socketTimeout, Duration connectTimeout,
                             Duration sampleInterval, Duration answerWithin, Duration dashboardRefresh, Duration settledRecount,
                             int analyzeOpenRows) {

    static DatabaseLimits from(Properties p) {
        DatabaseLimits d = new DatabaseLimits(positive(p, "sync.db.statement-timeout"), positive(p, "sync.db.socket-timeout"),
                positive(p, "sync.db.connect-timeout"), positive(p, "sync.health.sample-interval"),
                positive(p, "sync.health.answer-within"), positive(p, "sync.dashboard.refresh"), positive(p, "sync.dashboard.recount"),
                PropertyValues.integer(p, "sync.db.analyze-open-rows"));
        if (d.socketTimeout.compareTo(d.statementTimeout) <= 0) {
            throw new ConfigurationError("sync.db.socket-timeout=" + d.socketTimeout.toSeconds() + "s must be longer than sync.db.statement-timeout="
                    + d.statementTimeout.toSeconds() + "s, so the server cancels a slow statement before the client drops the connection");
        }
        if (d.analyzeOpenRows < 0) {
            throw new ConfigurationError("sync.db.analyze-open-rows must be 0 (never) or more, e.g. 5000");
        }
        if (d.connectTimeout.toMillis() < 250) {
            throw new ConfigurationError("sync.db.connect-timeout must be at least 250ms, e.g. 5s");
        }
        return d;
    }

    /** A whole number of seconds, at least one, for pgjdbc's second-granular timeouts. */
    public static int seconds(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (d.toMillis() + 999) / 1000));
    }

    private static Duration positive(Properties p, String key) {
        Duration d = HumanDuration.parse(key, PropertyValues.get(p, key));
        if (d.isZero() || d.isNegative()) {
            throw new ConfigurationError(key + " must be positive, e.g. 5s");
        }
        return d;
    }
}
