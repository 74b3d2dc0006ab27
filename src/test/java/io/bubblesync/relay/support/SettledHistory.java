package io.bubblesync.relay.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * A week of settled history in sync_queue, as the issue describes it (sql-test/settled-history.sql: rows spread over
 * 7 days, 2 % failed for good with an error message), then VACUUM ANALYZE as autovacuum would leave such a table.
 * Used by DashboardReadingsTest and the benchmark's dashboard row.
 */
public final class SettledHistory {
    private SettledHistory() {
    }

    public static void seed(String jdbcUrl, long rows) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            try (Statement st = c.createStatement()) {
                // the commit reaches the WAL at once, so VACUUM can mark the pages all-visible as autovacuum later would
                // (on a server with synchronous_commit=off, as the embedded one, it finds the rows not yet hinted)
                st.execute("SET synchronous_commit = on");
            }
            try (PreparedStatement ps = c.prepareStatement(sql())) {
                ps.setLong(1, rows);
                ps.setLong(2, rows);
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        vacuum(jdbcUrl);
    }

    /**
     * VACUUM ANALYZE with the commits before it on disk, repeated until every page is all-visible, as autovacuum leaves
     * them. A page is marked only when no snapshot in the database is older than its rows: a running relay's statement
     * that began before the last commit can still hold one when VACUUM starts (CI saw a pass leave the whole table
     * unmarked, and index-only reads then visited the heap), so one pass is not proof.
     */
    public static void vacuum(String jdbcUrl) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", ""); Statement st = c.createStatement()) {
            st.execute("SET synchronous_commit = on");
            st.execute("SELECT txid_current()"); // a synchronous commit flushes the WAL of the asynchronous ones before it
            await("VACUUM marking every page of sync_queue all-visible (a transaction in the database holds an old snapshot)")
                    .atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        st.execute("VACUUM ANALYZE sync_queue");
                        try (ResultSet rs = st.executeQuery("SELECT relpages, relallvisible FROM pg_class WHERE oid = 'sync_queue'::regclass")) {
                            rs.next();
                            return rs.getLong(2) >= rs.getLong(1);
                        }
                    });
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sql() {
        try (InputStream in = SettledHistory.class.getClassLoader().getResourceAsStream("sql-test/settled-history.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
