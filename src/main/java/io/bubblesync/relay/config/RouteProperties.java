package io.bubblesync.relay.config;

import java.util.List;
import java.util.Properties;

/**
 * What the relay's routes read as {{placeholders}}: the configured properties plus values derived from the
 * settings. Secrets are left out: no route needs one (each key is added by its own HTTP client), and
 * placeholders are readable by every route in the context, a user's or a host's included.
 */
final class RouteProperties {
    /** Keys whose values are secrets; more may be added by targets (their keys end in these suffixes too). */
    static final List<String> SECRET_SUFFIXES = List.of(".token", ".password", ".key", ".secret");

    private RouteProperties() {
    }

    static Properties of(RelaySettings settings, Properties raw) {
        Properties p = new Properties();
        for (String key : raw.stringPropertyNames()) {
            if (!isSecret(key)) {
                p.setProperty(key, raw.getProperty(key));
            }
        }
        p.setProperty("sync.endpoint.url", settings.endpointUrl());
        p.setProperty("sync.instance.id", settings.instanceId());
        // no packaged route reads this any more (the quickRedelivery bean does); kept for copies of routes/ made before
        p.setProperty("sync.http.redelivery-delay-ms", Long.toString(settings.redeliveryDelay().toMillis()));
        p.setProperty("sync.operations", String.join(",", settings.operations()));
        // durations reach the routes in ISO-8601 (PT5M), which Camel's options and PostgreSQL's interval both read,
        // whatever way the operator wrote them (5m, 300, PT5M)
        p.setProperty("sync.lease", settings.lease().toString());
        p.setProperty("sync.bubble.schema-refresh", settings.bubble().schemaRefresh().toString());
        // no packaged route reads these two any more; kept for copies of routes/ made before
        p.setProperty("sync.lease-seconds", Long.toString(settings.lease().toSeconds()));
        p.setProperty("sync.bubble.schema-refresh-ms", Long.toString(settings.bubble().schemaRefresh().toMillis()));
        p.setProperty("sync.target", settings.target().configName()); // routes compare it lower-case (pass.camel.yaml)
        return p;
    }

    static boolean isSecret(String key) {
        return SECRET_SUFFIXES.stream().anyMatch(key::endsWith);
    }
}
