package io.bubblesync.relay.bubble;

import io.bubblesync.relay.delivery.TransientDeliveryException;
import java.time.Duration;

/** Bubble answered 429: the rate limit has slowed down and holds calls until Retry-After; the call goes again. */
public class BubbleThrottled extends TransientDeliveryException {
    public BubbleThrottled(Duration retryAfter, String message) {
        super("Bubble", 429, retryAfter, message);
    }
}
