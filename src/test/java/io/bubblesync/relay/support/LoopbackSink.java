package io.bubblesync.relay.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fast bubble_sync stand-in on 127.0.0.1 for throughput tests and the benchmark: answers 200 {} after a
 * settable delay (completed from a timer, no thread parked per request) and counts requests and how many
 * were in flight at once.
 */
public final class LoopbackSink implements AutoCloseable {
    private static final byte[] OK = "{}".getBytes(StandardCharsets.UTF_8);

    static {
        // the JDK server writes headers and body separately: without TCP_NODELAY every answer waits ~40 ms
        // for the client's delayed ACK (read when the first HttpServer of the JVM is created)
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(8);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicLong requests = new AtomicLong();
    private volatile long delayMs;

    public LoopbackSink(long delayMs) {
        this.delayMs = delayMs;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(Sink.PATH, this::handle);
        server.setExecutor(pool);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + Sink.PATH;
    }

    public void delayMs(long ms) {
        delayMs = ms;
    }

    private void handle(HttpExchange http) throws IOException {
        http.getRequestBody().readAllBytes();
        requests.incrementAndGet();
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        long delay = delayMs;
        if (delay <= 0) {
            answer(http);
        } else {
            timer.schedule(() -> answer(http), delay, TimeUnit.MILLISECONDS);
        }
    }

    private void answer(HttpExchange http) {
        inFlight.decrementAndGet(); // before the answer: the relay may send its next batch right after it
        try (http) {
            http.getResponseHeaders().set("Content-Type", "application/json");
            http.sendResponseHeaders(200, OK.length);
            http.getResponseBody().write(OK);
        } catch (IOException e) {
            // the relay gave up on this request (timeout): nothing to answer
        }
    }

    public long requests() {
        return requests.get();
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    public void resetMaxInFlight() {
        maxInFlight.set(inFlight.get());
    }

    @Override
    public void close() {
        server.stop(0);
        timer.shutdownNow();
        pool.shutdownNow();
    }
}
