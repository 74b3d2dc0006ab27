package io.bubblesync.relay;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.bubblesync.relay.support.RelayHarness;
import io.bubblesync.relay.support.Sink;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

class BadRowsTest {
    @RegisterExtension
    static WireMockExtension sink = Sink.extension();

    @Test
    void bad_rows_fail_permanently_on_their_own_and_the_rest_of_the_batch_is_delivered() {
        sink.stubFor(post(urlEqualTo(Sink.PATH)).willReturn(okJson("{}")));
        Properties p = RelayHarness.defaults(Sink.url(sink));
        p.setProperty("sync.batch.size", "10");
        p.setProperty("sync.payload.max-bytes", "1000");
        try (RelayHarness relay = RelayHarness.start(p)) {
            UUID nullPayload = relay.insert("t", "1", "INSERT", null);
            UUID arrayPayload = relay.insert("t", "2", "UPDATE", "[1,2]");
            UUID unknownOp = relay.insert("t", "3", "UPSERT", "{}");
            UUID noRecord = relay.insert("t", "", "UPDATE", "{}");
            UUID huge = relay.insert("t", "5", "UPDATE", "{\"blob\":\"" + "x".repeat(2000) + "\"}");
            UUID good = relay.insert("t", "6", "UPDATE", "{\"ok\":1}");
            UUID deleteWithoutPayload = relay.insert("t", "7", "DELETE", null);

            relay.pass("processor");

            assertThat(relay.row(good)).containsEntry("status", "completed");
            assertThat(relay.row(deleteWithoutPayload)).containsEntry("status", "completed");
            assertPermanent(relay, nullPayload, "payload is null");
            assertPermanent(relay, arrayPayload, "payload is a JSON array, not an object");
            assertPermanent(relay, unknownOp, "unknown operation 'UPSERT'");
            assertPermanent(relay, noRecord, "record_id is empty");
            assertPermanent(relay, huge, "over sync.payload.max-bytes=1000");
            assertThat(Sink.requests(sink)).hasSize(1);
            assertThat(Sink.items(Sink.requests(sink).get(0))).hasSize(2);
        }
    }

    private static void assertPermanent(RelayHarness relay, UUID id, String message) {
        assertThat(relay.row(id)).containsEntry("status", "failed").containsEntry("failure_kind", "permanent");
        assertThat((String) relay.row(id).get("error_message")).startsWith("bad row, not sent: ").contains(message);
    }
}
