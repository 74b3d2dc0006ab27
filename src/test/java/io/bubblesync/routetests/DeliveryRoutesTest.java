package io.bubblesync.routetests;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged delivery routes (pass → deliver-batch → post-batch → settle, sync.target=bubble_sync) with mocks for
 * the claim SQL, the bubble_sync endpoint and the settle step: no PostgreSQL, no HTTP server.
 */
class DeliveryRoutesTest extends PackagedRoutesTestSupport {

    @Test
    void a_claims_rows_reach_the_endpoint_in_batches_of_sync_batch_size_and_a_full_claim_is_followed_by_another() throws Exception {
        startRelay(settings("sync.batch.size", "4", "sync.claim.limit", "10"));
        List<Map<String, Object>> rows = rows(10);
        claimReturns("claim-pending", rows);
        MockEndpoint endpoint = mockOf("bubble-sync-http");
        endpoint.whenAnyExchangeReceived(exchange -> answer(exchange, 200, "{}"));

        pass("processor");

        // batches go out in parallel (sync.concurrency): their order may vary, their content may not
        assertThat(endpoint.getReceivedExchanges()).map(PackagedRoutesTestSupport::recordIds).containsExactlyInAnyOrder(
                List.of("r-1", "r-2", "r-3", "r-4"), List.of("r-5", "r-6", "r-7", "r-8"), List.of("r-9", "r-10"));
        assertThat(mockOf("claim-pending").getReceivedCounter()).as("claims: the first came back full, so one more").isEqualTo(2);
        assertThat(settlements()).hasSize(10).allMatch(s -> s.path("outcome").asText().equals("completed"));
    }

    @Test
    void a_503_is_redelivered_with_the_same_key_and_then_settled_transient() throws Exception {
        startRelay(settings("sync.http.redeliveries", "2"));
        claimReturns("claim-pending", rows(3));
        MockEndpoint endpoint = mockOf("bubble-sync-http");
        endpoint.whenAnyExchangeReceived(exchange -> answer(exchange, 503, "{\"error\":\"busy\"}"));

        pass("processor");

        assertThat(endpoint.getReceivedCounter()).as("the first call and sync.http.redeliveries more").isEqualTo(3);
        assertThat(endpoint.getReceivedExchanges()).map(e -> e.getMessage().getHeader("Idempotency-Key", String.class))
                .doesNotContainNull().containsOnly(endpoint.getReceivedExchanges().get(0).getMessage().getHeader("Idempotency-Key", String.class));
        assertThat(endpoint.getReceivedExchanges()).map(PackagedRoutesTestSupport::recordIds).containsOnly(List.of("r-1", "r-2", "r-3"));
        List<JsonNode> settled = settlements();
        assertThat(settled).hasSize(3).allSatisfy(s -> {
            assertThat(s.path("outcome").asText()).isEqualTo("transient");
            assertThat(s.path("error_message").asText()).contains("503");
            assertThat(s.path("delay_ms").asLong()).isPositive();
        });
    }

    @Test
    void a_400_on_a_batch_of_five_re_sends_each_row_alone_so_only_the_bad_row_fails() throws Exception {
        startRelay(settings());
        claimReturns("claim-pending", rows(5));
        MockEndpoint endpoint = mockOf("bubble-sync-http");
        // the endpoint refuses any batch that holds record r-3, whatever else is in it
        endpoint.whenAnyExchangeReceived(exchange -> {
            boolean bad = recordIds(exchange).contains("r-3");
            answer(exchange, bad ? 400 : 200, bad ? "{\"error\":\"price must be a number\"}" : "{}");
        });

        pass("processor");

        assertThat(endpoint.getReceivedExchanges()).map(PackagedRoutesTestSupport::recordIds).containsExactly(
                List.of("r-1", "r-2", "r-3", "r-4", "r-5"),
                List.of("r-1"), List.of("r-2"), List.of("r-3"), List.of("r-4"), List.of("r-5"));
        List<JsonNode> settled = settlements();
        assertThat(settled).hasSize(5);
        String r3 = idOf(endpoint.getReceivedExchanges().get(3));
        assertThat(settled).filteredOn(s -> s.path("id").asText().equals(r3))
                .singleElement().satisfies(s -> {
                    assertThat(s.path("outcome").asText()).isEqualTo("permanent");
                    assertThat(s.path("error_message").asText()).contains("400", "price must be a number");
                });
        assertThat(settled).filteredOn(s -> !s.path("id").asText().equals(r3)).hasSize(4)
                .allMatch(s -> s.path("outcome").asText().equals("completed"));
    }

    @Test
    void a_route_consuming_direct_hook_before_send_changes_what_is_sent_and_skips_what_it_marks(@TempDir Path myRoutes) throws Exception {
        // the shipped example hook, loaded as a user loads it: a file in sync.routes.extra-dir
        Files.copy(Path.of("examples/hooks/enrich-before-send.camel.yaml"), myRoutes.resolve("enrich-before-send.camel.yaml"));
        startRelay(settings("sync.routes.extra-dir", myRoutes.toString()));
        claimReturns("claim-pending", List.of(row("r-1", "{\"seq\":1}"), row("r-2", "{\"seq\":2,\"test\":true}"), row("r-3", "{\"seq\":3}")));
        MockEndpoint endpoint = mockOf("bubble-sync-http");
        endpoint.whenAnyExchangeReceived(exchange -> answer(exchange, 200, "{}"));
        NotifyBuilder hookRan = new NotifyBuilder(context).wereSentTo("direct:hook-before-send").whenExactlyDone(1).create();

        pass("processor");

        assertThat(hookRan.matches(5, TimeUnit.SECONDS)).as("the hook route ran once, for the one batch").isTrue();
        assertThat(endpoint.getReceivedExchanges()).singleElement().satisfies(request -> {
            assertThat(recordIds(request)).containsExactly("r-1", "r-3");
            request(request).path("payload").path("items")
                    .forEach(item -> assertThat(item.path("payload").path("synced_by").asText()).isEqualTo("bubble-sync"));
        });
        assertThat(settlements()).extracting(s -> s.path("outcome").asText()).containsExactlyInAnyOrder("skipped", "completed", "completed");
        assertThat(settlements()).filteredOn(s -> s.path("outcome").asText().equals("skipped")).singleElement()
                .satisfies(s -> assertThat(s.path("response").path("reason").asText()).isEqualTo("test row: not for Bubble"));
    }

    private static String idOf(Exchange singleRowRequest) {
        return request(singleRowRequest).path("payload").path("items").get(0).path("id").asText();
    }
}
