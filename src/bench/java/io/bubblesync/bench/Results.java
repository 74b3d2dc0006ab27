package io.bubblesync.bench;

import java.util.Locale;

/** What one benchmark run measured, and the table it prints (also the heart of BENCHMARKS.md). */
final class Results {
    /** A drain of n rows: rows/s, and the CPU seconds the relay (all its JVMs) and PostgreSQL spent on it. */
    record Drain(long rows, double rate, double relayCpu, double pgCpu) {
        String against(double raw) {
            return f("%,.0f rows/s = %.2f x raw; CPU per row: relay %.0f µs, PostgreSQL %.0f µs", rate, rate / raw,
                    relayCpu * 1e6 / rows, pgCpu * 1e6 / rows);
        }
    }

    final BenchSettings s;
    String postgres;
    double raw;
    Drain defCold;
    Drain defWarm;
    Drain big;
    double bigRss;
    Drain cold;
    Drain fast;
    StatementCounts statements;
    double slow;
    int slowInFlight;
    double[] latency;
    boolean peakReset;
    ClaimCost claim;
    BubbleBench.Outcome bubble;
    java.util.List<PoolerBench.Outcome> poolers;
    SharedBench.Outcome shared;
    double minutes;

    Results(BenchSettings s) {
        this.s = s;
    }

    String table() {
        StringBuilder t = new StringBuilder();
        t.append("| measure | measured | target | verdict |\n|---|---|---|---|\n");
        row(t, "raw limit: claim(5) + settle, tight JDBC loop, 2 connections, " + k(s.rows()) + " rows",
                f("%,.0f rows/s", raw), "-", "reference");
        row(t, "**cold start, packaged defaults**: first drain of " + k(s.rows()) + " rows right after `java -jar bubble-sync.jar run` (no flags), sink 0 ms",
                defCold.against(raw), f("≥ 0.6 x raw (%,.0f)", 0.6 * raw), verdict(defCold.rate() / (0.6 * raw)));
        row(t, "**warm, packaged defaults**: second drain of " + k(s.rows()) + " rows, same process",
                defWarm.against(raw), f("≥ 1.0 x raw (%,.0f)", raw), verdict(defWarm.rate() / raw));
        row(t, "**packaged defaults**: relay peak RSS (launcher + relay JVM) draining " + k(s.bigRows()) + " rows" + (peakReset ? "" : " (VmHWM since start)"),
                f("%.0f MB; %s", bigRss, big.against(raw)), "≤ 300 MB", verdict(300 / bigRss));
        row(t, "tuned, cold start: first drain of " + k(s.warmupRows()) + " rows after start, sink 0 ms (JIT still compiling)",
                cold.against(raw), "-", "reported");
        row(t, "tuned: relay drain of " + k(s.rows()) + " rows, sink 0 ms (after that warm-up)",
                fast.against(raw), f("≥ 0.6 x raw (%,.0f) and ≥ 5,000", 0.6 * raw),
                verdict(Math.min(fast.rate() / (0.6 * raw), fast.rate() / 5000)));
        row(t, "database statements per 1,000 rows in that drain (pg_stat_statements): claim / settle / other; mean time",
                f("%.1f / %.1f / %.1f; claim %.2f ms, settle %.2f ms", statements.claims(), statements.settles(), statements.others(),
                        statements.claimMs(), statements.settleMs()), "-", "reported");
        double slowTarget = 0.8 * s.slowIdeal();
        row(t, "tuned: relay drain of " + k(s.slowRows()) + " rows, sink 50 ms",
                f("%,.0f rows/s = %.2f x raw; %.2f x ideal %,.0f (max %d in flight)", slow, slow / raw, slow / s.slowIdeal(),
                        s.slowIdeal(), slowInFlight), f("≥ 0.8 x %d x 5 / 0.05 = %,.0f", s.concurrency(), slowTarget), verdict(slow / slowTarget));
        row(t, "tuned: latency enqueue → delivered at " + s.latencyRate() + " rows/s for " + s.latencySeconds() + " s: p50 / p95 / p99 (max)",
                f("%.0f / %.0f / %.0f ms (%.0f)", latency[0], latency[1], latency[2], latency[3]), "p99 ≤ 250 ms", verdict(250 / latency[2]));
        row(t, "claim(5) time with " + k(s.claimSmall()) + " vs " + k(s.claimLarge()) + " completed rows",
                f("%.3f ms vs %.3f ms: ratio %.2f", claim.smallMs, claim.largeMs, claim.ratio()), "ratio ≤ 1.2", verdict(1.2 / claim.ratio()));
        bubbleRow(t);
        poolerRows(t);
        sharedRow(t);
        return t.toString();
    }

    /** The table with the pooler rows only (-Dbench.only=poolers). */
    String poolerTable() {
        StringBuilder t = new StringBuilder("| measure | measured | target | verdict |\n|---|---|---|---|\n");
        poolerRows(t);
        return t.toString();
    }

    private void poolerRows(StringBuilder t) {
        if (poolers == null) {
            return;
        }
        double direct = poolers.get(0).rate();
        for (PoolerBench.Outcome o : poolers) {
            row(t, "**packaged defaults, " + (o.path().equals("direct") ? "direct connection" : "through PgBouncer 1.18, " + o.path() + " mode")
                            + "**: drain of " + k(o.rows()) + " rows (one insert) after a warm-up; wake-up " + o.wakeup()
                            + "; 20 single rows at random moments, insert → completed",
                    f("%,.0f rows/s = %.2f x direct; CPU per row: relay %.0f µs, PostgreSQL %.0f µs, PgBouncer %.0f µs; single rows p50 %.0f ms, max %.0f ms",
                            o.rate(), o.rate() / direct, o.relayCpu() * 1e6 / o.rows(), o.pgCpu() * 1e6 / o.rows(), o.bouncerCpu() * 1e6 / o.rows(),
                            o.singleP50Ms(), o.singleMaxMs()),
                    o.path().equals("transaction") ? "single rows ≤ 2 s" : o.path().equals("session") ? "single rows ≤ 2 s" : "-",
                    o.path().equals("direct") ? "reference" : verdict(2000 / Math.max(1, o.singleMaxMs())));
        }
    }

    /** The table with the shared-budget row only (-Dbench.only=shared). */
    String sharedTable() {
        StringBuilder t = new StringBuilder("| measure | measured | target | verdict |\n|---|---|---|---|\n");
        sharedRow(t);
        return t.toString();
    }

    private void sharedRow(StringBuilder t) {
        if (shared == null) {
            return;
        }
        SharedBench.Outcome b = shared;
        double used = b.maxPerMinute() / (double) b.budget();
        boolean clean = b.failed() == 0 && b.tooMany() == 0 && b.maxPerMinute() <= b.budget();
        row(t, "sync.target=bubble, one budget for " + SharedBench.RELAYS + " relays: " + k(b.rows()) + " INSERT rows into the emulator limited to "
                        + f("%,d", b.budget()) + " requests/min, each relay given sync.bubble.rate-limit=" + b.budget() + " (shared), batch "
                        + b.batchSize() + " (bulk)",
                f("%,.0f rows/s = %.2f x ceiling %,.0f; %,d requests, busiest minute %,d = %.2f x the budget; %d 429s; %d rows not completed; rows per relay %s",
                        b.rowsPerSecond(), b.rowsPerSecond() / b.ceiling(), b.ceiling(), b.requests(), b.maxPerMinute(), used, b.tooMany(),
                        b.failed(), b.perRelay()),
                "0 429s, 0 failed, busiest minute ≤ budget and ≥ 0.8 x budget", clean ? verdict(used / 0.8) : "**failed**");
    }

    /** The table with the Bubble row only (-Dbench.only=bubble). */
    String bubbleTable() {
        StringBuilder t = new StringBuilder("| measure | measured | target | verdict |\n|---|---|---|---|\n");
        bubbleRow(t);
        return t.toString();
    }

    private void bubbleRow(StringBuilder t) {
        if (bubble == null) {
            return;
        }
        BubbleBench.Outcome b = bubble;
        boolean clean = b.failed() == 0 && b.maxPerMinute() <= b.limit();
        row(t, "sync.target=bubble: " + k(b.rows()) + " INSERT rows into the emulator limited to " + f("%,d", b.limit())
                        + " requests/min, sync.bubble.rate-limit=" + b.limit() + ", batch " + b.batchSize() + " (bulk)",
                f("%,.0f rows/s = %.2f x ceiling %,.0f; %,d requests, max %,d in any minute; %d 429s; %d rows not completed",
                        b.rowsPerSecond(), b.rowsPerSecond() / b.ceiling(), b.ceiling(), b.requests(), b.maxPerMinute(), b.tooMany(), b.failed()),
                "0 failed, 0 over the limit, ≥ 0.9 x ceiling", clean ? verdict(b.rowsPerSecond() / (0.9 * b.ceiling())) : "**failed**");
    }

    String settings() {
        return f("packaged defaults: the packaged application.properties, started with no JVM flags (the launcher starts the relay's JVM "
                        + "with its own heap and collector flags); tuned: sync.concurrency=%d, sync.claim.limit=sync.claim.max=%d, sync.batch.size=%d, "
                        + "sync.db.pool-size=%d, JVM %s; PostgreSQL: synchronous_commit=%s, shared_buffers=256MB; whole run %.1f min",
                s.concurrency(), s.claimLimit(), s.batchSize(), s.poolSize(), String.join(" ", s.relayJvm()), s.synchronousCommit(), minutes);
    }

    private static void row(StringBuilder t, String what, String measured, String target, String verdict) {
        t.append("| ").append(what).append(" | ").append(measured).append(" | ").append(target).append(" | ").append(verdict).append(" |\n");
    }

    /** "met", or how far off: score is measured / target, oriented so that ≥ 1 is good. */
    private static String verdict(double score) {
        return score >= 1 ? "met" : f("**missed by %.0f %%**", (1 - score) * 100);
    }

    private static String k(long n) {
        return n >= 1_000_000 && n % 1_000_000 == 0 ? n / 1_000_000 + "M" : n >= 1000 && n % 1000 == 0 ? n / 1000 + "k" : Long.toString(n);
    }

    static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    /** -Dbench.only=resync: the backfill and reconcile rows (issue 20), printed; copied into BENCHMARKS.md by hand. */
    static String resyncTable(ResyncBench.Outcome o) {
        StringBuilder t = new StringBuilder("| measure | measured | target | verdict |\n|---|---|---|---|\n");
        boolean clean = o.notCompleted() == 0 && o.tooMany() == 0;
        t.append(String.format(java.util.Locale.ROOT, "| backfill of %,d creates into the emulator at %,d requests/min, sync.bubble.bulk-max %d"
                        + " | %.1f rows per request (%,d create requests); enqueued in %.1f s; %.2f min from the backfill's start to the last row"
                        + " completed = %.2f x the ceiling %.2f min; %d 429s, at most %,d requests in any minute; %d rows not completed"
                        + " | ≤ 1 min + delivery, 0 failed | %s |%n",
                o.rows(), o.limit(), o.bulkMax(), o.rowsPerRequest(), o.createRequests(), o.backfillSeconds(), o.deliveredMinutes(),
                o.deliveredMinutes() / o.ceilingMinutes(), o.ceilingMinutes(), o.tooMany(), o.maxPerMinute(), o.notCompleted(),
                clean ? "met" : "missed"));
        t.append(String.format(java.util.Locale.ROOT, "| reconcile of %,d rows against %,d objects at %,d requests/min | %.1f s, %,d requests"
                        + " (%.0f objects/s); %,d in sync | all in sync, within the limit | %s |%n",
                o.rows(), o.rows(), o.limit(), o.reconcileSeconds(), o.reconcileRequests(), o.rows() / o.reconcileSeconds(), o.inSync(),
                o.inSync() == o.rows() ? "met" : "missed"));
        return t.toString();
    }
}
