package io.bubblesync.app;

import io.bubblesync.relay.camel.RelayRuntime;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** The scheduled service: cron passes until SIGTERM / Ctrl-C. */
@Command(name = "run", description = "Run the relay as a service (default).")
class RunCommand implements Callable<Integer> {
    @ParentCommand
    BubbleSyncCli parent;

    @Override
    public Integer call() throws Exception {
        try (Startup startup = Startup.open(parent == null ? null : parent.config, Startup.Needs.RELAY)) {
            new RelayRuntime(startup.settings(), startup.dataSource()).runUntilStopped();
        }
        return 0;
    }
}
