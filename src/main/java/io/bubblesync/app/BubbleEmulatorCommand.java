package io.bubblesync.app;

import io.bubblesync.relay.dev.emulator.BubbleEmulator;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the in-memory Bubble Data API emulator alone, on loopback, until Ctrl-C. */
@Command(name = "bubble-emulator", description = "Run an in-memory Bubble Data API on loopback (for trying the bubble target), until Ctrl-C.")
class BubbleEmulatorCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "0", description = "port on 127.0.0.1 (default: a free one)")
    int port;

    @Option(names = "--key", description = "the API key it accepts as Bearer token (default: a random one, printed)")
    String key;

    @Option(names = "--rate-limit", defaultValue = "0", description = "requests per minute before it answers 429 (default 0 = none)")
    int rateLimit;

    @Option(names = "--failure-rate", defaultValue = "0", description = "share of requests answered 503, 0..1 (default ${DEFAULT-VALUE})")
    double failureRate;

    @Override
    public Integer call() throws Exception {
        BubbleEmulator.Options options = BubbleEmulator.Options.defaults().port(port).rateLimitPerMinute(rateLimit)
                .failureRate(failureRate).logRequests(true);
        if (key != null && !key.isBlank()) {
            options.apiKey(key);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        BubbleEmulator emulator = BubbleEmulator.start(options);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }, "bubble-emulator-stop"));
        System.out.println("bubble-emulator: Data API at " + emulator.baseUrl() + " (Bearer key " + emulator.apiKey() + ")");
        System.out.println("bubble-emulator: e.g. curl -H 'Authorization: Bearer " + emulator.apiKey() + "' " + emulator.baseUrl()
                + "/obj/listing ; Ctrl-C stops it");
        stopped.await();
        return 0;
    }
}
