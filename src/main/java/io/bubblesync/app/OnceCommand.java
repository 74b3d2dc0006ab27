package io.bubblesync.app;

import io.bubblesync.relay.camel.PassTally;
import io.bubblesync.relay.camel.RelayRuntime;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** One processor pass and one retry pass, each claiming until nothing is due, then a one-line summary. */
@Command(name = "once", description = "Deliver what is due now (processor pass, then retry pass) and exit.")
class OnceCommand implements Callable<Integer> {
    @ParentCommand
    BubbleSyncCli parent;

    @Override
    public Integer call() throws Exception {
        try (Startup startup = Startup.open(parent.config, Startup.Needs.RELAY);
             RelayRuntime relay = new RelayRuntime(startup.settings().with("sync.schedule.enabled", "false").with("sync.wakeup.enabled", "false"),
                     startup.dataSource()).start()) {
            PassTally processor = relay.pass("processor");
            PassTally retry = relay.pass("retry");
            System.out.println("once: claimed=" + (processor.claimed() + retry.claimed())
                    + " completed=" + (processor.completed() + retry.completed())
                    + " failed-retryable=" + (processor.failedRetryable() + retry.failedRetryable())
                    + " failed-permanent=" + (processor.failedPermanent() + retry.failedPermanent())
                    + " skipped=" + (processor.skipped() + retry.skipped()));
            return processor.unsettled() + retry.unsettled() == 0 ? 0 : 1;
        }
    }
}
