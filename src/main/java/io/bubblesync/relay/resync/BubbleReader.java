package io.bubblesync.relay.resync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bubblesync.relay.bubble.BubbleError;
import io.bubblesync.relay.bubble.BubbleRateLimit;
import io.bubblesync.relay.config.Secret;
import io.bubblesync.relay.delivery.RetryAfter;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * Reads every object of a Bubble type through the Data API's search (notes §1, §1b): pages of 100 sorted by
 * {@code Created Date} with {@code cursor}; when a page comes back empty while {@code remaining} is not zero (the
 * cursor cap, 50,000 items) the search starts again at cursor 0 constrained to {@code Created Date greater than} just
 * before the last date read, and objects already read are skipped by {@code _id}. One permit of the relay's rate
 * limit before every request ({@code sync.bubble.rate-limit}, drawn from the budget the relays share when
 * {@code sync.bubble.rate-limit.shared}); a 429 slows it down and asks again, a 5xx or a network
 * failure is asked again a few times. The key goes only to Bubble and never into a message.
 */
public final class BubbleReader {
    static final String CREATED = "Created Date";
    private static final int PAGE = 100;
    private static final int TRIES = 5;
    private static final int MAX_THROTTLED = 100;
    private static final DateTimeFormatter DATES = DateTimeFormatter.ISO_INSTANT;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http;
    private final String apiUrl;
    private final Secret key;
    private final Duration timeout;
    private final BubbleRateLimit rate;
    private int requests;

    public BubbleReader(String apiUrl, Secret key, Duration timeout, BubbleRateLimit rate) {
        this.apiUrl = apiUrl;
        this.key = key;
        this.timeout = timeout;
        this.rate = rate;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** Every object of {@code type}, oldest first; {@code read} is told the count so far after each page, {@code total} once. */
    public List<ObjectNode> all(String type, LongConsumer total, LongConsumer read) throws Exception {
        List<ObjectNode> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        String after = null;
        int cursor = 0;
        boolean counted = false;
        while (true) {
            JsonNode response = page(type, after, cursor).path("response");
            JsonNode results = response.path("results");
            long remaining = response.path("remaining").asLong(0);
            if (!counted) {
                total.accept(results.size() + remaining);
                counted = true;
            }
            String lastDate = null;
            for (JsonNode thing : results) {
                if (thing instanceof ObjectNode o && seen.add(o.path("_id").asText())) {
                    out.add(o);
                }
                lastDate = thing.path(CREATED).asText(lastDate);
            }
            read.accept(out.size());
            if (remaining == 0) {
                return out;
            }
            if (results.isEmpty()) { // the cursor cap: narrow by Created Date and start again
                String from = before(out.isEmpty() ? null : out.get(out.size() - 1).path(CREATED).asText(null));
                if (from == null || from.equals(after)) {
                    throw new IOException("Bubble's search of '" + type + "' stops at cursor " + cursor + " (its cursor cap) and more than that"
                            + " many objects share Created Date " + after + ": they cannot all be read");
                }
                after = from;
                cursor = 0;
                continue;
            }
            cursor += results.size();
        }
    }

    /** Requests sent so far. */
    public int requests() {
        return requests;
    }

    /** A millisecond before {@code date}: "greater than" it still takes every object created at {@code date}. */
    private static String before(String date) {
        if (date == null || date.isBlank()) {
            return null;
        }
        return DATES.format(Instant.parse(date).minusMillis(1));
    }

    private JsonNode page(String type, String after, int cursor) throws Exception {
        StringBuilder query = new StringBuilder("sort_field=").append(encode(CREATED)).append("&limit=").append(PAGE)
                .append("&cursor=").append(cursor);
        if (after != null) {
            ArrayNode constraints = json.createArrayNode();
            constraints.addObject().put("key", CREATED).put("constraint_type", "greater than").put("value", after);
            query.append("&constraints=").append(encode(constraints.toString()));
        }
        URI uri = URI.create(apiUrl + "/obj/" + encode(type) + "?" + query);
        IOException last = null;
        int throttled = 0;
        for (int attempt = 1; attempt <= TRIES; attempt++) {
            if (!rate.acquireUnleased()) {
                throw new IOException("no permit from the shared Bubble budget (sync.bubble.rate-limit) within 10 minutes");
            }
            requests++;
            HttpResponse<String> r;
            try {
                r = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().header("Accept", "application/json")
                        .header("Authorization", "Bearer " + key.reveal()).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                last = new IOException("GET /obj/" + type + " failed: " + e.getClass().getSimpleName(), e);
                continue;
            }
            if (r.statusCode() == 200) {
                rate.succeeded();
                return json.readTree(r.body());
            }
            if (r.statusCode() == 429) {
                Duration wait = RetryAfter.parse(r.headers().firstValue("Retry-After").orElse(null), Clock.systemUTC());
                rate.throttled(wait == null ? Duration.ofSeconds(10) : wait);
                if (++throttled <= MAX_THROTTLED) {
                    attempt--; // a 429 is Bubble's pace, not a failure
                }
                last = new IOException("Bubble answered 429 to GET /obj/" + type + " " + throttled + " times in a row");
                continue;
            }
            String said = r.statusCode() == 401 ? "the API key was refused (401): check BUBBLE_API_KEY" : BubbleError.describe(r.body(), key);
            last = new IOException("Bubble answered HTTP " + r.statusCode() + " to GET /obj/" + type + ": " + said);
            if (r.statusCode() < 500) {
                throw last;
            }
        }
        throw last;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
