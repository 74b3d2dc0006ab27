package io.bubblesync.relay.dev.emulator;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The JDK HTTP server on 127.0.0.1, one daemon thread per request in flight (latency sleeps in them). */
final class LoopbackServer implements AutoCloseable {
    static {
        // the JDK server writes headers and body in two writes: without TCP_NODELAY each answer with a body waits
        // ~40 ms for the client's delayed ACK (measured 87 vs 1,890 creates/s with 4 callers). The property is read
        // when the JVM's first HttpServer is created, so it helps only if none was created before.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread t = new Thread(task, "bubble-emulator");
        t.setDaemon(true);
        return t;
    });

    LoopbackServer(int port, HttpHandler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        server.createContext("/", handler);
        server.setExecutor(threads);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
