package io.bubblesync.relay.dev;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/** A few sync_queue rows of every operation, so dev mode has something to deliver. */
public final class DemoRows {
    private static final String[] OPERATIONS = {"INSERT", "UPDATE", "SIGNUP_ATOMIC", "DELETE"};

    private DemoRows() {
    }

    public static int insert(DataSource ds, int count) throws SQLException {
        String sql = "INSERT INTO sync_queue (table_name, record_id, operation, payload, idempotency_key) "
                + "VALUES (?, ?, ?, CAST(? AS jsonb), ?) ON CONFLICT DO NOTHING";
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            long stamp = System.currentTimeMillis();
            for (int i = 0; i < count; i++) {
                String op = OPERATIONS[i % OPERATIONS.length];
                String table = i % 2 == 0 ? "profiles" : "orders";
                ps.setString(1, table);
                ps.setString(2, "demo-" + stamp + "-" + i);
                ps.setString(3, op);
                ps.setString(4, "{\"name\":\"demo " + i + "\",\"amount\":" + (i * 10) + "}");
                ps.setString(5, "demo-" + stamp + "-" + i);
                ps.addBatch();
            }
            int inserted = 0;
            for (int n : ps.executeBatch()) {
                inserted += Math.max(n, 0);
            }
            return inserted;
        }
    }
}
