package io.bubblesync.relay.ops;

import io.bubblesync.relay.config.RelaySettings;
import io.bubblesync.relay.config.Target;
import io.bubblesync.relay.db.SqlFile;
import io.bubblesync.relay.db.QueueMaintenance;
import io.bubblesync.relay.db.RunHistory;
import java.time.Instant;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The housekeeping job: prunes run history and the relays that stopped drawing from the shared Bubble budget a day
 * ago, and deletes old sync_queue rows when cleanup is enabled.
 */
public class Housekeeping {
    private static final Logger LOG = LoggerFactory.getLogger("bubble-sync.housekeeping");
    private static final SqlFile RATE_RELAY_PRUNE = SqlFile.load("rate-relay-prune.sql");

    private final RelaySettings settings;
    private final RunHistory history;
    private final QueueMaintenance maintenance;
    private final DataSource ds;

    public Housekeeping(RelaySettings settings, DataSource ds) {
        this.settings = settings;
        this.history = new RunHistory(ds);
        this.maintenance = new QueueMaintenance(ds);
        this.ds = ds;
    }

    public void run() throws Exception {
        Instant started = Instant.now();
        int runs = history.prune(settings.historyRetention());
        if (settings.target() == Target.BUBBLE && settings.bubble().sharedRateLimit()) {
            RATE_RELAY_PRUNE.update(ds);
        }
        long rows = 0;
        boolean cleanup = "true".equals(settings.raw().getProperty("sync.cleanup.enabled", "false").trim());
        if (cleanup) {
            rows = maintenance.cleanup(settings.cleanupCompletedRetention(), settings.cleanupFailedRetention());
        }
        String message = "pruned " + runs + " runs older than " + settings.historyRetention().toDays() + "d"
                + (cleanup ? "; deleted " + rows + " old sync_queue rows" : "; sync_queue cleanup disabled");
        LOG.info("housekeeping: {}", message);
        history.record(new RunHistory.Run("cleanup", settings.instanceId(), started, Instant.now(), true, 0, 0, 0, 0, message));
    }
}
