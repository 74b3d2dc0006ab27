package io.bubblesync.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Claim time with few versus many completed rows: two databases on the same server, identical 20k-row
 * pending backlog, one with 10k and one with 1M completed rows. Rounds alternate between them (so drift of
 * the machine hits both alike), each followed by marking the claimed rows completed and VACUUM; the median
 * claim time of each is compared. The partial indexes should make the claim blind to completed rows.
 */
final class ClaimCost {
    static final int ROUNDS = 4;
    static final int CLAIMS_PER_ROUND = 500;

    double smallMs;
    double largeMs;
    String plan;

    private ClaimCost() {
    }

    static ClaimCost measure(Db small, Db large, long smallRows, long largeRows) throws Exception {
        for (Db db : List.of(small, large)) {
            db.insertPending("claimcost", 20_000);
        }
        small.insertCompleted("history", 1, smallRows);
        large.insertCompleted("history", 1, largeRows);
        List<Double> a = new ArrayList<>();
        List<Double> b = new ArrayList<>();
        for (int round = 0; round <= ROUNDS; round++) {
            vacuum(small);
            vacuum(large);
            List<Double> smallRound = RawLimit.claimMillis(small, CLAIMS_PER_ROUND);
            List<Double> largeRound = RawLimit.claimMillis(large, CLAIMS_PER_ROUND);
            if (round > 0) { // round 0 warms plans and caches
                a.addAll(smallRound);
                b.addAll(largeRound);
            }
        }
        ClaimCost cost = new ClaimCost();
        cost.smallMs = median(a);
        cost.largeMs = median(b);
        cost.plan = explain(large);
        return cost;
    }

    double ratio() {
        return largeMs / smallMs;
    }

    private static double median(List<Double> values) {
        Collections.sort(values);
        return values.get(values.size() / 2);
    }

    private static void vacuum(Db db) throws SQLException {
        db.update("VACUUM ANALYZE sync_queue");
    }

    /** EXPLAIN ANALYZE of one claim(5), rolled back: the relay's statement with the relay's parameters. */
    private static String explain(Db db) throws SQLException {
        RelayStatement claim = RelayStatement.load("claim-pending.sql");
        StringBuilder out = new StringBuilder();
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN (ANALYZE, COSTS OFF, BUFFERS) " + claim.sql())) {
                claim.bind(ps, Map.of("instance", "explain", "operations", RawLimit.OPERATIONS, "knownOperations", RawLimit.OPERATIONS,
                        "held", "", "limit", 5));
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.append(rs.getString(1)).append('\n');
                    }
                }
            }
            c.rollback();
        }
        return out.toString();
    }
}
