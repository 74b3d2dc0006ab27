package io.bubblesync.relay;

import io.bubblesync.relay.support.LoopbackSink;
import io.bubblesync.relay.support.RelayHarness;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The retry claim takes live rows (origin_run IS NULL) first, like the processor claim: failed backfill rows never hold up a live retry. */
class LiveRetriesFirstTest {
    private static final int BACKFILL_RETRIES = 1000;

    /**
     * n failed INSERTs of table listing (records B-from … B-to) with a retry due, enqueued by backfill run 1,
     * created and due an hour ago, one millisecond apart: every one of them older and due earlier than a live row.
     */
    private static void failedBackfillRows(RelayHarness relay, int from, int to) {
        relay.update("INSERT INTO sync_queue (table_name, record_id, operation, payload, status, retry_count, failure_kind, "
                + "next_retry_at, created_at, origin_run) SELECT 'listing', 'B-' || g, 'INSERT', jsonb_build_object('seq', g), "
                + "'failed', 1, 'transient', now() - interval '1 hour' + g * interval '1 ms', now() - interval '2 hours' + g * interval '1 ms', 1 "
                + "FROM generate_series(?, ?) g", from, to);
    }

    /** A failed live UPDATE of record recordId, created and due just now (after every backfill row). */
    private static void failedLiveRow(RelayHarness relay, String recordId) {
        relay.update("INSERT INTO sync_queue (table_name, record_id, operation, payload, status, retry_count, failure_kind, "
                + "next_retry_at, created_at) VALUES ('listing', ?, 'UPDATE', '{\"live\":true}', 'failed', 1, 'transient', "
                + "now() - interval '1 second', now() - interval '2 seconds')", recordId);
    }

    @Test
    void a_live_retry_is_claimed_before_a_thousand_backfill_retries_that_fell_due_earlier() {
        try (LoopbackSink sink = new LoopbackSink(0); RelayHarness relay = RelayHarness.start(RelayHarness.defaults(sink.url()))) {
            failedBackfillRows(relay, 1, BACKFILL_RETRIES);
            failedLiveRow(relay, "LIVE-1");

            relay.pass("retry");

            assertThat(relay.count("status = 'completed'")).isEqualTo(BACKFILL_RETRIES + 1);
            assertThat(relay.count("origin_run IS NOT NULL AND claimed_at < (SELECT claimed_at FROM sync_queue WHERE record_id = 'LIVE-1')"))
                    .as("backfill retries claimed before the live one").isZero();
            assertThat(relay.count("origin_run IS NOT NULL AND claimed_at > (SELECT claimed_at FROM sync_queue WHERE record_id = 'LIVE-1')"))
                    .as("the live row went out in the pass's first claim").isGreaterThan(BACKFILL_RETRIES - 10);
        }
    }

    @Test
    void a_live_retry_still_waits_for_an_older_open_row_of_its_own_record() {
        try (LoopbackSink sink = new LoopbackSink(0); RelayHarness relay = RelayHarness.start(RelayHarness.defaults(sink.url()))) {
            failedBackfillRows(relay, 1, 30);
            failedLiveRow(relay, "B-30");

            relay.pass("retry");
            relay.pass("retry");

            assertThat(relay.count("status = 'completed'")).isEqualTo(31);
            assertThat(relay.count("record_id = 'B-30' AND origin_run IS NULL AND claimed_at > "
                    + "(SELECT claimed_at FROM sync_queue WHERE record_id = 'B-30' AND origin_run IS NOT NULL)"))
                    .as("the live change of B-30 goes out after the older backfill row of B-30").isEqualTo(1);
        }
    }
}
