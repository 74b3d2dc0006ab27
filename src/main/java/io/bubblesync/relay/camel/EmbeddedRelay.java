package io.bubblesync.relay.camel;

import com.zaxxer.hikari.HikariDataSource;
import io.bubblesync.relay.config.RelaySettings;
import io.bubblesync.relay.config.ShownJdbcUrl;
import io.bubblesync.relay.db.ConnectionPath;
import io.bubblesync.relay.db.Database;
import io.bubblesync.relay.db.HostConnections;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Properties;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Ordered;
import org.apache.camel.spi.PropertiesSource;

/**
 * The relay inside a Camel application of your own: binds the relay's beans, its metrics registry (or puts its
 * meters into yours), its own HTTP component and its settings (as a properties source of its own, answering only
 * the relay's keys) into your context, and adds its routes (YAML, or the Java DSL with sync.routes.dsl=java, plus
 * sync.routes.extra-dir). The connections it borrows from your DataSource carry sync.db.statement-timeout and
 * sync.db.socket-timeout while it holds them, and get your values back before they return to your pool
 * ({@link HostConnections}); when they go through a transaction pooler, nothing the relay does on them rests on a
 * session (measured on your Hikari pool's URL, or on sync.db.url). Call before the context starts. It adds and never replaces: your components, their
 * configuration, your properties and placeholders stay as they were. The admin routes need camel-main's
 * management server, so they are left out here.
 */
public final class EmbeddedRelay {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("bubble-sync");
    private EmbeddedRelay() {
    }

    public static void install(CamelContext host, RelaySettings settings, DataSource dataSource) throws Exception {
        install(host, settings, dataSource, null);
    }

    /** As above, with the relay's metrics in the host's meter registry (null: a Prometheus registry of its own). */
    public static void install(CamelContext host, RelaySettings settings, DataSource dataSource, MeterRegistry meters)
            throws Exception {
        // the host's pool, with the relay's statement and socket timeouts on the connections it borrows, kept without
        // session state when those connections go through a transaction pooler
        RelayConfiguration configuration = new RelayConfiguration(settings,
                new HostConnections(dataSource, settings.database(), path(settings, dataSource)), meters);
        host.getPropertiesComponent().addPropertiesSource(new RelayPropertiesSource(settings.camelProperties()));
        if (meters == null) {
            host.getRegistry().bind("metricsRegistry", configuration.metricsRegistry());
        }
        configuration.configure(host);
        host.addRoutes(new RelayRoutes(settings.routes(), false));
    }

    /**
     * The path of the connections the relay borrows ({@link ConnectionPath}): measured on the host's Hikari pool's
     * own URL and credentials, else on sync.db.url; without either, or when it cannot be measured, direct.
     */
    private static ConnectionPath path(RelaySettings settings, DataSource dataSource) {
        HikariDataSource hikari = hikari(dataSource);
        String url = hikari != null ? hikari.getJdbcUrl() : settings.dbUrl();
        if (url.isEmpty()) {
            return ConnectionPath.ASSUMED_DIRECT;
        }
        try {
            ConnectionPath path = hikari != null ? Database.path(settings, hikari) : Database.path(settings);
            if (path.transactionPooled()) {
                LOG.info(path.borrowedLine());
            }
            return path;
        } catch (RuntimeException e) {
            LOG.warn("bubble-sync: could not measure the path to {} ({}); the connections the relay borrows are treated as "
                    + "direct (behind a transaction pooler, put prepareThreshold=0 in the DataSource's URL)", ShownJdbcUrl.of(url), e.getMessage());
            return ConnectionPath.ASSUMED_DIRECT;
        }
    }

    /** The host's pool when it is Hikari's with a JDBC URL (Spring Boot's default), unwrapped from a delegating DataSource. */
    private static HikariDataSource hikari(DataSource dataSource) {
        try {
            if (dataSource.isWrapperFor(HikariDataSource.class)) {
                HikariDataSource hikari = dataSource.unwrap(HikariDataSource.class);
                return hikari.getJdbcUrl() == null ? null : hikari;
            }
        } catch (java.sql.SQLException | RuntimeException e) {
            // not Hikari's: sync.db.url it is
        }
        return null;
    }

    /**
     * The relay's placeholders ({@code sync.*}, {@code bubble.*}) for its routes, looked up after the host's
     * override properties and before the host's other sources; every other key is the host's alone.
     */
    static final class RelayPropertiesSource implements PropertiesSource, Ordered {
        private final Properties properties;

        RelayPropertiesSource(Properties properties) {
            this.properties = properties;
        }

        @Override
        public String getName() {
            return "bubble-sync-relay";
        }

        @Override
        public String getProperty(String name) {
            return name.startsWith("sync.") || name.startsWith("bubble.") ? properties.getProperty(name) : null;
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST;
        }
    }
}
