package com.cardscry.portal.application.port;

import java.time.Duration;

/**
 * Signs bearer tokens for local development, so that the same {@link TokenVerifier} runs locally as
 * in Azure. Only ever present in local mode: in Azure tokens come from Entra ID and nothing here signs.
 *
 * <p>A token is a compact RS256 JWT shaped like an Entra ID v2 access token, under a key the issuer
 * keeps across restarts; {@link #jwksJson()} publishes the matching public key. Thread-safe.
 */
public interface DevelopmentTokenIssuer {

    /** How long every token is valid from the moment it is issued ({@code exp - iat}). */
    Duration TOKEN_LIFETIME = Duration.ofHours(1);

    /**
     * Signs a token carrying these claims, valid from now (by the {@code Clock} port) for
     * {@link #TOKEN_LIFETIME}. The claims are signed as given; checking their shape is the caller's part.
     *
     * @return the compact token ({@code header.payload.signature})
     */
    String issue(DevelopmentClaims claims);

    /** The JWK set (RFC 7517) of the signing key, as JSON text: public parts only, with its key id. */
    String jwksJson();
}
