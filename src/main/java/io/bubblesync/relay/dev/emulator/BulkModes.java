package io.bubblesync.relay.dev.emulator;

/**
 * How {@code POST /obj/{type}/bulk} answers, for the readings of Bubble's manual a client must survive (notes §1b):
 * an answer holding an error line may be a 400 ("400: Bad Request" in the reference) instead of a 200 (the guide);
 * a trailing newline may be a line of its own (undocumented: every {@code \n} then separates a line, and the empty
 * one is an error line); items Bubble did not reach within its 4-minute limit "will be marked as errors". Changeable
 * while the emulator runs.
 */
public final class BulkModes {
    private volatile boolean errorAs400;
    private volatile boolean everyNewlineALine;
    private volatile int reached = -1;

    /** A bulk answer holding an error line is a 400 (the manual's reference) instead of a 200 (its guide). */
    public BulkModes errorAs400(boolean on) {
        errorAs400 = on;
        return this;
    }

    /** Every {@code \n} of a body separates a line: a trailing newline makes an empty line, an error line. */
    public BulkModes everyNewlineALine(boolean on) {
        everyNewlineALine = on;
        return this;
    }

    /** Lines after the first {@code n} are answered "not reached" without being created; negative: all are reached. */
    public BulkModes reachOnly(int n) {
        reached = n;
        return this;
    }

    boolean errorAs400() {
        return errorAs400;
    }

    boolean everyNewlineALine() {
        return everyNewlineALine;
    }

    boolean reached(int lineIndex) {
        int n = reached;
        return n < 0 || lineIndex < n;
    }
}
