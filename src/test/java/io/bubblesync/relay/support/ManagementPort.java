package io.bubblesync.relay.support;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Properties;

/** The relay's management server on a free loopback port, and plain HTTP calls to it. */
public final class ManagementPort {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ManagementPort() {
    }

    /** Turns the management server on, on a free port. */
    public static Properties enable(Properties p) {
        try (ServerSocket s = new ServerSocket(0)) {
            p.setProperty("camel.management.enabled", "true");
            p.setProperty("camel.management.port", Integer.toString(s.getLocalPort()));
            return p;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static String url(Properties p, String path) {
        return "http://127.0.0.1:" + p.getProperty("camel.management.port") + path;
    }

    /** A call with no body; {@code bearer} may be null. */
    public static HttpResponse<String> call(Properties p, String method, String path, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(p, path))).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("X-Bubble-Sync", "1"); // what the dashboard and the README's curl lines send (SiteGuard)
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
