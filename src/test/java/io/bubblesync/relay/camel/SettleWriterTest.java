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
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Batches that settle while another batch's settle statement runs share the next statement (group commit). */
class SettleWriterTest {
    private HikariDataSource ds;
    private SettleWriter writer;
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
        writer = new SettleWriter(ds, "w1");
    }

    @AfterEach
    void close() {
        ds.close();
    }

    @Test
    void batches_settling_while_a_settle_runs_share_the_next_statement() throws Exception {
        List<List<Settlement>> batches = batchesOfFive();
        for (CompletableFuture<Void> settled : settleBehindABlockedOne(batches.get(0), batches.subList(1, 4))) {
            settled.get();
        }
        assertThat(numbers("SELECT rows FROM settle_log ORDER BY rows")).containsExactly(5, 15);
        assertThat(number("SELECT count(*) FROM sync_queue WHERE status = 'completed'")).isEqualTo(20);
    }

    @Test
    void a_failing_group_statement_fails_every_batch_in_it_and_their_rows_stay_processing() throws Exception {
        List<List<Settlement>> batches = batchesOfFive();
        List<Settlement> broken = new ArrayList<>(batches.get(3));
        Settlement bad = broken.get(0);
        broken.set(0, new Settlement("not-a-uuid", bad.claimed_at(), bad.outcome(), bad.response(), null, null, null, bad.operation()));

        List<CompletableFuture<Void>> settled = settleBehindABlockedOne(batches.get(0), List.of(batches.get(1), batches.get(2), broken));
        settled.get(0).get();
        for (CompletableFuture<Void> shared : settled.subList(1, 4)) {
            assertThat(shared).failsWithin(Duration.ofSeconds(10));
        }
        assertThat(number("SELECT count(*) FROM sync_queue WHERE status = 'completed'")).isEqualTo(5);
        assertThat(number("SELECT count(*) FROM sync_queue WHERE status = 'processing'")).isEqualTo(15);
    }

    @Test
    void a_batch_alone_gets_a_statement_of_its_own() throws Exception {
        for (List<Settlement> batch : batchesOfFive()) {
            settleAsync(batch).get();
        }
        assertThat(numbers("SELECT rows FROM settle_log")).containsExactly(5, 5, 5, 5);
    }

    /**
     * Settles {@code first} while another connection holds a lock on its first row, queues {@code queued}
     * behind it, then lets it go; returns the settles in that order.
     */
    private List<CompletableFuture<Void>> settleBehindABlockedOne(List<Settlement> first, List<List<Settlement>> queued) throws Exception {
        List<CompletableFuture<Void>> settles = new ArrayList<>();
        try (Connection blocker = ds.getConnection()) {
            blocker.setAutoCommit(false);
            try (Statement st = blocker.createStatement()) {
                st.execute("SELECT 1 FROM sync_queue WHERE id = '" + first.get(0).id() + "' FOR UPDATE");
            }
            settles.add(settleAsync(first));
            await().atMost(Duration.ofSeconds(10)).until(() -> number(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '-- Settle delivered rows%'") == 1);
            queued.forEach(batch -> settles.add(settleAsync(batch)));
            await().atMost(Duration.ofSeconds(10)).until(() -> writer.queued() == queued.size());
            blocker.commit();
        }
        return settles;
    }

    private CompletableFuture<Void> settleAsync(List<Settlement> batch) {
        return CompletableFuture.runAsync(() -> {
            Exchange exchange = new DefaultExchange(camel);
            exchange.getMessage().setBody(batch);
            try {
                writer.settle(exchange);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
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
