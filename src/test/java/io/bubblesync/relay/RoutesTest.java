package io.bubblesync.relay;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.bubblesync.relay.config.ConfigurationError;
import io.bubblesync.relay.config.RelaySettings;
import io.bubblesync.relay.config.SettingsSource;
import io.bubblesync.relay.support.RelayHarness;
import io.bubblesync.relay.support.Sink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoutesTest {
    @RegisterExtension
    static WireMockExtension sink = Sink.extension();

    @Test
    void every_route_has_an_explicit_id_and_cron_routes_stay_stopped_when_the_schedule_is_off() {
        try (RelayHarness relay = RelayHarness.start(RelayHarness.defaults(Sink.url(sink)))) {
            var context = relay.context();
            assertThat(context.getRoutes()).extracting(r -> r.getRouteId())
                    .contains("processor", "retry", "pass", "deliver-batch", "post-batch", "settle")
                    .allMatch(id -> !id.startsWith("route"));
            assertThat(context.getRouteController().getRouteStatus("processor")).isEqualTo(ServiceStatus.Stopped);
            assertThat(context.getRouteController().getRouteStatus("retry")).isEqualTo(ServiceStatus.Stopped);
            assertThat(context.getRouteController().getRouteStatus("pass")).isEqualTo(ServiceStatus.Started);
        }
    }

    @Test
    void routes_folder_given_by_property_replaces_the_packaged_routes(@TempDir Path dir) throws Exception {
        for (String name : new String[] {"processor", "retry", "pass", "deliver-batch", "post-batch", "settle", "error-handling"}) {
            Files.writeString(dir.resolve(name + ".camel.yaml"), Files.readString(Path.of("routes", name + ".camel.yaml")));
        }
        Files.writeString(dir.resolve("audit.camel.yaml"), """
                - route:
                    id: audit
                    from:
                      uri: direct:audit
                      steps:
                        - setBody:
                            constant: audited
                """);
        Properties p = RelayHarness.defaults(Sink.url(sink));
        p.setProperty("sync.routes.dir", dir.toString());

        try (RelayHarness relay = RelayHarness.start(p)) {
            assertThat(relay.context().getRoute("audit")).isNotNull();
            assertThat(relay.context().createProducerTemplate().requestBody("direct:audit", "", String.class)).isEqualTo("audited");
        }
    }

    @Test
    void missing_routes_folder_is_a_configuration_error() {
        Properties p = RelayHarness.defaults(Sink.url(sink));
        p.setProperty("sync.routes.dir", "/nonexistent/routes");

        assertThatThrownBy(() -> RelaySettings.from(SettingsSource.load(null, Map.of(), p)))
                .isInstanceOf(ConfigurationError.class).hasMessageContaining("sync.routes.dir");
    }
}
