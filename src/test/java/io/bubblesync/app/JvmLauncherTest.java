package io.bubblesync.app;

import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JvmLauncherTest {
    private static final long MB = 1024 * 1024;

    @Test
    void the_heap_is_a_quarter_of_the_memory_allowed_between_64_and_160_mb() {
        assertThat(JvmLauncher.flags(256 * MB)).contains("-Xmx64m", "-Xms32m", "-XX:+UseSerialGC");
        assertThat(JvmLauncher.flags(512 * MB)).contains("-Xmx128m");
        assertThat(JvmLauncher.flags(24L * 1024 * MB)).contains("-Xmx160m");
        assertThat(JvmLauncher.flags(128 * MB)).contains("-Xmx64m");
    }

    @Test
    void an_operators_heap_collector_or_debugger_flags_keep_the_command_in_its_own_jvm() {
        assertThat(JvmLauncher.tuned(List.of("-Xmx1g"))).isTrue();
        assertThat(JvmLauncher.tuned(List.of("-XX:MaxRAMPercentage=50"))).isTrue();
        assertThat(JvmLauncher.tuned(List.of("-XX:+UseG1GC"))).isTrue();
        assertThat(JvmLauncher.tuned(List.of("-agentlib:jdwp=transport=dt_socket,server=y"))).isTrue();
        assertThat(JvmLauncher.tuned(List.of("-Dcamel.management.port=9000", "-XX:+HeapDumpOnOutOfMemoryError"))).isFalse();
    }

    @Test
    void only_run_and_once_are_relaunched() throws Exception {
        assertThat(JvmLauncher.relaunch(new String[] {"status"})).isEmpty();
        assertThat(JvmLauncher.relaunch(new String[] {"cleanup", "--dry-run"})).isEmpty();
    }
}
