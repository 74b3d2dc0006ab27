package io.bubblesync.relay;

import io.bubblesync.relay.support.LoopbackSink;
import io.bubblesync.relay.support.RecordingSink;
import io.bubblesync.relay.support.RelayHarness;
import io.bubblesync.relay.support.RestartablePostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The LISTEN wake-up: rows go out within milliseconds of their insert, with the cron schedule off. */
class WakeUpTest {
    private static Properties wakeUp(String sinkUrl) {
        Properties p = RelayHarness.defaults(sinkUrl);
        p.setProperty("sync.wakeup.enabled", "true");
        p.setProperty("sync.wakeup.reconnect-max", "200ms");
        return p;
    }

    /** The relay's own connection has run LISTEN and waits for notifications. */
    private static boolean listening(RelayHarness relay, int relays) {
        return ((Number) relay.query("SELECT count(*) AS n FROM pg_stat_activity "
                + "WHERE datname = current_database() AND state = 'idle' AND query = 'LISTEN sync_queue_insert'")
                .get(0).get("n")).intValue() == relays;
    }

    @Test
    void insert_wakes_relay_within_a_second_without_cron() {
        try (LoopbackSink sink = new LoopbackSink(0); RelayHarness relay = RelayHarness.start(wakeUp(sink.url()))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> listening(relay, 1));

            UUID row = relay.insert("orders", "o-1", "INSERT", "{\"n\":1}");
            long inserted = System.nanoTime();

            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(5))
                    .until(() -> "completed".equals(relay.row(row).get("status")));
            System.out.println("wake-up: insert -> completed in " + (System.nanoTime() - inserted) / 1_000_000 + " ms");
            assertThat(sink.requests()).isEqualTo(1);
        }
    }

    @Test
    void bulk_insert_sends_one_notification_and_two_relays_drain_it_each_row_once() throws Exception {
        try (RecordingSink sink = new RecordingSink(7, 0, 0, 0, 0)) {
            List<RelayHarness> relays = new ArrayList<>();
            try {
                Properties base = wakeUp(sink.url());
                for (int i = 1; i <= 2; i++) {
                    Properties p = new Properties();
                    p.putAll(base);
                    p.setProperty("sync.instance.id", "relay-" + i);
                    relays.add(RelayHarness.start(p));
                }
                RelayHarness db = relays.get(0);
                await().atMost(Duration.ofSeconds(10)).until(() -> listening(db, 2));
                int notifications;
                try (Connection listen = DriverManager.getConnection(db.settings().dbUrl(), "postgres", "");
                     Statement st = listen.createStatement()) {
                    st.execute("LISTEN sync_queue_insert");
                    db.update("INSERT INTO sync_queue (table_name, record_id, operation, payload) "
                            + "SELECT 'orders', 'r-' || g, 'UPDATE', jsonb_build_object('seq', g) FROM generate_series(1, 2000) g");
                    PGNotification[] got = listen.unwrap(PGConnection.class).getNotifications(1_000);
                    notifications = got == null ? 0 : got.length;
                }
                assertThat(notifications).isEqualTo(1);

                await().atMost(Duration.ofSeconds(30)).until(() -> db.count("status = 'completed'") == 2000);
                Map<String, Long> perRow = sink.accepted().stream()
                        .collect(Collectors.groupingBy(RecordingSink.Delivery::id, Collectors.counting()));
                assertThat(perRow).hasSize(2000).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
            } finally {
                relays.forEach(RelayHarness::close);
            }
        }
    }

    @Test
    void wake_up_listens_again_after_the_database_restarts() throws Exception {
        try (LoopbackSink sink = new LoopbackSink(0); RestartablePostgres pg = new RestartablePostgres()) {
            Properties p = wakeUp(sink.url());
            p.setProperty("sync.db.url", pg.jdbcUrl());
            try (RelayHarness relay = RelayHarness.start(p)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> listening(relay, 1));
                UUID before = relay.insert("orders", "o-1", "INSERT", "{}");
                await().atMost(Duration.ofSeconds(1)).until(() -> "completed".equals(relay.row(before).get("status")));

                pg.restart();
                await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> listening(relay, 1));

                UUID after = relay.insert("orders", "o-2", "INSERT", "{}");
                await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(5))
                        .until(() -> "completed".equals(relay.row(after).get("status")));
            }
        }
    }
}
