package io.bubblesync.relay.spring;

import com.zaxxer.hikari.HikariDataSource;
import io.bubblesync.relay.config.RelaySettings;
import io.bubblesync.relay.config.SettingsSource;
import io.bubblesync.relay.db.VaultSecrets;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * The relay's settings in a Spring Boot host: the packaged defaults (application.properties in the relay's jar),
 * overridden by every relay key ({@code sync.*}, {@code bubble.*}, {@code supabase.url}) Spring's Environment
 * holds, with its relaxed names (SYNC_CLAIM_LIMIT, SUPABASE_URL) and the aliases BUBBLE_SYNC_URL and
 * SERVICE_ROLE_KEY; an endpoint URL or key still missing is read from Supabase Vault. The wake-up's own LISTEN
 * connection goes to the DataSource's database unless sync.db.url is set.
 */
final class EnvironmentSettings {
    private static final Logger LOG = LoggerFactory.getLogger("bubble-sync");

    private EnvironmentSettings() {
    }

    static RelaySettings from(ConfigurableEnvironment env, DataSource dataSource) {
        Properties p = SettingsSource.load(null, Map.of(), new Properties());
        Set<String> keys = new TreeSet<>(p.stringPropertyNames());
        for (PropertySource<?> source : env.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> enumerable) {
                keys.addAll(Set.of(enumerable.getPropertyNames()));
            }
        }
        for (String key : keys) {
            String value = isRelayKey(key) ? env.getProperty(key) : null;
            if (value != null) {
                p.setProperty(key, value);
            }
        }
        SettingsSource.ALIASES.forEach((variable, key) -> {
            String value = env.getProperty(variable);
            if (value != null && !value.isBlank() && p.getProperty(key, "").isBlank()) {
                p.setProperty(key, value);
            }
        });
        if (p.getProperty("sync.db.url", "").isBlank()) {
            listenTo(p, env, dataSource);
        }
        // what is not configured comes from Supabase Vault over the DataSource, as in the standalone relay
        RelaySettings settings = VaultSecrets.fill(RelaySettings.from(p), dataSource);
        settings.requireEndpoint();
        return settings;
    }

    static boolean isRelayKey(String key) {
        return key.startsWith("sync.") || key.startsWith("bubble.") || key.equals("supabase.url");
    }

    /** The JDBC coordinates of the host's DataSource, for the wake-up's connection of its own (not from the pool). */
    private static void listenTo(Properties p, ConfigurableEnvironment env, DataSource dataSource) {
        String url = env.getProperty("spring.datasource.url", "");
        String user = env.getProperty("spring.datasource.username");
        String password = env.getProperty("spring.datasource.password");
        if (dataSource instanceof HikariDataSource hikari && hikari.getJdbcUrl() != null) {
            url = hikari.getJdbcUrl();
            user = hikari.getUsername();
            password = hikari.getPassword();
        }
        if (!url.startsWith("jdbc:postgresql:")) {
            LOG.warn("bubble-sync: no PostgreSQL JDBC URL for the wake-up's LISTEN connection (set sync.db.url); "
                    + "passes run on sync.processor.cron only");
            p.setProperty("sync.wakeup.enabled", "false");
            return;
        }
        p.setProperty("sync.db.url", url);
        if (user != null) {
            p.setProperty("sync.db.user", user);
        }
        if (password != null) {
            p.setProperty("sync.db.password", password);
        }
    }
}
