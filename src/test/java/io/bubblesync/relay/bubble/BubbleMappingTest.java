package io.bubblesync.relay.bubble;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bubblesync.relay.config.RelaySettings;
import io.bubblesync.relay.config.SettingsSource;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How a table becomes a Bubble type and a payload a Bubble body (pure mapping, no database involved). */
class BubbleMappingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static RelaySettings settings(String... pairs) {
        Properties p = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            p.setProperty(pairs[i], pairs[i + 1]);
        }
        return RelaySettings.from(SettingsSource.load(null, Map.of(), p));
    }

    @Test
    void type_comes_from_the_property_then_sync_config_then_the_deployed_renames_then_the_table_name() {
        BubbleTypes types = new BubbleTypes(settings("sync.bubble.type.listing", "home").bubble());
        SyncConfig configured = new SyncConfig("listing", "flat", true, Map.of(), Map.of(), Set.of());

        assertThat(types.of("listing", configured)).isEqualTo("home");
        assertThat(types.of("rooms", new SyncConfig("rooms", "room", true, Map.of(), Map.of(), Set.of()))).isEqualTo("room");
        assertThat(types.of("bookings_stays", null)).isEqualTo("bookings-stays");
        assertThat(types.of("listing_photo", SyncConfig.none("listing_photo"))).isEqualTo("listing-photo");
        assertThat(types.of("reviews", null)).isEqualTo("reviews");
    }

    @Test
    void body_renames_then_drops_read_only_internal_secret_and_excluded_fields_and_nulls_unless_asked() throws Exception {
        JsonNode payload = JSON.readTree("{\"title\":\"T\",\"_id\":\"s-1\",\"Created Date\":\"x\",\"bubble_id\":\"b\",\"updated_at\":\"x\","
                + "\"password_hash\":\"h\",\"refresh_token\":\"r\",\"stripe_secret\":\"s\",\"owner_email\":\"o\",\"price\":null,\"rooms\":3}");
        SyncConfig config = new SyncConfig("listing", null, true, Map.of(), Map.of("title", "Name"), Set.of("owner_email"));

        ObjectNode create = new BubbleBody("bubble_id", false).of(payload, config, false);
        ObjectNode patchWithNulls = new BubbleBody("bubble_id", true).of(payload, config, true);

        assertThat(create.fieldNames()).toIterable().containsExactlyInAnyOrder("Name", "rooms");
        assertThat(patchWithNulls.fieldNames()).toIterable().containsExactlyInAnyOrder("Name", "rooms", "price");
        assertThat(patchWithNulls.get("price").isNull()).isTrue();
        assertThat(new BubbleBody("bubble_id", true).of(payload, config, false).has("price")).as("a create never sends nulls").isFalse();
    }

    @Test
    void sync_config_disables_by_table_or_operation_with_the_reason() {
        SyncConfig off = new SyncConfig("user", null, false, Map.of(), Map.of(), Set.of());
        SyncConfig noDeletes = new SyncConfig("listing", null, true, Map.of("delete", false), Map.of(), Set.of());

        assertThat(off.skipReason("INSERT")).get().asString().contains("enabled is false");
        assertThat(noDeletes.skipReason("DELETE")).get().asString().contains("sync_on_delete is false");
        assertThat(noDeletes.skipReason("UPDATE")).isEmpty();
        assertThat(new SyncConfig("user", null, true, Map.of("insert", false), Map.of(), Set.of()).skipReason("SIGNUP_ATOMIC")).isPresent();
    }
}
