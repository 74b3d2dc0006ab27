package io.bubblesync.relay.dev.emulator;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * An in-memory Bubble Data API on loopback ({@code http://127.0.0.1:<port>/api/1.1}) for dev mode and tests:
 * Bearer key, create / modify / replace / delete / get / search / bulk, the app's Swagger file, Bubble's ids, error
 * shapes and texts (shared/notes/bubble-and-supabase.md §1b), a requests-per-minute limit, the bulk answers' readings
 * ({@link BulkModes}) and injected faults, all changeable while it runs. Thread-safe.
 */
public final class BubbleEmulator implements AutoCloseable {
    private final LoopbackServer server;
    private final String apiKey;
    private final ThingStore store = new ThingStore();
    private final FieldRules rules = new FieldRules();
    private final Faults faults = new Faults();
    private final RateWindow rate;
    private final BulkModes bulk;
    private final DataApi api;
    private final FrontDoor door;

    /**
     * How to start: {@code Options.defaults().apiKey("k").rateLimitPerMinute(1000).declaredFields("listing", "name", "price:number")}.
     * A declared field is {@code name} or {@code name:kind} (text, number, yes_no, date, list); a type with declared
     * fields refuses others, and once a type is declared the others are "Type not found". Port 0 (default) picks a
     * free port; a rate limit of 0 (default) means none; the default key is random; 429s carry no Retry-After
     * unless asked for.
     */
    public static final class Options {
        private String apiKey = "emulator-" + UUID.randomUUID().toString().replace("-", "");
        private int port;
        private int rateLimitPerMinute;
        private double failureRate;
        private Duration latency = Duration.ZERO;
        private double dropAnswers;
        private int dropNextAnswers;
        private final Map<String, List<String>> declaredFields = new HashMap<>();
        private final Set<String> refusedTypes = new HashSet<>();
        private boolean logRequests;
        private int keepRequests = 100_000;
        private boolean retryAfter;
        private final BulkModes bulk = new BulkModes();
        private boolean swagger = true;
        private int cursorCap = Search.CURSOR_CAP;

        public static Options defaults() {
            return new Options();
        }

        public Options apiKey(String key) { apiKey = key; return this; }
        public Options port(int p) { port = p; return this; }
        public Options rateLimitPerMinute(int limit) { rateLimitPerMinute = limit; return this; }
        public Options failureRate(double share) { failureRate = share; return this; }
        public Options latency(Duration added) { latency = added; return this; }
        public Options dropAnswers(double share) { dropAnswers = share; return this; }
        public Options dropNextAnswers(int n) { dropNextAnswers = n; return this; }
        public Options declaredFields(String type, String... fields) { declaredFields.put(type, List.of(fields)); return this; }
        public Options refuseType(String type) { refusedTypes.add(type); return this; }
        /** One INFO log line per request (the CLI and dev mode); otherwise DEBUG. */
        public Options logRequests(boolean on) { logRequests = on; return this; }
        /** How many of the latest requests {@link BubbleEmulator#requests()} keeps (default 100,000). */
        public Options keepRequests(int n) { keepRequests = n; return this; }
        /** Whether the rate limit's 429s carry {@code Retry-After} (default false: Bubble does not document one). */
        public Options retryAfter(boolean on) { retryAfter = on; return this; }
        public Options bulkErrorsAs400(boolean on) { bulk.errorAs400(on); return this; }
        public Options bulkEveryNewlineALine(boolean on) { bulk.everyNewlineALine(on); return this; }
        public Options bulkReachOnly(int lines) { bulk.reachOnly(lines); return this; }
        public Options publishSwagger(boolean on) { swagger = on; return this; }
        /** A search's cursor cannot go past this many items (Bubble's is 50,000; small in tests). */
        public Options cursorCap(int items) { cursorCap = items; return this; }
    }

    private BubbleEmulator(Options options) throws IOException {
        apiKey = options.apiKey;
        rate = new RateWindow(options.rateLimitPerMinute);
        failureRate(options.failureRate).latency(options.latency).dropAnswers(options.dropAnswers).dropNextAnswers(options.dropNextAnswers);
        options.declaredFields.forEach(this::declareFields);
        bulk = options.bulk;
        api = new DataApi(store, rules, bulk);
        api.cursorCap(options.cursorCap);
        door = new FrontDoor(api, apiKey, rate, faults, options.logRequests, options.keepRequests);
        door.sendRetryAfter(options.retryAfter);
        door.publishSwagger(options.swagger);
        door.refusedTypes().addAll(options.refusedTypes);
        server = new LoopbackServer(options.port, door);
    }

    public static BubbleEmulator start(Options options) throws IOException {
        return new BubbleEmulator(options);
    }

    public static BubbleEmulator start() throws IOException {
        return start(Options.defaults());
    }

    /** {@code http://127.0.0.1:<port>/api/1.1}: the Data API is at {@code baseUrl() + "/obj/<type>"}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + DataApi.BASE_PATH;
    }

    public int port() {
        return server.port();
    }

    public String apiKey() {
        return apiKey;
    }

    /** The stored things of a type (with {@code _id}, {@code Created Date}, …), in creation order. */
    public List<Map<String, Object>> objects(String type) {
        return api.asMaps(store.all(type));
    }

    public Optional<Map<String, Object>> object(String type, String id) {
        return store.find(type, id).map(api::asMap);
    }

    /** Stores a thing directly (no key, limit, faults or field rules; not recorded) and returns its id. */
    public String insert(String type, Map<String, ?> fields) {
        return store.create(type, api.asNode(fields));
    }

    /** The Data API requests received, oldest first (the latest {@code Options.keepRequests}); not the Swagger file's. */
    public List<RecordedRequest> requests() {
        return door.requests();
    }

    public void clearRequests() {
        door.clearRequests();
    }

    /** The largest number of requests accepted within any 60 seconds. */
    public int maxRequestsInAnyMinute() {
        return rate.maxInAnyMinute();
    }

    public int tooManyRequestsSent() {
        return rate.rejected();
    }

    public BubbleEmulator rateLimitPerMinute(int limit) {
        rate.limit(limit);
        return this;
    }

    /** Share of requests (after the key and rate checks) answered 503 without being applied. */
    public BubbleEmulator failureRate(double share) {
        faults.failureRate(share);
        return this;
    }

    public BubbleEmulator failNextRequests(int n) {
        faults.failNextRequests(n);
        return this;
    }

    /** The next n requests (after the key check) are answered 429 with this Retry-After (negative: none). */
    public BubbleEmulator tooManyRequestsNext(int n, long retryAfterSeconds) {
        faults.throttleNextRequests(n, retryAfterSeconds);
        return this;
    }

    /** Whether the rate limit's 429s carry {@code Retry-After} (default false): Bubble's manual does not say they do. */
    public BubbleEmulator sendRetryAfter(boolean on) {
        door.sendRetryAfter(on);
        return this;
    }

    public BubbleEmulator latency(Duration added) {
        faults.latency(added);
        return this;
    }

    /** Share of successful writes that are stored and then left without an answer (connection closed). */
    public BubbleEmulator dropAnswers(double share) {
        faults.dropAnswers(share);
        return this;
    }

    public BubbleEmulator dropNextAnswers(int n) {
        faults.dropNextAnswers(n);
        return this;
    }

    /** Declares a type and its fields (see {@link Options}); from then on undeclared types are "Type not found". */
    public BubbleEmulator declareFields(String type, List<String> fields) {
        rules.declare(type, fields);
        return this;
    }

    /** A search's cursor cannot go past this many items (Bubble: 50,000). */
    public BubbleEmulator cursorCap(int items) {
        api.cursorCap(items);
        return this;
    }

    /** {@code GET /api/1.1/meta/swagger.json} answers 404 while false (default true). */
    public BubbleEmulator publishSwagger(boolean on) {
        door.publishSwagger(on);
        return this;
    }

    /** How many times the Swagger file was asked for. */
    public int swaggerReads() {
        return door.swaggerReads();
    }

    /** How bulk creates answer (a 400 for an answer holding an error line, trailing newlines, lines not reached). */
    public BulkModes bulk() {
        return bulk;
    }

    /** Every request on this type gets a 401 with what privacy rules answer a client that is not admin (notes §1b). */
    public BubbleEmulator refuseType(String type) {
        door.refusedTypes().add(type);
        return this;
    }

    public BubbleEmulator allowType(String type) {
        door.refusedTypes().remove(type);
        return this;
    }

    @Override
    public void close() {
        server.close();
    }
}
