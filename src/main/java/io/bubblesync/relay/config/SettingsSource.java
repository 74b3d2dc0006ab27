package io.bubblesync.relay.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Layers the configuration: packaged application.properties, then an optional file, then
 * environment variables (upper-snake names and the documented aliases), then -D system properties.
 */
public final class SettingsSource {
    /** The packaged defaults: the top-level application.properties, under a path no host application uses. */
    public static final String PACKAGED = "bubble-sync/application.properties";

    /** Environment variables the origin deployments already use, and the property each one sets. */
    public static final Map<String, String> ALIASES = Map.of(
            "SUPABASE_URL", "supabase.url",
            "BUBBLE_SYNC_URL", "sync.endpoint.url",
            "SERVICE_ROLE_KEY", "sync.endpoint.token",
            "BUBBLE_API_URL", "bubble.api.url",
            "BUBBLE_API_KEY", "bubble.api.key");

    private SettingsSource() {
    }

    public static Properties load(Path extraFile, Map<String, String> env, Properties system) {
        Properties merged = new Properties();
        try (InputStream in = SettingsSource.class.getClassLoader().getResourceAsStream(PACKAGED)) {
            if (in != null) {
                merged.load(in);
            }
        } catch (IOException e) {
            throw new ConfigurationError("cannot read the packaged application.properties: " + e.getMessage());
        }
        if (extraFile != null) {
            try (Reader in = Files.newBufferedReader(extraFile)) {
                merged.load(in);
            } catch (IOException e) {
                throw new ConfigurationError("cannot read --config " + extraFile + ": " + e.getMessage());
            }
        }
        ALIASES.forEach((var, key) -> {
            String value = env.get(var);
            if (value != null && !value.isBlank()) {
                merged.setProperty(key, value);
            }
        });
        for (String key : merged.stringPropertyNames()) {
            String value = env.get(envName(key));
            if (value != null) {
                merged.setProperty(key, value);
            }
        }
        for (String key : system.stringPropertyNames()) {
            if (key.startsWith("sync.") || key.startsWith("camel.") || key.startsWith("bubble.") || key.equals("supabase.url")) {
                merged.setProperty(key, system.getProperty(key));
            }
        }
        return merged;
    }

    public static Properties loadDefault(Path extraFile) {
        return load(extraFile, System.getenv(), System.getProperties());
    }

    /** Whether the relay reads this environment variable: an alias, or the upper-snake name of a packaged key. */
    public static boolean readsVariable(String name) {
        return ALIASES.containsKey(name) || load(null, Map.of(), new Properties()).stringPropertyNames().stream()
                .anyMatch(key -> envName(key).equals(name));
    }

    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
