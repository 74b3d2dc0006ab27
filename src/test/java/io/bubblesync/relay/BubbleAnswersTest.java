package io.bubblesync.relay;

import io.bubblesync.relay.camel.PassTally;
import io.bubblesync.relay.dev.emulator.BubbleEmulator;
import io.bubblesync.relay.dev.emulator.EmulatorOptions;
import io.bubblesync.relay.support.BubbleFixture;
import io.bubblesync.relay.support.CapturedLogs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** sync.target=bubble: how Bubble's answers settle rows (400, 401, 429, lost answers), and bad table names. */
class BubbleAnswersTest {

    @Test
    void one_invalid_data_row_fails_permanently_while_its_neighbours_complete() throws Exception {
        try (BubbleFixture f = BubbleFixture.start()) {
            f.bubble.declareFields("listing", List.of("Name", "Price:number"));
            String good = f.bubble.insert("listing", Map.of("Name", "a"));
            f.relay.update("INSERT INTO listing (_id, bubble_id) VALUES ('U-1', ?), ('U-2', ?)", good, good);
            UUID ok = f.relay.insert("listing", "U-1", "UPDATE", "{\"title\":\"fine\"}");
            UUID bad = f.relay.insert("listing", "U-2", "UPDATE", "{\"price\":\"cheap\"}");
            UUID created = f.insertListing("U-3", "new", 3);

            f.relay.pass("processor");

            Map<String, Object> failed = f.relay.row(bad);
            assertThat(failed.get("status")).isEqualTo("failed");
            assertThat(failed.get("failure_kind")).isEqualTo("permanent");
            assertThat(failed.get("next_retry_at")).isNull();
            assertThat((String) failed.get("error_message")).contains("HTTP 400").contains("INVALID_DATA")
                    .contains("Invalid data for field Price");
            assertThat(f.relay.row(ok).get("status")).isEqualTo("completed");
            assertThat(f.relay.row(created).get("status")).isEqualTo("completed");
        }
    }

    @Test
    void a_401_for_one_type_holds_its_rows_untouched_while_other_types_flow_and_readiness_names_it() throws Exception {
        BubbleEmulator bubble = BubbleEmulator.start(EmulatorOptions.defaults().apiKey(BubbleFixture.KEY));
        Properties p = BubbleFixture.defaults(bubble);
        p.setProperty("sync.breaker.open-for", "5s");
        try (BubbleFixture f = BubbleFixture.start(bubble, p); CapturedLogs logs = new CapturedLogs()) {
            f.bubble.refuseType("user");
            UUID user = f.insertUser(UUID.randomUUID(), "a@b.io");
            UUID listing = f.insertListing("R-1", "open", 1);

            f.relay.pass("processor");

            assertThat(f.relay.row(listing).get("status")).isEqualTo("completed");
            Map<String, Object> held = f.relay.row(user);
            assertThat(held.get("status")).as("handed back unsent").isEqualTo("pending");
            assertThat(held.get("retry_count")).as("no attempt spent").isEqualTo(0);
            assertThat(held.get("error_message")).isNull();
            HealthCheck.Result readiness = HealthCheckHelper.invokeReadiness(f.relay.context()).stream()
                    .filter(r -> r.getCheck().getId().equals("bubble-types")).findFirst().orElseThrow();
            assertThat(readiness.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(readiness.getMessage()).get().asString().contains("'user'").contains("API key").contains("privacy");

            UUID later = f.insertListing("R-2", "still open", 2);
            f.relay.pass("processor");
            assertThat(f.relay.row(later).get("status")).as("other types keep flowing").isEqualTo("completed");
            assertThat(f.bubble.requests().stream().filter(r -> r.path().startsWith("/obj/user")).count())
                    .as("held rows are not claimed again before the probe").isEqualTo(1);
            assertThat(logs.text().lines().filter(l -> l.contains("Bubble refuses type 'user'")).count()).isEqualTo(1);

            f.bubble.allowType("user");
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                f.relay.pass("processor");
                return "completed".equals(f.relay.row(user).get("status"));
            });
            assertThat(f.relay.row(user).get("retry_count")).isEqualTo(0);
        }
    }

    @Test
    void when_bubble_refuses_every_type_the_relay_stops_claiming_until_a_probe_is_due() throws Exception {
        BubbleEmulator bubble = BubbleEmulator.start(EmulatorOptions.defaults().apiKey(BubbleFixture.KEY));
        Properties p = BubbleFixture.defaults(bubble);
        p.setProperty("bubble.api.key", "a-wrong-key-0000");
        p.setProperty("sync.breaker.open-for", "1h");
        try (BubbleFixture f = BubbleFixture.start(bubble, p)) {
            f.relay.update("CREATE TABLE photo (_id text PRIMARY KEY, bubble_id text)");
            f.insertListing("W-1", "a", 1);
            f.insertUser(UUID.randomUUID(), "w@b.io");

            PassTally first = f.relay.pass("processor");
            f.relay.insert("photo", "P-1", "INSERT", "{\"url\":\"x\"}");
            PassTally second = f.relay.pass("processor");

            assertThat(first.handedBack()).isEqualTo(2);
            assertThat(second.claimed()).as("no type accepted since the refusals began: nothing claimed").isZero();
            assertThat(f.relay.count("status = 'pending' AND retry_count = 0")).isEqualTo(3);
        }
    }

    @Test
    void a_429_with_retry_after_is_waited_out_and_the_row_completes_without_spending_an_attempt() throws Exception {
        try (BubbleFixture f = BubbleFixture.start()) {
            f.bubble.tooManyRequestsNext(1, 2);
            UUID row = f.insertListing("T-1", "slow", 1);

            long started = System.nanoTime();
            f.relay.pass("processor");
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(f.relay.row(row).get("status")).isEqualTo("completed");
            assertThat(f.relay.row(row).get("retry_count")).isEqualTo(0);
            assertThat(took).as("the second request waited for Retry-After: 2").isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(f.bubble.requests()).hasSize(2);
            assertThat(f.bubble.requests().get(0).status()).isEqualTo(429);
        }
    }

    @Test
    void a_long_retry_after_schedules_the_retry_no_sooner() throws Exception {
        try (BubbleFixture f = BubbleFixture.start()) {
            f.bubble.tooManyRequestsNext(1, 3600);
            UUID row = f.insertListing("T-2", "later", 1);

            f.relay.pass("processor");

            Map<String, Object> r = f.relay.row(row);
            assertThat(r.get("status")).isEqualTo("failed");
            assertThat(r.get("failure_kind")).isEqualTo("transient");
            assertThat(((Number) r.get("due_in_s")).doubleValue()).isGreaterThan(3500);
            assertThat(f.bubble.requests()).hasSize(1);
            UUID next = f.insertListing("T-3", "not held for an hour", 1);
            f.relay.pass("processor");
            assertThat(f.relay.row(next).get("status")).as("a Retry-After longer than sync.lease / 8 holds no call").isEqualTo("completed");
        }
    }

    @Test
    void the_emulator_never_sees_more_requests_in_a_minute_than_the_rate_limit() throws Exception {
        BubbleEmulator bubble = BubbleEmulator.start(EmulatorOptions.defaults().apiKey(BubbleFixture.KEY).rateLimitPerMinute(600));
        Properties p = BubbleFixture.defaults(bubble);
        p.setProperty("sync.bubble.rate-limit", "600");
        p.setProperty("sync.claim.limit", "200");
        try (BubbleFixture f = BubbleFixture.start(bubble, p)) {
            String id = bubble.insert("listing", Map.of("Name", "x"));
            for (int i = 0; i < 60; i++) {
                f.relay.update("INSERT INTO listing (_id, bubble_id) VALUES (?, ?)", "RL-" + i, id);
                f.relay.insert("listing", "RL-" + i, "UPDATE", "{\"title\":\"t" + i + "\"}");
            }

            long started = System.nanoTime();
            PassTally tally = f.relay.pass("processor");
            double seconds = (System.nanoTime() - started) / 1e9;

            assertThat(tally.completed()).isEqualTo(60);
            assertThat(bubble.tooManyRequestsSent()).isZero();
            assertThat(bubble.maxRequestsInAnyMinute()).isLessThanOrEqualTo(600);
            assertThat(seconds).as("600/min spaces 60 calls over about 6 s").isGreaterThan(5.0);
        }
    }

    @Test
    void a_dropped_answer_with_a_lookup_field_ends_with_exactly_one_object() throws Exception {
        BubbleEmulator bubble = BubbleEmulator.start(EmulatorOptions.defaults().apiKey(BubbleFixture.KEY));
        Properties p = BubbleFixture.defaults(bubble);
        p.setProperty("sync.bubble.lookup-field", "supabase_id");
        try (BubbleFixture f = BubbleFixture.start(bubble, p)) {
            bubble.dropNextAnswers(1);
            UUID row = f.insertListing("D-1", "once", 1);

            f.relay.pass("processor");

            assertThat(f.relay.row(row).get("status")).isEqualTo("completed");
            assertThat(bubble.objects("listing")).hasSize(1);
            String id = (String) bubble.objects("listing").get(0).get("_id");
            assertThat(f.bubbleId("listing", "D-1")).isEqualTo(id);
            assertThat(f.relay.row(row).get("bubble_response").toString()).contains("adopted");
            assertThat(bubble.requests()).extracting(r -> r.method()).containsExactly("POST", "GET");
        }
    }

    @Test
    void a_create_retried_after_a_lost_answer_searches_bubble_and_adopts_the_first_object() throws Exception {
        BubbleEmulator bubble = BubbleEmulator.start(EmulatorOptions.defaults().apiKey(BubbleFixture.KEY));
        Properties p = BubbleFixture.defaults(bubble);
        p.setProperty("sync.bubble.lookup-field", "supabase_id");
        p.setProperty("sync.http.redeliveries", "0");
        try (BubbleFixture f = BubbleFixture.start(bubble, p)) {
            bubble.dropNextAnswers(1);
            UUID row = f.insertListing("D-5", "retried", 1);

            f.relay.pass("processor");
            assertThat(f.relay.row(row).get("failure_kind")).as("no answer: a durable retry").isEqualTo("transient");
            f.relay.update("UPDATE sync_queue SET next_retry_at = now() WHERE id = ?", row);
            f.relay.pass("retry");

            assertThat(f.relay.row(row).get("status")).isEqualTo("completed");
            assertThat(f.relay.row(row).get("bubble_response").toString()).contains("adopted");
            assertThat(bubble.objects("listing")).hasSize(1);
            assertThat(f.bubbleId("listing", "D-5")).isEqualTo(bubble.objects("listing").get(0).get("_id"));
        }
    }

    @Test
    void a_dropped_bulk_answer_with_a_lookup_field_ends_with_one_object_per_row() throws Exception {
        BubbleEmulator bubble = BubbleEmulator.start(EmulatorOptions.defaults().apiKey(BubbleFixture.KEY));
        Properties p = BubbleFixture.defaults(bubble);
        p.setProperty("sync.bubble.lookup-field", "supabase_id");
        try (BubbleFixture f = BubbleFixture.start(bubble, p)) {
            bubble.dropNextAnswers(1);
            f.insertListing("D-2", "a", 1);
            f.insertListing("D-3", "b", 2);
            f.insertListing("D-4", "c", 3);

            f.relay.pass("processor");

            assertThat(f.relay.count("status = 'completed'")).isEqualTo(3);
            assertThat(bubble.objects("listing")).hasSize(3);
        }
    }

    @Test
    void signup_atomic_resumes_without_a_duplicate() throws Exception {
        try (BubbleFixture f = BubbleFixture.start()) {
            UUID userId = UUID.randomUUID();
            f.relay.update("INSERT INTO \"user\" (_id, email, name, access_token) VALUES (?, 'new@b.io', 'Ann', 'tok-secret')", userId);
            UUID first = f.relay.insert("SIGNUP_ATOMIC", userId.toString(), "SIGNUP_ATOMIC",
                    "{\"user_id\":\"" + userId + "\",\"host_account_id\":\"h-1\"}");

            f.relay.pass("processor");

            assertThat(f.relay.row(first).get("status")).isEqualTo("completed");
            String bubbleId = f.bubbleId("\"user\"", userId);
            assertThat(bubbleId).isNotNull();
            Map<String, Object> created = f.bubble.object("user", bubbleId).orElseThrow();
            assertThat(created.get("email")).isEqualTo("new@b.io");
            assertThat(created).doesNotContainKey("access_token");

            // the same signup again (a re-run after a half-way failure): the user already has its Bubble id
            UUID again = f.relay.insert("SIGNUP_ATOMIC", userId.toString(), "SIGNUP_ATOMIC",
                    "{\"user_id\":\"" + userId + "\",\"host_account_id\":\"h-1\"}");
            f.relay.pass("processor");

            assertThat(f.relay.row(again).get("status")).isEqualTo("completed");
            assertThat(f.relay.row(again).get("bubble_response").toString()).contains(bubbleId).contains("existing");
            assertThat(f.bubble.objects("user")).hasSize(1);

            UUID missing = f.relay.insert("SIGNUP_ATOMIC", "nobody", "SIGNUP_ATOMIC",
                    "{\"user_id\":\"" + UUID.randomUUID() + "\",\"host_account_id\":\"h-2\"}");
            f.relay.pass("processor");
            assertThat(f.relay.row(missing).get("failure_kind")).isEqualTo("permanent");
            assertThat((String) f.relay.row(missing).get("error_message")).contains("no row in table 'user'");
        }
    }

    @Test
    void an_unknown_table_name_fails_alone_with_a_clear_message() throws Exception {
        try (BubbleFixture f = BubbleFixture.start()) {
            UUID unknown = f.relay.insert("listings\"; DROP TABLE listing; --", "X-1", "INSERT", "{\"title\":\"x\"}");
            UUID noColumns = f.relay.insert("sync_run", "X-2", "INSERT", "{\"title\":\"x\"}");
            UUID fine = f.insertListing("X-3", "fine", 1);

            f.relay.pass("processor");

            Map<String, Object> r = f.relay.row(unknown);
            assertThat(r.get("failure_kind")).isEqualTo("permanent");
            assertThat((String) r.get("error_message")).contains("does not exist");
            assertThat((String) f.relay.row(noColumns).get("error_message")).contains("has no column _id");
            assertThat(f.relay.row(fine).get("status")).isEqualTo("completed");
            assertThat(f.relay.query("SELECT count(*) AS n FROM listing").get(0).get("n")).isEqualTo(1L);
            assertThat(f.bubble.requests()).hasSize(1);
        }
    }
}
