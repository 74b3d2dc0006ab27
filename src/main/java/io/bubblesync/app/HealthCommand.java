package io.bubblesync.app;

import io.bubblesync.relay.config.SettingsSource;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Asks the running relay on this host whether it is ready (GET /observe/health/ready on camel.management.host and
 * camel.management.port, read from the same settings as the relay): exit 0 when it answers 200, 1 otherwise. The
 * container image's HEALTHCHECK: eclipse-temurin images differ in which HTTP clients they carry, the JRE always runs.
 */
@Command(name = "health", description = "Exit 0 when the running relay's readiness answers 200 (a container health check).")
class HealthCommand implements Callable<Integer> {
    static final String READY = "/observe/health/ready";

    @ParentCommand
    BubbleSyncCli parent;

    @Option(names = "--path", description = "the health path to ask (default " + READY + "; /observe/health/live for liveness)")
    String path = READY;

    @Override
    public Integer call() throws Exception {
        Properties p = SettingsSource.loadDefault(parent == null ? null : parent.config);
        URI uri = URI.create("http://" + connectHost(p.getProperty("camel.management.host", "127.0.0.1").trim()) + ":"
                + p.getProperty("camel.management.port", "8081").trim() + path);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
        try {
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                    .send(request, HttpResponse.BodyHandlers.ofString());
            System.out.println("health: " + uri + " HTTP " + response.statusCode() + " " + response.body().strip());
            return response.statusCode() == 200 ? 0 : 1;
        } catch (ConnectException | HttpTimeoutException e) {
            System.out.println("health: " + uri + " does not answer (" + e.getClass().getSimpleName() + ")");
            return 1;
        }
    }

    /** A server bound to every address is asked on loopback. */
    static String connectHost(String bound) {
        return switch (bound) {
            case "", "0.0.0.0" -> "127.0.0.1";
            case "::", "[::]", "::0" -> "[::1]";
            default -> bound.contains(":") && !bound.startsWith("[") ? "[" + bound + "]" : bound;
        };
    }
}
