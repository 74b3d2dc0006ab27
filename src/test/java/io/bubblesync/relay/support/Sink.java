package io.bubblesync.relay.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/** The bubble_sync endpoint as tests see it: a WireMock server on loopback and what it received. */
public final class Sink {
    public static final String PATH = "/functions/v1/bubble_sync";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Sink() {
    }

    public static WireMockExtension extension() {
        return WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();
    }

    public static String url(WireMockExtension wm) {
        return "http://127.0.0.1:" + wm.getPort() + PATH;
    }

    /** The requests in the order they arrived. */
    public static List<ServeEvent> requests(WireMockExtension wm) {
        List<ServeEvent> events = new ArrayList<>(wm.getAllServeEvents());
        events.sort(Comparator.comparing(e -> e.getRequest().getLoggedDate()));
        return events;
    }

    public static JsonNode body(ServeEvent e) {
        try {
            return JSON.readTree(e.getRequest().getBodyAsString());
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    public static List<JsonNode> items(ServeEvent e) {
        List<JsonNode> items = new ArrayList<>();
        body(e).path("payload").path("items").forEach(items::add);
        return items;
    }
}
