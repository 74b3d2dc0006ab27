package io.bubblesync.relay.config;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SettingsSourceTest {
    @Test
    void environment_aliases_and_upper_snake_names_override_defaults_and_system_properties_win() {
        Properties system = new Properties();
        system.setProperty("sync.batch.size", "3");
        Map<String, String> env = Map.of(
                "SUPABASE_URL", "https://abc.supabase.co/",
                "SERVICE_ROLE_KEY", "service-key-1234",
                "SYNC_CLAIM_LIMIT", "50",
                "SYNC_BATCH_SIZE", "7");

        RelaySettings s = RelaySettings.from(SettingsSource.load(null, env, system));

        assertThat(s.endpointUrl()).isEqualTo("https://abc.supabase.co/functions/v1/bubble_sync");
        assertThat(s.token().reveal()).isEqualTo("service-key-1234");
        assertThat(s.token().toString()).isEqualTo("***");
        assertThat(s.claimLimit()).isEqualTo(50);
        assertThat(s.batchSize()).isEqualTo(3);
        assertThat(s.httpTimeout().toSeconds()).isEqualTo(30);
        assertThat(s.backoff()).hasSize(5);
        assertThat(s.toString()).doesNotContain("service-key-1234");
    }

    @Test
    void bubble_sync_url_alias_wins_over_the_derived_endpoint() {
        RelaySettings s = RelaySettings.from(SettingsSource.load(null,
                Map.of("SUPABASE_URL", "https://abc.supabase.co", "BUBBLE_SYNC_URL", "https://edge.example/sync"), new Properties()));

        assertThat(s.endpointUrl()).isEqualTo("https://edge.example/sync");
    }
}
