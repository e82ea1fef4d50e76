package com.cardscry.portal.application.gateway;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The answer to "may this key be used now?".
 *
 * @param code               why, or why not; {@code valid} is {@code code == VALID}
 * @param key                whose key it is (subscription, key id, plan), once the key is known to exist
 * @param rateLimitPerSecond the plan's rate limit, for a valid key or one over its quota
 * @param quotaRemaining     requests left this month, for a valid key or one over its quota (then 0)
 * @param cacheSeconds       how long the gateway may reuse this answer: 0 to 30 for one that can
 *                           change soon; longer only for answers that can never change (a malformed,
 *                           revoked or expired key)
 */
public record KeyVerdict(VerificationCode code, Identity key, OptionalInt rateLimitPerSecond, OptionalLong quotaRemaining,
                         long cacheSeconds) {

    /**
     * Whose key it is. Made once per cached index entry, not per verification: the hot path then
     * allocates only the verdict itself.
     */
    public record Identity(Optional<String> subscriptionId, Optional<String> keyId, Optional<String> planId) {

        /** For a key not known to exist. */
        public static final Identity UNKNOWN = new Identity(Optional.empty(), Optional.empty(), Optional.empty());

        public Identity {
            Objects.requireNonNull(subscriptionId, "subscriptionId");
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(planId, "planId");
        }

        public static Identity of(String subscriptionId, String keyId, String planId) {
            return new Identity(Optional.of(subscriptionId), Optional.of(keyId), Optional.of(planId));
        }
    }

    public KeyVerdict {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(rateLimitPerSecond, "rateLimitPerSecond");
        Objects.requireNonNull(quotaRemaining, "quotaRemaining");
        if (cacheSeconds < 0) {
            throw new IllegalArgumentException("cacheSeconds must not be negative: " + cacheSeconds);
        }
    }

    public boolean valid() {
        return code == VerificationCode.VALID;
    }

    public Optional<String> subscriptionId() {
        return key.subscriptionId();
    }

    public Optional<String> keyId() {
        return key.keyId();
    }

    public Optional<String> planId() {
        return key.planId();
    }
}
