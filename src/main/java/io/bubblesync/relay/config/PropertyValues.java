package io.bubblesync.relay.config;

import java.util.Properties;

/** Reads one typed value from the layered properties, or fails with a one-line {@link ConfigurationError}. */
final class PropertyValues {
    private PropertyValues() {
    }

    static String get(Properties p, String key) {
        return p.getProperty(key, "").trim();
    }


    static boolean bool(Properties p, String key) {
        String v = get(p, key);
        if (!v.equals("true") && !v.equals("false")) {
            throw new ConfigurationError(key + "='" + v + "' must be true or false");
        }
        return Boolean.parseBoolean(v);
    }

    static int integer(Properties p, String key) {
        try {
            return Integer.parseInt(get(p, key));
        } catch (NumberFormatException e) {
            throw new ConfigurationError(key + "='" + get(p, key) + "' must be a whole number");
        }
    }

    static int positive(Properties p, String key) {
        int v = integer(p, key);
        if (v < 1) {
            throw new ConfigurationError(key + "=" + v + " must be at least 1");
        }
        return v;
    }

    static double decimal(Properties p, String key) {
        try {
            return Double.parseDouble(get(p, key));
        } catch (NumberFormatException e) {
            throw new ConfigurationError(key + "='" + get(p, key) + "' must be a number");
        }
    }
}
