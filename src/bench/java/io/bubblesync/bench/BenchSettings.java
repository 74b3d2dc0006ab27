package io.bubblesync.bench;

import java.util.Arrays;
import java.util.List;

/** The benchmark's knobs, from -Dbench.* (the Maven profile passes them on); defaults are the sizes. */
record BenchSettings(long warmupRows, long rows, long slowRows, long bigRows, int latencyRate, int latencySeconds, long claimSmall,
                     long claimLarge, int concurrency, int claimLimit, int batchSize, int poolSize, String synchronousCommit,
                     List<String> relayJvm, long bubbleRows, int bubbleRateLimit, long poolerRows, long sharedRows, int sharedRateLimit,
                     String only) {

    static BenchSettings fromSystem() {
        return new BenchSettings(
                num("bench.warmup-rows", 100_000), num("bench.rows", 100_000), num("bench.slow-rows", 20_000), num("bench.big-rows", 1_000_000),
                (int) num("bench.latency-rate", 500), (int) num("bench.latency-seconds", 20),
                num("bench.claim-small", 10_000), num("bench.claim-large", 1_000_000),
                (int) num("bench.concurrency", 4), (int) num("bench.claim-limit", 200), (int) num("bench.batch-size", 5),
                (int) num("bench.pool-size", 6), text("bench.synchronous-commit", "off"),
                Arrays.stream(text("bench.relay-jvm", "-Xmx192m -XX:+UseSerialGC").split("\\s+")).filter(s -> !s.isEmpty()).toList(),
                num("bench.bubble-rows", 10_000), (int) num("bench.bubble-rate-limit", 6000), num("bench.pooler-rows", 100_000),
                num("bench.shared-rows", 20_000), (int) num("bench.shared-rate-limit", 3000), text("bench.only", ""));
    }

    /** -Dbench.only=bubble: only the Bubble row, printed, BENCHMARKS.md left alone (a short run). */
    boolean bubbleOnly() {
        return "bubble".equals(only);
    }

    /** -Dbench.only=poolers: only the pooler rows (direct, session, transaction), printed, BENCHMARKS.md left alone. */
    boolean poolersOnly() {
        return "poolers".equals(only);
    }

    /** -Dbench.only=shared: only the shared-budget row (three relays, one Bubble budget), printed, BENCHMARKS.md left alone. */
    boolean sharedOnly() {
        return "shared".equals(only);
    }

    /** -Dbench.only=defaults: the raw limit and the packaged defaults' cold, warm and big drains (-Dbench.big-rows),
     * printed with the warm drain's statements and each JVM's peak RSS; BENCHMARKS.md left alone (to try a change). */
    boolean defaultsOnly() {
        return "defaults".equals(only);
    }

    /** What an ideal relay reaches against a sink that answers in 50 ms: every slot always busy. */
    double slowIdeal() {
        return concurrency * batchSize / 0.05;
    }

    private static long num(String key, long dflt) {
        String v = System.getProperty(key, "").trim();
        return v.isEmpty() ? dflt : Long.parseLong(v.replace("_", ""));
    }

    private static String text(String key, String dflt) {
        String v = System.getProperty(key, "").trim();
        return v.isEmpty() ? dflt : v;
    }
}
