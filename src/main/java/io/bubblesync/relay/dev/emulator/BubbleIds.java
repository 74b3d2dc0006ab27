package io.bubblesync.relay.dev.emulator;

import java.util.concurrent.ThreadLocalRandom;

/** Ids shaped like Bubble's: 13-digit epoch milliseconds, {@code x}, 17 digits ({@code 1765294218839x30223279710199380}). */
final class BubbleIds {
    private BubbleIds() {
    }

    static String next() {
        long digits = ThreadLocalRandom.current().nextLong(10_000_000_000_000_000L, 100_000_000_000_000_000L);
        return System.currentTimeMillis() + "x" + digits;
    }
}
