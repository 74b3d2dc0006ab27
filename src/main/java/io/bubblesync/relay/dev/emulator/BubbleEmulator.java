package io.bubblesync.relay.dev.emulator;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An in-memory Bubble Data API on loopback ({@code http://127.0.0.1:<port>/api/1.1}) for dev mode and tests:
 * Bearer key, create / modify / replace / delete / get / search / bulk, the app's Swagger file, Bubble's ids, error
 * shapes and texts (shared/notes/bubble-and-supabase.md §1b), a requests-per-minute limit, the bulk answers' readings
 * ({@link BulkModes}) and injected faults, all changeable while it runs ({@link EmulatorOptions}: how it starts). Thread-safe.
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

    private BubbleEmulator(EmulatorOptions options) throws IOException {
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

    public static BubbleEmulator start(EmulatorOptions options) throws IOException {
        return new BubbleEmulator(options);
    }

    public static BubbleEmulator start() throws IOException {
        return start(EmulatorOptions.defaults());
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

    /** Declares a type and its fields (see {@link EmulatorOptions}); from then on undeclared types are "Type not found". */
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
