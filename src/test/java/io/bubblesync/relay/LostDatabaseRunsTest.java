package io.bubblesync.relay;

import ch.qos.logback.classic.Level;
import io.bubblesync.relay.support.CapturedLogs;
import io.bubblesync.relay.support.RelayHarness;
import io.bubblesync.relay.support.RestartablePostgres;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay's own passes and legacy passes record their runs through one recorder, so a lost database reads the same
 * for both: said once by the outage line, no line per pass, no failed run written for it afterwards.
 */
class LostDatabaseRunsTest {
    @ParameterizedTest(name = "sync.target={0}")
    @ValueSource(strings = {"bubble_sync", "legacy"})
    void passes_on_a_lost_database_say_it_once_and_record_no_run(String target) throws Exception {
        try (RestartablePostgres pg = new RestartablePostgres()) {
            Properties p = RelayHarness.defaults("http://127.0.0.1:9/unused"); // nothing is due: no call is made
            p.setProperty("sync.target", target);
            p.setProperty("sync.db.url", pg.jdbcUrl());
            p.setProperty("sync.db.connect-timeout", "1s");
            p.setProperty("sync.db.statement-timeout", "2s");
            p.setProperty("sync.db.socket-timeout", "3s");
            try (RelayHarness relay = RelayHarness.start(p)) {
                try (CapturedLogs logs = new CapturedLogs()) {
                    pg.stop();
                    for (int i = 0; i < 3; i++) {
                        assertThat(relay.pass("processor").failure()).as("pass %s on a stopped database", i).isNotNull();
                    }
                    assertThat(logs.relayAtLeast(Level.INFO)).as("the relay's INFO and above while the database is away").singleElement()
                            .asString().startsWith("database unreachable");
                }
                pg.startAgain();
                await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> relay.query("SELECT 1").size() == 1);
                assertThat(relay.query("SELECT job, status, message FROM sync_run WHERE status = 'failed'"))
                        .as("no failed run written for the outage").isEmpty();
            }
        }
    }
}
