package io.bubblesync.relay;

import io.bubblesync.relay.support.RecordingSink;
import io.bubblesync.relay.support.RelayHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MultiInstanceTest {
    @Test
    void three_relays_on_one_database_drain_5000_rows_each_delivered_exactly_once() throws Exception {
        try (RecordingSink sink = new RecordingSink(1, 0, 0, 0, 0)) {
            Properties base = RelayHarness.defaults(sink.url());
            base.setProperty("sync.claim.limit", "20");
            List<RelayHarness> relays = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                Properties p = new Properties();
                p.putAll(base);
                p.setProperty("sync.instance.id", "relay-" + i);
                relays.add(RelayHarness.start(p));
            }
            try {
                RelayHarness any = relays.get(0);
                any.update("INSERT INTO sync_queue (table_name, record_id, operation, payload) "
                        + "SELECT 'orders', 'r-' || g, 'UPDATE', jsonb_build_object('seq', g) FROM generate_series(1, 5000) g");

                List<CompletableFuture<Void>> workers = relays.stream().map(r -> CompletableFuture.runAsync(() -> {
                    while (r.count("status IN ('pending', 'processing')") > 0) {
                        r.pass("processor");
                    }
                })).toList();
                CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).join();

                assertThat(any.count("status = 'completed'")).isEqualTo(5000);
                Map<String, Long> perRow = sink.accepted().stream()
                        .collect(Collectors.groupingBy(RecordingSink.Delivery::id, Collectors.counting()));
                assertThat(perRow).hasSize(5000);
                assertThat(perRow.values()).allMatch(n -> n == 1);
                Map<String, Long> perRelay = any.query("SELECT claimed_by, count(*) AS n FROM sync_queue GROUP BY claimed_by")
                        .stream().collect(Collectors.toMap(r -> (String) r.get("claimed_by"), r -> ((Number) r.get("n")).longValue()));
                System.out.println("multi-instance: rows per relay " + perRelay + ", requests " + sink.requests());
                assertThat(perRelay).hasSize(3);
            } finally {
                relays.forEach(RelayHarness::close);
            }
        }
    }
}
