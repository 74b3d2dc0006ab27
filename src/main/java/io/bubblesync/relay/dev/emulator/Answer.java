package io.bubblesync.relay.dev.emulator;

import java.util.Map;

/** One HTTP answer of the emulator: status, content type, body ("" for none) and extra headers. */
record Answer(int status, String contentType, String body, Map<String, String> headers) {
    static Answer json(int status, String body) {
        return new Answer(status, "application/json", body, Map.of());
    }

    static Answer text(int status, String body) {
        return new Answer(status, "text/plain", body, Map.of());
    }

    static Answer noContent() {
        return new Answer(204, null, "", Map.of());
    }

    Answer withHeader(String name, String value) {
        return new Answer(status, contentType, body, Map.of(name, value));
    }

    boolean success() {
        return status / 100 == 2;
    }
}
