package io.bubblesync.app;

import io.bubblesync.relay.db.RelayControl;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Pauses every relay on the database (persisted in sync_control): nothing is claimed until resume. */
@Command(name = "pause", description = "Pause every relay on this database (persisted).")
class PauseCommand implements Callable<Integer> {
    @ParentCommand
    BubbleSyncCli parent;

    @Override
    public Integer call() throws Exception {
        return PauseCommand.set(parent, true);
    }

    static int set(BubbleSyncCli parent, boolean paused) throws Exception {
        try (Startup startup = Startup.open(parent.config, Startup.Needs.DATABASE)) {
            new RelayControl(startup.dataSource()).set(paused, "cli@" + java.net.InetAddress.getLocalHost().getHostName());
            System.out.println(paused ? "paused: no relay on this database claims rows until 'resume'" : "resumed: relays claim again");
        }
        return 0;
    }
}
