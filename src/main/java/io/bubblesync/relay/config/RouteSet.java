package io.bubblesync.relay.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * Which routes the relay runs: the packaged set written in YAML ({@code sync.routes.dsl=yaml}, or a copy of it in
 * {@code sync.routes.dir}) or the same set as Java RouteBuilders ({@code java}), plus the user's own route files
 * ({@code *.camel.yaml}, {@code *.java}) from {@code sync.routes.extra-dir}, loaded beside them.
 */
public record RouteSet(boolean javaDsl, String routesDir, String extraDir) {

    static RouteSet from(Properties p) {
        String dsl = PropertyValues.get(p, "sync.routes.dsl").toLowerCase(Locale.ROOT);
        if (!dsl.isEmpty() && !dsl.equals("yaml") && !dsl.equals("java")) {
            throw new ConfigurationError("sync.routes.dsl='" + dsl + "' must be yaml (routes/*.camel.yaml) or java (the same routes as RouteBuilders)");
        }
        String dir = PropertyValues.get(p, "sync.routes.dir");
        String extra = PropertyValues.get(p, "sync.routes.extra-dir");
        if (dsl.equals("java") && !dir.isEmpty()) {
            throw new ConfigurationError("sync.routes.dir replaces the YAML routes and sync.routes.dsl=java runs the Java ones: "
                    + "choose one, or put your own routes in sync.routes.extra-dir");
        }
        if (!dir.isEmpty() && !Files.isDirectory(Path.of(dir))) {
            throw new ConfigurationError("sync.routes.dir='" + dir + "' is not a folder; point it at a copy of the routes/ folder");
        }
        if (!extra.isEmpty() && !Files.isDirectory(Path.of(extra))) {
            throw new ConfigurationError("sync.routes.extra-dir='" + extra + "' is not a folder; point it at a folder of your own *.camel.yaml / *.java routes");
        }
        return new RouteSet(dsl.equals("java"), dir, extra);
    }
}
