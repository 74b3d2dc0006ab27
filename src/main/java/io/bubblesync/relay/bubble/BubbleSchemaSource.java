package io.bubblesync.relay.bubble;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the app's Swagger file, {@code {bubble.api.url}/meta/swagger.json}: at start-up and every
 * {@code sync.bubble.schema-refresh} (routes/bubble-schema.camel.yaml, on its own thread: delivery never waits for
 * it). The file needs no key (notes §1b) and the key is never sent with it (a wrong one would be refused). Its
 * absence (404, not JSON, unreachable) is fine: nothing is checked or dropped then. One log line when what it says
 * changes.
 */
public class BubbleSchemaSource {
    private static final Logger LOG = LoggerFactory.getLogger("bubble-sync.bubble");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where Bubble's fix for an absent file is (the manual: core-resources/application-settings/api). */
    public static final String HOW_TO_PUBLISH = "in Bubble, Settings → API: tick 'Enable Data API' and the types to expose, and leave"
            + " 'Hide Swagger API documentation access' unchecked (the manual: \"Check this box if you want the app to hide the"
            + " automatically generated Swagger API documentation\"); live and version-test each have their own file";

    private final String url;
    private final Duration timeout;
    private final Clock clock;
    private final HttpClient http;
    private volatile BubbleSchema current;

    public BubbleSchemaSource(String apiUrl, Duration timeout, Clock clock) {
        this.url = swaggerUrl(apiUrl);
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
        this.current = BubbleSchema.absent("not read yet", clock.instant());
    }

    public static String swaggerUrl(String apiUrl) {
        return (apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl) + "/meta/swagger.json";
    }

    /** What the relay last read (absent until the first read). */
    public BubbleSchema current() {
        return current;
    }

    public String url() {
        return url;
    }

    /** Reads the file again (the timer route calls it); never throws. */
    public void refresh() {
        readNow(timeout);
    }

    /** Reads the file, waiting at most {@code within} (the first read, at start-up); never throws. */
    public void readNow(Duration within) {
        BubbleSchema fresh = read(within);
        BubbleSchema before = current;
        current = fresh;
        if (fresh.present() && (!before.present() || !fresh.types().equals(before.types()))) {
            LOG.info("Bubble's Swagger file ({}) lists {} type(s) exposed to the Data API: {}", url, fresh.types().size(), fresh.types());
        } else if (!fresh.present() && (before.present() || before.absence().equals("not read yet"))) {
            LOG.info("no Bubble Swagger file at {} ({}): types and fields are not checked before sending; to publish it, {}",
                    url, fresh.absence(), HOW_TO_PUBLISH);
        }
    }

    /** One read of the file, present or absent with the reason. */
    public BubbleSchema read(Duration within) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(within).GET()
                    .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return BubbleSchema.absent("HTTP " + r.statusCode(), clock.instant());
            }
            return BubbleSchema.of(JSON.readTree(r.body()), clock.instant());
        } catch (JsonProcessingException e) {
            return BubbleSchema.absent("HTTP 200, but not JSON", clock.instant());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return BubbleSchema.absent("interrupted", clock.instant());
        } catch (Exception e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
            return BubbleSchema.absent(why.replaceAll("\\s+", " "), clock.instant());
        }
    }
}
