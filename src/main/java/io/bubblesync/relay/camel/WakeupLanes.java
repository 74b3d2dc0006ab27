package io.bubblesync.relay.camel;

import io.bubblesync.relay.routes.ExchangeKeys;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wake-up's passes: up to {@code lanes} processor passes at once, so one lane claims while another's batches
 * are in flight (a claim never takes a row whose record has an older open row, so lanes keep per-record order as
 * separate relays do). A lane whose pass began before the latest wake-up runs one more pass; wake-ups are folded,
 * never queued.
 */
final class WakeupLanes {
    private static final Logger LOG = LoggerFactory.getLogger("bubble-sync.wakeup");

    private final CamelContext context;
    private final int lanes;
    /** Wake-ups so far: a lane runs again when this moved during its pass. */
    private final AtomicLong wakeups = new AtomicLong();
    private final AtomicInteger lanesRunning = new AtomicInteger();
    private final ExecutorService passes;
    private final ProducerTemplate template;
    private volatile boolean stopped;

    WakeupLanes(CamelContext context, int lanes) {
        this.context = context;
        this.lanes = lanes;
        this.template = context.createProducerTemplate();
        this.passes = Executors.newFixedThreadPool(lanes, r -> {
            Thread t = new Thread(r, "bubble-sync-wakeup-pass");
            t.setDaemon(true);
            return t;
        });
    }

    /** Counts the wake-up and starts idle lanes; running lanes see the count move and go round again. */
    void wake() {
        wakeups.incrementAndGet();
        startLanes();
    }

    void stop() {
        stopped = true;
        passes.shutdown();
        template.stop();
    }

    private void startLanes() {
        int running;
        while ((running = lanesRunning.get()) < lanes && !stopped) {
            if (lanesRunning.compareAndSet(running, running + 1)) {
                passes.execute(this::lane);
            }
        }
    }

    /** Runs passes until none was asked for since the last one began. */
    private void lane() {
        long seen = -1;
        try {
            do {
                seen = wakeups.get();
                if (stopped || context.isStopping()) {
                    break;
                }
                template.send("direct:pass", ex -> {
                    ex.setProperty("job", "processor");
                    ex.setProperty(ExchangeKeys.TRIGGER, "wakeup");
                });
            } while (wakeups.get() != seen);
        } catch (RuntimeException e) {
            LOG.warn("wake-up pass failed: {}", e.getMessage());
        } finally {
            lanesRunning.decrementAndGet();
        }
        if (wakeups.get() != seen && !stopped) {
            startLanes(); // a wake-up came after the last check, while every lane was still counted as running
        }
    }
}
