package io.bubblesync.relay.camel;

import io.bubblesync.relay.config.ConfigurationError;
import io.bubblesync.relay.config.RelaySettings;
import io.bubblesync.relay.ops.SiteGuard;
import io.bubblesync.relay.routes.ExchangeKeys;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;

/**
 * The relay as a camel-main application: its routes ({@link RelayRoutes}: YAML or Java DSL, plus the user's
 * files from sync.routes.extra-dir), the beans of
 * {@link RelayConfiguration}, and the settings as property placeholders.
 */
public class RelayRuntime implements AutoCloseable {
    private final Main main;
    private ProducerTemplate template;

    public RelayRuntime(RelaySettings settings, DataSource dataSource) {
        main = new Main();
        main.setOverrideProperties(settings.camelProperties());
        RelayConfiguration configuration = new RelayConfiguration(settings, dataSource);
        main.bind("metricsRegistry", configuration.metricsRegistry());
        // the management port refuses other sites: SiteGuard before every path (/admin, /dashboard, /observe)
        main.bind("mainHttpServerFactory", new GuardedManagementServer(new SiteGuard(
                settings.raw().getProperty("camel.management.host", "127.0.0.1"), settings.raw().getProperty("sync.admin.allowed-hosts", ""))));
        main.configure().addConfiguration(configuration);
        main.configure().addRoutesBuilder(new RelayRoutes(settings.routes(), true));
    }

    /** Starts the routes and returns; use {@link #close()} to stop. */
    public RelayRuntime start() {
        try {
            main.start();
        } catch (RuntimeException e) {
            ConfigurationError refusal = RelayRoutes.refusal(e, main.getCamelContext());
            throw refusal != null ? refusal : e;
        }
        return this;
    }

    /** Runs until SIGTERM / Ctrl-C, then stops gracefully. */
    public void runUntilStopped() throws Exception {
        try {
            main.run();
        } catch (Exception e) {
            ConfigurationError refusal = RelayRoutes.refusal(e, main.getCamelContext());
            throw refusal != null ? refusal : e;
        }
    }

    /** Runs one pass (claiming again while rows are due) of the given job and returns what it did. */
    public PassTally pass(String job) {
        Exchange done = template().send("direct:pass", ex -> ex.setProperty(ExchangeKeys.JOB, job));
        if (done.getException() != null) {
            throw new IllegalStateException("pass " + job + " failed: " + done.getException().getMessage(), done.getException());
        }
        return done.getMessage().getBody(PassTally.class);
    }

    private synchronized ProducerTemplate template() {
        if (template == null) {
            template = context().createProducerTemplate();
        }
        return template;
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    @Override
    public void close() {
        main.stop();
    }
}
