package io.bubblesync.relay.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bubble_sync stand-in for the many-relay tests: answers by a seeded random mix of faults, and keeps
 * its own log of every item it accepted (2xx), of items that arrived while the same row was already being
 * accepted by another request (a concurrent double delivery), and of the keys each row came with.
 */
public final class RecordingSink implements AutoCloseable {
    /** One accepted item, in arrival order. */
    public record Delivery(String id, String recordId, int seq, String key) {
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(32);
    private final ObjectMapper json = new ObjectMapper();
    private final Random random;
    private final double serverErrors;
    private final double timeouts;
    private final double throttles;
    private final long timeoutSleepMs;
    private volatile long delayMs;
    private final ConcurrentLinkedQueue<Delivery> accepted = new ConcurrentLinkedQueue<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicInteger concurrentDoubles = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger faults = new AtomicInteger();

    public RecordingSink(long seed, double serverErrors, double timeouts, double throttles, long timeoutSleepMs) throws IOException {
        this.random = new Random(seed);
        this.serverErrors = serverErrors;
        this.timeouts = timeouts;
        this.throttles = throttles;
        this.timeoutSleepMs = timeoutSleepMs;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.createContext(Sink.PATH, this::handle);
        server.setExecutor(pool);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + Sink.PATH;
    }

    private void handle(HttpExchange http) throws IOException {
        try (http) {
            requests.incrementAndGet();
            JsonNode items = json.readTree(http.getRequestBody().readAllBytes()).path("payload").path("items");
            double roll;
            synchronized (random) {
                roll = random.nextDouble();
            }
            if (roll < serverErrors) {
                faults.incrementAndGet();
                answer(http, 503, "{\"error\":\"chaos: unavailable\"}");
                return;
            }
            if (roll < serverErrors + timeouts) {
                faults.incrementAndGet();
                sleep(timeoutSleepMs);
                answer(http, 504, "{\"error\":\"chaos: too late\"}");
                return;
            }
            if (roll < serverErrors + timeouts + throttles) {
                faults.incrementAndGet();
                http.getResponseHeaders().set("Retry-After", "1");
                answer(http, 429, "{\"error\":\"chaos: slow down\"}");
                return;
            }
            sleep(delayMs);
            List<String> ids = items.findValuesAsText("id");
            for (String id : ids) {
                if (!inFlight.add(id)) {
                    concurrentDoubles.incrementAndGet();
                }
            }
            try {
                for (JsonNode item : items) {
                    accepted.add(new Delivery(item.path("id").asText(), item.path("record_id").asText(),
                            item.path("payload").path("seq").asInt(), item.path("idempotency_key").asText()));
                }
                answer(http, 200, "{}");
            } finally {
                ids.forEach(inFlight::remove);
            }
        }
    }

    private static void answer(HttpExchange http, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        http.sendResponseHeaders(status, bytes.length);
        http.getResponseBody().write(bytes);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every accepted request answers this much later (0: at once). */
    public void delayMs(long ms) {
        delayMs = ms;
    }

    public List<Delivery> accepted() {
        return List.copyOf(accepted);
    }

    public int concurrentDoubles() {
        return concurrentDoubles.get();
    }

    public int requests() {
        return requests.get();
    }

    public int faults() {
        return faults.get();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
