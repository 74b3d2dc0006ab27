package io.bubblesync.relay.bubble;

import com.zaxxer.hikari.HikariDataSource;
import io.bubblesync.relay.db.Schema;
import io.bubblesync.relay.support.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Bubble budget shared through PostgreSQL (sql/bubble-rate-draw.sql), drawn as fast as relays can: a budget of
 * 6,000/min in 1 s windows grants 6000/62 ≈ 96.8 permits a window, so a few seconds show the rate; the minute-long
 * runs against the emulator are in BubbleRateBudgetTest.
 */
class SharedBudgetTest {
    private static final int BUDGET = 6000;
    private static final Duration WINDOW = Duration.ofSeconds(1);
    private HikariDataSource ds;

    @BeforeEach
    void database() {
        ds = new HikariDataSource();
        ds.setJdbcUrl(TestPostgres.newDatabase());
        ds.setUsername("postgres");
        ds.setMaximumPoolSize(6);
        Schema.migrate(ds);
    }

    @AfterEach
    void close() {
        ds.close();
    }

    @Test
    void one_relay_alone_gets_the_whole_budget_as_the_windows_grant_it() throws Exception {
        SharedBudget alone = new SharedBudget(ds, "relay-a", BUDGET, WINDOW);

        double[] taken = drawFor(List.of(alone), 3.0);
        System.out.printf("shared budget, one relay: %.0f permits in %.2f s (windows touched: at most %.0f of ≤ 97)%n", taken[0], taken[1], Math.ceil(taken[1]) + 1);

        assertThat(taken[0] / taken[1] * 60).as("permits a minute (the windows grant %d x 60/62 = %.0f)", BUDGET, BUDGET * 60 / 62.0)
                .isGreaterThan(0.9 * BUDGET * 60 / 62);
        assertThat(taken[0]).as("at most what the windows touched grant").isLessThanOrEqualTo(Math.ceil(BUDGET / 62.0) * (Math.ceil(taken[1]) + 1));
        assertThat(alone.relays()).isEqualTo(1);
        assertThat(alone.perMinute()).isEqualTo(BUDGET * 60 / 62);
    }

    @Test
    void three_relays_together_never_draw_more_than_the_budget_and_know_they_are_three() throws Exception {
        List<SharedBudget> relays = List.of(new SharedBudget(ds, "relay-a", BUDGET, WINDOW),
                new SharedBudget(ds, "relay-b", BUDGET, WINDOW), new SharedBudget(ds, "relay-c", BUDGET, WINDOW));

        double[] taken = drawFor(relays, 3.0);
        System.out.printf("shared budget, three relays: %.0f permits in %.2f s (windows touched: at most %.0f of ≤ 97)%n", taken[0], taken[1], Math.ceil(taken[1]) + 1);

        double windowsTouched = Math.ceil(taken[1]) + 1;
        assertThat(taken[0]).as("at most what the windows touched grant").isLessThanOrEqualTo(Math.ceil(BUDGET / 62.0) * windowsTouched);
        assertThat(taken[0] / taken[1] * 60).as("together they use the budget").isGreaterThan(0.8 * BUDGET);
        assertThat(relays).allSatisfy(r -> assertThat(r.relays()).isEqualTo(3));
        assertThat(relays.get(0).perMinute()).isEqualTo(BUDGET * 60 / 62 / 3);
    }

    @Test
    void a_relay_killed_mid_window_loses_at_most_its_unused_chunk() throws Exception {
        SharedBudget killed = new SharedBudget(ds, "relay-killed", BUDGET, WINDOW);
        SharedBudget survivor = new SharedBudget(ds, "relay-alive", BUDGET, WINDOW);
        int chunk = killed.chunk();
        assertThat(chunk).as("a quarter of a window's grant").isEqualTo(25);
        for (int attempt = 0; ; attempt++) {
            long window = awaitFreshWindow();
            assertThat(killed.take(System.nanoTime() + TimeUnit.SECONDS.toNanos(2))).isTrue(); // draws a chunk, uses one, dies
            int got = 0;
            while (survivor.take(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(30))) {
                got++;
            }
            long[] row = windowRow();
            if (row[0] != window) {
                assertThat(attempt).as("the draws kept crossing a window's end").isLessThan(5);
                continue;
            }
            assertThat(row[2]).as("the window is spent").isEqualTo(row[1]);
            assertThat(got).as("the survivor gets the window's grant (%d) but the killed relay's chunk", row[1]).isEqualTo(row[1] - chunk);
            break;
        }
    }

    /** Every relay takes permits as fast as it can on two threads for this long; returns {permits, seconds}. */
    private static double[] drawFor(List<SharedBudget> relays, double seconds) throws InterruptedException {
        AtomicInteger taken = new AtomicInteger();
        long started = System.nanoTime();
        long end = started + (long) (seconds * 1e9);
        List<Thread> threads = new ArrayList<>();
        for (SharedBudget relay : relays) {
            for (int i = 0; i < 2; i++) {
                Thread t = new Thread(() -> {
                    try {
                        while (relay.take(end)) {
                            taken.incrementAndGet();
                        }
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                t.start();
                threads.add(t);
            }
        }
        for (Thread t : threads) {
            t.join();
        }
        return new double[] {taken.get(), (System.nanoTime() - started) / 1e9};
    }

    /** Waits until a window has at least 700 ms to go; returns its number. */
    private long awaitFreshWindow() {
        long nowMs = await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                .until(() -> (long) Math.floor(queryDouble("SELECT extract(epoch FROM clock_timestamp()) * 1000")), ms -> ms % 1000 < 300);
        return nowMs / 1000;
    }

    /** The shared window's row: {n, cap, drawn}. */
    private long[] windowRow() throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT n, cap, drawn FROM sync_rate_window WHERE window_ms = 1000")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
        }
    }

    private double queryDouble(String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getDouble(1);
        }
    }
}
