package io.bubblesync.relay.dev.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In front of the Data API: checks the Bearer key, the rate limit, injected faults and refused types, records
 * every request, then writes the answer, or, for a write chosen to lose its answer, closes the connection
 * without one (the write is already stored).
 */
final class FrontDoor implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger("bubble-sync.bubble-emulator");

    private final DataApi api;
    private final String apiKey;
    private final RateWindow rate;
    private final Faults faults;
    private final boolean logRequests;
    private final Set<String> refusedTypes = ConcurrentHashMap.newKeySet();
    private final ArrayDeque<RecordedRequest> requests = new ArrayDeque<>();
    private final int keepRequests;
    private volatile boolean sendRetryAfter = true;

    FrontDoor(DataApi api, String apiKey, RateWindow rate, Faults faults, boolean logRequests, int keepRequests) {
        this.keepRequests = Math.max(1, keepRequests);
        this.api = api;
        this.apiKey = apiKey;
        this.rate = rate;
        this.faults = faults;
        this.logRequests = logRequests;
    }

    Set<String> refusedTypes() {
        return refusedTypes;
    }

    /** Whether 429s carry {@code Retry-After} (Bubble does not document that they do). */
    void sendRetryAfter(boolean on) {
        sendRetryAfter = on;
    }

    List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    void clearRequests() {
        synchronized (requests) {
            requests.clear();
        }
    }

    @Override
    public void handle(HttpExchange http) throws IOException {
        String method = http.getRequestMethod();
        String fullPath = http.getRequestURI().getPath();
        boolean underBase = fullPath.startsWith(DataApi.BASE_PATH + "/");
        String path = underBase ? fullPath.substring(DataApi.BASE_PATH.length()) : fullPath;
        String body = new String(http.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Answer answer;
        try {
            answer = answer(http, method, path, underBase, body);
        } catch (BubbleError e) {
            answer = e.answer();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            http.close();
            return;
        } catch (RuntimeException e) {
            LOG.warn("bubble emulator: {} {} failed: {}", method, path, e.toString());
            answer = BubbleError.envelope(500, "ERROR", "emulator failure: " + e).answer();
        }
        boolean drop = answer.success() && DataApi.isWrite(method) && faults.drop();
        record(new RecordedRequest(method, path, http.getRequestURI().getQuery(), drop ? RecordedRequest.DROPPED : answer.status(), body));
        if (drop) {
            http.close(); // headers never sent: the connection is closed without an answer
            return;
        }
        write(http, answer);
    }

    private Answer answer(HttpExchange http, String method, String path, boolean underBase, String body)
            throws InterruptedException {
        String type = underBase ? DataApi.typeOf(path) : null;
        if (type == null) {
            throw BubbleError.notFound("No Data API endpoint at " + http.getRequestURI().getPath());
        }
        if (!("Bearer " + apiKey).equals(http.getRequestHeaders().getFirst("Authorization"))) {
            throw BubbleError.unauthorized(BubbleIds.next(), "You do not have permission to use the Data API with this key");
        }
        long retryAfter = faults.throttle();
        if (retryAfter >= 0) {
            rate.countRejection();
            throw BubbleError.tooManyRequests(sendRetryAfter ? retryAfter : -1);
        }
        OptionalLong wait = rate.admit();
        if (wait.isPresent()) {
            throw BubbleError.tooManyRequests(sendRetryAfter ? wait.getAsLong() : -1);
        }
        faults.delay();
        if (faults.fail()) {
            throw BubbleError.envelope(503, "ERROR", "Service temporarily unavailable (emulated fault)");
        }
        if (refusedTypes.contains(type)) {
            throw BubbleError.unauthorized(BubbleIds.next(), "You do not have permission to create, modify, delete or view things of type "
                    + type + " through the Data API");
        }
        return api.answer(method, path, http.getRequestURI().getRawQuery(), http.getRequestHeaders().getFirst("Content-Type"), body);
    }

    private void record(RecordedRequest request) {
        synchronized (requests) {
            if (requests.size() >= keepRequests) {
                requests.pollFirst();
            }
            requests.addLast(request);
        }
        if (logRequests) {
            LOG.info("bubble emulator: {} {}{} -> {}", request.method(), request.path(),
                    request.query() == null ? "" : "?" + request.query(), request.dropped() ? "answer dropped" : request.status());
        } else {
            LOG.debug("bubble emulator: {} {} -> {}", request.method(), request.path(), request.status());
        }
    }

    private static void write(HttpExchange http, Answer answer) throws IOException {
        try (http) {
            if (answer.contentType() != null) {
                http.getResponseHeaders().set("Content-Type", answer.contentType());
            }
            answer.headers().forEach((name, value) -> http.getResponseHeaders().set(name, value));
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            http.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                http.getResponseBody().write(bytes);
            }
        }
    }
}
