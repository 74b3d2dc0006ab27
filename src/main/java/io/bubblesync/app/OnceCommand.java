package io.bubblesync.app;

import io.bubblesync.relay.camel.PassTally;
import io.bubblesync.relay.camel.RelayRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * One processor pass and one retry pass, each claiming until nothing is due, then a one-line summary. Each
 * job runs on sync.wakeup.lanes passes at once, as the service drains a backlog: one lane claims while
 * another's batches are in flight (a claim never takes a row whose record has an older open row).
 */
@Command(name = "once", description = "Deliver what is due now (processor pass, then retry pass) and exit.")
class OnceCommand implements Callable<Integer> {
    @ParentCommand
    BubbleSyncCli parent;

    @Override
    public Integer call() throws Exception {
        try (Startup startup = Startup.open(parent.config, Startup.Needs.RELAY);
             RelayRuntime relay = new RelayRuntime(startup.settings().with("sync.schedule.enabled", "false").with("sync.wakeup.enabled", "false"),
                     startup.dataSource()).start()) {
            startup.stopOnExit(relay); // SIGTERM or the launcher gone mid-pass: stop the passes, hand rows back
            int lanes = startup.settings().pipeline().wakeupLanes();
            List<PassTally> passes = new ArrayList<>(lanes(relay, "processor", lanes));
            passes.addAll(lanes(relay, "retry", lanes));
            System.out.println("once: claimed=" + sum(passes, PassTally::claimed)
                    + " completed=" + sum(passes, PassTally::completed)
                    + " failed-retryable=" + sum(passes, PassTally::failedRetryable)
                    + " failed-permanent=" + sum(passes, PassTally::failedPermanent)
                    + " skipped=" + sum(passes, PassTally::skipped));
            return sum(passes, PassTally::unsettled) == 0 ? 0 : 1;
        }
    }

    private static List<PassTally> lanes(RelayRuntime relay, String job, int lanes) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(lanes);
        try {
            List<Future<PassTally>> running = new ArrayList<>();
            for (int i = 0; i < lanes; i++) {
                running.add(pool.submit(() -> relay.pass(job)));
            }
            List<PassTally> done = new ArrayList<>();
            for (Future<PassTally> f : running) {
                done.add(f.get());
            }
            return done;
        } finally {
            pool.shutdown();
        }
    }

    private static int sum(List<PassTally> passes, java.util.function.ToIntFunction<PassTally> count) {
        return passes.stream().mapToInt(count).sum();
    }
}
