package com.cardscry.portal.application.gateway;

import java.time.Instant;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A plan's rate limit, counted in this process per subscription: for a gateway that cannot count
 * requests itself (API Management's Consumption tier has no {@code rate-limit-by-key}), so it asks
 * verification to count each request (docs/gateway.md, "The rate limit").
 *
 * <p><b>Algorithm.</b> A token bucket per subscription holding at most {@code rate} tokens and refilled
 * at {@code rate} tokens per second, kept as one number, its "theoretical arrival time" (the generic
 * cell rate algorithm): {@code tat} is when the bucket will be full again. With
 * {@code interval = 1 s / rate} and {@code tolerance = (rate - 1) x interval}, a request at {@code now}
 * is admitted when {@code max(tat, now) - now <= tolerance}, and then {@code tat} becomes
 * {@code max(tat, now) + interval}; a refused request changes nothing. So a subscription idle for a
 * second may make {@code rate} requests at once, and then one every {@code interval}; in any stretch
 * of {@code T} seconds at most {@code rate x (1 + T)} are admitted. Times are nanoseconds since the
 * epoch; {@code interval} is rounded down to whole nanoseconds (at most a billionth more than the plan).
 *
 * <p><b>Memory.</b> One entry (the subscription id the caller already holds, one {@link AtomicLong}) per
 * subscription seen lately, at most {@code capacity} of them. An entry whose {@code tat} has passed is a
 * full bucket, the same answer as no entry at all, so dropping it changes nothing: when full, those
 * are dropped first, then arbitrary ones until a tenth of the room is free (each such subscription
 * starts again from a full bucket, one burst of at most {@code rate} more). Every entry is idle at
 * most one second after its last request, so arbitrary ones go only when more than {@code capacity}
 * subscriptions were served within one second, more than one instance serves.
 *
 * <p>Thread-safe. Counting a request of a subscription already held takes no lock and allocates
 * nothing (one map look-up and a compare-and-set); only making room is synchronised.
 */
public final class SubscriptionRateLimiter {

    public static final int DEFAULT_CAPACITY = 100_000;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** Per subscription id, its bucket's theoretical arrival time in nanoseconds since the epoch. */
    private final ConcurrentHashMap<String, AtomicLong> fullAgainAt = new ConcurrentHashMap<>();
    private final int capacity;

    public SubscriptionRateLimiter(int capacity) {
        if (capacity < 10) {
            throw new IllegalArgumentException("capacity must be at least 10: " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Counts one request of {@code subscriptionId} at {@code now} if its rate allows it.
     *
     * @param ratePerSecond the plan's rate limit, at least 1
     * @return 0 if the request is admitted (and counted); otherwise how many nanoseconds from
     *         {@code now} until one would be, positive and at most one second (a little more only
     *         when concurrent callers read the clock at different moments); nothing is counted
     */
    public long admit(String subscriptionId, int ratePerSecond, Instant now) {
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        if (ratePerSecond < 1) {
            throw new IllegalArgumentException("ratePerSecond must be at least 1: " + ratePerSecond);
        }
        long nowNanos = now.getEpochSecond() * NANOS_PER_SECOND + now.getNano();
        long interval = NANOS_PER_SECOND / ratePerSecond;
        long tolerance = interval * (ratePerSecond - 1);
        while (true) {
            AtomicLong bucket = bucketOf(subscriptionId, nowNanos);
            long tat = bucket.get();
            long from = Math.max(tat, nowNanos);
            long wait = from - tolerance - nowNanos;
            if (wait > 0) {
                return wait;
            }
            if (bucket.compareAndSet(tat, from + interval) && fullAgainAt.get(subscriptionId) == bucket) {
                return 0;
            }
            // Another request moved the bucket first, or room was made and the bucket dropped meanwhile
            // (then this count went nowhere): decide again on what the map holds now.
        }
    }

    /** How many subscriptions are held (for tests). */
    public int size() {
        return fullAgainAt.size();
    }

    private AtomicLong bucketOf(String subscriptionId, long nowNanos) {
        AtomicLong bucket = fullAgainAt.get(subscriptionId);
        if (bucket != null) {
            return bucket;
        }
        if (fullAgainAt.size() >= capacity) {
            makeRoom(nowNanos);
        }
        // A new bucket is full: its time has already come.
        AtomicLong fresh = new AtomicLong(nowNanos);
        AtomicLong raced = fullAgainAt.putIfAbsent(subscriptionId, fresh);
        return raced != null ? raced : fresh;
    }

    private synchronized void makeRoom(long nowNanos) {
        if (fullAgainAt.size() < capacity) {
            return; // another thread made room meanwhile
        }
        fullAgainAt.values().removeIf(bucket -> bucket.get() <= nowNanos);
        int target = capacity - capacity / 10;
        Iterator<AtomicLong> arbitrary = fullAgainAt.values().iterator();
        while (fullAgainAt.size() > target && arbitrary.hasNext()) {
            arbitrary.next();
            arbitrary.remove();
        }
    }
}
