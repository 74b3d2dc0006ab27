package io.bubblesync.relay.dev;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Dev mode with sync.target=bubble: source tables {@code listing} and {@code "user"} (with {@code _id} and
 * {@code bubble_id}), a {@code sync_config} row that maps listing's {@code title} to {@code Name}, and queue rows of
 * every operation: listings created, a signup, an update and a delete of two listings that already exist in Bubble
 * (given by their Bubble ids; without them the update creates, recorded CREATE_FROM_UPDATE, and the delete is
 * skipped for want of an id).
 */
public final class BubbleDemoRows {
    /**
     * The Bubble app the demo rows are written for, declared to the emulator: its types and their fields (listing's
     * title and price are mapped to Name and Price by the demo sync_config; a signup sends the user row's email and name).
     */
    public static final Map<String, List<String>> BUBBLE_TYPES = Map.of(
            "listing", List.of("Name:text", "Price:number"),
            "user", List.of("email:text", "name:text"));

    private static final String QUEUE = "INSERT INTO sync_queue (table_name, record_id, operation, payload, idempotency_key, created_at) "
            + "VALUES (?, ?, ?, CAST(? AS jsonb), ?, clock_timestamp())";

    private BubbleDemoRows() {
    }

    /** Creates the demo tables when missing and queues {@code count} listing creates, a signup, an update and a delete. */
    public static int insert(DataSource ds, int count, String existingId, String doomedId) throws SQLException {
        String stamp = Long.toString(System.currentTimeMillis());
        UUID user = UUID.randomUUID();
        try (Connection c = ds.getConnection()) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS listing (_id text PRIMARY KEY, bubble_id text, title text, price numeric, "
                        + "created_at timestamptz DEFAULT now())");
                st.execute("CREATE TABLE IF NOT EXISTS \"user\" (_id uuid PRIMARY KEY, bubble_id text, email text, name text)");
                st.execute("CREATE TABLE IF NOT EXISTS sync_config (supabase_table text UNIQUE, bubble_workflow text, "
                        + "bubble_object_type text, enabled boolean DEFAULT true, sync_on_insert boolean DEFAULT true, "
                        + "sync_on_update boolean DEFAULT true, sync_on_delete boolean DEFAULT true, field_mapping jsonb, excluded_fields text[])");
                st.execute("INSERT INTO sync_config (supabase_table, bubble_object_type, field_mapping) "
                        + "VALUES ('listing', 'listing', '{\"title\":\"Name\",\"price\":\"Price\"}') ON CONFLICT DO NOTHING");
            }
            int rows = 0;
            try (PreparedStatement listing = c.prepareStatement("INSERT INTO listing (_id, title, price) VALUES (?, ?, ?)");
                 PreparedStatement signup = c.prepareStatement("INSERT INTO \"user\" (_id, email, name) VALUES (?, ?, 'Demo user')");
                 PreparedStatement queue = c.prepareStatement(QUEUE)) {
                for (int i = 0; i < count; i++) {
                    String id = "demo-" + stamp + "-" + i;
                    listing.setString(1, id);
                    listing.setString(2, "Demo listing " + i);
                    listing.setInt(3, 100 + i);
                    listing.executeUpdate();
                    rows += queue(queue, "listing", id, "INSERT", "{\"_id\":\"" + id + "\",\"title\":\"Demo listing " + i + "\",\"price\":" + (100 + i) + "}");
                }
                signup.setObject(1, user);
                signup.setString(2, "demo-" + stamp + "@example.com");
                signup.executeUpdate();
                rows += queue(queue, "SIGNUP_ATOMIC", user.toString(), "SIGNUP_ATOMIC", "{\"user_id\":\"" + user + "\",\"host_account_id\":\"demo\"}");
                String existing = "demo-" + stamp + "-existing";
                String doomed = "demo-" + stamp + "-doomed";
                try (PreparedStatement known = c.prepareStatement("INSERT INTO listing (_id, bubble_id, title) VALUES (?, ?, 'Already in Bubble')")) {
                    for (String[] r : new String[][] {{existing, existingId}, {doomed, doomedId}}) {
                        known.setString(1, r[0]);
                        known.setString(2, r[1]);
                        known.executeUpdate();
                    }
                }
                rows += queue(queue, "listing", existing, "UPDATE", "{\"_id\":\"" + existing + "\",\"title\":\"Renamed by the relay\"}");
                rows += queue(queue, "listing", doomed, "DELETE", null);
            }
            return rows;
        }
    }

    private static int queue(PreparedStatement ps, String table, String recordId, String op, String payload) throws SQLException {
        ps.setString(1, table);
        ps.setString(2, recordId);
        ps.setString(3, op);
        ps.setString(4, payload);
        ps.setString(5, recordId + "-" + op);
        return ps.executeUpdate();
    }
}
