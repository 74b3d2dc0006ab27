package io.bubblesync.app;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Gives {@code run} and {@code once} a small, predictable JVM when started as the README says (no JVM flags):
 * the process starts the same command again in a child JVM with a heap sized from the memory this machine or
 * container allows (a quarter of it, 64-160 MB) and the serial collector, passes its own -D flags on, forwards
 * SIGTERM / Ctrl-C and exits with the child's code. The child's stdin is a pipe this process holds and never writes
 * to: when this process dies, even by SIGKILL, the child reads end-of-file and stops as on SIGTERM
 * ({@link LauncherLifeline}), so no relay outlives the process a supervisor started. A JVM already given a heap or
 * collector flag (on the command line or in JAVA_TOOL_OPTIONS) runs the command itself: an operator's flags win.
 */
final class JvmLauncher {
    /** Set in the child's environment to the launcher's pid: the child watches its stdin (the launcher's pipe). */
    static final String CHILD_MARK = "BUBBLE_SYNC_JVM_CHILD";
    private static final long MB = 1024 * 1024;
    private static final Set<String> SERVICE_COMMANDS = Set.of("run", "once");

    private JvmLauncher() {
    }

    /** The child's exit code after running the command in a tuned JVM; empty when this JVM runs it itself. */
    static OptionalInt relaunch(String[] args) throws Exception {
        List<String> jvmArgs = ManagementFactory.getRuntimeMXBean().getInputArguments();
        if (System.getenv(CHILD_MARK) != null || !Arrays.stream(args).anyMatch(SERVICE_COMMANDS::contains) || tuned(jvmArgs)) {
            return OptionalInt.empty();
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(flags(totalMemory()));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), BubbleSyncCli.class.getName()));
        cmd.addAll(Arrays.asList(args));
        // stdout and stderr are this process's; stdin is the lifeline: a pipe only this process holds open
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO().redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().put(CHILD_MARK, Long.toString(ProcessHandle.current().pid()));
        Process child = pb.start();
        Thread forward = new Thread(() -> {
            child.destroy(); // SIGTERM: the child stops gracefully (camel.main.shutdown-timeout)
            try {
                child.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bubble-sync-forward-stop");
        Runtime.getRuntime().addShutdownHook(forward);
        int code = child.waitFor();
        try {
            Runtime.getRuntime().removeShutdownHook(forward);
        } catch (IllegalStateException e) {
            // already stopping: the hook has waited for the child
        }
        return OptionalInt.of(code);
    }

    /**
     * Heap: a quarter of what the machine or container allows, within 64-160 MB, starting at 32 MB and grown by the
     * collector as needed (a heap that starts at its maximum is soon all resident: 27 MB more at the peak of a
     * 400k-row drain); the serial collector (no GC threads).
     */
    static List<String> flags(long totalBytes) {
        long heapMb = Math.max(64, Math.min(160, totalBytes / 4 / MB));
        return List.of("-Xmx" + heapMb + "m", "-Xms32m", "-Xss512k", "-XX:+UseSerialGC", "-XX:ReservedCodeCacheSize=64m");
    }

    /** Whether heap, collector or debugger flags were given: then this JVM is the operator's choice. */
    static boolean tuned(List<String> jvmArgs) {
        return jvmArgs.stream().anyMatch(a -> a.startsWith("-Xmx") || a.startsWith("-XX:MaxRAM") || a.startsWith("-XX:MaxHeapSize")
                || (a.startsWith("-XX:+Use") && a.endsWith("GC")) || a.startsWith("-agentlib:jdwp") || a.startsWith("-Xrunjdwp"));
    }

    /** Physical memory, or the container's limit (the JVM reads cgroups). */
    private static long totalMemory() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() : 1024 * MB;
    }
}
