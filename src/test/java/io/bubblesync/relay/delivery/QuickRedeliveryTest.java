package io.bubblesync.relay.delivery;

import java.time.Duration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The longest in-process wait of the quick-redelivery policy is the wait before its last redelivery: Camel waits the
 * first delay before redelivery 1 and doubles the previous wait for each next one (RedeliveryPolicy).
 */
class QuickRedeliveryTest {
    @Test
    void the_longest_wait_is_the_first_delay_doubled_once_per_redelivery_after_the_first() {
        assertThat(QuickRedelivery.longestWait(QuickRedelivery.of(2, Duration.ofMillis(500)))).isEqualTo(Duration.ofSeconds(1));
        assertThat(QuickRedelivery.longestWait(QuickRedelivery.of(1, Duration.ofMillis(500)))).isEqualTo(Duration.ofMillis(500));
        assertThat(QuickRedelivery.longestWait(QuickRedelivery.of(3, Duration.ofMillis(100)))).isEqualTo(Duration.ofMillis(400));
        assertThat(QuickRedelivery.longestWait(QuickRedelivery.of(0, Duration.ofMillis(500)))).as("no redelivery, no wait").isZero();
    }
}
