package io.bubblesync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * CPU time and peak memory of a process and its descendants, from /proc: the relay started as the README says is
 * two JVMs (the launcher and the JVM it starts), PostgreSQL is a postmaster and its backends.
 */
final class ProcessTree {
    static final long CLOCK_TICKS = 100; // USER_HZ on Linux x86-64

    private ProcessTree() {
    }

    /** CPU seconds (user + system) of the process and its live descendants, plus the children it has reaped. */
    static double cpuSeconds(long root) throws IOException {
        long ticks = 0;
        for (long pid : pids(root)) {
            String[] f = stat(pid);
            if (f.length > 0) {
                // after "pid (comm) ": state is index 0, utime 11, stime 12, cutime 13, cstime 14
                ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]) + (pid == root ? Long.parseLong(f[13]) + Long.parseLong(f[14]) : 0);
            }
        }
        return ticks / (double) CLOCK_TICKS;
    }

    /** Sum of each process's peak resident set (VmHWM), in MB: an upper bound of the tree's peak. */
    static double peakRssMb(long root) throws IOException {
        long kb = 0;
        for (long pid : pids(root)) {
            kb += statusKb(pid, "VmHWM:");
        }
        return kb / 1024.0;
    }

    /** Each process's peak resident set (VmHWM) in MB, e.g. "launcher 49 MB + 241 MB". */
    static String peakRssByProcess(long root) {
        return String.join(" + ", pids(root).stream().map(pid -> Math.round(statusKb(pid, "VmHWM:") / 1024.0) + " MB").toList());
    }

    /** Resets VmHWM of every process of the tree (clear_refs 5); false when the kernel refuses. */
    static boolean resetPeak(long root) {
        try {
            for (long pid : pids(root)) {
                Files.writeString(Path.of("/proc", Long.toString(pid), "clear_refs"), "5");
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static List<Long> pids(long root) {
        return Stream.concat(Stream.of(root), ProcessHandle.of(root).stream().flatMap(ProcessHandle::descendants).map(ProcessHandle::pid)).toList();
    }

    private static String[] stat(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException e) {
            return new String[0]; // exited meanwhile
        }
    }

    private static long statusKb(long pid, String key) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(l -> l.startsWith(key)).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElse(0L);
        } catch (IOException e) {
            return 0;
        }
    }
}
