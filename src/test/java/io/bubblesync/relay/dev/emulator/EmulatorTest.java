package io.bubblesync.relay.dev.emulator;

import org.junit.jupiter.api.AfterEach;

/** An emulator started by each test with its own options, and a client for it; closed after the test. */
abstract class EmulatorTest {
    protected BubbleEmulator emulator;
    protected EmulatorClient client;

    protected void start(EmulatorOptions options) throws Exception {
        emulator = BubbleEmulator.start(options);
        client = new EmulatorClient(emulator);
    }

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }
}
