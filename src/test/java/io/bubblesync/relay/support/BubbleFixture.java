package io.bubblesync.relay.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bubblesync.relay.dev.emulator.BubbleEmulator;
import io.bubblesync.relay.dev.emulator.EmulatorOptions;
import io.bubblesync.relay.dev.emulator.RecordedRequest;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * A relay with {@code sync.target=bubble} against the Bubble emulator over real HTTP, on a real database with the
 * source tables {@code listing} (text key) and {@code "user"} (uuid key), both with {@code _id} and
 * {@code bubble_id}, and a {@code sync_config} that maps listing's {@code title} → {@code Name} and
 * {@code price} → {@code Price} and excludes {@code owner_email}.
 */
public final class BubbleFixture implements AutoCloseable {
    public static final String KEY = "bubble-test-key-7d2e91c4aa03";
    private static final ObjectMapper JSON = new ObjectMapper();

    public final BubbleEmulator bubble;
    public final RelayHarness relay;

    private BubbleFixture(BubbleEmulator bubble, RelayHarness relay) {
        this.bubble = bubble;
        this.relay = relay;
    }

    public static Properties defaults(BubbleEmulator bubble) {
        Properties p = RelayHarness.defaults("http://127.0.0.1:9/functions/v1/bubble_sync");
        p.setProperty("sync.target", "bubble");
        p.setProperty("bubble.api.url", bubble.baseUrl());
        p.setProperty("bubble.api.key", bubble.apiKey());
        p.setProperty("sync.claim.limit", "50");
        return p;
    }

    public static BubbleFixture start() throws Exception {
        BubbleEmulator bubble = BubbleEmulator.start(EmulatorOptions.defaults().apiKey(KEY));
        return start(bubble, defaults(bubble));
    }

    public static BubbleFixture start(BubbleEmulator bubble, Properties p) {
        RelayHarness relay = RelayHarness.start(p);
        relay.update("CREATE TABLE listing (_id text PRIMARY KEY, bubble_id text, title text, price numeric, "
                + "owner_email text, password_hash text, created_at timestamptz DEFAULT now())");
        relay.update("CREATE TABLE \"user\" (_id uuid PRIMARY KEY, bubble_id text, email text, name text, access_token text)");
        relay.update("CREATE TABLE sync_config (supabase_table text UNIQUE, bubble_workflow text, bubble_object_type text, "
                + "enabled boolean DEFAULT true, sync_on_insert boolean DEFAULT true, sync_on_update boolean DEFAULT true, "
                + "sync_on_delete boolean DEFAULT true, field_mapping jsonb, excluded_fields text[])");
        relay.update("INSERT INTO sync_config (supabase_table, bubble_object_type, field_mapping, excluded_fields) VALUES "
                + "('listing', 'listing', '{\"title\":\"Name\",\"price\":\"Price\"}', '{owner_email}')");
        return new BubbleFixture(bubble, relay);
    }

    /** A listing row in the source table and its INSERT in the queue; returns the queue row's id. */
    public UUID insertListing(String id, String title, double price) {
        relay.update("INSERT INTO listing (_id, title, price, owner_email, password_hash) VALUES (?, ?, ?, 'o@x.io', 'h4sh')", id, title, price);
        return relay.insert("listing", id, "INSERT", "{\"_id\":\"" + id + "\",\"title\":\"" + title + "\",\"price\":" + price
                + ",\"owner_email\":\"o@x.io\",\"password_hash\":\"h4sh\",\"bubble_id\":null,\"created_at\":\"2026-11-28T12:00:00Z\"}");
    }

    public UUID insertUser(UUID id, String email) {
        relay.update("INSERT INTO \"user\" (_id, email, name, access_token) VALUES (?, ?, 'Ann', 'tok-secret')", id, email);
        return relay.insert("user", id.toString(), "INSERT", "{\"_id\":\"" + id + "\",\"email\":\"" + email + "\",\"name\":\"Ann\",\"access_token\":\"tok-secret\"}");
    }

    public String bubbleId(String table, Object key) {
        List<Map<String, Object>> rows = relay.query("SELECT bubble_id FROM " + table + " WHERE _id = ?", key);
        return rows.isEmpty() ? null : (String) rows.get(0).get("bubble_id");
    }

    public List<RecordedRequest> requests(String method) {
        return bubble.requests().stream().filter(r -> r.method().equals(method)).toList();
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        relay.close();
        bubble.close();
    }
}
