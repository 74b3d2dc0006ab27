package io.bubblesync.relay.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** Reads an HTTP Retry-After header: delay-seconds or an HTTP date. */
public final class RetryAfter {
    private RetryAfter() {
    }

    /** The wait the header asks for, or null when absent or unreadable. */
    public static Duration parse(Object header, Clock clock) {
        if (header == null) {
            return null;
        }
        String value = header.toString().trim();
        if (value.isEmpty()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(clock.instant(), at.toInstant());
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (RuntimeException notADate) {
                return null;
            }
        }
    }
}
