package com.cardscry.portal.application.gateway;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The answer to "may this key be used now?".
 *
 * @param code               why, or why not; {@code valid} is {@code code == VALID}
 * @param subscriptionId     the key's subscription, once the key is known to exist
 * @param keyId              the key's id (what usage reports name), once the key is known to exist
 * @param planId             the subscription's plan, once the key is known to exist
 * @param rateLimitPerSecond the plan's rate limit, for a valid key or one over its quota
 * @param quotaRemaining     requests left this month, for a valid key or one over its quota (then 0)
 * @param cacheSeconds       how long the gateway may reuse this answer: 0 to 30 for one that can
 *                           change soon; longer only for answers that can never change (a malformed,
 *                           revoked or expired key)
 */
public record KeyVerdict(VerificationCode code, Optional<String> subscriptionId, Optional<String> keyId,
                         Optional<String> planId, OptionalInt rateLimitPerSecond, OptionalLong quotaRemaining,
                         long cacheSeconds) {

    public KeyVerdict {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(planId, "planId");
        Objects.requireNonNull(rateLimitPerSecond, "rateLimitPerSecond");
        Objects.requireNonNull(quotaRemaining, "quotaRemaining");
        if (cacheSeconds < 0) {
            throw new IllegalArgumentException("cacheSeconds must not be negative: " + cacheSeconds);
        }
    }

    public boolean valid() {
        return code == VerificationCode.VALID;
    }
}
