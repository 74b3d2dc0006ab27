package io.bubblesync.relay.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bubblesync.relay.routes.ExchangeKeys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.Exchange;

/**
 * The request side of the bubble_sync contract: one POST per batch,
 * {@code {"action":"sync_batch","payload":{"batch_id","source","items":[...]}}} with an Idempotency-Key
 * derived from the items' keys. The Bearer token is added by the HTTP client, never by the exchange.
 */
public class BatchRequest {
    private final ObjectMapper json = new ObjectMapper();
    private final RowCheck rowCheck;

    public BatchRequest(RowCheck rowCheck) {
        this.rowCheck = rowCheck;
    }

    /** Starts a batch: the split's rows become typed rows (exchange property claimedRows) and the batch gets its id. */
    public void start(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<Object> body = exchange.getMessage().getBody(List.class);
        List<ClaimedRow> claimed = new ArrayList<>();
        for (Object r : body) {
            claimed.add(r instanceof ClaimedRow c ? c : ClaimedRow.of(castRow(r)));
        }
        exchange.setProperty(ExchangeKeys.CLAIMED_ROWS, claimed);
        exchange.setProperty(ExchangeKeys.BATCH_ID, UUID.randomUUID().toString());
    }

    /**
     * The batch's rows that can never be delivered (see {@link RowCheck}), each as a permanent failure: they are settled
     * without being sent, so the rest still goes out.
     */
    public List<Settlement> badRows(Exchange exchange) {
        String batchId = exchange.getProperty(ExchangeKeys.BATCH_ID, String.class);
        List<Settlement> bad = new ArrayList<>();
        for (ClaimedRow row : claimed(exchange)) {
            rowCheck.problem(row).ifPresent(problem -> {
                ObjectNode details = json.createObjectNode();
                details.put("kind", "permanent");
                details.put("reason", "bad_row");
                details.put("batch_id", batchId);
                bad.add(Settlement.permanent(row, "bad row, not sent: " + problem, details));
            });
        }
        return bad;
    }

    /** The batch's rows that go out: every claimed row but the bad ones (exchange property badRows). */
    public List<ClaimedRow> goodRows(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<Settlement> bad = exchange.getProperty(ExchangeKeys.BAD_ROWS, List.class);
        Set<String> badIds = new HashSet<>();
        if (bad != null) {
            bad.forEach(s -> badIds.add(s.id()));
        }
        return new ArrayList<>(claimed(exchange).stream().filter(r -> !badIds.contains(r.id())).toList());
    }

    @SuppressWarnings("unchecked")
    private static List<ClaimedRow> claimed(Exchange exchange) {
        return exchange.getProperty(ExchangeKeys.CLAIMED_ROWS, List.class);
    }

    /** Builds the HTTP request from the batch's rows; runs again on every redelivery. */
    public void prepare(Exchange exchange) throws Exception {
        List<ClaimedRow> rows = rows(exchange);
        ObjectNode root = json.createObjectNode();
        root.put("action", "sync_batch");
        ObjectNode payload = root.putObject("payload");
        payload.put("batch_id", exchange.getProperty(ExchangeKeys.BATCH_ID, String.class));
        payload.put("source", exchange.getProperty(ExchangeKeys.JOB, "processor", String.class));
        payload.set("items", BatchItems.of(rows));
        var message = exchange.getMessage();
        message.getHeaders().keySet().removeIf(name -> !name.startsWith("Camel"));
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setHeader("Idempotency-Key", idempotencyKey(rows));
        message.setBody(json.writeValueAsBytes(root));
    }

    @SuppressWarnings("unchecked")
    public static List<ClaimedRow> rows(Exchange exchange) {
        return exchange.getProperty(ExchangeKeys.BATCH_ROWS, List.class);
    }

    /** Stable for the same set of rows, whatever the attempt: sha-256 of their delivery keys. */
    static String idempotencyKey(List<ClaimedRow> rows) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (ClaimedRow row : rows) {
                sha.update(row.deliveryKey().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return "bsr-" + HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castRow(Object row) {
        return (Map<String, Object>) row;
    }
}
