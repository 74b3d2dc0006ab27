package io.bubblesync.relay.dev.emulator;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids shaped like Bubble's: 13-digit epoch milliseconds, {@code x}, 18 digits
 * ({@code 1671702337369x488321592367327900}, the manual's example; notes §1b: "the digits usually 18 long").
 */
final class BubbleIds {
    private BubbleIds() {
    }

    static String next() {
        long digits = ThreadLocalRandom.current().nextLong(100_000_000_000_000_000L, 1_000_000_000_000_000_000L);
        return System.currentTimeMillis() + "x" + digits;
    }
}
