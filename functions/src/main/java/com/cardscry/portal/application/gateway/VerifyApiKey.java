package com.cardscry.portal.application.gateway;

import com.cardscry.portal.application.keys.KeyDigest;
import com.cardscry.portal.application.keys.KeyHasher;
import com.cardscry.portal.application.keys.KeyRecords;
import com.cardscry.portal.application.keys.StoredKeyHash;
import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.domain.ApiKey;
import com.cardscry.portal.domain.Plan;
import com.cardscry.portal.domain.PlanCatalogue;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * {@code POST /gateway/verify}: may this key be used now? (DESIGN.md decisions 1 and 2.)
 *
 * <ol>
 *   <li>The key's format and checksum are checked first: a malformed key is answered without any
 *       look-up or hashing.</li>
 *   <li>Its hash under the current pepper version is looked up in the {@link KeyIndexCache}: on a hit,
 *       no store operation at all.</li>
 *   <li>On a miss, one point read of the key index. Only if that finds nothing is the key hashed under
 *       each older pepper version still kept and looked up again (one read per version), so keys issued
 *       before a pepper rotation keep working; when the pepper has one version, a miss costs exactly
 *       one read.</li>
 *   <li>The entry says whether the key is revoked or past its end (expiry or a rotation's grace), and
 *       the state of its subscription; a usable key is then checked against the monthly quota, which
 *       costs no store operation ({@link MonthlyQuota#used}).</li>
 *   <li>Only if the gateway asks for it ({@link #handle(String, boolean)}), a usable key's request is
 *       then counted against the plan's rate limit for its subscription by this process's
 *       {@link SubscriptionRateLimiter}: for a gateway that cannot apply the limit itself (API
 *       Management's Consumption tier). Without the flag nothing is counted, and the verification takes
 *       no lock and allocates nothing more than it did before the flag existed.</li>
 * </ol>
 *
 * <p>The revocation promise: an answer is cached here for at most {@link KeyIndexCache#MAX_STALENESS}
 * from the read it came from, and the gateway is told to keep it only for what is left of that, so a
 * key revoked on any instance stops working at the gateway within 30 s. A valid answer is also never
 * cached past the key's end, nor for longer than the quota left would last at the plan's rate limit.
 * Answers that can never change (malformed, revoked, expired) may be cached for {@link #FINAL_ANSWER_CACHE}.
 * An answer that counted its request is never cached: a reused one would let requests past the count.
 *
 * <p>The rate limit counted here is per process: with {@code N} instances answering verification, a
 * subscription may be admitted up to {@code N} times its plan's rate (docs/gateway.md, "The rate limit").
 */
public final class VerifyApiKey {

    /** How long the gateway may keep an answer that no later change can alter. */
    public static final Duration FINAL_ANSWER_CACHE = Duration.ofMinutes(5);

    private static final OptionalLong NONE_LEFT = OptionalLong.of(0);
    private static final OptionalLong NO_RETRY = OptionalLong.empty();
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final KeyHasher hasher;
    private final KeyRecords keys;
    private final KeyIndexCache cache;
    private final MonthlyQuota quota;
    private final Map<String, PlanLimits> plansById;
    private final Clock clock;
    /** This process's count of requests per subscription, for gateways that ask for it. */
    private final SubscriptionRateLimiter rateLimiter = new SubscriptionRateLimiter(SubscriptionRateLimiter.DEFAULT_CAPACITY);

    public VerifyApiKey(KeyHasher hasher, KeyRecords keys, KeyIndexCache cache, MonthlyQuota quota, PlanCatalogue plans, Clock clock) {
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.quota = Objects.requireNonNull(quota, "quota");
        // Looked up on every verification: a map, not a scan of the catalogue.
        this.plansById = plans.plans().stream().collect(Collectors.toUnmodifiableMap(Plan::id, PlanLimits::of));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The verdict on a presented key, counting nothing; never throws for any text. */
    public KeyVerdict handle(String presentedKey) {
        return handle(presentedKey, false);
    }

    /**
     * The verdict on a presented key; never throws for any text.
     *
     * @param countTowardsRateLimit whether this verification stands for one request the gateway will let
     *                              through if the key is valid, to be counted against the plan's rate
     *                              limit for the key's subscription: then a key that would otherwise be
     *                              {@code VALID} is {@code RATE_LIMITED} when its subscription's rate is
     *                              used up, and either answer has {@code cacheSeconds} 0. Keys refused for
     *                              any other reason are not counted.
     */
    public KeyVerdict handle(String presentedKey, boolean countTowardsRateLimit) {
        Optional<ApiKey> parsed = ApiKey.parse(presentedKey);
        if (parsed.isEmpty()) {
            return refused(VerificationCode.MALFORMED, FINAL_ANSWER_CACHE.toSeconds());
        }
        ApiKey key = parsed.get();
        Instant now = clock.now();
        KeyDigest lookupHash = hasher.digest(key);
        KeyIndexCache.Cached known = cache.fresh(lookupHash, now);
        if (known == null) {
            known = lookUp(key, lookupHash, now);
        }
        return judge(known, now, countTowardsRateLimit);
    }

    private KeyIndexCache.Cached lookUp(ApiKey key, KeyDigest lookupHash, Instant now) {
        Optional<KeyRecords.IndexEntry> entry = keys.indexEntry(lookupHash.storedForm());
        if (entry.isPresent()) {
            return cache.found(lookupHash, entry.get(), now);
        }
        for (StoredKeyHash older : hasher.olderHashes(key)) {
            Optional<KeyRecords.IndexEntry> olderEntry = keys.indexEntry(older.hash());
            if (olderEntry.isPresent()) {
                return cache.found(lookupHash, olderEntry.get(), now);
            }
        }
        return cache.missing(lookupHash, now);
    }

    private KeyVerdict judge(KeyIndexCache.Cached known, Instant now, boolean countTowardsRateLimit) {
        long nowMillis = now.toEpochMilli();
        long freshSeconds = secondsUntil(known.servableUntil(), nowMillis);
        if (known instanceof KeyIndexCache.Missing) {
            return refused(VerificationCode.NOT_FOUND, freshSeconds);
        }
        KeyIndexCache.Found found = (KeyIndexCache.Found) known;
        KeyRecords.IndexEntry entry = found.entry();
        if (entry.revoked()) {
            return refusedKnown(VerificationCode.REVOKED, found, FINAL_ANSWER_CACHE.toSeconds());
        }
        if (!now.isBefore(entry.worksUntil())) {
            // Past its expiry, or the end of a rotation's grace period: either way its time is up.
            return refusedKnown(VerificationCode.EXPIRED, found, FINAL_ANSWER_CACHE.toSeconds());
        }
        switch (entry.subscriptionState()) {
            case ACTIVE -> {
                // usable so far; the plan and quota decide
            }
            case SUSPENDED, SUBMITTED -> {
                return refusedKnown(VerificationCode.SUSPENDED, found, freshSeconds);
            }
            case EXPIRED -> {
                return refusedKnown(VerificationCode.EXPIRED, found, FINAL_ANSWER_CACHE.toSeconds());
            }
            case CANCELLED, REJECTED -> {
                return refusedKnown(VerificationCode.REVOKED, found, FINAL_ANSWER_CACHE.toSeconds());
            }
        }
        PlanLimits plan = plansById.get(entry.planId());
        if (plan == null) {
            // The catalogue no longer has the plan: nothing can be said about its limits, so the
            // subscription is treated as suspended until an administrator moves it.
            return refusedKnown(VerificationCode.SUSPENDED, found, freshSeconds);
        }
        long remaining = Math.max(0, plan.monthlyQuota() - quota.used(entry.subscriptionId(), now));
        if (remaining == 0) {
            long untilRenewal = secondsUntil(quota.monthEnd(now), nowMillis);
            return new KeyVerdict(VerificationCode.QUOTA_EXCEEDED, found.identity(), plan.rateLimit(), NONE_LEFT,
                    Math.min(freshSeconds, untilRenewal), NO_RETRY);
        }
        if (countTowardsRateLimit) {
            return counted(found, plan, remaining, now);
        }
        long untilEnd = secondsUntil(entry.worksUntil(), nowMillis);
        long quotaLasts = remaining / plan.rateLimitPerSecond();
        return new KeyVerdict(VerificationCode.VALID, found.identity(), plan.rateLimit(), OptionalLong.of(remaining),
                Math.min(freshSeconds, Math.min(untilEnd, quotaLasts)), NO_RETRY);
    }

    /** A usable key's request, counted against its subscription's rate: admitted, or refused until the rate allows. */
    private KeyVerdict counted(KeyIndexCache.Found found, PlanLimits plan, long remaining, Instant now) {
        long waitNanos = rateLimiter.admit(found.entry().subscriptionId(), plan.rateLimitPerSecond(), now);
        if (waitNanos > 0) {
            long retryAfterSeconds = (waitNanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND;
            return new KeyVerdict(VerificationCode.RATE_LIMITED, found.identity(), plan.rateLimit(), OptionalLong.of(remaining), 0,
                    OptionalLong.of(retryAfterSeconds));
        }
        return new KeyVerdict(VerificationCode.VALID, found.identity(), plan.rateLimit(), OptionalLong.of(remaining), 0, NO_RETRY);
    }

    /** What a verdict needs of a plan, with its rate limit boxed once rather than per verification. */
    private record PlanLimits(long monthlyQuota, int rateLimitPerSecond, OptionalInt rateLimit) {
        static PlanLimits of(Plan plan) {
            return new PlanLimits(plan.monthlyQuota(), plan.rateLimitPerSecond(), OptionalInt.of(plan.rateLimitPerSecond()));
        }
    }

    /** Whole seconds from {@code nowMillis} until {@code end}, 0 once it has passed (millisecond arithmetic: this runs per request). */
    private static long secondsUntil(Instant end, long nowMillis) {
        return Math.max(0, (end.toEpochMilli() - nowMillis) / 1000);
    }

    private static KeyVerdict refused(VerificationCode code, long cacheSeconds) {
        return new KeyVerdict(code, KeyVerdict.Identity.UNKNOWN, OptionalInt.empty(), OptionalLong.empty(), cacheSeconds, NO_RETRY);
    }

    private static KeyVerdict refusedKnown(VerificationCode code, KeyIndexCache.Found found, long cacheSeconds) {
        return new KeyVerdict(code, found.identity(), OptionalInt.empty(), OptionalLong.empty(), cacheSeconds, NO_RETRY);
    }
}
