package com.cardscry.portal.adapters.cosmos;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how long the store retries an operation that failed for a passing reason (throttled,
 * service unavailable, timed out, connection dropped). It is the one retry budget for these faults:
 * the SDK's own throttling retries are switched off, so a 429 reaches this policy with the server's
 * {@code x-ms-retry-after-ms} and is never retried twice over.
 *
 * @param maxAttempts  attempts in all, including the first; at least 1
 * @param firstBackoff the backoff before the second attempt; it doubles for each further attempt
 * @param maxWait      the longest single wait. The wait is the backoff with jitter, or the server's
 *                     retry-after when that is longer; when the server asks for more than this, the
 *                     store gives up at once rather than hold a request that long
 */
public record RetryPolicy(int maxAttempts, Duration firstBackoff, Duration maxWait) {

    /** Five attempts, from 100 ms up to 5 s a wait: at most about 20 s before giving up. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(5));

    public RetryPolicy {
        Objects.requireNonNull(firstBackoff, "firstBackoff");
        Objects.requireNonNull(maxWait, "maxWait");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (firstBackoff.isNegative() || maxWait.isNegative() || firstBackoff.compareTo(maxWait) > 0) {
            throw new IllegalArgumentException("need 0 <= firstBackoff <= maxWait");
        }
    }

    /** The backoff before attempt {@code attempt + 1} (attempts count from 1), before jitter. */
    Duration backoffAfter(int attempt) {
        int doublings = Math.min(attempt - 1, 30);
        Duration backoff = firstBackoff.multipliedBy(1L << doublings);
        return backoff.compareTo(maxWait) > 0 ? maxWait : backoff;
    }
}
