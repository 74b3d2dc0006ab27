package io.bubblesync.relay;

import io.bubblesync.relay.dev.emulator.BubbleEmulator;
import io.bubblesync.relay.dev.emulator.EmulatorOptions;
import io.bubblesync.relay.support.BubbleFixture;
import io.bubblesync.relay.support.Exposition;
import io.bubblesync.relay.support.ManagementPort;
import io.bubblesync.relay.support.MonitoringFiles;
import io.bubblesync.relay.support.PromQl;
import io.bubblesync.relay.support.Scrape;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every metric an alert, a recording rule or a dashboard panel reads is exported by a running relay, with every label
 * name the expression uses: a renamed metric or label fails here, not silently in production.
 */
class MetricsMatchRulesTest {
    /** Labels Prometheus attaches to every scraped series (the target's), and the series it makes itself. */
    static final Set<String> TARGET_LABELS = Set.of("job", "instance", "pod", "namespace");
    static final Set<String> PROMETHEUS_SERIES = Set.of("up");

    @Test
    void every_metric_and_label_the_rules_and_the_dashboard_read_is_exported_by_a_running_relay() throws Exception {
        BubbleEmulator bubble = BubbleEmulator.start(EmulatorOptions.defaults().apiKey(BubbleFixture.KEY));
        // sync.target=bubble: the Bubble meters and readiness checks too (the others are the same for every target)
        Properties p = ManagementPort.enable(BubbleFixture.defaults(bubble));
        p.setProperty("sync.schedule.enabled", "true"); // as in production: sync_pass_interval_seconds per cron
        try (BubbleFixture f = BubbleFixture.start(bubble, p)) {
            f.insertListing("M-1", "delivered", 1);
            f.relay.update("INSERT INTO sync_queue (table_name, record_id, operation, payload) VALUES ('listing', 'M-2', 'INSERT', NULL)");
            f.relay.pass("processor");
            assertThat(f.relay.count("status = 'completed'")).isEqualTo(1);
            assertThat(f.relay.count("failure_kind = 'permanent'")).as("a bad row: the outcome label's permanent value").isEqualTo(1);

            Map<String, Set<String>> exported = new Exposition(ManagementPort.call(p, "GET", "/observe/metrics", null).body()).labelNamesByName();
            Set<String> recorded = MonitoringFiles.rules().stream().map(MonitoringFiles.Rule::record).filter(r -> r != null)
                    .collect(Collectors.toSet());

            List<String> problems = new ArrayList<>();
            for (MonitoringFiles.Expression e : MonitoringFiles.allExpressions()) {
                PromQl.Uses uses = PromQl.read(e.expr());
                Set<String> available = new HashSet<>(TARGET_LABELS);
                for (PromQl.Selector s : uses.selectors()) {
                    if (recorded.contains(s.metric()) || PROMETHEUS_SERIES.contains(s.metric())) {
                        continue;
                    }
                    Set<String> labels = exported.get(s.metric());
                    if (labels == null) {
                        problems.add(e.where() + ": " + s.metric() + " is not exported");
                        continue;
                    }
                    available.addAll(labels);
                    for (String label : s.labels()) {
                        if (!labels.contains(label) && !TARGET_LABELS.contains(label)) {
                            problems.add(e.where() + ": " + s.metric() + " has no label " + label + " (it has " + labels + ")");
                        }
                    }
                }
                for (String label : uses.groupingLabels()) {
                    if (!available.contains(label)) {
                        problems.add(e.where() + ": by / on / without label " + label + " is on none of " + uses.metrics());
                    }
                }
            }
            MonitoringFiles.labelValuesVariables().forEach((name, q) -> {
                Set<String> labels = q[0].isEmpty() ? Set.of() : exported.getOrDefault(PromQl.read(q[0]).selectors().get(0).metric(), Set.of());
                if (!labels.contains(q[1]) && !TARGET_LABELS.contains(q[1])) {
                    problems.add("variable $" + name + ": label " + q[1] + " is not on " + q[0]);
                }
            });
            assertThat(problems).as("exported: " + exported.keySet().stream().filter(n -> n.startsWith("sync_")).toList()).isEmpty();
            assertThat(exported.get("sync_health_check_up")).as("readiness checks by name").containsExactly("check");
            Scrape values = new Scrape(ManagementPort.call(p, "GET", "/observe/metrics", null).body());
            System.gc(); // the gauges' objects must outlive a collection (Micrometer holds them weakly)
            assertThat(values.value("sync_pass_interval_seconds", Map.of("pass", "processor"))).as("every minute").isEqualTo(60);
            assertThat(new Scrape(ManagementPort.call(p, "GET", "/observe/metrics", null).body())
                    .value("sync_pass_interval_seconds", Map.of("pass", "retry"))).as("every 5 minutes").isEqualTo(300);
        }
    }
}
