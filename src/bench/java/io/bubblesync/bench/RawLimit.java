package io.bubblesync.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The physical limit the relay is measured against: the relay's own claim-pending.sql (limit 5) and
 * settle-batch.sql (all completed) in a tight JDBC loop on 2 connections, autocommit, no HTTP, no Camel.
 */
final class RawLimit {
    private static final RelayStatement CLAIM = RelayStatement.load("claim-pending.sql");
    private static final RelayStatement SETTLE = RelayStatement.load("settle-batch.sql", "settlements", "instance");
    static final String OPERATIONS = "SIGNUP_ATOMIC,INSERT,UPDATE,DELETE";

    private RawLimit() {
    }

    /** Drains every pending row with 2 workers; returns rows per second. */
    static double drain(Db db, long rows) throws Exception {
        long started = System.nanoTime();
        List<CompletableFuture<Long>> workers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String instance = "raw-" + i;
            workers.add(CompletableFuture.supplyAsync(() -> loop(db, instance)));
        }
        long done = 0;
        for (CompletableFuture<Long> w : workers) {
            done += w.join();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (done != rows) {
            throw new IllegalStateException("raw loop settled " + done + " of " + rows + " rows");
        }
        return done / seconds;
    }

    private static long loop(Db db, String instance) {
        long settled = 0;
        try (Connection c = db.connect(); PreparedStatement claim = CLAIM.prepare(c); PreparedStatement settle = SETTLE.prepare(c)) {
            CLAIM.bind(claim, Map.of("instance", instance, "operations", OPERATIONS, "knownOperations", OPERATIONS, "held", "", "limit", 5));
            while (true) {
                StringBuilder json = new StringBuilder("[");
                int n = 0;
                try (ResultSet rs = claim.executeQuery()) {
                    while (rs.next()) {
                        json.append(n++ == 0 ? "" : ",").append("{\"id\":\"").append(rs.getString("id"))
                                .append("\",\"claimed_at\":\"").append(rs.getString("claimed_at"))
                                .append("\",\"outcome\":\"completed\",\"response\":{}}");
                    }
                }
                if (n == 0) {
                    return settled;
                }
                SETTLE.bind(settle, Map.of("settlements", json.append(']').toString(), "instance", instance));
                settled += settle.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Milliseconds of each of n claim(5) statements (rows claimed are marked completed afterwards, outside the timing). */
    static List<Double> claimMillis(Db db, int claims) throws SQLException {
        List<Double> times = new ArrayList<>();
        try (Connection c = db.connect(); PreparedStatement claim = CLAIM.prepare(c)) {
            CLAIM.bind(claim, Map.of("instance", "claim-cost", "operations", OPERATIONS, "knownOperations", OPERATIONS, "held", "", "limit", 5));
            for (int i = 0; i < claims; i++) {
                long t = System.nanoTime();
                try (ResultSet rs = claim.executeQuery()) {
                    while (rs.next()) {
                        rs.getString(1);
                    }
                }
                times.add((System.nanoTime() - t) / 1e6);
            }
        }
        db.update("UPDATE sync_queue SET status = 'completed', processed_at = now() WHERE status = 'processing'");
        return times;
    }
}
