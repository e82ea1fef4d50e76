package com.cardscry.portal.application.limits;

import java.time.Duration;
import java.util.Objects;

/**
 * How many attempts one key may make: {@code permits} at once, earned back evenly over {@code window}
 * (so a key that waits a whole window may again make {@code permits} attempts in a burst).
 *
 * @param name    what is limited, for example {@code signup-per-address}; names a limiter in messages
 * @param permits the burst, and the number of attempts per window, at least 1
 * @param window  the time in which all permits are earned back; at least one nanosecond per permit
 */
public record RateLimitPolicy(String name, int permits, Duration window) {

    public RateLimitPolicy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(window, "window");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a policy needs a name");
        }
        if (permits < 1) {
            throw new IllegalArgumentException("policy '" + name + "' needs at least one permit");
        }
        if (window.isNegative() || window.toNanos() < permits) {
            throw new IllegalArgumentException("policy '" + name + "' needs a window of at least one nanosecond per permit");
        }
    }
}
