package io.bubblesync.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RoutesCommandTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"yaml", "java"})
    void routes_prints_the_packaged_and_the_extra_routes_as_yaml_without_a_database(String dsl, @TempDir Path extra) throws Exception {
        Files.copy(Path.of("examples/hooks/alert-on-failure.camel.yaml"), extra.resolve("alert-on-failure.camel.yaml"));
        Files.writeString(extra.resolve("AfterPass.java"), """
                import org.apache.camel.builder.RouteBuilder;

                public class AfterPass extends RouteBuilder {
                    public void configure() {
                        from("direct:hook-after-pass").routeId("count-passes").log("${body}");
                    }
                }
                """);
        Map<String, String> p = new HashMap<>();
        p.put("sync.db.url", "jdbc:postgresql://127.0.0.1:9/nowhere");
        p.put("sync.routes.dsl", dsl);
        p.put("sync.routes.extra-dir", extra.toString());
        p.put("sync.alert.webhook-url", "http://127.0.0.1:9/alert");

        CliRun run = CliRun.of(p, "routes");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("- route:", "id: deliver-batch", "id: pass", "id: settle", "id: admin-status",
                "id: alert-on-failure", "name: hook-on-failure", "id: count-passes", "${bean:hooks?method=active('before-send')}");
        assertThat(run.out().lines().filter(l -> l.equals("    id: alert-on-failure") || l.equals("    id: count-passes")))
                .as("each of the user's routes once").hasSize(2);
    }
}
