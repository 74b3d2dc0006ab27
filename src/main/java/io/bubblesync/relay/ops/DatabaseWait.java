package io.bubblesync.relay.ops;

import io.bubblesync.relay.db.Database;
import io.bubblesync.relay.db.DatabaseOutage;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Database work of an admin call, waited for at most a second: the answer is the work's result (200), or
 * one line with 503, or 400 when the work found the input wrong. The 503 says "database unavailable" only when the
 * database is: the background queue reading has lost it or waited longer than sync.health.answer-within for it, or the
 * work lost its connection; "database busy" when the work merely took longer than the wait (it may still finish);
 * "database error" for any other failure. The work itself still ends by sync.db.statement-timeout / socket-timeout.
 */
final class DatabaseWait {
    static final long WAIT_MS = 1_000;

    /** An HTTP status and the body to answer with as JSON. */
    record Reply(int status, Object body) {
        static Reply error(int status, String message) {
            return new Reply(status, Map.of("error", message));
        }
    }

    private final QueueWatch queue;
    /** A few calls at once, so calls on a frozen database cannot pile up threads. */
    private final ThreadPoolExecutor threads = new ThreadPoolExecutor(0, 4, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
        Thread t = new Thread(r, "bubble-sync-admin-db");
        t.setDaemon(true);
        return t;
    });

    DatabaseWait(QueueWatch queue) {
        this.queue = queue;
    }

    /** Whether the background queue reading has the database answering (no known problem). */
    boolean databaseAnswers() {
        return queue.problem() == null;
    }

    Reply run(Callable<Object> work) throws InterruptedException {
        return run(work, WAIT_MS);
    }

    /** As {@link #run(Callable)}, waiting up to waitMs (work that also asks something slower than the database). */
    Reply run(Callable<Object> work, long waitMs) throws InterruptedException {
        return await(() -> threads.submit(work), waitMs);
    }

    /**
     * Waits up to a second for work started by {@code start} on {@link #threads()} (a reading shared by several
     * askers: one thread reads, every asker waits for the same result).
     */
    Reply await(Callable<Future<Object>> start) throws InterruptedException {
        return await(start, WAIT_MS);
    }

    /** The threads database work runs on: a few, so calls on a frozen database cannot pile them up. */
    java.util.concurrent.Executor threads() {
        return threads;
    }

    private Reply await(Callable<Future<Object>> start, long waitMs) throws InterruptedException {
        String problem = queue.problem();
        if (problem != null) {
            return Reply.error(503, "database unavailable: " + problem.replaceFirst("^database ", ""));
        }
        Future<Object> result;
        try {
            result = start.call();
        } catch (RejectedExecutionException e) {
            return Reply.error(503, "database busy: earlier admin calls are still waiting for it");
        } catch (Exception e) {
            return failed(e);
        }
        try {
            return new Reply(200, result.get(waitMs, TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Reply.error(503, "database busy: did not answer within " + Math.max(1, waitMs / 1000)
                    + " s (a change asked for may still be applied)");
        } catch (ExecutionException e) {
            return failed(e.getCause());
        }
    }

    private static Reply failed(Throwable cause) {
        if (cause instanceof BadInput || cause instanceof IllegalArgumentException) {
            return Reply.error(400, cause.getMessage());
        }
        return Reply.error(503, (DatabaseOutage.isConnectionLoss(cause) ? "database unavailable: " : "database error: ")
                + Database.rootMessage(cause));
    }
}
