package com.cardscry.portal.adapters.entra;

import static com.cardscry.portal.adapters.entra.AppServicePrincipalVerifier.NAME_IDENTIFIER_URI;
import static com.cardscry.portal.adapters.entra.AppServicePrincipalVerifier.OBJECT_ID_URI;
import static com.cardscry.portal.adapters.entra.AppServicePrincipalVerifier.ROLE_URI;
import static com.cardscry.portal.adapters.entra.AppServicePrincipalVerifier.TENANT_ID_URI;
import static com.cardscry.portal.adapters.entra.TestTokens.ADMIN_ROLE;
import static com.cardscry.portal.adapters.entra.TestTokens.OBJECT_ID;
import static com.cardscry.portal.adapters.entra.TestTokens.OTHER_TENANT;
import static com.cardscry.portal.adapters.entra.TestTokens.SUBJECT;
import static com.cardscry.portal.adapters.entra.TestTokens.TENANT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.application.port.TokenRejection;
import com.cardscry.portal.application.port.Verification;
import com.cardscry.portal.application.port.VerifiedIdentity;
import com.cardscry.portal.testing.FakeClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AppServicePrincipalVerifierTest {

    private final FakeClock clock = new FakeClock();
    private final AppServicePrincipalVerifier verifier =
            new AppServicePrincipalVerifier(Set.of(TENANT), ADMIN_ROLE, clock);
    private final Instant inAnHour = clock.now().plus(Duration.ofHours(1));

    @Nested
    class Verifies {

        @Test
        void aPrincipalAsAppServiceSendsIt() {
            String header = ClientPrincipals.encode(ClientPrincipals.asAppServiceSendsIt(inAnHour));

            VerifiedIdentity identity = verified(header);

            assertEquals(TENANT, identity.tenantId());
            assertEquals(OBJECT_ID, identity.objectId());
            assertEquals(SUBJECT, identity.subject());
            assertEquals(Optional.of("Ada Lovelace"), identity.name());
            assertEquals(Optional.of("ada@example.com"), identity.email());
            assertEquals(Set.of("Portal.Reader"), identity.roles());
            assertFalse(identity.admin());
            assertEquals(inAnHour, identity.expiresAt());
        }

        @Test
        void claimsUnderTheirShortNames() {
            String header = ClientPrincipals.encode("""
                    {"auth_typ":"aad","claims":[
                      {"typ":"tid","val":"%s"},{"typ":"oid","val":"%s"},{"typ":"sub","val":"%s"},
                      {"typ":"email","val":"ada@example.com"},{"typ":"roles","val":"Portal.Reader"}]}
                    """.formatted(TENANT, OBJECT_ID, SUBJECT));

            VerifiedIdentity identity = verified(header);

            assertEquals(TENANT, identity.tenantId());
            assertEquals(OBJECT_ID, identity.objectId());
            assertEquals(SUBJECT, identity.subject());
            assertEquals(Optional.of("ada@example.com"), identity.email());
            assertEquals(Set.of("Portal.Reader"), identity.roles());
        }

        @Test
        void theAdminRoleUnderTheRoleTypeThePrincipalNames() {
            String header = ClientPrincipals.encode(ClientPrincipals.withRequiredClaims(
                    "\"role_typ\":\"roles\"",
                    "{\"typ\":\"roles\",\"val\":\"" + ADMIN_ROLE + "\"},{\"typ\":\"roles\",\"val\":\"Portal.Reader\"}"));

            VerifiedIdentity identity = verified(header);

            assertEquals(Set.of(ADMIN_ROLE, "Portal.Reader"), identity.roles());
            assertTrue(identity.admin());
        }

        @Test
        void rolesUnderTheStandardRoleTypeWhenNoneIsNamed() {
            String header = ClientPrincipals.encode(ClientPrincipals.withRequiredClaims(
                    "\"role_typ\":null", "{\"typ\":\"" + ROLE_URI + "\",\"val\":\"" + ADMIN_ROLE + "\"}"));

            assertTrue(verified(header).admin());
        }

        @Test
        void withoutExpiryForAShortWhile() {
            String header = ClientPrincipals.encode(ClientPrincipals.withRequiredClaims("\"role_typ\":\"" + ROLE_URI + "\"", ""));

            VerifiedIdentity identity = verified(header);

            assertEquals(clock.now().plus(AppServicePrincipalVerifier.VALIDITY_WITHOUT_EXPIRY), identity.expiresAt());
            assertEquals(Set.of(), identity.roles());
            assertEquals(Optional.empty(), identity.name());
            assertEquals(Optional.empty(), identity.email());
        }

        @Test
        void withoutTakingTheSignInNameForAnEmailAddress() {
            String header = ClientPrincipals.encode(ClientPrincipals.withRequiredClaims(
                    "\"role_typ\":\"" + ROLE_URI + "\"", "{\"typ\":\"preferred_username\",\"val\":\"ada@contoso.example\"}"));

            assertEquals(Optional.empty(), verified(header).email());
        }

        @Test
        void justExpiredWithinTheClockSkew() {
            String header = ClientPrincipals.encode(ClientPrincipals.asAppServiceSendsIt(clock.now()));
            clock.advance(Duration.ofSeconds(59));

            assertEquals(TENANT, verified(header).tenantId());
        }

        @Test
        void theSameClaimRepeatedWithTheSameValue() {
            String header = ClientPrincipals.encode(ClientPrincipals.withRequiredClaims(
                    "\"role_typ\":\"" + ROLE_URI + "\"", "{\"typ\":\"tid\",\"val\":\"" + TENANT + "\"}"));

            assertEquals(TENANT, verified(header).tenantId());
        }

        @Test
        void aHeaderOfExactlyTheLongestLengthAccepted() {
            String header = ClientPrincipals.paddedTo(AppServicePrincipalVerifier.MAX_HEADER_CHARS);

            assertEquals(AppServicePrincipalVerifier.MAX_HEADER_CHARS, header.length());
            assertEquals(TENANT, verified(header).tenantId());
        }
    }

    @Nested
    class RejectsAsMalformed {

        @ParameterizedTest
        @ValueSource(strings = {"", "   ", "not base64!", "eyJhdXRoX3R5cCI6ImFhZCJ9", "e30", "%%%%"})
        void textThatIsNoBase64OfAPrincipal(String header) {
            assertRejected(TokenRejection.MALFORMED, header);
        }

        @Test
        void noHeaderAtAll() {
            assertRejected(TokenRejection.MALFORMED, null);
        }

        /** Base64 comes in groups of four characters, so this is the shortest principal over the limit. */
        @Test
        void aHeaderJustOverTheLimit() {
            assertRejected(TokenRejection.MALFORMED,
                    ClientPrincipals.paddedTo(AppServicePrincipalVerifier.MAX_HEADER_CHARS + 4));
        }

        @Test
        void base64UrlInsteadOfBase64() {
            String header = ClientPrincipals.encode(ClientPrincipals.withRequiredClaims(
                    "\"role_typ\":\"" + ROLE_URI + "\"", "{\"typ\":\"nickname\",\"val\":\"?????????\"}"));
            String urlSafe = Base64.getUrlEncoder().encodeToString(Base64.getDecoder().decode(header));
            assertFalse(urlSafe.equals(header), "'???' is spelled 'Pz8/' in Base64 and 'Pz8_' in Base64url");

            assertRejected(TokenRejection.MALFORMED, urlSafe);
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "not json",
            "[]",
            "\"aad\"",
            "null",
            "{}",
            "{\"auth_typ\":\"aad\"}",
            "{\"auth_typ\":\"aad\",\"claims\":{}}",
            "{\"auth_typ\":1,\"claims\":[]}",
            "{\"auth_typ\":\"aad\",\"claims\":[\"tid\"]}",
            "{\"auth_typ\":\"aad\",\"claims\":[{\"typ\":\"tid\"}]}",
            "{\"auth_typ\":\"aad\",\"claims\":[{\"typ\":\"tid\",\"val\":7}]}",
            "{\"auth_typ\":\"aad\",\"claims\":[{\"typ\":null,\"val\":\"x\"}]}",
            "{\"auth_typ\":\"aad\",\"claims\":[],\"role_typ\":[]}",
            "{\"auth_typ\":\"aad\",\"claims\":[]} {}",
            "{\"auth_typ\":\"aad\",\"auth_typ\":\"aad\",\"claims\":[]}",
            "{\"auth_typ\":\"aad\",\"claims\":[",
        })
        void jsonOfTheWrongShape(String json) {
            assertRejected(TokenRejection.MALFORMED, ClientPrincipals.encode(json));
        }

        @Test
        void invalidUtf8() {
            byte[] bytes = "{\"auth_typ\":\"a\u00e9d\",\"claims\":[]}".getBytes(StandardCharsets.ISO_8859_1);

            assertRejected(TokenRejection.MALFORMED, Base64.getEncoder().encodeToString(bytes));
        }

        @Test
        void nestingDeeperThanTheParserAllows() {
            String json = "{\"auth_typ\":\"aad\",\"claims\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}";

            assertRejected(TokenRejection.MALFORMED, ClientPrincipals.encode(json));
        }

        @Test
        void twoDifferentTenantsUnderItsTwoNames() {
            String header = ClientPrincipals.encode(ClientPrincipals.withRequiredClaims(
                    "\"role_typ\":\"" + ROLE_URI + "\"", "{\"typ\":\"tid\",\"val\":\"" + OTHER_TENANT + "\"}"));

            assertRejected(TokenRejection.MALFORMED, header);
        }

        @ParameterizedTest
        @ValueSource(strings = {"soon", "1.7e9", "99999999999999999999", "9223372036854775807"})
        void anExpiryThatIsNoInstant(String exp) {
            String header = ClientPrincipals.encode(ClientPrincipals.withRequiredClaims(
                    "\"role_typ\":\"" + ROLE_URI + "\"", "{\"typ\":\"exp\",\"val\":\"" + exp + "\"}"));

            assertRejected(TokenRejection.MALFORMED, header);
        }
    }

    @Nested
    class RejectsForItsContent {

        @ParameterizedTest
        @ValueSource(strings = {"google", "AAD", "", "github"})
        void aUserSignedInWithAnotherIdentityProvider(String authType) {
            String header = ClientPrincipals.encode(
                    ClientPrincipals.asAppServiceSendsIt(inAnHour).replace("\"auth_typ\":\"aad\"", "\"auth_typ\":\"" + authType + "\""));

            assertRejected(TokenRejection.WRONG_ISSUER, header);
        }

        @ParameterizedTest
        @ValueSource(strings = {TENANT_ID_URI, OBJECT_ID_URI, NAME_IDENTIFIER_URI})
        void aRequiredClaimMissing(String claimType) {
            String header = ClientPrincipals.encode(
                    ClientPrincipals.asAppServiceSendsIt(inAnHour).replace("\"" + claimType + "\"", "\"something_else\""));

            assertRejected(TokenRejection.MISSING_CLAIM, header);
        }

        @Test
        void aRequiredClaimBlank() {
            String header = ClientPrincipals.encode(
                    ClientPrincipals.asAppServiceSendsIt(inAnHour).replace("\"val\":\"" + OBJECT_ID + "\"", "\"val\":\" \""));

            assertRejected(TokenRejection.MISSING_CLAIM, header);
        }

        @Test
        void expiredBeyondTheClockSkew() {
            String header = ClientPrincipals.encode(ClientPrincipals.asAppServiceSendsIt(clock.now()));
            clock.advance(Duration.ofSeconds(60));

            assertRejected(TokenRejection.EXPIRED, header);
        }

        @Test
        void aTenantNotOnTheAllowlist() {
            String header = ClientPrincipals.encode(
                    ClientPrincipals.asAppServiceSendsIt(inAnHour).replace(TENANT, OTHER_TENANT));

            assertRejected(TokenRejection.TENANT_NOT_ALLOWED, header);
        }
    }

    @Nested
    class RefusesToBeBuilt {

        @Test
        void withoutAnAllowedTenant() {
            assertThrows(IllegalArgumentException.class,
                    () -> new AppServicePrincipalVerifier(Set.of(), ADMIN_ROLE, clock));
            assertThrows(IllegalArgumentException.class,
                    () -> new AppServicePrincipalVerifier(Set.of(" "), ADMIN_ROLE, clock));
        }

        @Test
        void withoutAnAdminRole() {
            assertThrows(IllegalArgumentException.class,
                    () -> new AppServicePrincipalVerifier(Set.of(TENANT), " ", clock));
        }
    }

    private VerifiedIdentity verified(String header) {
        return assertInstanceOf(Verification.Verified.class, verifier.verify(header)).identity();
    }

    private void assertRejected(TokenRejection reason, String header) {
        assertEquals(new Verification.Rejected(reason), verifier.verify(header));
    }

    /** {@code X-MS-CLIENT-PRINCIPAL} values, as JSON text and encoded as App Service sends them. */
    static final class ClientPrincipals {

        private ClientPrincipals() {
        }

        /**
         * The principal App Service builds from an Entra ID v2 access token after its default claim
         * mapping: ids under their URIs, roles under {@code role_typ}, and the token's other claims.
         */
        static String asAppServiceSendsIt(Instant expiresAt) {
            return """
                    {"auth_typ":"aad","claims":[\
                    {"typ":"aud","val":"%1$s"},\
                    {"typ":"iss","val":"https://login.microsoftonline.com/%2$s/v2.0"},\
                    {"typ":"iat","val":"%3$d"},{"typ":"nbf","val":"%3$d"},{"typ":"exp","val":"%4$d"},\
                    {"typ":"name","val":"Ada Lovelace"},\
                    {"typ":"http://schemas.microsoft.com/identity/claims/objectidentifier","val":"%5$s"},\
                    {"typ":"preferred_username","val":"ada@contoso.example"},\
                    {"typ":"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress","val":"ada@example.com"},\
                    {"typ":"http://schemas.microsoft.com/ws/2008/06/identity/claims/role","val":"Portal.Reader"},\
                    {"typ":"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier","val":"%6$s"},\
                    {"typ":"http://schemas.microsoft.com/identity/claims/tenantid","val":"%2$s"},\
                    {"typ":"ver","val":"2.0"}],\
                    "name_typ":"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",\
                    "role_typ":"http://schemas.microsoft.com/ws/2008/06/identity/claims/role"}"""
                    .formatted(TestTokens.CLIENT_ID, TENANT, expiresAt.getEpochSecond() - 300,
                            expiresAt.getEpochSecond(), OBJECT_ID, SUBJECT);
        }

        /**
         * A principal with only tenant, object id and subject (under their short names), plus {@code
         * topLevel} fields and {@code claims}, each a comma-separated JSON fragment.
         */
        static String withRequiredClaims(String topLevel, String claims) {
            return "{\"auth_typ\":\"aad\"," + topLevel + ",\"claims\":["
                    + "{\"typ\":\"tid\",\"val\":\"" + TENANT + "\"},"
                    + "{\"typ\":\"oid\",\"val\":\"" + OBJECT_ID + "\"},"
                    + "{\"typ\":\"sub\",\"val\":\"" + SUBJECT + "\"}"
                    + (claims.isEmpty() ? "" : "," + claims) + "]}";
        }

        /** A valid principal whose header is exactly {@code headerChars} long (a multiple of 4). */
        static String paddedTo(int headerChars) {
            String unpadded = withRequiredClaims("\"role_typ\":\"roles\"", "{\"typ\":\"padding\",\"val\":\"\"}");
            int jsonBytes = headerChars / 4 * 3;
            String padded = unpadded.replace("\"val\":\"\"", "\"val\":\"" + "x".repeat(jsonBytes - unpadded.length()) + "\"");
            return encode(padded);
        }

        static String encode(String json) {
            return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
        }
    }
}
