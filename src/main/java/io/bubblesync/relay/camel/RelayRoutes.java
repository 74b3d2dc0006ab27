package io.bubblesync.relay.camel;

import io.bubblesync.relay.config.ConfigurationError;
import io.bubblesync.relay.config.OneLine;
import io.bubblesync.relay.config.RouteSet;
import io.bubblesync.relay.routes.JavaRoutes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.FailedToStartRouteException;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * Adds the relay's routes to a context as {@link RouteSet} says: the packaged YAML (or sync.routes.dir), or the
 * same set as Java RouteBuilders, then the user's own files from sync.routes.extra-dir, one at a time, so a
 * file that does not load refuses start-up with one line naming it.
 */
public final class RelayRoutes implements RoutesBuilder {
    private final RouteSet set;
    private final boolean withAdmin;

    public RelayRoutes(RouteSet set, boolean withAdmin) {
        this.set = set;
        this.withAdmin = withAdmin;
    }

    @Override
    public void addRoutesToCamelContext(CamelContext context) throws Exception {
        if (set.javaDsl()) {
            for (RoutesBuilder builder : JavaRoutes.builders(withAdmin)) {
                context.addRoutes(builder);
            }
        } else {
            List<Resource> routes = PluginHelper.getPackageScanResourceResolver(context).findResources(yamlPattern(set)).stream()
                    .filter(r -> withAdmin || !r.getLocation().replaceAll(".*[/\\\\]", "").startsWith("admin")) // admin*.camel.yaml
                    .toList();
            PluginHelper.getRoutesLoader(context).loadRoutes(routes);
        }
        for (Path file : extraFiles(set)) {
            try {
                PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveMandatoryResource(context, "file:" + file));
            } catch (Exception e) {
                throw new ConfigurationError("sync.routes.extra-dir: " + file + " does not load: " + OneLine.of(e));
            }
        }
    }

    @Override
    public void addTemplatedRoutesToCamelContext(CamelContext context) {
        // no route templates
    }

    @Override
    public Set<String> updateRoutesToCamelContext(CamelContext context) {
        return Set.of();
    }

    /** Where the YAML routes are: packaged in the jar, or the copy in sync.routes.dir. */
    static String yamlPattern(RouteSet set) {
        String dir = set.routesDir();
        if (dir.isEmpty()) {
            return "classpath:bubble-sync/routes/*.camel.yaml";
        }
        return "file:" + (dir.endsWith("/") ? dir : dir + "/") + "*.camel.yaml";
    }

    /** The user's route files, in name order: *.camel.yaml and *.java. */
    static List<Path> extraFiles(RouteSet set) throws IOException {
        if (set.extraDir().isEmpty()) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(Path.of(set.extraDir()))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".camel.yaml") || f.getFileName().toString().endsWith(".java"))
                    .sorted().toList();
        }
    }

    /**
     * What a failed start-up is reported as: the configuration error in it (a route file that does not load), or,
     * when a route loaded from a file cannot be created or started (an unknown component, a missing bean), one line
     * naming that file; null when the failure is about neither.
     */
    public static ConfigurationError refusal(Throwable e, CamelContext context) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof ConfigurationError error) {
                return error;
            }
            String routeId = c instanceof FailedToCreateRouteException f ? f.getRouteId()
                    : c instanceof FailedToStartRouteException f ? f.getRouteId() : null;
            RouteDefinition route = routeId == null || context == null ? null : ((ModelCamelContext) context).getRouteDefinition(routeId);
            if (route != null && route.getResource() != null && route.getResource().getLocation().startsWith("file:")) {
                return new ConfigurationError(route.getResource().getLocation().substring("file:".length()) + ": route '" + routeId
                        + "' cannot start: " + OneLine.of(c));
            }
        }
        return null;
    }
}
