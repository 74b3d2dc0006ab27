package io.bubblesync.app;

import io.bubblesync.relay.config.SettingsSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Asks the relay running on this host for a health path (GET on camel.management.host and camel.management.port,
 * read from the same settings as the relay, a server bound to every address asked on loopback) and says whether it
 * answered 200. The container image's HEALTHCHECK runs {@link #main} directly: one HTTP/1.0 request on a plain socket
 * and no command-line parsing cost about 0.1 CPU-second a check, where the JDK's HttpClient and picocli took 0.9.
 * eclipse-temurin images differ in the HTTP clients they carry (curl, wget, busybox); the JRE is always there.
 */
public final class ReadinessProbe {
    public static final String READY = "/observe/health/ready";
    private static final int TIMEOUT_MILLIS = 5000;

    private ReadinessProbe() {
    }

    /** Exit 0 when the relay's readiness answers 200, 1 otherwise (args: an optional health path). */
    public static void main(String[] args) {
        System.exit(probe(null, args.length > 0 ? args[0] : READY, System.out) ? 0 : 1);
    }

    /** Whether {@code path} answered 200; prints one line saying what it answered. */
    static boolean probe(Path config, String path, PrintStream out) {
        Properties p = SettingsSource.loadDefault(config);
        String host = connectHost(p.getProperty("camel.management.host", "127.0.0.1").trim());
        int port = Integer.parseInt(p.getProperty("camel.management.port", "8081").trim());
        String authority = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream request = socket.getOutputStream();
            request.write(("GET " + path + " HTTP/1.0\r\nHost: " + authority + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            request.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String status = in.readLine();
            String line = in.readLine();
            while (line != null && !line.isEmpty()) { // headers
                line = in.readLine();
            }
            StringBuilder body = new StringBuilder();
            for (line = in.readLine(); line != null && body.length() < 2000; line = in.readLine()) {
                body.append(line.strip());
            }
            out.println("health: http://" + authority + path + " " + status + " " + body);
            return status != null && status.matches("HTTP/1\\.[01] 200( .*)?");
        } catch (IOException e) {
            out.println("health: http://" + authority + path + " does not answer (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            return false;
        }
    }

    /** A server bound to every address is asked on loopback. */
    static String connectHost(String bound) {
        return switch (bound) {
            case "", "0.0.0.0" -> "127.0.0.1";
            case "::", "[::]", "::0" -> "::1";
            default -> bound.startsWith("[") ? bound.substring(1, bound.length() - 1) : bound;
        };
    }
}
