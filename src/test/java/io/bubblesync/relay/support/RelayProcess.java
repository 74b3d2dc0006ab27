package io.bubblesync.relay.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A relay in its own JVM (the real command line), so a test can kill it with SIGKILL. */
public final class RelayProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private RelayProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static RelayProcess start(String name, Map<String, String> env) throws IOException {
        return command(name, env, "run");
    }

    /** Any command of the command line in its own JVM (backfill, reconcile, ...). */
    public static RelayProcess command(String name, Map<String, String> env, String... args) throws IOException {
        Path log = Files.createDirectories(Path.of("target", "relay-processes")).resolve(name + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "io.bubblesync.app.BubbleSyncCli"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return new RelayProcess(pb.start(), log);
    }

    /** SIGKILL: no shutdown hook, no hand-back, rows stay 'processing' until their lease ends. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, as an orchestrator stops a service; waits for the JVM to exit. */
    public void terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            kill();
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    public File logFile() {
        return log.toFile();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
