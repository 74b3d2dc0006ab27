package io.bubblesync.relay;

import io.bubblesync.relay.camel.PassTally;
import io.bubblesync.relay.dev.emulator.BubbleEmulator;
import io.bubblesync.relay.dev.emulator.EmulatorOptions;
import io.bubblesync.relay.support.BubbleFixture;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static io.bubblesync.relay.support.BubbleFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

/** sync.target=bubble with sync.routes.dsl=java: the Bubble routes' Java twins create the thing and settle the row. */
class JavaDslBubbleTargetTest {
    @Test
    void insert_creates_the_mapped_thing_with_the_java_dsl_routes() throws Exception {
        BubbleEmulator bubble = BubbleEmulator.start(EmulatorOptions.defaults().apiKey(BubbleFixture.KEY));
        Properties p = BubbleFixture.defaults(bubble);
        p.setProperty("sync.routes.dsl", "java");
        try (BubbleFixture f = BubbleFixture.start(bubble, p)) {
            UUID row = f.insertListing("L-1", "Sea view", 120);

            PassTally tally = f.relay.pass("processor");

            assertThat(tally.completed()).isEqualTo(1);
            assertThat(f.requests("POST").get(0).path()).isEqualTo("/obj/listing");
            assertThat(json(f.requests("POST").get(0).body()).path("Name").asText()).isEqualTo("Sea view");
            assertThat(f.relay.row(row).get("status")).isEqualTo("completed");
            assertThat(f.bubbleId("listing", "L-1")).matches("\\d{13}x\\d+");
        }
    }
}
