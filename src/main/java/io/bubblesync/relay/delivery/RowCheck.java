package io.bubblesync.relay.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** What makes a row undeliverable however often it is tried: such a row fails permanently on its own. */
public final class RowCheck {
    /** The operations the bubble_sync contract knows; anything else is a bad row. */
    public static final List<String> KNOWN_OPERATIONS = List.of("SIGNUP_ATOMIC", "INSERT", "UPDATE", "DELETE");
    /** The same, comma separated: what the claim statements get (routes/pass.camel.yaml, header knownOperations). */
    public static final String KNOWN_OPERATIONS_TEXT = String.join(",", KNOWN_OPERATIONS);

    private final ObjectMapper json = new ObjectMapper();
    private final int maxPayloadBytes;

    public RowCheck(int maxPayloadBytes) {
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** The problem with the row, or empty when it can be delivered. */
    public Optional<String> problem(ClaimedRow row) {
        if (!KNOWN_OPERATIONS.contains(row.operation())) {
            return Optional.of("unknown operation '" + row.operation() + "'; bubble_sync takes " + String.join(", ", KNOWN_OPERATIONS));
        }
        if (row.recordId() == null || row.recordId().isBlank()) {
            return Optional.of("record_id is empty");
        }
        if (row.payload() == null) {
            // a DELETE needs only the table and the record id
            return "DELETE".equals(row.operation()) ? Optional.empty() : Optional.of("payload is null; a " + row.operation() + " needs a JSON object");
        }
        int bytes = row.payload().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxPayloadBytes) {
            return Optional.of("payload is " + bytes + " bytes, over sync.payload.max-bytes=" + maxPayloadBytes);
        }
        try {
            JsonNode node = json.readTree(row.payload());
            if (!node.isObject()) {
                return Optional.of("payload is a JSON " + node.getNodeType().name().toLowerCase() + ", not an object");
            }
        } catch (Exception e) {
            return Optional.of("payload is not valid JSON");
        }
        return Optional.empty();
    }
}
