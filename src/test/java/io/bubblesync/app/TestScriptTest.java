package io.bubblesync.app;

import io.bubblesync.relay.support.PgBouncer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's test command, ./test, is what CI runs, and it runs exactly mvn -B -ntp verify. */
class TestScriptTest {
    private static final Path SCRIPT = Path.of("test");
    private static final Path CI = Path.of(".ci", "run");

    @Test
    void ci_runs_the_test_script_and_the_readme_gives_it_as_the_test_command() throws Exception {
        List<String> ciCommands = Files.readAllLines(CI).stream().map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        String readme = Files.readString(Path.of("README.md"));
        Matcher twoCommands = Pattern.compile("(?s)## Two commands.*?```sh\\n(.*?)```.*?```sh\\n(.*?)```").matcher(readme);

        assertThat(ciCommands).last().isEqualTo("exec ./test");
        assertThat(ciCommands).noneMatch(l -> l.contains("mvn") || l.contains("apt-get"));
        assertThat(twoCommands.find()).isTrue();
        assertThat(twoCommands.group(2).trim()).isEqualTo("./test");
        assertThat(Files.isExecutable(SCRIPT)).isTrue();
        assertThat(Files.isExecutable(CI)).isTrue();
    }

    @Test
    void the_script_checks_every_program_the_tests_take_from_debian_packages() throws Exception {
        String script = Files.readString(SCRIPT);

        assertThat(script).contains("[ -x /usr/bin/chromium ] || missing+=(chromium)")
                .contains("[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)")
                .contains("[ -x " + PgBouncer.BINARY + " ] || missing+=(pgbouncer)")
                .contains("/usr/bin/promtool").contains("missing+=(prometheus)");
        assertThat(script.lines().filter(l -> l.contains("mvn ")).map(String::trim).toList())
                .containsExactly("exec mvn -B -ntp verify \"$@\"");
    }

    @Test
    void the_script_runs_exactly_maven_verify_and_installs_at_most_the_missing_packages(@TempDir Path stubs) throws Exception {
        Path calls = stubs.resolve("calls.txt");
        for (String program : List.of("mvn", "apt-get", "sudo")) {
            Path stub = stubs.resolve(program);
            Files.writeString(stub, "#!/bin/sh\necho \"" + program + " $*\" >> " + calls + "\n");
            Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        ProcessBuilder pb = new ProcessBuilder("bash", SCRIPT.toString()).redirectErrorStream(true);
        pb.environment().put("PATH", stubs + ":" + System.getenv("PATH"));
        Process run = pb.start();
        String output = new String(run.getInputStream().readAllBytes());
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();

        List<String> called = Files.readAllLines(calls);
        assertThat(run.exitValue()).as(output).isZero();
        assertThat(called).last().isEqualTo("mvn -B -ntp verify");
        assertThat(called.stream().filter(c -> c.startsWith("apt-get install")).toList())
                .allSatisfy(c -> assertThat(c.replace("apt-get install -y -q ", "").split(" "))
                        .isSubsetOf("chromium", "chromium-driver", "pgbouncer", "prometheus"));
    }
}
