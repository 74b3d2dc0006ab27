package io.bubblesync.app;

import io.bubblesync.relay.dev.emulator.BubbleEmulator;
import io.bubblesync.relay.dev.emulator.EmulatorOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
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

    @Option(names = "--type", paramLabel = "TYPE=FIELD[:KIND],...",
            description = "declare a type and its fields (kind text, number, yes_no, date or list), repeatable; once a type is declared"
                    + " the others are 'Type not found', and GET /api/1.1/meta/swagger.json describes the declared ones")
    List<String> types = new ArrayList<>();

    @Option(names = "--no-swagger", description = "answer 404 for the Swagger file, as an app that hides it")
    boolean noSwagger;

    @Option(names = "--retry-after", description = "the rate limit's 429s carry Retry-After (Bubble does not document one)")
    boolean retryAfter;

    @Option(names = "--bulk-errors-400", description = "a bulk answer holding an error line is a 400 (with every line), not a 200")
    boolean bulkErrors400;

    @Option(names = "--bulk-every-newline", description = "every \\n of a bulk body separates a line: a trailing newline is an empty, error line")
    boolean bulkEveryNewline;

    @Option(names = "--bulk-reach", defaultValue = "-1", paramLabel = "N",
            description = "bulk lines after the first N are answered as not reached (Bubble's 4-minute limit); default: all reached")
    int bulkReach;

    @Option(names = "--cursor-cap", defaultValue = "50000", paramLabel = "N",
            description = "a search's cursor cannot go past N items (Bubble's cap: 50,000; smaller to try reconcile's way past it)")
    int cursorCap;

    @Override
    public Integer call() throws Exception {
        EmulatorOptions options = EmulatorOptions.defaults().port(port).rateLimitPerMinute(rateLimit)
                .failureRate(failureRate).logRequests(true).publishSwagger(!noSwagger).retryAfter(retryAfter)
                .bulkErrorsAs400(bulkErrors400).bulkEveryNewlineALine(bulkEveryNewline).bulkReachOnly(bulkReach).cursorCap(cursorCap);
        if (key != null && !key.isBlank()) {
            options.apiKey(key);
        }
        for (String type : types) {
            int eq = type.indexOf('=');
            if (eq <= 0) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--type " + type + ": expected TYPE=FIELD[:KIND],...");
            }
            options.declaredFields(type.substring(0, eq).trim(), Arrays.stream(type.substring(eq + 1).split(","))
                    .map(String::trim).filter(f -> !f.isEmpty()).toArray(String[]::new));
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
