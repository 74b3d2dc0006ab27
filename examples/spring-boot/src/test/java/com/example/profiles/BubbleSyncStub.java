package com.example.profiles;

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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** bubble_sync on loopback (JDK HttpServer, a free port): answers every item "completed" and keeps what it got. */
final class BubbleSyncStub implements AutoCloseable {
    static final String PATH = "/functions/v1/bubble_sync";
    private static final ObjectMapper JSON = new ObjectMapper();

    record Call(String authorization, JsonNode body) {
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    private BubbleSyncStub(HttpServer server) {
        this.server = server;
    }

    static BubbleSyncStub start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        BubbleSyncStub stub = new BubbleSyncStub(server);
        server.createContext(PATH, stub::answer);
        server.start();
        return stub;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    List<Call> calls() {
        return calls;
    }

    private void answer(HttpExchange exchange) throws IOException {
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        calls.add(new Call(exchange.getRequestHeaders().getFirst("Authorization"), body));
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode results = answer.putArray("results");
        body.path("payload").path("items").forEach(item -> results.addObject()
                .put("id", item.path("id").asText()).put("status", "completed").putObject("response").put("bubble_id", "b-1"));
        byte[] bytes = JSON.writeValueAsBytes(answer);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
