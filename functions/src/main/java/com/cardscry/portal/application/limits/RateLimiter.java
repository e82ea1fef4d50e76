package com.cardscry.portal.application.limits;

import com.cardscry.portal.application.port.Clock;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Counts attempts per key against one {@link RateLimitPolicy}, in this process's memory.
 *
 * <p><b>Algorithm: a token bucket</b> of {@code permits} tokens refilled evenly over the window, kept
 * in the form of the generic cell rate algorithm: per key one number, the time at which its bucket
 * would be full again. A token bucket rather than a window counter because a fixed window lets a
 * client make twice its permits across a window boundary and a sliding-window counter only
 * approximates; the bucket is exact, needs one {@code long} per key, and a key whose bucket is full
 * again carries no information, so forgetting it changes nothing. Refused attempts cost nothing, so a
 * client that keeps retrying is not locked out longer than its own rate requires.
 *
 * <p><b>Keys are not stored.</b> A key (a client address, an account id) is reduced to the first
 * 64 bits of its HMAC-SHA-256 under a random key made when the limiter is built and never revealed,
 * so neither the map nor a heap dump holds an address or identity, and the hashes mean nothing in
 * another process. Two keys share a bucket only if their 64-bit hashes collide (for 100 000 keys, a
 * chance of about one in four billion).
 *
 * <p><b>Memory is bounded</b>: at most {@code maxTrackedKeys} keys (by default
 * {@value #DEFAULT_MAX_TRACKED_KEYS}, some 10 MB) are tracked. Each call also forgets the least
 * recently seen key if its bucket is full again, so idle keys drain away with traffic. When the cap
 * is reached, a new key makes the limiter forget the least recently seen key, full or not: it fails
 * open for that one key rather than closed for everyone, because refusing new keys would let a flood
 * of distinct keys lock every legitimate user out. Forgetting gives nothing to the flood itself: a
 * client that can present that many distinct keys already has a full bucket for each of them.
 *
 * <p>Thread-safe: one lock guards the map; the endpoints limited this way are rare and the work
 * under the lock is one HMAC and one map operation.
 */
public final class RateLimiter {

    /** The default cap on tracked keys. */
    public static final int DEFAULT_MAX_TRACKED_KEYS = 100_000;

    private static final String HMAC = "HmacSHA256";
    private static final int HMAC_KEY_BYTES = 32;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** Whether an attempt may go ahead. */
    public sealed interface Decision permits Allowed, Refused {

        boolean allowed();
    }

    /** The attempt may go ahead; it used one permit. */
    public record Allowed() implements Decision {

        @Override
        public boolean allowed() {
            return true;
        }
    }

    /**
     * The attempt must not go ahead; it used nothing.
     *
     * @param retryAfter when the next attempt will be allowed: whole seconds, at least one (the
     *                   {@code Retry-After} header counts in seconds, and 0 would invite an immediate retry)
     */
    public record Refused(Duration retryAfter) implements Decision {

        public Refused {
            Objects.requireNonNull(retryAfter, "retryAfter");
        }

        @Override
        public boolean allowed() {
            return false;
        }

        /** The value of the {@code Retry-After} header. */
        public long retryAfterSeconds() {
            return retryAfter.toSeconds();
        }
    }

    private static final Allowed ALLOWED = new Allowed();

    private final RateLimitPolicy policy;
    private final Clock clock;
    private final int maxTrackedKeys;
    /** Nanoseconds in which one permit is earned back. */
    private final long interval;
    /** How far ahead of now a bucket's full-again time may be: {@code permits} intervals. */
    private final long burst;
    private final Mac hmac;
    /** Key hash to the epoch nanosecond at which that key's bucket is full again; least recently seen first. */
    private final LinkedHashMap<Long, Long> fullAt = new LinkedHashMap<>(16, 0.75f, true);

    /**
     * @param random         the source of this limiter's hash key
     * @param maxTrackedKeys how many keys are remembered at most, at least 1
     */
    public RateLimiter(RateLimitPolicy policy, Clock clock, SecureRandom random, int maxTrackedKeys) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        if (maxTrackedKeys < 1) {
            throw new IllegalArgumentException("a limiter must track at least one key");
        }
        this.maxTrackedKeys = maxTrackedKeys;
        this.interval = policy.window().toNanos() / policy.permits();
        this.burst = interval * policy.permits();
        this.hmac = hmac(random);
    }

    /** A limiter tracking at most {@value #DEFAULT_MAX_TRACKED_KEYS} keys. */
    public RateLimiter(RateLimitPolicy policy, Clock clock, SecureRandom random) {
        this(policy, clock, random, DEFAULT_MAX_TRACKED_KEYS);
    }

    public RateLimitPolicy policy() {
        return policy;
    }

    /**
     * Takes one permit for {@code key} if it has one.
     *
     * @param key what is limited, for example a client address or an account id; any string, compared exactly
     */
    public Decision tryAcquire(String key) {
        Objects.requireNonNull(key, "key");
        long now = epochNanos(clock.now());
        synchronized (fullAt) {
            long hash = hash(key);
            forgetEldestIfFull(now);
            Long previous = fullAt.get(hash);
            long next = Math.max(previous == null ? now : previous, now) + interval;
            long ahead = next - now;
            if (ahead > burst) {
                return new Refused(wholeSecondsAtLeastOne(ahead - burst));
            }
            if (previous == null && fullAt.size() >= maxTrackedKeys) {
                forgetEldest();
            }
            fullAt.put(hash, next);
            return ALLOWED;
        }
    }

    /** The hashes of the keys tracked now, in hex: what a heap dump would show instead of the keys. */
    Set<String> trackedKeyHashes() {
        synchronized (fullAt) {
            return fullAt.keySet().stream().map(HexFormat.of()::toHexDigits).collect(Collectors.toUnmodifiableSet());
        }
    }

    private void forgetEldestIfFull(long now) {
        var eldest = fullAt.entrySet().iterator();
        if (eldest.hasNext() && eldest.next().getValue() <= now) {
            eldest.remove();
        }
    }

    private void forgetEldest() {
        var eldest = fullAt.keySet().iterator();
        eldest.next();
        eldest.remove();
    }

    private long hash(String key) {
        byte[] digest = hmac.doFinal(key.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(digest).getLong();
    }

    private static Mac hmac(SecureRandom random) {
        byte[] key = new byte[HMAC_KEY_BYTES];
        random.nextBytes(key);
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac;
        } catch (GeneralSecurityException unavailable) {
            throw new IllegalStateException("every Java runtime provides " + HMAC, unavailable);
        }
    }

    private static long epochNanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
    }

    private static Duration wholeSecondsAtLeastOne(long nanos) {
        long seconds = Math.max(1, (nanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND);
        return Duration.ofSeconds(seconds);
    }
}
