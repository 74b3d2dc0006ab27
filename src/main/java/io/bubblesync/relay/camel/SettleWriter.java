package io.bubblesync.relay.camel;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bubblesync.relay.db.SqlFile;
import io.bubblesync.relay.delivery.Settlement;
import io.bubblesync.relay.routes.ExchangeKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes settlements with sql/settle-batch.sql, many batches per statement. A batch hands its settlements over
 * and its thread goes on to the next batch (asynchronous processor); the batch's exchange goes on once its rows are
 * written. One writer thread gathers the batches and writes them as one UPDATE when no batch is being delivered any
 * more (the end of a claim), when sync.settle.max-rows are waiting, or sync.settle.linger after the first of them
 * came, whichever is first; a statement takes whole batches, oldest first, up to sync.settle.max-rows rows.
 * Settling 200 rows per statement costs PostgreSQL about half the CPU per row of 5 per
 * statement (BENCHMARKS.md). A statement that fails fails every batch in it: their rows stay 'processing' until their
 * lease ends, and the failure is logged once here.
 */
public class SettleWriter extends AsyncProcessorSupport {
    private static final Logger LOG = LoggerFactory.getLogger("bubble-sync.delivery");
    private static final SqlFile SETTLE = SqlFile.load("settle-batch.sql");
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private record Pending(List<Settlement> rows, Exchange exchange, AsyncCallback callback, long arrivedAt) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final List<Pending> waiting = new ArrayList<>();
    private final DataSource ds;
    private final String instanceId;
    private final long lingerNanos;
    private final int maxRows;
    private final BooleanSupplier delivering;
    private final Executor completions;
    private int waitingRows;
    private int statements;
    private Thread writer;
    private volatile boolean running;

    /**
     * @param delivering whether a batch is still being delivered (one may come soon): the writer waits for it
     * @param completions where the batches' exchanges go on after the write (not the writer's thread)
     */
    public SettleWriter(DataSource ds, String instanceId, Duration linger, int maxRows, BooleanSupplier delivering, Executor completions) {
        this.ds = ds;
        this.instanceId = instanceId;
        this.lingerNanos = linger.toNanos();
        this.maxRows = maxRows;
        this.delivering = delivering;
        this.completions = completions;
    }

    /** Takes the body (the batch's settlements, also kept as exchange property "settlements"); done once written. */
    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        @SuppressWarnings("unchecked")
        List<Settlement> settlements = exchange.getMessage().getBody(List.class);
        exchange.setProperty(ExchangeKeys.SETTLEMENTS, settlements);
        lock.lock();
        try {
            if (!running) {
                exchange.setException(new IllegalStateException("the settle writer is stopped"));
                callback.done(true);
                return true;
            }
            waiting.add(new Pending(settlements, exchange, callback, System.nanoTime()));
            waitingRows += settlements.size();
            arrived.signal();
        } finally {
            lock.unlock();
        }
        return false;
    }

    /** Statements written so far (tests watch it). */
    int statements() {
        lock.lock();
        try {
            return statements;
        } finally {
            lock.unlock();
        }
    }

    @Override
    protected void doStart() {
        running = true;
        writer = new Thread(this::writeWhileRunning, "bubble-sync settle writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Writes what is still waiting, then stops the writer thread. */
    @Override
    protected void doStop() throws InterruptedException {
        lock.lock();
        try {
            running = false;
            arrived.signal();
        } finally {
            lock.unlock();
        }
        writer.join(TimeUnit.SECONDS.toMillis(30));
    }

    private void writeWhileRunning() {
        List<Pending> group;
        while ((group = nextGroup()) != null) {
            write(group);
        }
    }

    /** Waits for a group worth writing; null once stopped with nothing waiting. */
    private List<Pending> nextGroup() {
        lock.lock();
        try {
            while (waiting.isEmpty()) {
                if (!running) {
                    return null;
                }
                arrived.awaitUninterruptibly();
            }
            while (running && waitingRows < maxRows && delivering.getAsBoolean()) {
                long left = waiting.get(0).arrivedAt() + lingerNanos - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                arrived.awaitNanos(Math.min(left, POLL_NANOS));
            }
            return take();
        } catch (InterruptedException e) { // stopping: write what waits
            Thread.currentThread().interrupt();
            return take();
        } finally {
            lock.unlock();
        }
    }

    /** The oldest waiting batches, whole, up to max-rows rows (at least one batch); the rest wait for the next statement. */
    private List<Pending> take() {
        List<Pending> group = new ArrayList<>();
        int rows = 0;
        while (!waiting.isEmpty() && (group.isEmpty() || rows + waiting.get(0).rows().size() <= maxRows)) {
            Pending p = waiting.remove(0);
            group.add(p);
            rows += p.rows().size();
        }
        waitingRows -= rows;
        statements++;
        return group;
    }

    private void write(List<Pending> group) {
        List<Settlement> rows = new ArrayList<>();
        group.forEach(p -> rows.addAll(p.rows()));
        Exception failure = null;
        try {
            SETTLE.update(ds, json.writeValueAsString(rows), instanceId);
        } catch (Exception e) {
            failure = new SettleFailure(rows.size(), group.size(), e);
            LOG.error("{}", failure.getMessage());
        }
        for (Pending p : group) {
            if (failure != null) {
                p.exchange().setException(failure);
            }
            try {
                completions.execute(() -> p.callback().done(false));
            } catch (RejectedExecutionException stopping) {
                p.callback().done(false);
            }
        }
    }
}
