package io.bubblesync.relay;

import io.bubblesync.relay.support.RecordingSink;
import io.bubblesync.relay.support.RecordingSink.Delivery;
import io.bubblesync.relay.support.RelayHarness;
import io.bubblesync.relay.support.RelayProcess;
import io.bubblesync.relay.support.RestartablePostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three relays (two in this JVM, one in its own process that gets SIGKILL), 5,000 changes over 500
 * records arriving while they run, a sink with 15 % 5xx, 3 % timeouts and 2 % 429 (seeded), and one
 * PostgreSQL restart. Nothing may be lost, sent twice at once, reordered within a record, or left behind.
 */
class ChaosTest {
    private static final int RECORDS = 500;
    private static final int CHANGES = 10;

    @Test
    @Timeout(180)
    void three_relays_survive_endpoint_faults_a_sigkill_and_a_postgres_restart_without_losing_or_reordering_rows() throws Exception {
        long started = System.nanoTime();
        try (RestartablePostgres pg = new RestartablePostgres();
             RecordingSink sink = new RecordingSink(20261128L, 0.15, 0.03, 0.02, 700)) {
            Properties base = RelayHarness.defaults(sink.url());
            base.setProperty("sync.db.url", pg.jdbcUrl());
            base.setProperty("sync.http.timeout", "500ms");
            base.setProperty("sync.lease", "3s");
            base.setProperty("sync.retry.backoff", "200ms");
            base.setProperty("sync.breaker.open-for", "500ms");
            base.setProperty("sync.claim.limit", "20");
            List<RelayHarness> relays = new ArrayList<>();
            RelayProcess doomed = null;
            AtomicBoolean producing = new AtomicBoolean(true);
            try {
                for (int i = 1; i <= 2; i++) {
                    Properties p = new Properties();
                    p.putAll(base);
                    p.setProperty("sync.instance.id", "relay-" + i);
                    // relay-1 also drains from its two wake-up lanes, beside the passes work() drives
                    p.setProperty("sync.wakeup.enabled", Boolean.toString(i == 1));
                    relays.add(RelayHarness.start(p));
                }
                RelayHarness db = relays.get(0);
                doomed = RelayProcess.start("chaos-doomed", env(
                        "SYNC_DB_URL", pg.jdbcUrl(), "BUBBLE_SYNC_URL", sink.url(), "SERVICE_ROLE_KEY", RelayHarness.TOKEN,
                        "SYNC_INSTANCE_ID", "relay-doomed", "SYNC_PROCESSOR_CRON", "* * * * * ?", "SYNC_RETRY_CRON", "* * * * * ?",
                        "SYNC_HTTP_TIMEOUT", "500ms", "SYNC_LEASE", "3s", "SYNC_RETRY_BACKOFF", "200ms", "SYNC_HTTP_REDELIVERY_DELAY", "20ms",
                        "CAMEL_MANAGEMENT_ENABLED", "false"));

                CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> produce(db, producing));
                List<CompletableFuture<Void>> workers = relays.stream().map(r -> CompletableFuture.runAsync(() -> work(r, producing))).toList();

                await().atMost(Duration.ofSeconds(60)).until(() -> db.count("claimed_by = 'relay-doomed' OR error_details::text LIKE '%relay-doomed%'") > 0
                        || sink.accepted().size() > 1500);
                doomed.kill();
                long killedAt = sink.accepted().size();
                await().atMost(Duration.ofSeconds(60)).until(() -> sink.accepted().size() > killedAt + 1000);
                pg.restart();
                producer.get();
                CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).get();

                report(db, sink, killedAt, (System.nanoTime() - started) / 1_000_000);
            } finally {
                producing.set(false);
                if (doomed != null) {
                    doomed.close();
                }
                relays.forEach(RelayHarness::close);
            }
        }
    }

    private static Map<String, String> env(String... keysAndValues) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            env.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return env;
    }

    /** Inserts change n+1 of a record only once change n has left 'pending' (the pending-unique index). */
    private static void produce(RelayHarness db, AtomicBoolean producing) {
        try {
            for (int change = 1; change <= CHANGES; change++) {
                int c = change;
                // every record's change c, tried again until all are in: the restart drops connections (an exception, ignored)
                // and the pending-unique index holds a record's change back while its change c - 1 is still pending
                await().atMost(Duration.ofMinutes(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20)).ignoreExceptions()
                        .until(() -> {
                            db.update("INSERT INTO sync_queue (table_name, record_id, operation, payload, idempotency_key, max_retries) "
                                    + "SELECT 'chaos', 'rec-' || g, CASE WHEN ? = 1 THEN 'INSERT' ELSE 'UPDATE' END, jsonb_build_object('seq', ?), "
                                    + "'rec-' || g || '-' || ?, 20 FROM generate_series(1, ?) g "
                                    + "WHERE NOT EXISTS (SELECT 1 FROM sync_queue k WHERE k.idempotency_key = 'rec-' || g || '-' || ?) "
                                    + "ON CONFLICT DO NOTHING", c, c, c, RECORDS, c);
                            return db.count("idempotency_key LIKE '%-" + c + "'") == RECORDS;
                        });
            }
        } finally {
            producing.set(false);
        }
    }

    /** One in-process relay: passes back to back until every change is produced and settled for good. */
    private static void work(RelayHarness relay, AtomicBoolean producing) {
        while (true) {
            try {
                relay.pass("processor");
                relay.pass("retry");
                if (!producing.get() && relay.count("status NOT IN ('completed', 'skipped') AND failure_kind IS DISTINCT FROM 'permanent'") == 0) {
                    return;
                }
            } catch (RuntimeException databaseRestarting) {
                // passes fail while PostgreSQL restarts; the pool reconnects
            }
        }
    }

    private static void report(RelayHarness db, RecordingSink sink, long killedAt, long tookMs) {
        List<Delivery> accepted = sink.accepted();
        Map<String, Set<String>> keysPerRow = new HashMap<>();
        Map<String, List<Integer>> seqPerRecord = new HashMap<>();
        for (Delivery d : accepted) {
            keysPerRow.computeIfAbsent(d.id(), k -> new HashSet<>()).add(d.key());
            seqPerRecord.computeIfAbsent(d.recordId(), k -> new ArrayList<>()).add(d.seq());
        }
        long outOfOrder = seqPerRecord.values().stream().filter(seqs -> {
            for (int i = 1; i < seqs.size(); i++) {
                if (seqs.get(i) < seqs.get(i - 1)) {
                    return true;
                }
            }
            return false;
        }).count();
        long keyChanged = keysPerRow.values().stream().filter(k -> k.size() > 1).count();
        long completed = db.count("status = 'completed'");
        long processing = db.count("status = 'processing'");
        long notDone = db.count("status <> 'completed'");
        long repeats = accepted.size() - keysPerRow.size();
        System.out.printf("chaos: rows=%d completed=%d processing=%d other=%d | sink requests=%d faults=%d accepted items=%d "
                        + "distinct rows=%d repeat deliveries=%d concurrent doubles=%d | records out of order=%d, rows whose key changed=%d | "
                        + "relay killed after %d accepted items, postgres restarted once | %d ms%n",
                RECORDS * CHANGES, completed, processing, notDone, sink.requests(), sink.faults(), accepted.size(),
                keysPerRow.size(), repeats, sink.concurrentDoubles(), outOfOrder, keyChanged, killedAt, tookMs);

        assertThat(completed).isEqualTo(RECORDS * CHANGES);
        assertThat(processing).isZero();
        assertThat(keysPerRow).hasSize(RECORDS * CHANGES);
        assertThat(sink.concurrentDoubles()).isZero();
        assertThat(outOfOrder).isZero();
        assertThat(keyChanged).isZero();
        assertThat(seqPerRecord).hasSize(RECORDS);
        assertThat(seqPerRecord.values()).allMatch(seqs -> seqs.get(seqs.size() - 1) == CHANGES);
    }
}
