package io.bubblesync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The relay under test: the real command line ({@code run}) in a JVM of its own, so its memory (VmHWM) and
 * CPU time (utime + stime) can be read from /proc/&lt;pid&gt;.
 */
final class RelayChild implements AutoCloseable {
    static final long CLOCK_TICKS = 100; // USER_HZ on Linux x86-64

    private final Process process;
    private final Path log;

    private RelayChild(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static RelayChild start(List<String> jvmFlags, Map<String, String> env) throws IOException {
        Path log = Files.createDirectories(Path.of("target", "bench")).resolve("relay.log");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.bubblesync.app.BubbleSyncCli", "run"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return new RelayChild(pb.start(), log);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** CPU seconds (user + system) the relay has used so far. */
    double cpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after "pid (comm) ": field 3 is state = index 0, so utime (14) = index 11, stime (15) = index 12
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) CLOCK_TICKS;
    }

    /** Peak resident set size in MB since start or since the last {@link #resetPeak()}. */
    double peakRssMb() throws IOException {
        return statusKb("VmHWM:") / 1024.0;
    }

    double rssMb() throws IOException {
        return statusKb("VmRSS:") / 1024.0;
    }

    /** Resets VmHWM to the current RSS (clear_refs 5); false when the kernel refuses. */
    boolean resetPeak() {
        try {
            Files.writeString(Path.of("/proc", Long.toString(pid()), "clear_refs"), "5");
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private long statusKb(String key) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status")).stream()
                .filter(l -> l.startsWith(key)).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElse(0L);
    }

    String logTail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: graceful stop
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
