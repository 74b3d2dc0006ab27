package io.bubblesync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * Writes the measured part of BENCHMARKS.md between two markers, keeping the hand-written analysis around
 * it; a missing file is created with the markers only.
 */
final class Report {
    static final String BEGIN = "<!-- bench:begin (written by the benchmark; edit outside these markers) -->";
    static final String END = "<!-- bench:end -->";

    private Report() {
    }

    static Path write(Path file, Results r) throws IOException {
        String generated = BEGIN + "\n" + body(r) + END;
        String text = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n\n" + BEGIN + "\n" + END + "\n";
        int from = text.indexOf(BEGIN);
        int to = text.indexOf(END);
        if (from < 0 || to < from) {
            text = text + "\n" + generated + "\n";
        } else {
            text = text.substring(0, from) + generated + text.substring(to + END.length());
        }
        Files.writeString(file, text);
        return file;
    }

    private static String body(Results r) {
        return "Run on " + LocalDate.now() + ", " + machine() + ", " + r.postgres + ".\n\n"
                + "Command: `mvn -B -ntp -Pbench verify`\n\n"
                + "Settings: " + r.settings() + ".\n\n"
                + r.table() + "\n"
                + "EXPLAIN (ANALYZE, BUFFERS) of one claim(5) with " + r.s.claimLarge() + " completed rows in the table:\n\n"
                + "```\n" + r.claim.plan + "```\n";
    }

    private static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (IOException ignored) {
            // not Linux: the CPU stays unnamed
        }
        long memGb = Math.round(((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize() / 1e9);
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + memGb + " GB RAM";
    }
}
