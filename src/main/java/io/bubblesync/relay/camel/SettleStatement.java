package io.bubblesync.relay.camel;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bubblesync.relay.delivery.Settlement;
import java.util.List;
import org.apache.camel.Exchange;

/** Prepares settle-batch.sql: the batch's settlements as one JSON array parameter. */
public class SettleStatement {
    public static final String SETTLEMENTS = "settlements";

    private final ObjectMapper json = new ObjectMapper();
    private final String instanceId;

    public SettleStatement(String instanceId) {
        this.instanceId = instanceId;
    }

    public void prepare(Exchange exchange) throws Exception {
        @SuppressWarnings("unchecked")
        List<Settlement> settlements = exchange.getMessage().getBody(List.class);
        exchange.setProperty(SETTLEMENTS, settlements);
        var message = exchange.getMessage();
        message.getHeaders().keySet().removeIf(name -> !name.startsWith("Camel"));
        message.setHeader("instance", instanceId);
        message.setHeader(SETTLEMENTS, json.writeValueAsString(settlements));
        message.setBody(null);
    }
}
