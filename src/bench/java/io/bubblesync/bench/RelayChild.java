package io.bubblesync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The relay under test: the real command line ({@code run}) in a JVM of its own, so its memory (VmHWM) and
 * CPU time (utime + stime) can be read from /proc/&lt;pid&gt;. Started without JVM flags it is what the README
 * runs: a launcher JVM and the tuned JVM it starts; both are counted.
 */
final class RelayChild implements AutoCloseable {
    private final Process process;
    private final Path log;

    private RelayChild(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static RelayChild start(List<String> jvmFlags, Map<String, String> env) throws IOException {
        return start(jvmFlags, env, "relay.log");
    }

    /** Several relays at once: each logs to its own file under target/bench. */
    static RelayChild start(List<String> jvmFlags, Map<String, String> env, String logName) throws IOException {
        Path log = Files.createDirectories(Path.of("target", "bench")).resolve(logName);
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

    /** CPU seconds (user + system) the relay has used so far: its JVM and the JVM it may have started. */
    double cpuSeconds() throws IOException {
        return ProcessTree.cpuSeconds(pid());
    }

    /** Peak resident set size in MB (summed over its JVMs) since start or since the last {@link #resetPeak()}. */
    double peakRssMb() throws IOException {
        return ProcessTree.peakRssMb(pid());
    }

    /** Peak RSS of each of its JVMs, the launcher first. */
    String rssByProcess() {
        return ProcessTree.peakRssByProcess(pid());
    }

    boolean resetPeak() {
        return ProcessTree.resetPeak(pid());
    }

    String log() throws IOException {
        return Files.readString(log);
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
