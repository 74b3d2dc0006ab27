package io.bubblesync.app;

import io.bubblesync.relay.db.Database;
import io.bubblesync.relay.db.Schema;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Creates sync_queue when missing and adds the relay's columns and indexes; safe to run again. */
@Command(name = "migrate", description = "Apply the relay's schema to sync.db.url (idempotent).")
class MigrateCommand implements Callable<Integer> {
    @ParentCommand
    BubbleSyncCli parent;

    @Override
    public Integer call() throws Exception {
        try (Startup startup = Startup.open(parent.config, Startup.Needs.DATABASE)) {
            int applied = Schema.migrate(Database.forMigration(startup.settings()));
            Schema.check(startup.dataSource());
            System.out.println("migrate: " + applied + " migration(s) applied; schema is current");
        }
        return 0;
    }
}
