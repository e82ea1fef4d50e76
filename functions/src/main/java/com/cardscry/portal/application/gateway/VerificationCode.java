package com.cardscry.portal.application.gateway;

/**
 * Why a presented key may or may not be used. The gateway shows the code to the caller, so it names
 * the reason without saying anything about whose key it is.
 */
public enum VerificationCode {
    /** The key may be used now. */
    VALID,
    /** Not a key at all: wrong prefix, length, alphabet or checksum. Decided without any look-up. */
    MALFORMED,
    /** Well formed, but no key with this value exists (or it ended so long ago that it is forgotten). */
    NOT_FOUND,
    /** Revoked by its owner, or its subscription was cancelled or rejected. */
    REVOKED,
    /** Past its expiry or, after a rotation, past its grace period; or its subscription expired. */
    EXPIRED,
    /** Its subscription is suspended (or awaits review); the key may work again if it is reactivated. */
    SUSPENDED,
    /** The subscription has used its monthly quota; the key works again next month. */
    QUOTA_EXCEEDED,
    /**
     * The key is otherwise valid, but this request would exceed the plan's rate limit per second for its
     * subscription. Only answered when the gateway asked verification to count the request
     * ({@link VerifyApiKey#handle(String, boolean)}); the key works again after the verdict's
     * {@code retryAfterSeconds}.
     */
    RATE_LIMITED
}
