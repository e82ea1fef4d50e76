package com.cardscry.portal.adapters.entra;

import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.StoreUnavailableException;
import com.cardscry.portal.application.port.TokenRejection;
import com.cardscry.portal.application.port.TokenVerifier;
import com.cardscry.portal.application.port.Verification;
import com.cardscry.portal.application.port.VerifiedIdentity;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link TokenVerifier} for Entra ID access tokens (and for the local development issuer, which
 * signs the same way). See the package documentation for what it checks and promises.
 */
public final class EntraTokenVerifier implements TokenVerifier {

    /** The most that {@code exp} and {@code nbf} are stretched to allow for clocks that disagree. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    /** An unknown key id makes the key set be fetched again at most once per this period. */
    static final Duration REFETCH_GAP = Duration.ofMinutes(1);
    /**
     * Entra access tokens are a few kilobytes even with group claims; a longer text is refused unread,
     * so no one makes the parser work through megabytes of JSON.
     */
    static final int MAX_TOKEN_CHARS = 32 * 1024;
    private static final System.Logger LOG = System.getLogger(EntraTokenVerifier.class.getName());
    /** Rejections carry no data, so one instance per reason serves every call. */
    private static final Map<TokenRejection, Verification.Rejected> REJECTIONS = rejections();

    private final EntraTokenVerifierOptions options;
    private final Clock clock;
    private final SigningKeyFetcher fetcher;
    private final String issuerBeforeTenant;
    private final String issuerAfterTenant;
    private final boolean issuerNamesTenant;

    /** Replaced whole by a successful fetch, so a request reads it without locking. */
    private volatile Map<String, RSASSAVerifier> verifiersByKeyId = Map.of();
    private final Object fetchLock = new Object();
    /** When the key set was last asked for, successfully or not; null before the first time. Guarded by fetchLock. */
    private Instant lastFetchAttempt;
    /** Why the last fetch failed; null if it succeeded. Guarded by fetchLock. */
    private IOException lastFetchFailure;

    public EntraTokenVerifier(EntraTokenVerifierOptions options, Clock clock) {
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.fetcher = new SigningKeyFetcher(options.keys(), options.fetchTimeout());
        int placeholder = options.issuer().indexOf(EntraTokenVerifierOptions.TENANT_PLACEHOLDER);
        this.issuerNamesTenant = placeholder >= 0;
        this.issuerBeforeTenant = issuerNamesTenant ? options.issuer().substring(0, placeholder) : options.issuer();
        this.issuerAfterTenant = issuerNamesTenant
                ? options.issuer().substring(placeholder + EntraTokenVerifierOptions.TENANT_PLACEHOLDER.length())
                : "";
    }

    @Override
    public Verification verify(String bearerToken) {
        if (bearerToken == null || bearerToken.isBlank() || bearerToken.length() > MAX_TOKEN_CHARS) {
            return reject(TokenRejection.MALFORMED);
        }
        SignedJWT token;
        try {
            token = parseRs256(bearerToken);
        } catch (UnsupportedAlgorithm e) {
            return reject(TokenRejection.UNSUPPORTED_ALGORITHM);
        } catch (ParseException e) {
            return reject(TokenRejection.MALFORMED);
        }
        RSASSAVerifier verifier = verifierFor(token.getHeader().getKeyID());
        if (verifier == null) {
            return reject(TokenRejection.UNKNOWN_KEY);
        }
        if (!hasValidSignature(token, verifier)) {
            return reject(TokenRejection.BAD_SIGNATURE);
        }
        try {
            return checkClaims(token.getJWTClaimsSet());
        } catch (ParseException e) {
            return reject(TokenRejection.MALFORMED);
        }
    }

    /**
     * Parses a compact JWS whose header says RS256. Anything else is refused here, before a key is
     * looked up, so an attacker cannot choose how the signature is checked ({@code none}, or HS256 keyed
     * with the public key's bytes). The algorithm is read before nimbus parses the header: that tells
     * {@code none} (which nimbus refuses as "not a JWS header") from garbage, and keeps hostile headers
     * that nimbus 10.10 answers with an unchecked exception (JSON {@code null}) away from it.
     */
    private static SignedJWT parseRs256(String compact) throws ParseException, UnsupportedAlgorithm {
        Base64URL[] parts = JOSEObject.split(compact);
        if (!JWSAlgorithm.RS256.getName().equals(algorithmOf(parts[0]))) {
            throw new UnsupportedAlgorithm();
        }
        if (parts.length != 3) {
            throw new ParseException("an RS256 token has three parts", 0);
        }
        if (!isCanonicalBase64Url(parts[2].toString())) {
            throw new ParseException("the signature is not canonical Base64url", 0);
        }
        return new SignedJWT(parts[0], parts[1], parts[2]);
    }

    /** The header's {@code alg}; refused as malformed if the header is no JSON object naming one. */
    private static String algorithmOf(Base64URL header) throws ParseException {
        Map<String, Object> fields = JSONObjectUtils.parse(header.decodeToString());
        Object algorithm = fields == null ? null : fields.get("alg");
        if (!(algorithm instanceof String name)) {
            throw new ParseException("the header names no algorithm", 0);
        }
        return name;
    }

    /**
     * Whether the text is Base64url as a signer writes it: only the URL-safe alphabet, no padding, and
     * zero in the bits of the last character that carry no data. The decoder would accept other
     * spellings of the same bytes; refusing them keeps one signature to one token text.
     */
    static boolean isCanonicalBase64Url(String text) {
        int length = text.length();
        if (length == 0 || length % 4 == 1) {
            return false;
        }
        int last = 0;
        for (int i = 0; i < length; i++) {
            last = base64UrlValue(text.charAt(i));
            if (last < 0) {
                return false;
            }
        }
        int unusedBits = switch (length % 4) {
            case 2 -> 4;
            case 3 -> 2;
            default -> 0;
        };
        return (last & ((1 << unusedBits) - 1)) == 0;
    }

    private static int base64UrlValue(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        if (c == '-') {
            return 62;
        }
        return c == '_' ? 63 : -1;
    }

    private static boolean hasValidSignature(SignedJWT token, RSASSAVerifier verifier) {
        try {
            return verifier.verify(token.getHeader(), token.getSigningInput(), token.getSignature());
        } catch (JOSEException e) {
            return false;
        }
    }

    private Verification checkClaims(JWTClaimsSet claims) throws ParseException {
        String tenantId = claims.getStringClaim("tid");
        String objectId = claims.getStringClaim("oid");
        String subject = claims.getSubject();
        Date expiry = claims.getExpirationTime();
        if (isBlank(tenantId) || isBlank(objectId) || isBlank(subject) || expiry == null) {
            return reject(TokenRejection.MISSING_CLAIM);
        }
        if (!isExpectedIssuer(claims.getIssuer(), tenantId)) {
            return reject(TokenRejection.WRONG_ISSUER);
        }
        if (!namesAcceptedAudience(claims.getAudience())) {
            return reject(TokenRejection.WRONG_AUDIENCE);
        }
        Instant now = clock.now();
        Instant expiresAt = expiry.toInstant();
        if (!now.isBefore(expiresAt.plus(CLOCK_SKEW))) {
            return reject(TokenRejection.EXPIRED);
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && now.isBefore(notBefore.toInstant().minus(CLOCK_SKEW))) {
            return reject(TokenRejection.NOT_YET_VALID);
        }
        if (!options.allowedTenants().contains(tenantId)) {
            return reject(TokenRejection.TENANT_NOT_ALLOWED);
        }
        List<String> roles = claims.getStringListClaim("roles");
        Set<String> grantedRoles = roles == null ? Set.of() : Set.copyOf(roles);
        return new Verification.Verified(new VerifiedIdentity(
                tenantId,
                objectId,
                subject,
                Optional.ofNullable(claims.getStringClaim("name")),
                Optional.ofNullable(claims.getStringClaim("email")),
                grantedRoles,
                grantedRoles.contains(options.adminRole()),
                expiresAt));
    }

    /** Exact match, after putting the token's tenant where the configured issuer names it. */
    private boolean isExpectedIssuer(String issuer, String tenantId) {
        if (issuer == null) {
            return false;
        }
        if (!issuerNamesTenant) {
            return issuer.equals(issuerBeforeTenant);
        }
        return issuer.length() == issuerBeforeTenant.length() + tenantId.length() + issuerAfterTenant.length()
                && issuer.startsWith(issuerBeforeTenant)
                && issuer.startsWith(tenantId, issuerBeforeTenant.length())
                && issuer.endsWith(issuerAfterTenant);
    }

    private boolean namesAcceptedAudience(List<String> audiences) {
        for (String audience : audiences) {
            if (options.audiences().contains(audience)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The verifier for a key id: from memory if the key is known; otherwise after fetching the key set
     * again, unless it was fetched within the last {@link #REFETCH_GAP}. Null if the issuer does not
     * publish that key.
     *
     * @throws StoreUnavailableException if the key is not known and the latest fetch failed, so the
     *     current key set is not known either
     */
    private RSASSAVerifier verifierFor(String keyId) {
        if (keyId == null) {
            return null;
        }
        RSASSAVerifier known = verifiersByKeyId.get(keyId);
        return known != null ? known : verifierAfterRefetch(keyId);
    }

    private RSASSAVerifier verifierAfterRefetch(String keyId) {
        synchronized (fetchLock) {
            RSASSAVerifier foundMeanwhile = verifiersByKeyId.get(keyId);
            if (foundMeanwhile != null) {
                return foundMeanwhile;
            }
            Instant now = clock.now();
            if (lastFetchAttempt == null || !now.isBefore(lastFetchAttempt.plus(REFETCH_GAP))) {
                lastFetchAttempt = now;
                fetchKeys();
            }
            if (lastFetchFailure != null) {
                throw new StoreUnavailableException(
                        "the signing keys of " + options.keys() + " could not be loaded", lastFetchFailure);
            }
            return verifiersByKeyId.get(keyId);
        }
    }

    /** Replaces the known keys with the published ones; on failure keeps the known ones. */
    private void fetchKeys() {
        try {
            verifiersByKeyId = fetcher.fetch();
            lastFetchFailure = null;
        } catch (IOException e) {
            lastFetchFailure = e;
            LOG.log(System.Logger.Level.WARNING, "fetching signing keys failed; known keys kept: " + e.getMessage());
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static Verification reject(TokenRejection reason) {
        return REJECTIONS.get(reason);
    }

    private static Map<TokenRejection, Verification.Rejected> rejections() {
        Map<TokenRejection, Verification.Rejected> rejections = new EnumMap<>(TokenRejection.class);
        for (TokenRejection reason : TokenRejection.values()) {
            rejections.put(reason, new Verification.Rejected(reason));
        }
        return rejections;
    }

    /** The header names an algorithm other than RS256; never leaves this class. */
    private static final class UnsupportedAlgorithm extends Exception {

        private static final long serialVersionUID = 1L;

        UnsupportedAlgorithm() {
            super(null, null, false, false);
        }
    }
}
