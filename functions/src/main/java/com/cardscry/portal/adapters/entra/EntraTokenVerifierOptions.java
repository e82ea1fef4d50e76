package com.cardscry.portal.adapters.entra;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What {@link EntraTokenVerifier} accepts, as the composition root reads it from settings.
 *
 * @param keys where the issuer's signing keys are published
 * @param issuer the exact {@code iss} accepted, such as {@code https://login.microsoftonline.com/<tid>/v2.0};
 *     it may contain {@value #TENANT_PLACEHOLDER}, which stands for the token's own {@code tid} (how a
 *     multi-tenant app names the issuer of each allowed tenant), and must then match exactly after that
 *     substitution
 * @param audiences the accepted {@code aud} values: the API's client id, its App ID URI, or both
 * @param allowedTenants the tenant ids ({@code tid}) whose users may sign in; never empty
 * @param adminRole the app role ({@code roles} entry) that makes a user an administrator
 * @param fetchTimeout how long one request for the metadata or the key set may take in total
 */
public record EntraTokenVerifierOptions(
        KeySource keys,
        String issuer,
        Set<String> audiences,
        Set<String> allowedTenants,
        String adminRole,
        Duration fetchTimeout) {

    /** In {@link #issuer}, replaced by the token's {@code tid} before comparing. */
    public static final String TENANT_PLACEHOLDER = "{tenantid}";

    public EntraTokenVerifierOptions {
        Objects.requireNonNull(keys, "keys");
        requireText(issuer, "issuer");
        if (issuer.indexOf(TENANT_PLACEHOLDER) != issuer.lastIndexOf(TENANT_PLACEHOLDER)) {
            throw new IllegalArgumentException("issuer names the tenant placeholder at most once");
        }
        audiences = Set.copyOf(audiences);
        audiences.forEach(audience -> requireText(audience, "audience"));
        if (audiences.isEmpty()) {
            throw new IllegalArgumentException("at least one audience is accepted");
        }
        allowedTenants = Set.copyOf(allowedTenants);
        allowedTenants.forEach(tenant -> requireText(tenant, "allowed tenant"));
        if (allowedTenants.isEmpty()) {
            throw new IllegalArgumentException("at least one tenant is allowed");
        }
        requireText(adminRole, "adminRole");
        Objects.requireNonNull(fetchTimeout, "fetchTimeout");
        if (fetchTimeout.isNegative() || fetchTimeout.isZero()) {
            throw new IllegalArgumentException("fetchTimeout is positive");
        }
    }

    /**
     * Where the signing keys come from: published over HTTP ({@link Published}), or held by this very
     * process ({@link InProcess}, the local development issuer's key set, which needs no round trip).
     */
    public sealed interface KeySource permits Published, InProcess {

        /** The metadata document, such as {@code https://login.microsoftonline.com/<tid>/v2.0/.well-known/openid-configuration}. */
        static KeySource openIdMetadata(URI url) {
            return new Published(url, true);
        }

        /** The JWK set itself, such as {@code https://login.microsoftonline.com/<tid>/discovery/v2.0/keys}. */
        static KeySource jwks(URI url) {
            return new Published(url, false);
        }

        /**
         * A JWK set this process holds, read through {@code jwksJson} whenever the keys are (re)loaded.
         *
         * @param description what the keys are, for error messages, such as {@code the development issuer}
         */
        static KeySource inProcess(String description, Supplier<String> jwksJson) {
            return new InProcess(description, jwksJson);
        }
    }

    /**
     * Keys published over HTTP(S): either the tenant's OpenID Connect metadata document, whose
     * {@code jwks_uri} names the key set (read again on every refresh, so a moved key set is followed),
     * or the key set's URL itself.
     */
    public record Published(URI url, boolean isOpenIdMetadata) implements KeySource {

        public Published {
            Objects.requireNonNull(url, "url");
            if (!"https".equals(url.getScheme()) && !"http".equals(url.getScheme())) {
                throw new IllegalArgumentException("keys are fetched over http(s)");
            }
        }

        @Override
        public String toString() {
            return url.toString();
        }
    }

    /**
     * A key set held in this process. {@code jwksJson} is called as a fetch would be (first token, then
     * an unknown key id at most once a minute); an exception from it counts as a failed fetch.
     */
    public record InProcess(String description, Supplier<String> jwksJson) implements KeySource {

        public InProcess {
            requireText(description, "description");
            Objects.requireNonNull(jwksJson, "jwksJson");
        }

        @Override
        public String toString() {
            return description;
        }
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is required");
        }
    }
}
