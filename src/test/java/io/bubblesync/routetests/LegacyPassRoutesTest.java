package io.bubblesync.routetests;

import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged legacy pass (sync.target=legacy: the deployed function's own actions) with mocks for its due checks and
 * the function: no PostgreSQL, no HTTP server.
 */
class LegacyPassRoutesTest extends PackagedRoutesTestSupport {

    @Test
    void the_function_is_called_again_while_it_processes_a_full_batch() throws Exception {
        startRelay(settings("sync.target", "legacy", "sync.claim.limit", "10", "sync.batch.size", "5"));
        mockOf("legacy-due-pending").whenAnyExchangeReceived(exchange -> exchange.getMessage().setBody(true));
        MockEndpoint function = mockOf("bubble-sync-http");
        // a full batch (5 = the smaller of limit and batch_size), then 2 rows: the last call
        function.whenExchangeReceived(1, exchange -> answer(exchange, 200, "{\"success\":true,\"data\":{\"processed\":5,\"success\":5}}"));
        function.whenExchangeReceived(2, exchange -> answer(exchange, 200, "{\"success\":true,\"data\":{\"processed\":2,\"success\":2}}"));
        function.whenAnyExchangeReceived(exchange -> answer(exchange, 200, "{\"success\":true,\"data\":{\"processed\":0}}"));

        pass("processor");

        assertThat(function.getReceivedExchanges()).hasSize(2).allSatisfy(call -> {
            assertThat(request(call).path("action").asText()).isEqualTo("process_queue_data_api");
            assertThat(request(call).path("payload").path("limit").asInt()).isEqualTo(10);
            assertThat(request(call).path("payload").path("batch_size").asInt()).isEqualTo(5);
        });
    }

    @Test
    void the_function_is_not_called_when_no_row_is_due() throws Exception {
        startRelay(settings("sync.target", "legacy"));
        mockOf("legacy-due-pending").whenAnyExchangeReceived(exchange -> exchange.getMessage().setBody(false));
        MockEndpoint function = mockOf("bubble-sync-http");

        pass("processor");

        assertThat(mockOf("legacy-due-pending").getReceivedCounter()).isEqualTo(1);
        assertThat(function.getReceivedCounter()).isZero();
    }
}
