package io.bubblesync.relay.camel;

import io.bubblesync.relay.config.RelaySettings;
import java.util.Collection;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;

/**
 * The relay inside a Camel application of your own: binds the relay's beans, its metrics registry and
 * its settings as property placeholders into your context, and loads its YAML routes. Call before the
 * context starts. The admin routes need camel-main's management server, so they are left out here.
 */
public final class EmbeddedRelay {
    private EmbeddedRelay() {
    }

    public static void install(CamelContext host, RelaySettings settings, DataSource dataSource) throws Exception {
        RelayConfiguration configuration = new RelayConfiguration(settings, dataSource);
        host.getPropertiesComponent().setOverrideProperties(settings.camelProperties());
        host.getRegistry().bind("metricsRegistry", configuration.metricsRegistry());
        configuration.configure(host);
        String pattern = RelayRuntime.routesPattern(settings);
        Collection<Resource> routes = PluginHelper.getPackageScanResourceResolver(host).findResources(pattern).stream()
                .filter(r -> !r.getLocation().replaceAll(".*[/\\\\]", "").startsWith("admin")) // admin*.camel.yaml
                .toList();
        PluginHelper.getRoutesLoader(host).loadRoutes(routes);
    }
}
