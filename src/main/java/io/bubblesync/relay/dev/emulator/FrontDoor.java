package io.bubblesync.relay.dev.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In front of the Data API: checks the Bearer key (first, as Bubble does), the rate limit, injected faults and
 * refused types, records every request, then writes the answer, or, for a write chosen to lose its answer, closes
 * the connection without one (the write is already stored). The Swagger file needs no key and is counted apart.
 */
final class FrontDoor implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger("bubble-sync.bubble-emulator");
    static final String SWAGGER_PATH = DataApi.BASE_PATH + "/meta/swagger.json";

    private final DataApi api;
    private final String apiKey;
    private final RateWindow rate;
    private final Faults faults;
    private final boolean logRequests;
    private final Set<String> refusedTypes = ConcurrentHashMap.newKeySet();
    private final ArrayDeque<RecordedRequest> requests = new ArrayDeque<>();
    private final int keepRequests;
    private final AtomicInteger swaggerReads = new AtomicInteger();
    private volatile boolean sendRetryAfter;
    private volatile boolean publishSwagger = true;

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

    /** Whether the rate limit's 429s carry {@code Retry-After} (Bubble does not document that they do). */
    void sendRetryAfter(boolean on) {
        sendRetryAfter = on;
    }

    /** Whether the Swagger file is served (Bubble: unless "Hide Swagger API documentation access" is checked). */
    void publishSwagger(boolean on) {
        publishSwagger = on;
    }

    int swaggerReads() {
        return swaggerReads.get();
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
        if (method.equals("GET") && fullPath.equals(SWAGGER_PATH)) {
            swagger(http);
            return;
        }
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

    /**
     * The Swagger file: no key needed (notes §1b); a wrong key sent anyway is refused (recorded by a client project
     * that reads this file: "an invalid token sent to the swagger causes a 401"). Not published: 404 (our text).
     */
    private void swagger(HttpExchange http) throws IOException {
        swaggerReads.incrementAndGet();
        String authorization = http.getRequestHeaders().getFirst("Authorization");
        Optional<String> file = api.swagger(http.getLocalAddress().getHostString() + ":" + http.getLocalAddress().getPort());
        Answer answer = authorization != null && !authorization.equals("Bearer " + apiKey) ? refusedKey(authorization).answer()
                : publishSwagger && file.isPresent() ? Answer.json(200, file.get())
                : BubbleError.notFound("No Swagger file: this app hides it, or declares no types (emulator wording)").answer();
        LOG.debug("bubble emulator: GET {} -> {}", SWAGGER_PATH, answer.status());
        write(http, answer);
    }

    private Answer answer(HttpExchange http, String method, String path, boolean underBase, String body)
            throws InterruptedException {
        String authorization = http.getRequestHeaders().getFirst("Authorization");
        if (!("Bearer " + apiKey).equals(authorization)) {
            throw refusedKey(authorization);
        }
        if (faults.throttle()) { // an injected 429 carries the Retry-After it was given, if any
            rate.countRejection();
            throw BubbleError.tooManyRequests(faults.throttleRetryAfter());
        }
        OptionalLong wait = rate.admit();
        if (wait.isPresent()) {
            throw BubbleError.tooManyRequests(sendRetryAfter ? wait.getAsLong() : -1);
        }
        faults.delay();
        if (faults.fail()) {
            throw BubbleError.envelope(503, "ERROR", "Service temporarily unavailable (emulated fault)");
        }
        if (underBase && path.equals("/meta")) {
            return api.meta();
        }
        String type = underBase ? DataApi.typeOf(path) : null;
        if (type == null) {
            throw BubbleError.notFound("No Data API endpoint at " + http.getRequestURI().getPath());
        }
        if (refusedTypes.contains(type)) {
            throw BubbleError.unauthorized(BubbleIds.next(), privacyRefusal(method));
        }
        return api.answer(method, path, http.getRequestURI().getRawQuery(), http.getRequestHeaders().getFirst("Content-Type"), body);
    }

    /** A wrong key: Bubble echoes it (notes §1b). No Bearer token at all: our text (Bubble would treat it as a visitor). */
    private static BubbleError refusedKey(String authorization) {
        return authorization != null && authorization.startsWith("Bearer ")
                ? BubbleError.invalidToken(authorization.substring("Bearer ".length()))
                : BubbleError.unauthorized(BubbleIds.next(), "No Bearer token: the Data API needs this app's API token (emulator wording)");
    }

    /** What privacy rules answer a client that is not admin (notes §1b); the view text is ours. */
    private static String privacyRefusal(String method) {
        return switch (method) {
            case "POST" -> "Permission denied: cannot create this object";
            case "PATCH", "PUT" -> "You do not have permission to modify this object";
            case "DELETE" -> "You do not have permission to delete this object";
            default -> "You do not have permission to view this object (emulator wording)";
        };
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
