package io.bubblesync.relay.camel;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.zaxxer.hikari.HikariDataSource;
import io.bubblesync.relay.db.Schema;
import io.bubblesync.relay.delivery.ClaimedRow;
import io.bubblesync.relay.delivery.Settlement;
import io.bubblesync.relay.support.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Delivered batches are settled together: one statement for the batches handed over while others are still being
 * delivered, written once no batch is being delivered, at sync.settle.max-rows, or after sync.settle.linger.
 */
class SettleWriterTest {
    private static final Duration NEVER = Duration.ofHours(1);
    private HikariDataSource ds;
    private SettleWriter writer;
    private final AtomicBoolean delivering = new AtomicBoolean(true);
    private final ExecutorService completions = Executors.newSingleThreadExecutor(r -> new Thread(r, "completions"));
    private final DefaultCamelContext camel = new DefaultCamelContext();

    @BeforeEach
    void claimTwentyRows() throws SQLException {
        ds = new HikariDataSource();
        ds.setJdbcUrl(TestPostgres.newDatabase());
        ds.setUsername("postgres");
        ds.setMaximumPoolSize(8);
        Schema.migrate(ds);
        sql("INSERT INTO sync_queue (table_name, record_id, operation, payload, status, claimed_by, claimed_at, claimed_from) "
                + "SELECT 'orders', 'r-' || g, 'UPDATE', '{}', 'processing', 'w1', now(), 'pending' FROM generate_series(1, 20) g");
        // one row per UPDATE statement that settles rows: (rows it completed)
        sql("CREATE TABLE settle_log (rows int)");
        sql("CREATE FUNCTION log_settle() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "INSERT INTO settle_log SELECT count(*) FROM settled WHERE status = 'completed' HAVING count(*) > 0; RETURN NULL; END $$");
        sql("CREATE TRIGGER log_settle AFTER UPDATE ON sync_queue REFERENCING NEW TABLE AS settled "
                + "FOR EACH STATEMENT EXECUTE FUNCTION log_settle()");
    }

    @AfterEach
    void close() {
        if (writer != null) {
            writer.stop();
        }
        completions.shutdownNow();
        ds.close();
    }

    @Test
    void batches_handed_over_while_others_are_delivered_share_one_statement_once_delivery_stops() throws Exception {
        start(NEVER, 400);
        List<Exchange> settled = new ArrayList<>();
        List<CompletableFuture<String>> done = new ArrayList<>();
        for (List<Settlement> batch : batchesOfFive()) {
            Exchange exchange = exchange(batch);
            settled.add(exchange);
            done.add(settle(exchange));
        }
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> done.stream().noneMatch(CompletableFuture::isDone));
        assertThat(number("SELECT count(*) FROM sync_queue WHERE status = 'completed'")).isZero();

        delivering.set(false);
        for (CompletableFuture<String> d : done) {
            assertThat(d.get(10, TimeUnit.SECONDS)).as("the batch goes on on the completions pool, not the writer's thread").isEqualTo("completions");
        }
        assertThat(numbers("SELECT rows FROM settle_log")).containsExactly(20);
        assertThat(settled).allSatisfy(e -> assertThat(e.getException()).isNull());
        assertThat(writer.statements()).isEqualTo(1);
    }

    @Test
    void a_statement_takes_at_most_max_rows_of_whole_batches() throws Exception {
        start(NEVER, 10);
        List<CompletableFuture<String>> done = new ArrayList<>();
        for (List<Settlement> batch : batchesOfFive()) {
            done.add(settle(exchange(batch)));
        }
        for (CompletableFuture<String> d : done) {
            d.get(10, TimeUnit.SECONDS);
        }
        assertThat(numbers("SELECT rows FROM settle_log")).containsExactly(10, 10);
    }

    @Test
    void a_batch_waits_for_others_no_longer_than_the_linger() throws Exception {
        start(Duration.ofMillis(50), 400);
        settle(exchange(batchesOfFive().get(0))).get(10, TimeUnit.SECONDS);
        assertThat(numbers("SELECT rows FROM settle_log")).containsExactly(5);
    }

    @Test
    void a_batch_alone_is_written_at_once_when_nothing_else_is_delivered() throws Exception {
        delivering.set(false);
        start(NEVER, 400);
        for (List<Settlement> batch : batchesOfFive()) {
            settle(exchange(batch)).get(10, TimeUnit.SECONDS);
        }
        assertThat(numbers("SELECT rows FROM settle_log")).containsExactly(5, 5, 5, 5);
    }

    @Test
    void a_failing_statement_fails_every_batch_in_it_and_their_rows_stay_processing() throws Exception {
        start(NEVER, 400);
        List<List<Settlement>> batches = batchesOfFive();
        List<Settlement> broken = new ArrayList<>(batches.get(3));
        Settlement bad = broken.get(0);
        broken.set(0, new Settlement("not-a-uuid", bad.claimed_at(), bad.outcome(), bad.response(), null, null, null, bad.operation()));
        List<Exchange> exchanges = List.of(exchange(batches.get(0)), exchange(batches.get(1)), exchange(batches.get(2)), exchange(broken));
        List<CompletableFuture<String>> done = exchanges.stream().map(this::settle).toList();
        delivering.set(false);
        for (CompletableFuture<String> d : done) {
            d.get(10, TimeUnit.SECONDS);
        }
        assertThat(exchanges).allSatisfy(e -> assertThat(e.getException()).isInstanceOf(SettleFailure.class)
                .hasMessageStartingWith("settle of 20 rows (4 batches) failed, they stay 'processing' until their lease ends"));
        assertThat(number("SELECT count(*) FROM sync_queue WHERE status = 'processing'")).isEqualTo(20);
        assertThat(numbers("SELECT rows FROM settle_log")).isEmpty();
    }

    private void start(Duration linger, int maxRows) {
        writer = new SettleWriter(ds, "w1", linger, maxRows, delivering::get, completions);
        writer.start();
    }

    private Exchange exchange(List<Settlement> batch) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(batch);
        return exchange;
    }

    /** Hands the batch over; completes with the name of the thread the exchange went on in. */
    private CompletableFuture<String> settle(Exchange exchange) {
        CompletableFuture<String> done = new CompletableFuture<>();
        writer.process(exchange, sync -> done.complete(Thread.currentThread().getName()));
        return done;
    }

    private List<List<Settlement>> batchesOfFive() throws SQLException {
        List<Settlement> all = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, claimed_at::text FROM sync_queue ORDER BY record_id")) {
            while (rs.next()) {
                ClaimedRow row = new ClaimedRow(rs.getString(1), "orders", "r", "UPDATE", "{}", null, 0, 3, null, rs.getString(2));
                all.add(Settlement.completed(row, JsonNodeFactory.instance.objectNode()));
            }
        }
        List<List<Settlement>> batches = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 5) {
            batches.add(all.subList(i, i + 5));
        }
        return batches;
    }

    private void sql(String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private long number(String sql) throws SQLException {
        List<Integer> n = numbers(sql);
        return n.isEmpty() ? 0 : n.get(0);
    }

    private List<Integer> numbers(String sql) throws SQLException {
        List<Integer> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getInt(1));
            }
        }
        return out;
    }
}
