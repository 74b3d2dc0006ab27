package io.bubblesync.app;

import com.zaxxer.hikari.HikariDataSource;
import io.bubblesync.relay.config.ConfigurationError;
import io.bubblesync.relay.config.RelaySettings;
import io.bubblesync.relay.config.SettingsSource;
import io.bubblesync.relay.db.ConnectionPath;
import io.bubblesync.relay.db.Database;
import io.bubblesync.relay.db.Schema;
import io.bubblesync.relay.config.Target;
import io.bubblesync.relay.db.VaultSecrets;
import io.bubblesync.relay.dev.BubbleDemoRows;
import io.bubblesync.relay.dev.DemoRows;
import io.bubblesync.relay.dev.emulator.BubbleEmulator;
import io.bubblesync.relay.dev.emulator.EmulatorOptions;
import io.bubblesync.relay.dev.DevDatabase;
import io.bubblesync.relay.dev.SandboxEndpoint;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a command needs before it works: checked settings, dev mode when no database is configured
 * (run and once only), the connection pool, and a current schema. Closes what it opened, in reverse order, also when
 * the JVM is told to stop (SIGTERM, Ctrl-C, the launcher gone), in the order {@link ExitOrder} keeps: the relay first.
 */
final class Startup implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("bubble-sync");

    /** What a command needs from the start-up: the database; it and Bubble's URL and key (reconcile); or a whole relay. */
    enum Needs { DATABASE, BUBBLE, RELAY }

    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    private final ExitOrder exit = new ExitOrder(this::close, this::graceSeconds);
    private RelaySettings settings;
    private HikariDataSource dataSource;
    private ConnectionPath path;
    private String emulatorKey;
    /** Two listings the emulator holds before the relay starts: the demo updates one and deletes the other. */
    private final String[] seeded = new String[2];

    static Startup open(Path config, Needs needs) throws Exception {
        return open(RelaySettings.from(SettingsSource.loadDefault(config)), needs);
    }

    static Startup open(RelaySettings configured, Needs needs) throws Exception {
        Startup s = new Startup();
        try {
            s.start(configured, needs);
            return s;
        } catch (Exception | Error e) {
            s.close();
            throw e;
        }
    }

    RelaySettings settings() {
        return settings;
    }

    HikariDataSource dataSource() {
        return dataSource;
    }

    /** Stopped first when the JVM is told to stop while the command still runs (a relay started without camel-main's own hook). */
    void stopOnExit(AutoCloseable relay) {
        exit.stopFirst(relay);
    }

    /** What stands between the relay and the database, measured before the pool opened. */
    ConnectionPath path() {
        return path;
    }

    private void start(RelaySettings configured, Needs needs) throws Exception {
        settings = configured;
        exit.install();
        boolean dev = settings.devMode();
        if (dev && needs != Needs.RELAY) {
            throw new ConfigurationError("sync.db.url is not set: point SYNC_DB_URL at the database that holds sync_queue");
        }
        if (dev) {
            startDevDatabase();
        }
        boolean bubble = settings.target() == Target.BUBBLE;
        if (needs == Needs.RELAY && dev && bubble && settings.bubble().apiUrl().isEmpty()) {
            startEmulator();
        } else if (needs == Needs.RELAY && dev && !bubble && settings.endpointUrl().isEmpty()) {
            startSandbox();
        }
        path = Database.path(settings);
        if (needs == Needs.RELAY || path.transactionPooled()) {
            LOG.info(path.startupLine(settings.wakeup().pollIntervalText()));
        }
        dataSource = Database.open(settings, path);
        opened.push(dataSource);
        if (needs == Needs.RELAY || needs == Needs.BUBBLE) {
            // what is not configured comes from Supabase Vault, as pg_cron's jobs read it (names: sync.vault.*)
            if (!dev) {
                settings = VaultSecrets.fill(settings, dataSource);
            }
            if (needs == Needs.RELAY) {
                settings.requireEndpoint();
            } else {
                settings.bubble().require();
            }
        }
        if (needs == Needs.RELAY) {
            if (settings.migrateOnStart()) {
                int applied = Schema.migrate(Database.forMigration(settings));
                LOG.info("schema: {} migration(s) applied", applied);
            } else {
                Schema.check(dataSource);
            }
        }
        if (dev && bubble) {
            int rows = BubbleDemoRows.insert(dataSource, settings.devDemoRows(), seeded[0], seeded[1]);
            String url = settings.bubble().apiUrl();
            banner("DEV MODE: embedded PostgreSQL at " + settings.dbUrl() + " (user postgres, no password); " + rows
                    + " demo rows queued (tables listing, \"user\"); Bubble " + (emulatorKey == null ? url : "emulator at " + url
                    + ": curl -H 'Authorization: Bearer " + emulatorKey + "' " + url + "/obj/listing")
                    + ". Set SYNC_DB_URL (and BUBBLE_API_URL, BUBBLE_API_KEY) for a real deployment.");
        } else if (dev) {
            int rows = DemoRows.insert(dataSource, settings.devDemoRows());
            banner("DEV MODE: embedded PostgreSQL at " + settings.dbUrl() + " (user postgres, no password); "
                    + rows + " demo rows inserted; endpoint " + settings.endpointUrl() + dashboard()
                    + ". Set SYNC_DB_URL (and SUPABASE_URL, SERVICE_ROLE_KEY) for a real deployment.");
        }
    }

    /** Where the dashboard is, when the management server is on. */
    private String dashboard() {
        Properties raw = settings.raw();
        return "true".equals(raw.getProperty("camel.management.enabled", "").trim())
                ? "; dashboard http://" + raw.getProperty("camel.management.host", "127.0.0.1").trim() + ":"
                        + raw.getProperty("camel.management.port", "8081").trim() + "/dashboard"
                : "";
    }

    private void startDevDatabase() throws Exception {
        DevDatabase db = DevDatabase.start(settings.devDbPort());
        opened.push(db);
        settings = settings.withDatabase(db.jdbcUrl(), "postgres", "");
    }

    /** Dev mode's Bubble: the emulator on loopback with the demo's types declared, and a throwaway key printed for curl. */
    private void startEmulator() throws Exception {
        BubbleEmulator emulator = BubbleEmulator.start(EmulatorOptions.defaults().logRequests(true));
        opened.push(emulator);
        BubbleDemoRows.BUBBLE_TYPES.forEach(emulator::declareFields); // its Swagger file then describes them
        emulatorKey = emulator.apiKey();
        seeded[0] = emulator.insert("listing", Map.of("Name", "Already in Bubble"));
        seeded[1] = emulator.insert("listing", Map.of("Name", "To be deleted"));
        settings = settings.with("bubble.api.url", emulator.baseUrl()).with("bubble.api.key", emulator.apiKey());
    }

    private void startSandbox() throws Exception {
        String devToken = "dev-" + UUID.randomUUID();
        SandboxEndpoint sandbox = SandboxEndpoint.start(devToken, settings.devFailureRate());
        opened.push(sandbox);
        settings = settings.withEndpoint(sandbox.url(), devToken);
    }

    private static void banner(String text) {
        String bar = "*".repeat(100);
        LOG.warn(bar);
        LOG.warn(text);
        LOG.warn(bar);
    }

    /** How long the shutdown hook waits for the command to close: its graceful stop (camel.main.shutdown-timeout) and 15 s. */
    private long graceSeconds() {
        try {
            return settings == null ? 60 : Long.parseLong(settings.raw().getProperty("camel.main.shutdown-timeout", "45").trim()) + 15;
        } catch (NumberFormatException e) {
            return 60;
        }
    }

    @Override
    public synchronized void close() {
        while (!opened.isEmpty()) {
            ExitOrder.closeQuietly(opened.pop());
        }
        exit.closed();
    }
}
