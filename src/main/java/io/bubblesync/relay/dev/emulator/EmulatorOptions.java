package io.bubblesync.relay.dev.emulator;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * How a {@link BubbleEmulator} starts: {@code EmulatorOptions.defaults().apiKey("k").rateLimitPerMinute(1000).declaredFields("listing", "name", "price:number")}.
 * A declared field is {@code name} or {@code name:kind} (text, number, yes_no, date, list); a type with declared
 * fields refuses others, and once a type is declared the others are "Type not found". Port 0 (default) picks a
 * free port; a rate limit of 0 (default) means none; the default key is random; 429s carry no Retry-After
 * unless asked for.
 */
public final class EmulatorOptions {
    String apiKey = "emulator-" + UUID.randomUUID().toString().replace("-", "");
    int port;
    int rateLimitPerMinute;
    double failureRate;
    Duration latency = Duration.ZERO;
    double dropAnswers;
    int dropNextAnswers;
    final Map<String, List<String>> declaredFields = new HashMap<>();
    final Set<String> refusedTypes = new HashSet<>();
    boolean logRequests;
    int keepRequests = 100_000;
    boolean retryAfter;
    final BulkModes bulk = new BulkModes();
    boolean swagger = true;
    int cursorCap = Search.CURSOR_CAP;

    public static EmulatorOptions defaults() {
        return new EmulatorOptions();
    }

    public EmulatorOptions apiKey(String key) { apiKey = key; return this; }
    public EmulatorOptions port(int p) { port = p; return this; }
    public EmulatorOptions rateLimitPerMinute(int limit) { rateLimitPerMinute = limit; return this; }
    public EmulatorOptions failureRate(double share) { failureRate = share; return this; }
    public EmulatorOptions latency(Duration added) { latency = added; return this; }
    public EmulatorOptions dropAnswers(double share) { dropAnswers = share; return this; }
    public EmulatorOptions dropNextAnswers(int n) { dropNextAnswers = n; return this; }
    public EmulatorOptions declaredFields(String type, String... fields) { declaredFields.put(type, List.of(fields)); return this; }
    public EmulatorOptions refuseType(String type) { refusedTypes.add(type); return this; }
    /** One INFO log line per request (the CLI and dev mode); otherwise DEBUG. */
    public EmulatorOptions logRequests(boolean on) { logRequests = on; return this; }
    /** How many of the latest requests {@link BubbleEmulator#requests()} keeps (default 100,000). */
    public EmulatorOptions keepRequests(int n) { keepRequests = n; return this; }
    /** Whether the rate limit's 429s carry {@code Retry-After} (default false: Bubble does not document one). */
    public EmulatorOptions retryAfter(boolean on) { retryAfter = on; return this; }
    public EmulatorOptions bulkErrorsAs400(boolean on) { bulk.errorAs400(on); return this; }
    public EmulatorOptions bulkEveryNewlineALine(boolean on) { bulk.everyNewlineALine(on); return this; }
    public EmulatorOptions bulkReachOnly(int lines) { bulk.reachOnly(lines); return this; }
    public EmulatorOptions publishSwagger(boolean on) { swagger = on; return this; }
    /** A search's cursor cannot go past this many items (Bubble's is 50,000; small in tests). */
    public EmulatorOptions cursorCap(int items) { cursorCap = items; return this; }
}
