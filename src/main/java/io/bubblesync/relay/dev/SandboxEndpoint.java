package io.bubblesync.relay.dev;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dev mode's stand-in for the bubble_sync Edge Function, on loopback: checks the Bearer token, logs each
 * batch, answers per-item results, and fails a share of calls with 503 so the retry path shows.
 */
public final class SandboxEndpoint implements AutoCloseable {
    public static final String PATH = "/functions/v1/bubble_sync";
    private static final Logger LOG = LoggerFactory.getLogger("bubble-sync.sandbox");

    private final HttpServer server;
    private final ObjectMapper json = new ObjectMapper();
    private final String token;
    private final double failureRate;

    private SandboxEndpoint(String token, double failureRate) throws IOException {
        this.token = token;
        this.failureRate = failureRate;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext(PATH, this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    public static SandboxEndpoint start(String token, double failureRate) throws IOException {
        return new SandboxEndpoint(token, failureRate);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    private void handle(HttpExchange http) throws IOException {
        try (http) {
            byte[] in = http.getRequestBody().readAllBytes();
            if (!("Bearer " + token).equals(http.getRequestHeaders().getFirst("Authorization"))) {
                answer(http, 401, "{\"error\":\"missing or wrong service-role key\"}");
                return;
            }
            JsonNode request = json.readTree(in);
            JsonNode items = request.path("payload").path("items");
            String batchId = request.path("payload").path("batch_id").asText();
            if (ThreadLocalRandom.current().nextDouble() < failureRate) {
                LOG.info("sandbox: batch {} ({} items) -> 503 (simulated outage)", batchId, items.size());
                answer(http, 503, "{\"error\":\"sandbox: simulated outage\"}");
                return;
            }
            ObjectNode out = json.createObjectNode();
            ArrayNode results = out.putArray("results");
            for (JsonNode item : items) {
                ObjectNode r = results.addObject();
                r.put("id", item.path("id").asText());
                r.put("status", "completed");
                r.putObject("response").put("bubble_id", "sandbox-" + item.path("record_id").asText());
            }
            LOG.info("sandbox: batch {} from {} -> 200, {} items {}", batchId, request.path("payload").path("source").asText(),
                    items.size(), items.findValuesAsText("operation"));
            answer(http, 200, json.writeValueAsString(out));
        } catch (RuntimeException e) {
            LOG.warn("sandbox: bad request: {}", e.getMessage());
        }
    }

    private static void answer(HttpExchange http, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        http.getResponseHeaders().set("Content-Type", "application/json");
        http.sendResponseHeaders(status, bytes.length);
        http.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
