package io.bubblesync.relay.db;

import io.bubblesync.relay.config.ConfigurationError;
import io.bubblesync.relay.config.RelaySettings;
import io.bubblesync.relay.config.ShownJdbcUrl;
import io.bubblesync.relay.config.Target;
import io.bubblesync.relay.config.VaultNames;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Secrets from Supabase Vault ({@code vault.decrypted_secrets}), where pg_cron's jobs read them: at start-up,
 * what is not configured (endpoint URL, service-role key, Bubble API key when sync.vault.bubble-api-key names
 * one) is read over the relay's own connection. Values are never logged; a secret still missing refuses the
 * start with one line naming it and where the relay looked.
 */
public final class VaultSecrets {
    public static final String VIEW = "vault.decrypted_secrets";
    private static final SqlFile READ = SqlFile.load("vault-secrets.sql");
    private static final Logger LOG = LoggerFactory.getLogger("bubble-sync");

    /** What a lookup found (name → value), or why the view could not be read (null when it was). */
    public record Lookup(Map<String, String> found, String problem) {
    }

    private VaultSecrets() {
    }

    public static Lookup read(DataSource ds, List<String> names) {
        Map<String, String> found = new HashMap<>();
        try {
            // once at start-up, over a host's DataSource in Spring Boot: unprepared, whatever its URL says
            for (Map<String, Object> row : READ.query(new UnpreparedConnections(ds), (Object) names.toArray(String[]::new))) {
                if (row.get("decrypted_secret") != null) {
                    found.put(String.valueOf(row.get("name")), String.valueOf(row.get("decrypted_secret")));
                }
            }
            return new Lookup(found, null);
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            String problem = state.equals("42P01") || state.equals("3F000") ? "this database has no " + VIEW
                    : state.equals("42501") ? "the relay's database user may not read " + VIEW
                    : VIEW + " could not be read (" + Database.rootMessage(e) + ")";
            return new Lookup(found, problem);
        }
    }

    /** The settings with what was missing filled from Vault; refuses (ConfigurationError) when a needed secret is not there. */
    public static RelaySettings fill(RelaySettings settings, DataSource ds) {
        VaultNames names = settings.vault();
        boolean function = settings.target() != Target.BUBBLE;
        Map<String, String> wanted = new LinkedHashMap<>(); // vault name -> property it fills
        if (function && settings.endpointUrl().isEmpty() && !names.supabaseUrl().isEmpty()) {
            wanted.put(names.supabaseUrl(), "supabase.url");
        }
        if (function && settings.token().isEmpty() && !names.serviceRoleKey().isEmpty()) {
            wanted.put(names.serviceRoleKey(), "sync.endpoint.token");
        }
        if (!names.bubbleApiKey().isEmpty() && settings.raw().getProperty("bubble.api.key", "").isBlank()) {
            wanted.put(names.bubbleApiKey(), "bubble.api.key");
        }
        if (wanted.isEmpty()) {
            return settings;
        }
        Lookup lookup = read(ds, new ArrayList<>(wanted.keySet()));
        RelaySettings filled = settings;
        List<String> used = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, String> w : wanted.entrySet()) {
            String value = lookup.found().get(w.getKey());
            if (value != null && !value.isBlank()) {
                filled = filled.with(w.getValue(), value.trim());
                used.add(w.getKey());
            } else if (!w.getValue().equals("bubble.api.key") || settings.target() == Target.BUBBLE) {
                missing.add(missing(w.getValue()) + " and " + (lookup.problem() != null ? lookup.problem()
                        : VIEW + " has no secret named '" + w.getKey() + "'"));
            }
        }
        if (!missing.isEmpty()) {
            throw new ConfigurationError(String.join("; ", missing) + " (looked in " + ShownJdbcUrl.of(settings.dbUrl()) + " as " + settings.dbUser() + ")");
        }
        if (!used.isEmpty()) {
            LOG.info("secrets: {} read from {}", used.stream().sorted().toList(), VIEW);
        }
        return filled;
    }

    private static String missing(String property) {
        return switch (property) {
            case "supabase.url" -> "no bubble_sync endpoint: SUPABASE_URL / BUBBLE_SYNC_URL / sync.endpoint.url are not set";
            case "sync.endpoint.token" -> "no service-role key: SERVICE_ROLE_KEY / sync.endpoint.token is not set";
            default -> "no Bubble API key: bubble.api.key is not set";
        };
    }
}
