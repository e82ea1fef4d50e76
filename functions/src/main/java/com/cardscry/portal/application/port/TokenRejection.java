package com.cardscry.portal.application.port;

/**
 * Why a token was refused. The names are stable: they appear in logs and metrics, and tests assert them.
 */
public enum TokenRejection {
    /** Not a compact signed token at all: missing, blank, too long, wrong number of parts, not Base64url, not JSON. */
    MALFORMED,
    /** Signed with an algorithm the verifier does not accept (anything but RS256, including {@code none}). */
    UNSUPPORTED_ALGORITHM,
    /** No signing key the issuer publishes has the token's key id, even after looking again. */
    UNKNOWN_KEY,
    /** The signature does not match the token under the key its key id names. */
    BAD_SIGNATURE,
    /** {@code exp} has passed, beyond the allowed clock skew. */
    EXPIRED,
    /** {@code nbf} is still ahead, beyond the allowed clock skew. */
    NOT_YET_VALID,
    /** {@code iss} is not exactly the configured issuer. */
    WRONG_ISSUER,
    /** {@code aud} names none of the configured audiences. */
    WRONG_AUDIENCE,
    /** The token's tenant ({@code tid}) is not on the allowlist. */
    TENANT_NOT_ALLOWED,
    /** A required claim ({@code tid}, {@code oid}, {@code sub}, {@code exp}) is absent or empty. */
    MISSING_CLAIM
}
