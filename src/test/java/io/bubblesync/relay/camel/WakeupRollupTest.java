package io.bubblesync.relay.camel;

import io.bubblesync.relay.db.RunHistory;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WakeupRollupTest {
    @Test
    void wake_up_passes_are_summed_into_one_run_row_per_minute() {
        WakeupRollup rollup = new WakeupRollup("relay-1");
        Instant start = Instant.now();
        for (int i = 0; i < 3; i++) {
            PassTally tally = new PassTally("processor");
            tally.claimed(5);
            assertThat(rollup.add(tally, start.plusSeconds(i))).isEmpty();
        }
        PassTally last = new PassTally("processor");
        last.claimed(2);

        Optional<RunHistory.Run> run = rollup.add(last, start.plusSeconds(61));

        assertThat(run).isPresent();
        assertThat(run.get().claimed()).isEqualTo(17);
        assertThat(run.get().message()).startsWith("wake-up: 4 passes");
        assertThat(rollup.add(new PassTally("processor"), start.plusSeconds(62))).as("a new minute starts").isEmpty();
    }
}
