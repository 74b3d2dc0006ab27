package io.bubblesync.relay.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The Bubble Data API target ({@code sync.target=bubble}): where Bubble is, its key, how rows map to Bubble
 * things (types per table, nulls, the source table's id and key columns, bulk creates, the lookup field),
 * how many requests a minute the app may receive (shared by the relays on the database, in windows of
 * {@code rateLimitWindow}, unless {@code sharedRateLimit} is off: then per relay), how often the app's Swagger file is
 * read and whether a field it does not list fails the row or is left out.
 */
public record BubbleSettings(String apiUrl, Secret apiKey, Map<String, String> types, boolean sendNulls,
                             String idColumn, String keyColumn, boolean bulk, String lookupField, int rateLimit,
                             boolean sharedRateLimit, Duration rateLimitWindow, Duration schemaRefresh, boolean dropUnknownFields,
                             int bulkMax) {

    /** Bubble takes at most 1,000 lines in one bulk create (notes §1). */
    public static final int BULK_LINES_MAX = 1000;

    static final String TYPE_PREFIX = "sync.bubble.type.";

    static BubbleSettings from(Properties p) {
        Map<String, String> types = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith(TYPE_PREFIX) && !PropertyValues.get(p, key).isEmpty()) {
                types.put(key.substring(TYPE_PREFIX.length()), PropertyValues.get(p, key));
            }
        }
        String url = PropertyValues.get(p, "bubble.api.url");
        BubbleSettings s = new BubbleSettings(url.endsWith("/") ? url.substring(0, url.length() - 1) : url,
                new Secret(PropertyValues.get(p, "bubble.api.key")), Map.copyOf(types),
                PropertyValues.bool(p, "sync.bubble.send-nulls"), column(p, "sync.bubble.id-column"),
                column(p, "sync.bubble.key-column"), PropertyValues.bool(p, "sync.bubble.bulk"),
                PropertyValues.get(p, "sync.bubble.lookup-field"), PropertyValues.positive(p, "sync.bubble.rate-limit"),
                PropertyValues.bool(p, "sync.bubble.rate-limit.shared"), window(p),
                HumanDuration.parse("sync.bubble.schema-refresh", PropertyValues.get(p, "sync.bubble.schema-refresh")),
                unknownFields(p), bulkMax(p));
        if (!s.apiUrl.isEmpty()) {
            s.checkUrl();
        }
        return s;
    }

    /** A real run against Bubble needs its URL and key; dev mode starts the emulator instead. */
    public void require() {
        if (apiUrl.isEmpty()) {
            throw new ConfigurationError("sync.target=bubble but no Bubble API: set BUBBLE_API_URL (or bubble.api.url), e.g. https://<app>.bubbleapps.io/api/1.1");
        }
        if (apiKey.isEmpty()) {
            throw new ConfigurationError("no Bubble API key for " + apiUrl + ": set BUBBLE_API_KEY (or bubble.api.key)");
        }
    }

    /** The Bubble type a table's rows become when sync.bubble.type.&lt;table&gt; names one, else null. */
    public String configuredType(String table) {
        return types.get(table);
    }

    private void checkUrl() {
        try {
            URI uri = URI.create(apiUrl);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigurationError("bubble.api.url='" + apiUrl + "' is not an http(s) URL; e.g. https://<app>.bubbleapps.io/api/1.1");
        }
        if (!apiUrl.endsWith("/api/1.1")) {
            throw new ConfigurationError("bubble.api.url='" + apiUrl + "' must end in /api/1.1 (live) or /version-test/api/1.1 (development)");
        }
    }

    /** sync.bubble.unknown-fields: fail (Bubble refuses the row, naming the field) or drop (left out, reported). */
    private static boolean unknownFields(Properties p) {
        String v = PropertyValues.get(p, "sync.bubble.unknown-fields");
        if (!v.equals("fail") && !v.equals("drop")) {
            throw new ConfigurationError("sync.bubble.unknown-fields='" + v + "' must be fail or drop");
        }
        return v.equals("drop");
    }

    /** sync.bubble.bulk-max: lines in one bulk create, 1 to Bubble's 1,000. */
    private static int bulkMax(Properties p) {
        int v = PropertyValues.positive(p, "sync.bubble.bulk-max");
        if (v > BULK_LINES_MAX) {
            throw new ConfigurationError("sync.bubble.bulk-max=" + v + " is above Bubble's " + BULK_LINES_MAX + " lines per bulk create");
        }
        return v;
    }

    /** sync.bubble.rate-limit.window: between 100 ms (a draw per window) and 10 s (a quarter of the budget lost to the margin: 6 of 8 windows granted, SharedBudget.windowsPerBudget). */
    private static Duration window(Properties p) {
        Duration w = HumanDuration.parse("sync.bubble.rate-limit.window", PropertyValues.get(p, "sync.bubble.rate-limit.window"));
        if (w.compareTo(Duration.ofMillis(100)) < 0 || w.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new ConfigurationError("sync.bubble.rate-limit.window=" + PropertyValues.get(p, "sync.bubble.rate-limit.window")
                    + " must be between 100ms and 10s, e.g. 1s");
        }
        return w;
    }

    private static String column(Properties p, String key) {
        String v = PropertyValues.get(p, key);
        if (v.isEmpty()) {
            throw new ConfigurationError(key + " is empty; name a column of the source tables, e.g. bubble_id or _id");
        }
        return v;
    }

    @Override
    public String toString() {
        return "BubbleSettings[url=" + apiUrl + " key=" + apiKey + " types=" + types + " sendNulls=" + sendNulls
                + " idColumn=" + idColumn + " keyColumn=" + keyColumn + " bulk=" + bulk + " lookupField=" + lookupField
                + " rateLimit=" + rateLimit + " shared=" + sharedRateLimit + " window=" + rateLimitWindow + " schemaRefresh=" + schemaRefresh
                + " dropUnknownFields=" + dropUnknownFields + " bulkMax=" + bulkMax + "]";
    }
}
