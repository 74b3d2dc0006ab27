package io.bubblesync.relay.config;

import java.util.Properties;

/**
 * Names of the Supabase Vault secrets ({@code vault.decrypted_secrets}) read at start-up when the value is not
 * configured: the project URL, the service-role key and, when a name is given, the Bubble API key. An empty
 * name turns that lookup off.
 */
public record VaultNames(String supabaseUrl, String serviceRoleKey, String bubbleApiKey) {

    static VaultNames from(Properties p) {
        return new VaultNames(PropertyValues.get(p, "sync.vault.supabase-url"), PropertyValues.get(p, "sync.vault.service-role-key"),
                PropertyValues.get(p, "sync.vault.bubble-api-key"));
    }
}
