package io.bubblesync.relay.spring;

import io.bubblesync.relay.camel.EmbeddedRelay;
import io.bubblesync.relay.config.RelaySettings;
import io.bubblesync.relay.db.Schema;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the relay into Spring's CamelContext just before it starts: schema (migrated or checked, as
 * sync.schema.migrate-on-start says), then {@link EmbeddedRelay#install} with Spring's DataSource and meter registry.
 * Both work through a transaction pooler whatever the DataSource's URL says: the schema's statements go unprepared
 * ({@link Schema}), and EmbeddedRelay measures the path of the connections it borrows.
 */
final class RelayInstaller implements CamelContextConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger("bubble-sync");

    private final RelaySettings settings;
    private final DataSource dataSource;
    private final Supplier<MeterRegistry> meters;

    RelayInstaller(RelaySettings settings, DataSource dataSource, Supplier<MeterRegistry> meters) {
        this.settings = settings;
        this.dataSource = dataSource;
        this.meters = meters;
    }

    @Override
    public void beforeApplicationStart(CamelContext context) {
        if (settings.migrateOnStart()) {
            LOG.info("schema: {} migration(s) applied", Schema.migrate(dataSource));
        } else {
            Schema.check(dataSource);
        }
        MeterRegistry registry = meters.get();
        try {
            EmbeddedRelay.install(context, settings, dataSource, registry);
        } catch (Exception e) {
            throw new IllegalStateException("bubble-sync relay could not be installed: " + e.getMessage(), e);
        }
        LOG.info("bubble-sync relay installed in CamelContext {}: endpoint {}, instance {}, metrics in {}",
                context.getName(), settings.endpointUrl(), settings.instanceId(),
                registry == null ? "its own Prometheus registry" : registry.getClass().getSimpleName());
    }

    @Override
    public void afterApplicationStart(CamelContext context) {
        // nothing: the routes, the crons and the wake-up started with the context
    }
}
