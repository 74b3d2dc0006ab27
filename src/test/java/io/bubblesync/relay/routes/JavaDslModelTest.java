package io.bubblesync.relay.routes;

import io.bubblesync.relay.camel.RouteModel;
import io.bubblesync.relay.config.RelaySettings;
import io.bubblesync.relay.config.SettingsSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Java DSL route set stays identical to routes/*.camel.yaml: both models, dumped as YAML by Camel's dumper with
 * the same flags, must match route by route. A failure names each route that drifted, its first differing line
 * and both texts.
 */
class JavaDslModelTest {
    private static RelaySettings settings(String dsl, String target) {
        Properties p = new Properties();
        p.setProperty("sync.target", target);
        p.setProperty("bubble.api.url", "http://127.0.0.1:1/api/1.1");
        p.setProperty("bubble.api.key", "k-model-test");
        p.setProperty("sync.db.url", "jdbc:postgresql://127.0.0.1:1/unused");
        p.setProperty("sync.endpoint.url", "http://127.0.0.1:1/functions/v1/bubble_sync");
        p.setProperty("sync.routes.dsl", dsl);
        return RelaySettings.from(SettingsSource.load(null, Map.of(), p));
    }

    @ParameterizedTest(name = "target={0} uriAsParameters={1}")
    @CsvSource({"bubble_sync,true", "bubble_sync,false", "bubble,true", "bubble,false"})
    void java_dsl_routes_dump_to_the_same_yaml_as_the_yaml_routes(String target, boolean uriAsParameters) throws Exception {
        Map<String, String> yaml;
        Map<String, String> java;
        try (RouteModel y = RouteModel.of(settings("yaml", target)); RouteModel j = RouteModel.of(settings("java", target))) {
            yaml = y.yamlById(uriAsParameters);
            java = j.yamlById(uriAsParameters);
        }
        List<String> drift = new ArrayList<>();
        for (String id : yaml.keySet()) {
            if (!java.containsKey(id)) {
                drift.add("route '" + id + "' is in the YAML routes but not in the Java DSL");
            } else if (!yaml.get(id).equals(java.get(id))) {
                drift.add(difference(id, yaml.get(id), java.get(id)));
            }
        }
        java.keySet().stream().filter(id -> !yaml.containsKey(id))
                .forEach(id -> drift.add("route '" + id + "' is in the Java DSL but not in the YAML routes"));
        assertThat(drift).as("Java DSL (io.bubblesync.relay.routes) drifted from routes/*.camel.yaml:\n%s",
                String.join("\n\n", drift)).isEmpty();
    }

    @Test
    void every_yaml_route_file_has_its_java_builder() throws Exception {
        List<String> builders = JavaRoutes.builders(true).stream().map(b -> b.getClass().getSimpleName()).distinct().toList();
        List<String> files;
        try (Stream<Path> list = Files.list(Path.of("routes"))) {
            files = list.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".camel.yaml")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        for (String file : files) {
            String stem = Arrays.stream(file.replace(".camel.yaml", "").split("-"))
                    .map(w -> Character.toUpperCase(w.charAt(0)) + w.substring(1)).collect(Collectors.joining());
            assertThat(builders).as("a RouteBuilder named %sRoute(s) in JavaRoutes.builders for routes/%s", stem, file)
                    .anyMatch(b -> b.equals(stem + "Route") || b.equals(stem + "Routes"));
        }
        assertThat(builders).hasSameSizeAs(files);
    }

    private static String difference(String id, String yaml, String java) {
        String[] a = yaml.split("\n");
        String[] b = java.split("\n");
        int line = 0;
        while (line < a.length && line < b.length && a[line].equals(b[line])) {
            line++;
        }
        return "route '" + id + "' differs at line " + (line + 1) + ":\n  yaml: " + (line < a.length ? a[line] : "<end>")
                + "\n  java: " + (line < b.length ? b[line] : "<end>")
                + "\n--- yaml ---\n" + yaml + "--- java ---\n" + java;
    }
}
