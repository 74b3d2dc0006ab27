package io.bubblesync.relay.routes;

/**
 * The exchange properties and headers the packaged routes share, declared once: each name, what it holds and
 * who sets it. The routes (routes/*.camel.yaml and their Java twins) read them by these names; Java reads and
 * writes them through these constants. docs/routes-reference.md has the same table for readers of the YAML
 * (RoutesReferenceTest keeps the two in step). Names private to one class (a bean's own bookkeeping between
 * two of its calls) stay private in that class.
 */
public final class ExchangeKeys {
    private ExchangeKeys() {
    }

    // --- exchange properties: a pass ---------------------------------------------------------------------------

    /** {@code processor} | {@code retry}: which pass. Set by the processor and retry routes (and run-now, wake-ups). */
    public static final String JOB = "job";
    /** {@code wakeup} when a LISTEN/NOTIFY wake-up started the pass (its runs are summed per minute). Set by WakeupLanes. */
    public static final String TRIGGER = "trigger";
    /** The pass's {@code PassTally}, shared by all its batches. Set by passReport.start / legacyDriver.start. */
    public static final String TALLY = "tally";
    /** Boolean: claim (or call the function) again. Set by the pass and legacy-pass routes from what the beans return. */
    public static final String MORE = "more";
    /** Boolean (sync.target=legacy): the function's last answer processed a full batch. Set by legacy-pass from legacyDriver.answer. */
    public static final String FULL_BATCH = "fullBatch";
    /** Why nothing may be sent now (relay stopping, paused, breaker open, …), or null. Set by deliver-batch from deliveryGate.closedBecause. */
    public static final String CLOSED_BECAUSE = "closedBecause";

    /** Rows the pass's last claim took. Set by the pass route. */
    public static final String CLAIM_COUNT = "claimCount";
    /** Boolean: the last claim came back full (it took its whole limit), so more rows may be due. Set by the pass route from claimSize.full. */
    public static final String CLAIM_FULL = "claimFull";
    /** Rows of the last claim handed back for want of a rate-limit permit in time (sync.target=bubble). Set by the pass route from passReport.lapsedSinceClaim. */
    public static final String LAPSED_ROWS = "lapsedRows";
    /** System.nanoTime() just before the claim that took the rows: their lease runs from no earlier. Set by passReport.claiming. */
    public static final String CLAIM_STARTED = "claimStarted";

    // --- exchange properties: a batch --------------------------------------------------------------------------

    /** The batch's id (UUID text), in its request, its rows' error_details and the log. Set by batchRequest.start. */
    public static final String BATCH_ID = "batchId";
    /** The batch's rows that go out ({@code List<ClaimedRow>}); a before-send hook may change it. Set by deliver-batch from batchRequest.goodRows. */
    public static final String BATCH_ROWS = "batchRows";
    /** Every row of the batch as claimed, bad ones included ({@code List<ClaimedRow>}). Set by batchRequest.start. */
    public static final String CLAIMED_ROWS = "claimedRows";
    /** Settlements of rows settled without being sent: bad rows, rows a hook skipped. Set by deliver-batch from batchRequest.badRows; hooks.applyItems adds to it. */
    public static final String BAD_ROWS = "badRows";
    /** Boolean: bubble_sync refused the batch as a whole (a status neither 2xx nor transient). Set by post-batch. */
    public static final String REJECTED = "rejected";
    /** Boolean: this batch is one row of a rejected batch, re-sent on its own. Set by deliver-batch. */
    public static final String ISOLATED = "isolated";
    /** The settlements just written ({@code List<Settlement>}). Set by the settle writer. */
    public static final String SETTLEMENTS = "settlements";

    // --- exchange properties: a Bubble call (sync.target=bubble) -----------------------------------------------

    /** The batch's Bubble outcome ({@code BubbleOutcome}): what each row came to. Set by bubblePlan.plan. */
    public static final String BUBBLE_OUTCOME = "bubbleOutcome";
    /** The current Bubble call ({@code BubbleCall}); absent when the call and its follow-ups are done. Set by bubbleSend, bubbleAnswer. */
    public static final String BUBBLE_CALL = "bubbleCall";
    /** Boolean: the current call's type is refused and no probe is due, so it is held. Set by bubble-send from bubbleSend.held. */
    public static final String BUBBLE_HELD = "bubbleHeld";
    /** Boolean: the rate limit gave the current call its permit while its rows' lease had time to go. Set by bubble-send from bubbleRateLimit.acquire. */
    public static final String BUBBLE_PERMIT = "bubblePermit";

    // --- headers: parameters of the routes' SQL ----------------------------------------------------------------

    /** sync.instance.id: who claims and rescues. Set by the pass route and rescue-expired. */
    public static final String INSTANCE = "instance";
    /** sync.lease as an ISO-8601 duration (PT5M): how long a claimed row may stay 'processing'. Set by rescue-expired. */
    public static final String LEASE = "lease";
    /** sync.operations, comma separated: the operations the relay delivers. Set by the pass routes. */
    public static final String OPERATIONS = "operations";
    /** The operations bubble_sync knows, comma separated (RowCheck.KNOWN_OPERATIONS): others are claimed to fail as bad rows. Set by the pass route. */
    public static final String KNOWN_OPERATIONS = "knownOperations";
    /** Tables whose Bubble type is refused, comma separated (often empty): left unclaimed. Set by the pass route. */
    public static final String HELD = "held";
    /** Rows the next claim may take. Set by the pass route from claimSize.limit. */
    public static final String LIMIT = "limit";

    // --- headers: every hook call --------------------------------------------------------------------------------

    /** The hook's name: before-send, after-settle, on-failure, after-pass. Set by hooks. */
    public static final String SYNC_HOOK = "SyncHook";
    /** The pass's job. Set by hooks. */
    public static final String SYNC_JOB = "SyncJob";
    /** The batch's id (none for after-pass). Set by hooks. */
    public static final String SYNC_BATCH_ID = "SyncBatchId";
}
