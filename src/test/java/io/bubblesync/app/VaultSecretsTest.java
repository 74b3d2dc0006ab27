package io.bubblesync.app;

import io.bubblesync.relay.support.DeployedFunction;
import io.bubblesync.relay.support.SupabaseStandIns;
import io.bubblesync.relay.support.TestPostgres;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VaultSecretsTest {
    private static final String VAULT_KEY = "vault-service-role-key-8d41c7";

    private static Map<String, String> deployment(String dbUrl) {
        Map<String, String> p = new HashMap<>();
        p.put("sync.db.url", dbUrl);
        p.put("camel.management.enabled", "false");
        p.put("sync.http.timeout", "2s");
        return p;
    }

    @Test
    void endpoint_and_key_not_configured_are_read_from_vault_over_the_relays_own_connection() throws Exception {
        String db = TestPostgres.newDatabase();
        assertThat(CliRun.of(Map.of("sync.db.url", db), "migrate").exitCode()).isZero();
        try (DeployedFunction function = new DeployedFunction(db)) {
            function.speakSyncBatch();
            SupabaseStandIns.vault(db);
            SupabaseStandIns.secret(db, "supabase_url", function.projectUrl() + "/");
            SupabaseStandIns.secret(db, "service_role_key", VAULT_KEY);
            SchemaMigrationTest.sql(db, "INSERT INTO sync_queue (table_name, record_id, operation, payload) VALUES ('orders', '1', 'UPDATE', '{}')");

            CliRun once = CliRun.of(deployment(db), "once");

            assertThat(once.exitCode()).as(once.err()).isZero();
            assertThat(once.out()).contains("completed=1");
            assertThat(function.authorizations()).containsExactly("Bearer " + VAULT_KEY);
            assertThat(once.out() + once.err()).doesNotContain(VAULT_KEY);
        }
    }

    @Test
    void a_secret_missing_from_vault_refuses_the_start_with_one_line_naming_it_and_where_the_relay_looked() {
        String db = TestPostgres.newDatabase();
        SupabaseStandIns.vault(db);
        SupabaseStandIns.secret(db, "supabase_url", "http://127.0.0.1:9");

        CliRun run = CliRun.of(deployment(db), "once");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).contains("no service-role key: SERVICE_ROLE_KEY / sync.endpoint.token is not set")
                .contains("vault.decrypted_secrets has no secret named 'service_role_key'").contains("looked in " + db + " as postgres");
    }

    @Test
    void without_a_vault_the_refusal_says_the_database_has_none() {
        String db = TestPostgres.newDatabase();

        CliRun run = CliRun.of(deployment(db), "once");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).contains("no bubble_sync endpoint: SUPABASE_URL / BUBBLE_SYNC_URL / sync.endpoint.url are not set and this database has no vault.decrypted_secrets")
                .contains("no service-role key");
    }

    @Test
    void renamed_secrets_are_read_under_their_configured_names() throws Exception {
        String db = TestPostgres.newDatabase();
        assertThat(CliRun.of(Map.of("sync.db.url", db), "migrate").exitCode()).isZero();
        try (DeployedFunction function = new DeployedFunction(db)) {
            function.speakSyncBatch();
            SupabaseStandIns.vault(db);
            SupabaseStandIns.secret(db, "project_url", function.projectUrl());
            SupabaseStandIns.secret(db, "sr_key", VAULT_KEY);
            SchemaMigrationTest.sql(db, "INSERT INTO sync_queue (table_name, record_id, operation, payload) VALUES ('orders', '1', 'UPDATE', '{}')");
            Map<String, String> p = deployment(db);
            p.put("sync.vault.supabase-url", "project_url");
            p.put("sync.vault.service-role-key", "sr_key");

            CliRun once = CliRun.of(p, "once");

            assertThat(once.exitCode()).as(once.err()).isZero();
            assertThat(function.authorizations()).containsExactly("Bearer " + VAULT_KEY);
        }
    }
}
