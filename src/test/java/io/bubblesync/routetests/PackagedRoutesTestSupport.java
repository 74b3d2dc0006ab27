package io.bubblesync.routetests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bubblesync.relay.camel.EmbeddedRelay;
import io.bubblesync.relay.config.RelaySettings;
import io.bubblesync.relay.config.SettingsSource;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The packaged routes (routes/*.camel.yaml, as the jar holds them) in a plain CamelContext, installed as an embedding
 * host installs the relay ({@link EmbeddedRelay}), with their outside world replaced by Camel mock endpoints before
 * the context starts (AdviceWith): every {@code sql:} endpoint (claims, the lease rescue, legacy's due checks), the
 * relay's HTTP client {@code bubble-sync-http:} and {@code direct:settle}. No PostgreSQL and no HTTP server: the mocks
 * answer what the database and the endpoint would, and record what the routes sent them.
 *
 * <p>The DataSource is PostgreSQL's own driver pointed at a free loopback port nobody listens on: the routes never
 * reach it (their SQL goes to mocks); the relay's background queue reading and its run history find the database
 * unreachable and say so in the log, as they would in an outage.
 */
abstract class PackagedRoutesTestSupport extends CamelTestSupport {
    /** What the relay's settings are in these tests (over the packaged application.properties); a test adds its own. */
    static Properties settings(String... keyValues) {
        Properties p = new Properties();
        p.setProperty("sync.db.url", "jdbc:postgresql://127.0.0.1:" + AvailablePortFinder.getNextAvailable() + "/nowhere");
        p.setProperty("sync.endpoint.url", "http://127.0.0.1:9/functions/v1/bubble_sync");
        p.setProperty("sync.endpoint.token", "test-service-role-key");
        p.setProperty("sync.schedule.enabled", "false"); // passes are started by the test (direct:pass), not by the crons
        p.setProperty("sync.wakeup.enabled", "false"); // no LISTEN connection
        p.setProperty("sync.http.redelivery-delay", "10ms");
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void configureTest(TestExecutionConfiguration test) {
        super.configureTest(test);
        test.withUseAdviceWith(true); // the context starts only once the mocks are in place (startRelay)
    }

    /** Installs the packaged routes with these settings, mocks their outside world, starts the context. */
    void startRelay(Properties overrides) throws Exception {
        RelaySettings relay = RelaySettings.from(SettingsSource.load(null, Map.of(), overrides));
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setURL(relay.dbUrl());
        EmbeddedRelay.install(context, relay, nowhere);
        // context-wide: every route's sends to these endpoints go to mock:<uri> instead, the originals are skipped
        AdviceWith.adviceWith(context, "deliver-batch", route -> route.mockEndpointsAndSkip("sql:*", "bubble-sync-http:*", "direct:settle"));
        context.start();
    }

    /** Runs one pass of a job ("processor" or "retry") as the crons and the wake-up do; returns when it has ended. */
    void pass(String job) {
        template.send("direct:pass", exchange -> exchange.setProperty("job", job));
    }

    /** The mock that stands for the endpoints whose URI contains this text (e.g. "claim-pending", "bubble-sync-http"). */
    MockEndpoint mockOf(String uriPart) {
        List<MockEndpoint> found = context.getEndpoints().stream()
                .filter(e -> e instanceof MockEndpoint && e.getEndpointUri().contains(uriPart))
                .map(MockEndpoint.class::cast).toList();
        if (found.size() != 1) {
            throw new IllegalStateException("expected one mock endpoint for '" + uriPart + "', found " + found.size() + ": "
                    + context.getEndpoints().stream().map(e -> e.getEndpointUri()).toList());
        }
        return found.get(0);
    }

    /** A claimed row as the claim statements return it (the columns of their RETURNING). */
    static Map<String, Object> row(String recordId, String payloadJson) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", UUID.randomUUID().toString());
        row.put("table_name", "orders");
        row.put("record_id", recordId);
        row.put("operation", "UPDATE");
        row.put("payload", payloadJson);
        row.put("idempotency_key", null);
        row.put("retry_count", 0);
        row.put("max_retries", 3);
        row.put("created_at", Timestamp.from(Instant.now()));
        row.put("claimed_at", Instant.now().toString());
        row.put("claimed_from", "pending");
        return row;
    }

    static List<Map<String, Object>> rows(int n) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            rows.add(row("r-" + i, "{\"seq\":" + i + "}"));
        }
        return rows;
    }

    /** The first claim of a pass returns these rows, every later one none (the queue is drained). */
    void claimReturns(String claimSql, List<Map<String, Object>> rows) {
        MockEndpoint claims = mockOf(claimSql);
        claims.whenExchangeReceived(1, exchange -> exchange.getMessage().setBody(rows));
        claims.whenAnyExchangeReceived(exchange -> exchange.getMessage().setBody(List.of()));
    }

    /** Sets what the endpoint answers: HTTP status and body text. */
    static void answer(Exchange exchange, int status, String body) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setBody(body);
    }

    /** The request a mock received, as JSON. */
    static JsonNode request(Exchange exchange) {
        try {
            return JSON.readTree(exchange.getMessage().getBody(String.class));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The record_ids of a bubble_sync request's items, in order. */
    static List<String> recordIds(Exchange exchange) {
        List<String> ids = new ArrayList<>();
        request(exchange).path("payload").path("items").forEach(item -> ids.add(item.path("record_id").asText()));
        return ids;
    }

    /** Every settlement direct:settle received (the JSON settle-batch.sql reads: id, outcome, error_message, ...). */
    List<JsonNode> settlements() {
        List<JsonNode> all = new ArrayList<>();
        for (Exchange exchange : mockOf("direct:settle").getReceivedExchanges()) {
            JSON.valueToTree(exchange.getMessage().getBody()).forEach(all::add);
        }
        return all;
    }
}
