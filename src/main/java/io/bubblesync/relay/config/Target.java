package io.bubblesync.relay.config;

import java.util.Locale;
import java.util.Properties;

/**
 * Where rows go ({@code sync.target}): the {@code sync_batch} contract of a bubble_sync function that speaks
 * it, the deployed function's own actions driven as pg_cron did ({@code legacy}), or Bubble's Data API itself.
 */
public enum Target {
    BUBBLE_SYNC("bubble_sync"), LEGACY("legacy"), BUBBLE("bubble");

    private final String configName;

    Target(String configName) {
        this.configName = configName;
    }

    /** The value as written in sync.target. */
    public String configName() {
        return configName;
    }

    static Target from(Properties p) {
        String v = PropertyValues.get(p, "sync.target").toLowerCase(Locale.ROOT);
        if (v.isEmpty()) {
            return BUBBLE_SYNC;
        }
        for (Target t : values()) {
            if (t.configName.equals(v)) {
                return t;
            }
        }
        throw new ConfigurationError("sync.target='" + v + "' is not a target: bubble_sync (a function that speaks sync_batch), legacy (the deployed function's own actions) or bubble (Bubble's Data API)");
    }
}
