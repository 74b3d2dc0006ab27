package io.bubblesync.relay.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bubble_sync Edge Function as existing deployments run it, on 127.0.0.1: its own actions work on the
 * database like the real one (process_queue_data_api completes up to batch_size pending rows, retry_failed
 * completes failed rows with attempts left) and answer {"success":true,"data":{processed,success,failed,skipped}};
 * any other action, sync_batch included, gets 400 {"success":false,"error":"Unknown action: <action>"};
 * OPTIONS (CORS preflight) gets 200 "ok". {@link #speakSyncBatch()} stands for a redeployed function that
 * accepts sync_batch (200 {}). Keeps every body and Authorization header it got.
 */
public final class DeployedFunction implements AutoCloseable {
    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(8);
    private final String jdbcUrl;
    private final ConcurrentLinkedQueue<String> bodies = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> authorizations = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile boolean speaksSyncBatch;
    private volatile int failStatus;
    private volatile String failBody;
    private volatile long delayMs;

    /** Works on the database at jdbcUrl (user postgres, no password), as the real function works on its project's. */
    public DeployedFunction(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(Sink.PATH, this::handle);
        server.setExecutor(pool);
        server.start();
    }

    /** The project URL (what SUPABASE_URL holds). */
    public String projectUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String url() {
        return projectUrl() + Sink.PATH;
    }

    public void speakSyncBatch() {
        speaksSyncBatch = true;
    }

    /** Every POST answers this until {@link #recover()}. */
    public void failWith(int status, String body) {
        failBody = body;
        failStatus = status;
    }

    public void recover() {
        failStatus = 0;
    }

    public void delay(long ms) {
        delayMs = ms;
    }

    public List<String> bodies() {
        return List.copyOf(bodies);
    }

    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    private void handle(HttpExchange http) throws IOException {
        try (http) {
            if ("OPTIONS".equals(http.getRequestMethod())) {
                answer(http, 200, "ok");
                return;
            }
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                String body = new String(http.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                bodies.add(body);
                authorizations.add(String.valueOf(http.getRequestHeaders().getFirst("Authorization")));
                if (delayMs > 0) {
                    Thread.sleep(delayMs);
                }
                if (failStatus > 0) {
                    answer(http, failStatus, failBody);
                    return;
                }
                JsonNode request = json.readTree(body);
                String action = request.path("action").asText();
                switch (action) {
                    case "process_queue_data_api" -> answer(http, 200, done(update(
                            "UPDATE sync_queue SET status = 'completed', processed_at = now() WHERE id IN (SELECT id FROM sync_queue "
                                    + "WHERE status = 'pending' ORDER BY created_at LIMIT ?)", request.path("payload").path("batch_size").asInt(5))));
                    case "retry_failed" -> answer(http, 200, done(update(
                            "UPDATE sync_queue SET status = 'completed', processed_at = now(), next_retry_at = NULL WHERE status = 'failed' "
                                    + "AND retry_count < max_retries AND (next_retry_at IS NULL OR next_retry_at <= now()) AND ? > 0", 1)));
                    default -> {
                        if (speaksSyncBatch && "sync_batch".equals(action)) {
                            answer(http, 200, "{}");
                        } else {
                            answer(http, 400, "{\"success\":false,\"error\":\"Unknown action: " + action + "\"}");
                        }
                    }
                }
            } catch (InterruptedException | SQLException e) {
                answer(http, 500, "{\"success\":false,\"error\":\"" + e.getClass().getSimpleName() + "\"}");
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    private static String done(int rows) {
        return "{\"success\":true,\"data\":{\"processed\":" + rows + ",\"success\":" + rows + ",\"failed\":0,\"skipped\":0}}";
    }

    private int update(String sql, int param) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", ""); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, param);
            return ps.executeUpdate();
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
        pool.shutdownNow();
    }
}
