package io.bubblesync.relay.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A command started as a user starts it: {@code java -cp <the relay's classes> io.bubblesync.app.BubbleSyncCli <command>}
 * with no JVM flags, so the launcher starts the relay in a JVM of its own (two processes, as {@code java -jar} gives).
 */
public final class LaunchedRelay implements AutoCloseable {
    private final Process launcher;
    private final Path log;
    private final java.util.Set<ProcessHandle> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private LaunchedRelay(Process launcher, Path log) {
        this.launcher = launcher;
        this.log = log;
    }

    public static LaunchedRelay start(String name, Map<String, String> env, String... command) throws IOException {
        Path log = Files.createDirectories(Path.of("target", "relay-processes")).resolve(name + ".log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.bubblesync.app.BubbleSyncCli"));
        cmd.addAll(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("JAVA_TOOL_OPTIONS"); // flags there would keep the command in one JVM
        pb.environment().remove("BUBBLE_SYNC_JVM_CHILD");
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return new LaunchedRelay(pb.start(), log);
    }

    /** The process that was started (the launcher). */
    public long pid() {
        return launcher.pid();
    }

    /** Every live process the launcher started, and theirs (remembered: once the launcher is gone they are no longer its). */
    public List<ProcessHandle> descendants() {
        List<ProcessHandle> now = launcher.descendants().filter(ProcessHandle::isAlive).toList();
        seen.addAll(now);
        return now;
    }

    public boolean isAlive() {
        return launcher.isAlive();
    }

    /** SIGKILL of the started process only, as a supervisor, an operator's kill -9 or the OOM killer does. */
    public void killStartedProcess() throws InterruptedException {
        launcher.destroyForcibly();
        launcher.waitFor();
    }

    /** Sends a signal (e.g. "INT") to the given processes with kill(1). */
    public static void signal(String name, List<Long> pids) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("kill", "-" + name));
        pids.forEach(p -> cmd.add(Long.toString(p)));
        new ProcessBuilder(cmd).inheritIO().start().waitFor();
    }

    /** Whether SIGINT is ignored in a process (SigIgn of /proc/pid/status): a JVM then installs no Ctrl-C hook. */
    public static boolean ignoresSigint(long pid) throws IOException {
        String mask = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(l -> l.startsWith("SigIgn:")).findFirst().orElse("SigIgn: 0").substring(7).trim();
        return (Long.parseLong(mask, 16) & (1L << 1)) != 0; // SIGINT = 2, bit 1
    }

    public boolean waitFor(long seconds) throws InterruptedException {
        return launcher.waitFor(seconds, TimeUnit.SECONDS);
    }

    public int exitValue() {
        return launcher.exitValue();
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    /** Whether something accepts connections on 127.0.0.1:port. */
    public static boolean answers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        descendants();
        if (launcher.isAlive()) {
            killStartedProcess();
        }
        seen.forEach(ProcessHandle::destroyForcibly); // never leave a relay behind a failed test
    }
}
