package io.bubblesync.relay.camel;

import io.bubblesync.relay.bubble.BubbleAnswer;
import io.bubblesync.relay.bubble.BubbleFailure;
import io.bubblesync.relay.bubble.BubblePlan;
import io.bubblesync.relay.bubble.BubbleRateLimit;
import io.bubblesync.relay.bubble.BubbleSchemaSource;
import io.bubblesync.relay.bubble.BubbleSend;
import io.bubblesync.relay.bubble.PermitLapse;
import io.bubblesync.relay.bubble.SharedBudget;
import io.bubblesync.relay.bubble.SourceTables;
import io.bubblesync.relay.bubble.SyncConfigs;
import io.bubblesync.relay.bubble.TypeRefusals;
import io.bubblesync.relay.bubble.UnknownFields;
import io.bubblesync.relay.config.BubbleSettings;
import io.bubblesync.relay.config.RelaySettings;
import io.bubblesync.relay.db.Schema;
import io.bubblesync.relay.delivery.Backoff;
import io.bubblesync.relay.delivery.EndpointBreaker;
import io.bubblesync.relay.ops.BubbleTypesCheck;
import io.bubblesync.relay.ops.RelayMetrics;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;

/**
 * What routes/bubble-*.camel.yaml need (sync.target=bubble): the relay's own HTTP component for Bubble's Data
 * API ({@value #BUBBLE_API_HTTP}, the only client holding the Bubble key), the plan / send / answer / failure
 * beans, the rate limit, the app's Swagger file and the unknown-fields policy, and the readiness check of refused
 * keys and types.
 */
final class BubbleTarget {
    /** The component bubble-send calls Bubble with. */
    static final String BUBBLE_API_HTTP = "bubble-api-http";
    /** The Swagger file's first read delays start-up at most this long. */
    private static final Duration FIRST_SCHEMA_READ = Duration.ofSeconds(5);

    private BubbleTarget() {
    }

    /**
     * sync.bubble.rate-limit: the app's budget shared through PostgreSQL (sync.bubble.rate-limit.shared, the default)
     * or this relay's own; a call's permit must come while its rows' lease has two HTTP timeouts to go.
     */
    static BubbleRateLimit rateLimit(RelaySettings settings, DataSource dataSource, RelayMetrics metrics) {
        BubbleSettings bubble = settings.bubble();
        if (bubble.sharedRateLimit()) {
            Schema.checkSharedRateTable(dataSource);
        }
        SharedBudget shared = bubble.sharedRateLimit()
                ? new SharedBudget(dataSource, settings.instanceId(), bubble.rateLimit(), bubble.rateLimitWindow()) : null;
        BubbleRateLimit rateLimit = new BubbleRateLimit(bubble.rateLimit(), settings.lease(), settings.httpTimeout(), shared,
                metrics::permitTaken);
        metrics.bubbleRate(rateLimit::perMinute);
        return rateLimit;
    }

    static void bind(CamelContext context, RelaySettings settings, DataSource dataSource, TypeRefusals refusals,
                     Backoff backoff, EndpointBreaker breaker, RelayMetrics metrics, BubbleRateLimit rateLimit) {
        BubbleSettings bubble = settings.bubble();
        RelayBeans registry = new RelayBeans(context.getRegistry());
        SourceTables sources = new SourceTables(dataSource, bubble.keyColumn(), bubble.idColumn());
        registry.bind("bubbleRateLimit", rateLimit);
        // the Swagger file: read once now (at most 5 s, so start-up never waits long), then by routes/bubble-schema.camel.yaml
        BubbleSchemaSource schema = new BubbleSchemaSource(bubble.apiUrl(), settings.httpTimeout(), Clock.systemUTC());
        schema.readNow(settings.httpTimeout().compareTo(FIRST_SCHEMA_READ) < 0 ? settings.httpTimeout() : FIRST_SCHEMA_READ);
        registry.bind("bubbleSchema", schema);
        UnknownFields unknownFields = new UnknownFields(bubble.dropUnknownFields(), schema::current, Clock.systemUTC());
        registry.bind("unknownFields", unknownFields);
        registry.bind("bubblePlan", new BubblePlan(bubble, new SyncConfigs(dataSource), sources, refusals, unknownFields));
        registry.bind("bubbleSend", new BubbleSend(bubble, sources, refusals));
        registry.bind("permitLapse", new PermitLapse());
        registry.bind("bubbleAnswer", new BubbleAnswer(bubble, sources, refusals, rateLimit, Clock.systemUTC()));
        registry.bind("bubbleFailure", new BubbleFailure(backoff, settings.longestInProcessWait(), settings.httpTimeout(), bubble.apiKey()));
        registry.bind("bubbleTypesCheck", new BubbleTypesCheck(refusals));
        TargetHttp.register(context, BUBBLE_API_HTTP, bubble.apiUrl(), bubble.apiKey(), settings.httpTimeout(), breaker, metrics);
    }
}
