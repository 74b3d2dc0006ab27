package io.bubblesync.relay.routes;

import io.bubblesync.relay.camel.RouteModel;
import io.bubblesync.relay.config.RelaySettings;
import io.bubblesync.relay.config.SettingsSource;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Route metadata lives in the model: every packaged route and route configuration says what it is for. */
class RouteMetadataTest {
    static RelaySettings settings(String dsl, String target) {
        Properties p = new Properties();
        p.setProperty("sync.target", target);
        p.setProperty("bubble.api.url", "http://127.0.0.1:1/api/1.1");
        p.setProperty("bubble.api.key", "k-model-test");
        p.setProperty("sync.db.url", "jdbc:postgresql://127.0.0.1:1/unused");
        p.setProperty("sync.endpoint.url", "http://127.0.0.1:1/functions/v1/bubble_sync");
        p.setProperty("sync.routes.dsl", dsl);
        return RelaySettings.from(SettingsSource.load(null, Map.of(), p));
    }

    @ParameterizedTest(name = "dsl={0} target={1}")
    @CsvSource({"yaml,bubble_sync", "yaml,legacy", "yaml,bubble", "java,bubble_sync", "java,bubble"})
    void every_route_and_route_configuration_has_a_description(String dsl, String target) throws Exception {
        Map<String, String> model;
        try (RouteModel m = RouteModel.of(settings(dsl, target))) {
            model = m.yamlById(true);
        }
        assertThat(model).isNotEmpty();
        model.forEach((id, yaml) -> {
            if (!id.startsWith("rest")) { // the admin REST table and its verbs' routes: a REST API, not a route of the relay's story
                assertThat(yaml).as("%s has a description", id).containsPattern("(?m)^\\s+(# )?description: \\S");
            }
        });
    }

    @ParameterizedTest(name = "dsl={0} target={1}")
    @CsvSource({"yaml,bubble_sync", "yaml,legacy", "yaml,bubble", "java,bubble_sync", "java,legacy", "java,bubble"})
    void each_target_gets_its_own_routes_by_their_preconditions(String dsl, String target) throws Exception {
        Map<String, String> model;
        try (RouteModel m = RouteModel.of(settings(dsl, target))) {
            model = m.yamlById(true);
        }
        List<String> bubbleRoutes = List.of("bubble-deliver", "bubble-call", "bubble-send", "bubble-schema");
        List<String> functionRoutes = List.of("post-batch", "legacy-pass");
        assertThat(model).containsKeys("pass", "rescue-expired", "deliver-batch", "settle", "processor", "retry", "housekeeping");
        if (target.equals("bubble")) {
            assertThat(model).containsKeys(bubbleRoutes.toArray(String[]::new)).doesNotContainKeys(functionRoutes.toArray(String[]::new));
        } else {
            assertThat(model).containsKeys(functionRoutes.toArray(String[]::new)).doesNotContainKeys(bubbleRoutes.toArray(String[]::new));
        }
    }
}
