package io.bubblesync.relay;

import com.fasterxml.jackson.databind.JsonNode;
import io.bubblesync.relay.support.MonitoringFiles;
import io.bubblesync.relay.support.PromQl;
import io.bubblesync.relay.support.Promtool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/prometheus/bubble-sync-rules.yml passes `promtool check rules` and its unit tests (`promtool test rules`);
 * every alert has a summary, a description and a runbook section that exists, a test that fires it and one that does
 * not, and compares only with the thresholds of the recording rules; deploy/grafana's queries are valid PromQL.
 */
class AlertRulesTest {

    @Test
    void promtool_checks_the_rules_and_their_unit_tests_pass() {
        Promtool.Result check = Promtool.run("check", "rules", Promtool.RULES.toString());
        assertThat(check.exitCode()).as(check.output()).isZero();
        Promtool.Result tests = Promtool.run("test", "rules", Promtool.RULE_TESTS.toString());
        assertThat(tests.exitCode()).as(tests.output()).isZero();
        assertThat(tests.output()).contains("SUCCESS");
    }

    @Test
    void every_alert_has_a_summary_a_description_a_severity_and_a_runbook_section_that_exists() throws Exception {
        Set<String> anchors = anchors(Path.of("docs", "runbook.md"));
        List<MonitoringFiles.Rule> alerts = MonitoringFiles.alerts();
        assertThat(alerts).extracting(MonitoringFiles.Rule::alert).contains("BubbleSyncBacklogOld", "BubbleSyncFailedRowsGrowing",
                "BubbleSyncBreakerOpen", "BubbleSyncDatabaseDown", "BubbleSyncNotReady", "BubbleSyncPassesStalled",
                "BubbleSyncRateLimitSaturated", "BubbleSyncQueueReadingStale");
        for (MonitoringFiles.Rule alert : alerts) {
            assertThat(alert.annotations().get("summary")).as(alert.alert() + " summary").isNotBlank();
            assertThat(alert.annotations().get("description")).as(alert.alert() + " description").isNotBlank();
            assertThat(alert.labels().get("severity")).as(alert.alert() + " severity").isIn("warning", "critical");
            String runbook = alert.annotations().get("runbook_url");
            assertThat(runbook).as(alert.alert() + " runbook_url").startsWith("docs/runbook.md#");
            assertThat(anchors).as(alert.alert() + ": " + runbook + " must name a heading of docs/runbook.md")
                    .contains(runbook.substring(runbook.indexOf('#') + 1));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void every_alert_has_a_unit_test_that_fires_it_and_one_where_it_stays_silent() {
        Map<String, Object> file = MonitoringFiles.yaml(Promtool.RULE_TESTS);
        Map<String, Set<Boolean>> fires = new LinkedHashMap<>();
        for (Map<String, Object> test : (List<Map<String, Object>>) file.get("tests")) {
            for (Map<String, Object> t : (List<Map<String, Object>>) test.getOrDefault("alert_rule_test", List.of())) {
                List<?> expected = (List<?>) t.get("exp_alerts");
                fires.computeIfAbsent((String) t.get("alertname"), k -> new HashSet<>()).add(expected != null && !expected.isEmpty());
            }
        }
        for (MonitoringFiles.Rule alert : MonitoringFiles.alerts()) {
            assertThat(fires.get(alert.alert())).as(alert.alert() + ": a test where it fires and one where it stays silent")
                    .containsExactlyInAnyOrder(true, false);
        }
    }

    @Test
    void alerts_compare_only_with_the_threshold_recording_rules_and_every_threshold_is_used() {
        Set<String> thresholds = MonitoringFiles.rules().stream().map(MonitoringFiles.Rule::record)
                .filter(r -> r != null && r.endsWith(":threshold")).collect(Collectors.toSet());
        assertThat(thresholds).isNotEmpty();
        Set<String> used = new HashSet<>();
        for (MonitoringFiles.Rule alert : MonitoringFiles.alerts()) {
            PromQl.Uses uses = PromQl.read(alert.expr());
            // 0 and 1 are states (sync_database_up == 0, sync_breaker_open > 0), not thresholds
            assertThat(uses.numbers()).as(alert.alert() + ": a number in the expression is a threshold outside the thresholds group")
                    .allMatch(n -> Double.parseDouble(n) == 0 || Double.parseDouble(n) == 1);
            used.addAll(uses.metrics());
        }
        assertThat(used).as("thresholds no alert reads").containsAll(thresholds);
    }

    @Test
    void the_dashboard_has_a_data_source_variable_every_panel_uses_and_its_queries_are_valid_promql() throws Exception {
        JsonNode dashboard = MonitoringFiles.dashboard();
        JsonNode datasource = null;
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if (v.path("type").asText().equals("datasource")) {
                datasource = v;
            }
        }
        assertThat(datasource).as("a variable of type datasource").isNotNull();
        assertThat(datasource.path("query").asText()).isEqualTo("prometheus");
        String uid = "${" + datasource.path("name").asText() + "}";
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).as("panel ids are unique").isTrue();
            assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText()).isEqualTo(uid);
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("datasource").path("uid").asText()).isEqualTo(uid);
            }
        }
        // promtool has no "check expression": every query becomes a recording rule of a file it checks
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        int n = 0;
        for (MonitoringFiles.Expression e : MonitoringFiles.allExpressions()) {
            rules.append("      - record: dashboard:query").append(++n).append("\n        expr: '")
                    .append(PromQl.withoutGrafanaVariables(e.expr()).replace("'", "''")).append("'\n");
        }
        Path file = Files.createDirectories(Path.of("target", "promtool")).resolve("dashboard-queries.yml");
        Files.writeString(file, rules);
        Promtool.Result check = Promtool.run("check", "rules", file.toString());
        assertThat(check.exitCode()).as(check.output()).isZero();
    }

    /** The anchors GitHub gives a Markdown file's headings: lower case, punctuation dropped, spaces to hyphens. */
    static Set<String> anchors(Path markdown) throws Exception {
        return Files.readAllLines(markdown).stream().filter(l -> l.startsWith("#"))
                .map(l -> l.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'))
                .collect(Collectors.toSet());
    }
}
