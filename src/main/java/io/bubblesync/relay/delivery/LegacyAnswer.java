package io.bubblesync.relay.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bubblesync.relay.config.Secret;

/**
 * The deployed bubble_sync function's answer to its own actions (sync.target=legacy):
 * {@code {"success":true,"data":{"processed":n,"success":n,"failed":n,"skipped":n}}}, or a non-2xx
 * {@code {"success":false,"error":"…"}}. {@code error} is the function's own words, key scrubbed, one line.
 */
public record LegacyAnswer(int status, boolean ok, int processed, int success, int failed, int skipped, String error) {

    public static LegacyAnswer read(int status, String body, Secret token) {
        FailureText text = new FailureText(token, new ObjectMapper());
        JsonNode answer = text.parse(body);
        JsonNode data = answer == null ? null : answer.path("data");
        boolean ok = status >= 200 && status < 300 && (answer == null || answer.path("success").asBoolean(true));
        String error = ok ? "" : text.endpointMessage(body);
        return new LegacyAnswer(status, ok, count(data, "processed"), count(data, "success"), count(data, "failed"),
                count(data, "skipped"), error);
    }

    private static int count(JsonNode data, String field) {
        return data == null ? 0 : data.path(field).asInt(0);
    }
}
