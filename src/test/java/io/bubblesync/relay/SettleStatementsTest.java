package io.bubblesync.relay;

import io.bubblesync.relay.camel.PassTally;
import io.bubblesync.relay.support.CapturedLogs;
import io.bubblesync.relay.support.LoopbackSink;
import io.bubblesync.relay.support.RelayHarness;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In the running relay, the batches of a claim are settled together: a few UPDATE statements per claim, not one
 * per batch; and a settle statement that fails is logged once, not once per batch in it.
 */
class SettleStatementsTest {
    private static RelayHarness relay(String url) {
        Properties p = RelayHarness.defaults(url);
        p.setProperty("sync.claim.limit", "200");
        p.setProperty("sync.claim.max", "200");
        p.setProperty("sync.batch.size", "5");
        p.setProperty("sync.concurrency", "4");
        RelayHarness relay = RelayHarness.start(p);
        // one row per UPDATE statement of sync_queue that changed rows' status to a settled one
        relay.update("CREATE TABLE settle_log (rows int)");
        relay.update("CREATE FUNCTION log_settle() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "INSERT INTO settle_log SELECT count(*) FROM settled WHERE status IN ('completed', 'failed') HAVING count(*) > 0; "
                + "RETURN NULL; END $$");
        relay.update("CREATE TRIGGER log_settle AFTER UPDATE ON sync_queue REFERENCING NEW TABLE AS settled "
                + "FOR EACH STATEMENT EXECUTE FUNCTION log_settle()");
        return relay;
    }

    @Test
    void the_forty_batches_of_a_claim_are_settled_in_a_few_statements() {
        try (LoopbackSink sink = new LoopbackSink(0); RelayHarness relay = relay(sink.url())) {
            relay.insertOrders(200);

            PassTally tally = relay.pass("processor");

            assertThat(tally.completed()).isEqualTo(200);
            assertThat(sink.requests()).isEqualTo(40);
            assertThat(relay.count("status = 'completed'")).isEqualTo(200);
            Map<String, Object> log = relay.query("SELECT count(*) AS statements, sum(rows) AS rows FROM settle_log").get(0);
            assertThat(((Number) log.get("rows")).longValue()).isEqualTo(200);
            // one statement per batch would be 40; the writer gathers batches while others are still being delivered
            assertThat(((Number) log.get("statements")).longValue()).isBetween(1L, 8L);
        }
    }

    @Test
    void a_failing_settle_statement_is_logged_once_and_its_rows_stay_processing() {
        try (LoopbackSink sink = new LoopbackSink(0); RelayHarness relay = relay(sink.url())) {
            relay.update("CREATE FUNCTION refuse_settle() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    + "RAISE EXCEPTION 'settling refused by the test'; END $$");
            relay.update("CREATE TRIGGER refuse_settle BEFORE UPDATE ON sync_queue FOR EACH ROW "
                    + "WHEN (NEW.status = 'completed') EXECUTE FUNCTION refuse_settle()");
            relay.insertOrders(40);
            String logs;
            PassTally tally;
            try (CapturedLogs captured = new CapturedLogs()) {
                tally = relay.pass("processor");
                logs = captured.text();
            }

            assertThat(sink.requests()).isEqualTo(8);
            assertThat(tally.completed()).isZero();
            assertThat(relay.count("status = 'processing'")).as("the lease brings them back").isEqualTo(40);
            long failedStatements = logs.lines().filter(l -> l.startsWith("settle of ")).count();
            assertThat(failedStatements).isBetween(1L, 8L);
            assertThat(logs.lines().filter(l -> l.startsWith("settle of ")))
                    .allMatch(l -> l.contains("they stay 'processing' until their lease ends") && l.contains("settling refused by the test"));
            long rowsInFailures = logs.lines().filter(l -> l.startsWith("settle of "))
                    .mapToLong(l -> Long.parseLong(l.substring("settle of ".length(), l.indexOf(" rows")))).sum();
            assertThat(rowsInFailures).as("each failed row is in exactly one logged statement").isEqualTo(40);
            assertThat(logs).doesNotContain("not settled").doesNotContain("\tat ");
        }
    }
}
