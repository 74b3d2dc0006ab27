package io.bubblesync.relay.resync;

import io.bubblesync.app.CliRun;
import io.bubblesync.relay.support.BubbleFixture;
import io.bubblesync.relay.support.RelayProcess;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** backfill --table T: what it enqueues, what it skips, its dry run, and a kill in the middle. */
class BackfillTest {

    private static Map<String, String> cli(BubbleFixture f, String... more) {
        Map<String, String> p = new HashMap<>();
        p.put("sync.db.url", f.relay.settings().dbUrl());
        for (int i = 0; i + 1 < more.length; i += 2) {
            p.put(more[i], more[i + 1]);
        }
        return p;
    }

    /** listing rows L-1 … L-n; every third has a Bubble id; updated_at one day ago except the last ten. */
    private static void listings(BubbleFixture f, int n) {
        f.relay.update("ALTER TABLE listing ADD COLUMN updated_at timestamptz");
        f.relay.update("INSERT INTO listing (_id, bubble_id, title, price, updated_at) SELECT 'L-' || lpad(g::text, 5, '0'), "
                + "CASE WHEN g % 3 = 0 THEN '1765294218839x' || g ELSE NULL END, 'title ' || g, g, "
                + "CASE WHEN g > ? THEN now() ELSE now() - interval '1 day' END FROM generate_series(1, ?) g", n - 10, n);
    }

    @Test
    void a_dry_run_counts_what_it_would_enqueue_and_enqueues_nothing() throws Exception {
        try (BubbleFixture f = BubbleFixture.start()) {
            listings(f, 30);
            f.relay.insert("listing", "L-00001", "UPDATE", "{}");

            CliRun run = CliRun.of(cli(f), "backfill", "--table", "listing", "--dry-run");

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("30 row(s), 20 INSERT and 10 UPDATE; 1 of them have an open row");
            assertThat(f.relay.count("true")).isEqualTo(1);
            assertThat(f.relay.query("SELECT count(*) AS n FROM sync_bulk_run").get(0).get("n")).isEqualTo(0L);
        }
    }

    @Test
    void every_row_becomes_an_insert_or_update_behind_live_changes_skipping_records_with_an_open_row() throws Exception {
        try (BubbleFixture f = BubbleFixture.start()) {
            listings(f, 30);
            f.relay.insert("listing", "L-00001", "UPDATE", "{}");

            CliRun run = CliRun.of(cli(f, "sync.backfill.chunk", "7"), "backfill", "--table", "listing");

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("backfill listing: 30 / 30 rows (100%)").contains("29 row(s) enqueued, 1 skipped");
            assertThat(f.relay.count("origin_run IS NOT NULL AND operation = 'INSERT'")).isEqualTo(19);
            assertThat(f.relay.count("origin_run IS NOT NULL AND operation = 'UPDATE'")).isEqualTo(10);
            assertThat(f.relay.count("origin_run IS NULL")).as("the live row is untouched").isEqualTo(1);
            assertThat(f.relay.query("SELECT payload->>'title' AS t FROM sync_queue WHERE record_id = 'L-00002' AND origin_run IS NOT NULL")
                    .get(0).get("t")).isEqualTo("title 2");
            Map<String, Object> runRow = f.relay.query("SELECT status, total, done, enqueued, skipped FROM sync_bulk_run").get(0);
            assertThat(runRow).containsEntry("status", "finished").containsEntry("total", 30L).containsEntry("done", 30L)
                    .containsEntry("enqueued", 29L).containsEntry("skipped", 1L);
        }
    }

    @Test
    void missing_only_and_since_narrow_the_rows() throws Exception {
        try (BubbleFixture f = BubbleFixture.start()) {
            listings(f, 30);

            CliRun missing = CliRun.of(cli(f), "backfill", "--table", "listing", "--missing-only", "--dry-run");
            CliRun since = CliRun.of(cli(f), "backfill", "--table", "listing", "--since", java.time.OffsetDateTime.now().minusHours(1).toString());

            assertThat(missing.out()).contains("20 row(s), 20 INSERT and 0 UPDATE");
            assertThat(since.exitCode()).as(since.err()).isZero();
            assertThat(f.relay.count("origin_run IS NOT NULL")).isEqualTo(10);
            assertThat(f.relay.count("origin_run IS NOT NULL AND record_id <= 'L-00020'")).isZero();
        }
    }

    @Test
    void a_table_that_does_not_exist_or_a_since_without_its_column_is_refused_with_one_line() throws Exception {
        try (BubbleFixture f = BubbleFixture.start()) {
            CliRun none = CliRun.of(cli(f), "backfill", "--table", "nosuch");
            CliRun since = CliRun.of(cli(f), "backfill", "--table", "listing", "--since", "2026-01-01T00:00:00Z");

            assertThat(none.exitCode()).isEqualTo(2);
            assertThat(none.err()).contains("table 'nosuch' does not exist");
            assertThat(since.exitCode()).isEqualTo(2);
            assertThat(since.err()).contains("has no column 'updated_at' (sync.backfill.changed-column)");
        }
    }

    @Test
    void a_backfill_killed_in_the_middle_is_resumed_and_no_row_is_enqueued_twice() throws Exception {
        try (BubbleFixture f = BubbleFixture.start()) {
            listings(f, 3000);
            Map<String, String> env = Map.of("SYNC_DB_URL", f.relay.settings().dbUrl(), "SYNC_BACKFILL_CHUNK", "100",
                    "SYNC_BACKFILL_PAUSE", "200ms", "CAMEL_MANAGEMENT_ENABLED", "false");
            try (RelayProcess killed = RelayProcess.command("backfill-killed", env, "backfill", "--table", "listing")) {
                await().atMost(Duration.ofSeconds(60)).until(() -> f.relay.count("origin_run IS NOT NULL") >= 300 || !killed.isAlive());
                assertThat(killed.isAlive()).as(killed.log()).isTrue();
                killed.kill();
            }
            long before = f.relay.count("origin_run IS NOT NULL");
            assertThat(before).isBetween(300L, 2999L);
            f.relay.update("UPDATE sync_queue SET status = 'completed' WHERE record_id IN ('L-00001', 'L-00002')");

            CliRun resumed = CliRun.of(cli(f), "backfill", "--table", "listing");

            assertThat(resumed.exitCode()).as(resumed.err()).isZero();
            assertThat(resumed.out()).contains("resuming run 1").contains("3,000 / 3,000 rows (100%)");
            assertThat(f.relay.query("SELECT count(*) AS n FROM (SELECT record_id FROM sync_queue GROUP BY record_id HAVING count(*) > 1) d")
                    .get(0).get("n")).as("no record enqueued twice").isEqualTo(0L);
            assertThat(f.relay.count("origin_run = 1")).isEqualTo(3000);
            assertThat(f.relay.query("SELECT status, done, enqueued FROM sync_bulk_run").get(0))
                    .containsEntry("status", "finished").containsEntry("done", 3000L).containsEntry("enqueued", 3000L);
        }
    }
}
