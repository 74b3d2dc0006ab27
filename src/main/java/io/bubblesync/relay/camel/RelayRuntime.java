package io.bubblesync.relay.camel;

import io.bubblesync.relay.config.RelaySettings;
import io.bubblesync.relay.config.Target;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;

/**
 * The relay as a camel-main application: YAML routes (packaged, or from sync.routes.dir), the beans of
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
        main.configure().addConfiguration(configuration);
        main.configure().withRoutesIncludePattern(routesPattern(settings));
        main.configure().withRoutesExcludePattern(bubbleRoutes(settings) ? BUBBLE_SYNC_ROUTES : BUBBLE_ROUTES);
    }

    /** The Bubble target's routes (bubble-*.camel.yaml): loaded only with sync.target=bubble, whose beans they use. */
    static final String BUBBLE_ROUTES = "**/bubble-*.camel.yaml";
    /** The routes calling the function (bubble_sync, legacy) with bubble-sync-http, which sync.target=bubble has not. */
    static final String BUBBLE_SYNC_ROUTES = "**/post-batch.camel.yaml,**/legacy-*.camel.yaml";

    static boolean bubbleRoutes(RelaySettings settings) {
        return settings.target() == Target.BUBBLE;
    }

    /** Whether a route file belongs to the configured target (the others' routes are not loaded). */
    static boolean forTarget(RelaySettings settings, String location) {
        boolean bubbleFile = location.matches(".*/bubble-[^/]*\\.camel\\.yaml");
        boolean bubbleSyncFile = location.endsWith("/post-batch.camel.yaml") || location.matches(".*/legacy-[^/]*\\.camel\\.yaml");
        return bubbleRoutes(settings) ? !bubbleSyncFile : !bubbleFile;
    }

    static String routesPattern(RelaySettings settings) {
        String dir = settings.routesDir();
        if (dir.isEmpty()) {
            return "classpath:bubble-sync/routes/*.camel.yaml";
        }
        return "file:" + (dir.endsWith("/") ? dir : dir + "/") + "*.camel.yaml";
    }

    /** Starts the routes and returns; use {@link #close()} to stop. */
    public RelayRuntime start() {
        main.start();
        return this;
    }

    /** Runs until SIGTERM / Ctrl-C, then stops gracefully. */
    public void runUntilStopped() throws Exception {
        main.run();
    }

    /** Runs one pass (claiming again while rows are due) of the given job and returns what it did. */
    public PassTally pass(String job) {
        if (template == null) {
            template = context().createProducerTemplate();
        }
        Exchange done = template.send("direct:pass", ex -> ex.setProperty("job", job));
        if (done.getException() != null) {
            throw new IllegalStateException("pass " + job + " failed: " + done.getException().getMessage(), done.getException());
        }
        return done.getMessage().getBody(PassTally.class);
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    @Override
    public void close() {
        main.stop();
    }
}
