package io.bubblesync.relay.bubble;

import io.bubblesync.relay.config.BubbleSettings;
import java.util.Map;

/**
 * The Bubble type a table's rows become: {@code sync.bubble.type.<table>}, else sync_config.bubble_object_type,
 * else the deployed bubble_sync function's renames, else the table name itself.
 */
public final class BubbleTypes {
    /** The renames the deployed function made; any other name was used as it is. */
    static final Map<String, String> RENAMES = Map.of(
            "bookings_stays", "bookings-stays",
            "bookings_leases", "bookings-leases",
            "listing_photo", "listing-photo");

    private final BubbleSettings settings;

    public BubbleTypes(BubbleSettings settings) {
        this.settings = settings;
    }

    /** The tables the deployed function renamed (doctor checks them when they exist). */
    public static java.util.Set<String> renamedTables() {
        return RENAMES.keySet();
    }

    public String of(String table, SyncConfig config) {
        String configured = settings.configuredType(table);
        if (configured != null) {
            return configured;
        }
        if (config != null && config.bubbleType() != null) {
            return config.bubbleType();
        }
        return RENAMES.getOrDefault(table, table);
    }
}
