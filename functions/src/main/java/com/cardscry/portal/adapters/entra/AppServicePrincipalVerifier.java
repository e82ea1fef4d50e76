package com.cardscry.portal.adapters.entra;

import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.TokenRejection;
import com.cardscry.portal.application.port.TokenVerifier;
import com.cardscry.portal.application.port.Verification;
import com.cardscry.portal.application.port.VerifiedIdentity;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the identity that App Service authentication ("Easy Auth") puts in the {@code X-MS-CLIENT-PRINCIPAL}
 * header after it has signed the user in with Entra ID. The header is only as trustworthy as the
 * platform in front of the app: App Service strips it from incoming requests and sets it itself, so this
 * verifier may be used only when a setting says App Service authentication is enforced in front of the
 * app. It checks no signature; it checks that the header is well formed and says what the app requires.
 *
 * <p>{@link #verify} takes the header's value (not a bearer token): Base64 of the JSON object
 * {@code {"auth_typ":"aad","claims":[{"typ":"…","val":"…"},…],"name_typ":"…","role_typ":"…"}}, where the
 * claim types are those of the signed-in user's token after App Service's default claim mapping, so a
 * claim may appear under its URI or its short name. What it reads:
 * <ul>
 *   <li>tenant: {@value #TENANT_ID_URI} or {@code tid}; object id: {@value #OBJECT_ID_URI} or {@code oid};
 *       subject: {@value #NAME_IDENTIFIER_URI} or {@code sub}. Each is required, as in a bearer token.</li>
 *   <li>name: {@code name}. Email: {@value #EMAIL_URI} or {@code email}, as {@link EntraTokenVerifier}
 *       reads it; {@code preferred_username} is not taken, because it is a sign-in name that need not be
 *       a mailbox.</li>
 *   <li>roles: every claim of the type {@code role_typ} names, and of the types {@code roles} and
 *       {@value #ROLE_URI}; the identity is an administrator if one of them is the configured admin role.</li>
 *   <li>expiry: {@code exp} (seconds since the epoch) if present, refused as {@code EXPIRED} once past by
 *       more than the clock skew bearer tokens are allowed (60 s); without it the identity is
 *       good for {@link #VALIDITY_WITHOUT_EXPIRY}, since App Service vouches for this request only.</li>
 * </ul>
 *
 * <p>Answers: not Base64, not JSON, longer than {@link #MAX_HEADER_CHARS}, or any field of the wrong
 * shape: {@code MALFORMED}; the same single-valued claim given twice with different values:
 * {@code MALFORMED}; {@code auth_typ} other than {@code aad} (a user signed in with another identity
 * provider): {@code WRONG_ISSUER}; tenant, object id or subject absent: {@code MISSING_CLAIM}; tenant not
 * on the allowlist: {@code TENANT_NOT_ALLOWED}. It never throws, does no I/O, logs nothing, and is
 * thread-safe.
 */
public final class AppServicePrincipalVerifier implements TokenVerifier {

    /**
     * Far above what App Service sends for a user with many roles, and small enough that a hostile value
     * costs little to refuse: a longer value is refused unread.
     */
    static final int MAX_HEADER_CHARS = 16 * 1024;
    /** How long an identity without {@code exp} counts; short, because the header proves one request. */
    static final Duration VALIDITY_WITHOUT_EXPIRY = Duration.ofMinutes(5);

    static final String ENTRA_AUTH_TYPE = "aad";
    static final String TENANT_ID_URI = "http://schemas.microsoft.com/identity/claims/tenantid";
    static final String OBJECT_ID_URI = "http://schemas.microsoft.com/identity/claims/objectidentifier";
    static final String NAME_IDENTIFIER_URI = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier";
    static final String EMAIL_URI = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress";
    static final String ROLE_URI = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final Set<String> allowedTenants;
    private final String adminRole;
    private final Clock clock;

    /**
     * @param allowedTenants the tenant ids whose users may sign in; never empty
     * @param adminRole the app role that makes a user an administrator
     * @param clock the source of "now" for {@code exp}
     */
    public AppServicePrincipalVerifier(Set<String> allowedTenants, String adminRole, Clock clock) {
        this.allowedTenants = Set.copyOf(allowedTenants);
        if (this.allowedTenants.isEmpty() || this.allowedTenants.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("at least one tenant is allowed, and none is blank");
        }
        if (adminRole == null || adminRole.isBlank()) {
            throw new IllegalArgumentException("adminRole is required");
        }
        this.adminRole = adminRole;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Verifies one {@code X-MS-CLIENT-PRINCIPAL} header value.
     *
     * @param principalHeader the header's value as received; {@code null} or blank is {@code MALFORMED}
     */
    @Override
    public Verification verify(String principalHeader) {
        Principal principal;
        try {
            principal = Principal.decode(principalHeader);
        } catch (MalformedPrincipal e) {
            return reject(TokenRejection.MALFORMED);
        }
        if (!ENTRA_AUTH_TYPE.equals(principal.authType())) {
            return reject(TokenRejection.WRONG_ISSUER);
        }
        Claims claims = principal.claims();
        try {
            Optional<String> tenantId = claims.single(TENANT_ID_URI, "tid");
            Optional<String> objectId = claims.single(OBJECT_ID_URI, "oid");
            Optional<String> subject = claims.single(NAME_IDENTIFIER_URI, "sub");
            if (tenantId.isEmpty() || objectId.isEmpty() || subject.isEmpty()) {
                return reject(TokenRejection.MISSING_CLAIM);
            }
            Instant now = clock.now();
            Optional<Instant> expiry = claims.single("exp").map(AppServicePrincipalVerifier::epochSeconds);
            if (expiry.isPresent() && !now.isBefore(expiry.get().plus(EntraTokenVerifier.CLOCK_SKEW))) {
                return reject(TokenRejection.EXPIRED);
            }
            if (!allowedTenants.contains(tenantId.get())) {
                return reject(TokenRejection.TENANT_NOT_ALLOWED);
            }
            Set<String> roles = claims.all(principal.roleType().orElse(ROLE_URI), ROLE_URI, "roles");
            return new Verification.Verified(new VerifiedIdentity(
                    tenantId.get(),
                    objectId.get(),
                    subject.get(),
                    claims.single("name"),
                    claims.single(EMAIL_URI, "email"),
                    roles,
                    roles.contains(adminRole),
                    expiry.orElse(now.plus(VALIDITY_WITHOUT_EXPIRY))));
        } catch (MalformedPrincipal e) {
            return reject(TokenRejection.MALFORMED);
        }
    }

    private static Instant epochSeconds(String value) {
        try {
            return Instant.ofEpochSecond(Long.parseLong(value));
        } catch (NumberFormatException | DateTimeException e) {
            throw new MalformedPrincipal();
        }
    }

    private static Verification reject(TokenRejection reason) {
        return new Verification.Rejected(reason);
    }

    /** The decoded header: who authenticated the user, the claims, and which claim type carries roles. */
    private record Principal(String authType, Claims claims, Optional<String> roleType) {

        static Principal decode(String header) {
            if (header == null || header.isBlank() || header.length() > MAX_HEADER_CHARS) {
                throw new MalformedPrincipal();
            }
            JsonNode root;
            try {
                root = JSON.readTree(Base64.getDecoder().decode(header));
            } catch (IllegalArgumentException | IOException e) {
                throw new MalformedPrincipal();
            }
            if (root == null || !root.isObject()) {
                throw new MalformedPrincipal();
            }
            String authType = requiredText(root.get("auth_typ"));
            JsonNode claims = root.get("claims");
            if (claims == null || !claims.isArray()) {
                throw new MalformedPrincipal();
            }
            Map<String, List<String>> valuesByType = new HashMap<>();
            for (JsonNode claim : claims) {
                if (!claim.isObject()) {
                    throw new MalformedPrincipal();
                }
                valuesByType.computeIfAbsent(requiredText(claim.get("typ")), type -> new ArrayList<>())
                        .add(requiredText(claim.get("val")));
            }
            return new Principal(authType, new Claims(valuesByType), optionalText(root.get("role_typ")));
        }

        private static String requiredText(JsonNode node) {
            if (node == null || !node.isTextual()) {
                throw new MalformedPrincipal();
            }
            return node.textValue();
        }

        /** Absent and JSON null both mean "not given"; any other non-text value is malformed. */
        private static Optional<String> optionalText(JsonNode node) {
            if (node == null || node.isNull()) {
                return Optional.empty();
            }
            return Optional.of(requiredText(node));
        }
    }

    /** The claims by type, each type with every value it was given, in order. */
    private record Claims(Map<String, List<String>> valuesByType) {

        /**
         * The one value of a claim that may appear under any of {@code types} (its URI and its short
         * name). Blank values count as absent; two different non-blank values are malformed, since the
         * identity would depend on which one was read.
         */
        Optional<String> single(String... types) {
            Set<String> values = nonBlankValues(types);
            if (values.size() > 1) {
                throw new MalformedPrincipal();
            }
            return values.stream().findFirst();
        }

        /** Every non-blank value of the claim types, without duplicates. */
        Set<String> all(String... types) {
            return Set.copyOf(nonBlankValues(types));
        }

        private Set<String> nonBlankValues(String... types) {
            Set<String> values = new HashSet<>();
            for (String type : types) {
                for (String value : valuesByType.getOrDefault(type, List.of())) {
                    if (!value.isBlank()) {
                        values.add(value);
                    }
                }
            }
            return values;
        }
    }

    /** The header is not a well-formed client principal; never leaves this class. */
    private static final class MalformedPrincipal extends RuntimeException {

        private static final long serialVersionUID = 1L;

        MalformedPrincipal() {
            super(null, null, false, false);
        }
    }
}
