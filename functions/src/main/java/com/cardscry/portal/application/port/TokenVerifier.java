package com.cardscry.portal.application.port;

/**
 * Decides whether a bearer token proves who the caller is. Used on every authenticated request, so
 * implementations answer from memory whenever they can: a token signed with an already known key is
 * verified without I/O.
 *
 * <p>A bad token is an ordinary answer, never an exception: whatever the string holds, {@link #verify}
 * returns a {@link Verification.Rejected} with a stable {@link TokenRejection} code. Thread-safe.
 */
public interface TokenVerifier {

    /**
     * Verifies one token (the part after {@code Bearer }, without the scheme).
     *
     * @param bearerToken the compact token as the client sent it; {@code null} or blank is rejected as
     *     {@link TokenRejection#MALFORMED}
     * @throws StoreUnavailableException only when the issuer's signing keys are needed and could not be
     *     loaded, so the token can be neither accepted nor rejected; the caller answers 503
     */
    Verification verify(String bearerToken);
}
