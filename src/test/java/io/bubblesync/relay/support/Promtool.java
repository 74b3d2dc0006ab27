package io.bubblesync.relay.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.fail;

/**
 * Prometheus' promtool (Debian's prometheus package: /usr/bin/promtool; or $PROMTOOL). Missing, a test that needs it
 * fails saying how to install it: the rules' proof must not be skipped silently.
 */
public final class Promtool {
    public static final Path RULES = Path.of("deploy", "prometheus", "bubble-sync-rules.yml");
    public static final Path RULE_TESTS = Path.of("deploy", "prometheus", "bubble-sync-rules.test.yml");
    private static final Pattern FIRED = Pattern.compile("(?m)^\\s*alertname: (\\S+), time: ");

    /** promtool's exit code and what it printed. */
    public record Result(int exitCode, String output) {
    }

    private Promtool() {
    }

    public static Path binary() {
        List<Path> candidates = new ArrayList<>();
        String env = System.getenv("PROMTOOL");
        if (env != null && !env.isBlank()) {
            candidates.add(Path.of(env));
        }
        candidates.add(Path.of("/usr/bin/promtool"));
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, "promtool"));
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst().orElseGet(() -> fail(
                "promtool not found (looked at $PROMTOOL, /usr/bin/promtool and PATH): install Debian's prometheus package "
                        + "(apt-get install -y prometheus), see docs/testing-routes.md"));
    }

    public static Result run(String... args) {
        List<String> cmd = new ArrayList<>(List.of(binary().toString()));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return fail("promtool did not finish within 60 s: " + cmd);
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            return fail("promtool could not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }

    /**
     * Runs a `promtool test rules` file whose every alert test expects no alert, and returns the alerts that fired:
     * promtool reports each alertname whose alerts differ from the expected (none) as "alertname: X, time: …".
     */
    public static Set<String> firedAlerts(Path testFile) {
        Result r = run("test", "rules", testFile.toString());
        Set<String> fired = new LinkedHashSet<>();
        Matcher m = FIRED.matcher(r.output());
        while (m.find()) {
            fired.add(m.group(1));
        }
        if (r.exitCode() != 0 && fired.isEmpty()) {
            fail("promtool test rules " + testFile + " failed without naming an alert:\n" + r.output());
        }
        return fired;
    }
}
