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
 * @param rateLimitPerSecond the plan's rate limit, for a valid key, one over its quota or one over its rate
 * @param quotaRemaining     requests left this month, for a valid key or one over its rate; 0 for one over
 *                           its quota
 * @param cacheSeconds       how long the gateway may reuse this answer: 0 to 30 for one that can
 *                           change soon; longer only for answers that can never change (a malformed,
 *                           revoked or expired key); 0 for an answer that counted the request against
 *                           the rate limit, since it speaks for that one request only
 * @param retryAfterSeconds  for {@link VerificationCode#RATE_LIMITED} only: whole seconds (at least 1)
 *                           until the subscription's rate admits a request again
 */
public record KeyVerdict(VerificationCode code, Identity key, OptionalInt rateLimitPerSecond, OptionalLong quotaRemaining,
                         long cacheSeconds, OptionalLong retryAfterSeconds) {

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
        Objects.requireNonNull(retryAfterSeconds, "retryAfterSeconds");
        if (retryAfterSeconds.isPresent() != (code == VerificationCode.RATE_LIMITED)
                || retryAfterSeconds.isPresent() && retryAfterSeconds.getAsLong() < 1) {
            throw new IllegalArgumentException("retryAfterSeconds is at least 1 for RATE_LIMITED and absent otherwise: "
                    + code + ", " + retryAfterSeconds);
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
