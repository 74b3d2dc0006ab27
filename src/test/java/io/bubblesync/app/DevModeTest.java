package io.bubblesync.app;

import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DevModeTest {
    @Test
    void once_without_database_runs_dev_mode_and_delivers_demo_rows_to_the_sandbox() {
        CliRun run = CliRun.of(Map.of("sync.dev.failure-rate", "0", "sync.dev.demo-rows", "12",
                "camel.management.enabled", "false"), "once");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("once: claimed=12 completed=12 failed-retryable=0 failed-permanent=0 skipped=0");
    }

    @Test
    void once_with_the_bubble_target_and_no_api_url_delivers_demo_rows_to_the_emulator() {
        CliRun run = CliRun.of(Map.of("sync.target", "bubble", "sync.dev.demo-rows", "3",
                "camel.management.enabled", "false"), "once");

        assertThat(run.exitCode()).as(run.err()).isZero();
        // three listing creates (one bulk call), a signup, a PATCH and a DELETE of listings the emulator was seeded with
        assertThat(run.out()).contains("once: claimed=6 completed=6 failed-retryable=0 failed-permanent=0 skipped=0");
        assertThat(run.out() + run.err()).as("dev mode declares its types: the emulator's Swagger file lists them")
                .contains("lists 2 type(s) exposed to the Data API: [listing, user]");
    }
}
