package io.bubblesync.relay;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.zaxxer.hikari.HikariDataSource;
import io.bubblesync.relay.camel.EmbeddedRelay;
import io.bubblesync.relay.camel.PassTally;
import io.bubblesync.relay.config.RelaySettings;
import io.bubblesync.relay.config.SettingsSource;
import io.bubblesync.relay.db.Database;
import io.bubblesync.relay.db.Schema;
import io.bubblesync.relay.support.RelayHarness;
import io.bubblesync.relay.support.Sink;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

class EmbeddingTest {
    @RegisterExtension
    static WireMockExtension sink = Sink.extension();

    @Test
    void relay_installed_in_a_host_camel_context_delivers_when_the_host_sends_to_direct_pass() throws Exception {
        sink.stubFor(post(urlEqualTo(Sink.PATH)).willReturn(okJson("{}")));
        Properties p = RelayHarness.defaults(Sink.url(sink));
        RelaySettings settings = RelaySettings.from(SettingsSource.load(null, Map.of(), p));
        try (HikariDataSource ds = Database.open(settings); DefaultCamelContext host = new DefaultCamelContext()) {
            Schema.migrate(ds);
            host.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:host-tick").routeId("host-tick").setProperty("job", constant("processor")).to("direct:pass");
                }
            });
            EmbeddedRelay.install(host, settings, ds);
            host.start();
            try (var c = ds.getConnection(); var st = c.createStatement()) {
                st.execute("INSERT INTO sync_queue (table_name, record_id, operation, payload) VALUES ('t', '1', 'INSERT', '{}')");
            }

            PassTally tally = host.createProducerTemplate().request("direct:host-tick", ex -> { }).getMessage().getBody(PassTally.class);

            assertThat(tally.completed()).isEqualTo(1);
            assertThat(host.getRoute("host-tick")).isNotNull();
            assertThat(host.getRoute("processor")).as("cron route present, stopped with the schedule off").isNotNull();
            assertThat(Sink.requests(sink)).hasSize(1);
        }
    }
}
