package io.bubblesync.relay.dev.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Real HTTP calls to a {@link BubbleEmulator}, as a Data API client would make them. */
final class EmulatorClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final BubbleEmulator emulator;

    EmulatorClient(BubbleEmulator emulator) {
        this.emulator = emulator;
    }

    HttpResponse<String> send(String method, String path, String body) {
        return send(method, path, body, "application/json", "Bearer " + emulator.apiKey());
    }

    HttpResponse<String> send(String method, String path, String body, String contentType, String authorization) {
        try {
            return http.send(request(method, path, body, contentType, authorization), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Like send, but a connection closed without an answer comes back as the IOException. */
    IOException sendExpectingNoAnswer(String method, String path, String body) throws InterruptedException {
        try {
            HttpResponse<String> r = http.send(request(method, path, body, "application/json", "Bearer " + emulator.apiKey()),
                    HttpResponse.BodyHandlers.ofString());
            throw new AssertionError("expected no answer, got " + r.statusCode() + " " + r.body());
        } catch (IOException e) {
            return e;
        }
    }

    String create(String type, String body) {
        HttpResponse<String> r = send("POST", "/obj/" + type, body);
        if (r.statusCode() != 201) {
            throw new AssertionError("create answered " + r.statusCode() + " " + r.body());
        }
        return json(r).path("id").asText();
    }

    HttpResponse<String> search(String type, String constraints, String more) {
        return send("GET", "/obj/" + type + "?constraints=" + URLEncoder.encode(constraints, StandardCharsets.UTF_8) + more, null);
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpRequest request(String method, String path, String body, String contentType, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null && contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b.build();
    }
}
