package io.bubblesync.relay;

import io.bubblesync.relay.support.PromQl;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The tokenizer the metrics-vs-rules test reads expressions with: metrics, their matchers' labels, grouping labels. */
class PromQlTest {

    @Test
    void functions_aggregations_keywords_strings_and_durations_are_not_metrics() {
        PromQl.Uses uses = PromQl.read("histogram_quantile(0.95, sum by (le) (rate(sync_queue_latency_seconds_bucket"
                + "{job=~\"$job\", instance=~\"a|b\"}[$__rate_interval]))) > on () group_left () bubble_sync:x:threshold"
                + " and ignoring (pass) (sync_oldest_due_seconds offset 5m > 0) unless time() - vector(1) or absent(up)");
        assertThat(uses.metrics()).containsExactly("sync_queue_latency_seconds_bucket", "bubble_sync:x:threshold",
                "sync_oldest_due_seconds", "up");
        assertThat(uses.selectors().get(0).labels()).containsExactly("job", "instance");
        assertThat(uses.groupingLabels()).containsExactly("le", "pass");
        assertThat(uses.numbers()).containsExactly("0.95", "0", "1");
    }

    @Test
    void matchers_of_every_kind_and_without_clauses_are_read() {
        PromQl.Uses uses = PromQl.read("sum without (outcome, operation) (increase(sync_items_settled_total"
                + "{state!=\"x\", check!~\"database|backlog\", a=\"}{\"}[10m:1m]))");
        assertThat(uses.metrics()).containsExactly("sync_items_settled_total");
        assertThat(uses.selectors().get(0).labels()).containsExactly("state", "check", "a");
        assertThat(uses.groupingLabels()).containsExactly("outcome", "operation");
    }
}
