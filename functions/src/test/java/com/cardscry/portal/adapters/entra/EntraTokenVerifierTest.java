package com.cardscry.portal.adapters.entra;

import static com.cardscry.portal.adapters.entra.TestTokens.ADMIN_ROLE;
import static com.cardscry.portal.adapters.entra.TestTokens.APP_ID_URI;
import static com.cardscry.portal.adapters.entra.TestTokens.CLIENT_ID;
import static com.cardscry.portal.adapters.entra.TestTokens.ISSUER;
import static com.cardscry.portal.adapters.entra.TestTokens.OBJECT_ID;
import static com.cardscry.portal.adapters.entra.TestTokens.OTHER_TENANT;
import static com.cardscry.portal.adapters.entra.TestTokens.SUBJECT;
import static com.cardscry.portal.adapters.entra.TestTokens.TENANT;
import static com.cardscry.portal.adapters.entra.TestTokens.signRs256;
import static com.cardscry.portal.adapters.entra.TestTokens.validClaims;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.application.port.StoreUnavailableException;
import com.cardscry.portal.application.port.TokenRejection;
import com.cardscry.portal.application.port.Verification;
import com.cardscry.portal.application.port.VerifiedIdentity;
import com.cardscry.portal.testing.FakeClock;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import java.io.IOException;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EntraTokenVerifierTest {

    /** Generated once: RSA key generation is the slowest step of these tests. */
    private final RSAKey signingKey = TestTokens.rsaKey("key-1");
    private final RSAKey rotatedKey = TestTokens.rsaKey("key-2");
    private final RSAKey impostorWithSameKeyId = TestTokens.rsaKey("key-1");

    private FakeJwksServer issuer;
    private FakeClock clock;
    private EntraTokenVerifier verifier;

    @BeforeAll
    void startIssuer() throws IOException {
        issuer = new FakeJwksServer(new JWKSet(signingKey));
    }

    @AfterAll
    void stopIssuer() {
        issuer.close();
    }

    @BeforeEach
    void freshVerifier() {
        issuer.publish(new JWKSet(signingKey));
        issuer.comeBack();
        clock = new FakeClock();
        verifier = verifierFor(EntraTokenVerifierOptions.KeySource.jwks(issuer.jwksUrl()), ISSUER);
    }

    private EntraTokenVerifier verifierFor(EntraTokenVerifierOptions.KeySource keys, String expectedIssuer) {
        return new EntraTokenVerifier(new EntraTokenVerifierOptions(
                keys, expectedIssuer, Set.of(CLIENT_ID, APP_ID_URI), Set.of(TENANT), ADMIN_ROLE,
                Duration.ofSeconds(5)), clock);
    }

    private String validToken() {
        return signRs256(signingKey, validClaims(clock.now()).build());
    }

    private VerifiedIdentity assertVerified(String token) {
        return assertInstanceOf(Verification.Verified.class, verifier.verify(token)).identity();
    }

    private void assertRejected(TokenRejection expected, String token) {
        assertEquals(new Verification.Rejected(expected), verifier.verify(token));
    }

    @Nested
    class Verifies {

        @Test
        void aValidTokenAsTheIdentityItCarries() {
            VerifiedIdentity identity = assertVerified(validToken());

            assertEquals(TENANT, identity.tenantId());
            assertEquals(OBJECT_ID, identity.objectId());
            assertEquals(SUBJECT, identity.subject());
            assertEquals(Optional.of("Ada Lovelace"), identity.name());
            assertEquals(Optional.of("ada@example.com"), identity.email());
            assertEquals(Set.of("Portal.Reader"), identity.roles());
            assertFalse(identity.admin());
            assertEquals(clock.now().plus(Duration.ofHours(1)), identity.expiresAt());
        }

        @Test
        void aTokenWithoutNameEmailOrRolesWithThoseEmpty() {
            JWTClaimsSet claims = new JWTClaimsSet.Builder(validClaims(clock.now()).build())
                    .claim("name", null).claim("email", null).claim("roles", null).build();

            VerifiedIdentity identity = assertVerified(signRs256(signingKey, claims));

            assertEquals(Optional.empty(), identity.name());
            assertEquals(Optional.empty(), identity.email());
            assertEquals(Set.of(), identity.roles());
        }

        @Test
        void anAdminWhenRolesHoldTheAdminRole() {
            JWTClaimsSet claims = validClaims(clock.now()).claim("roles", List.of("Portal.Reader", ADMIN_ROLE)).build();

            VerifiedIdentity identity = assertVerified(signRs256(signingKey, claims));

            assertTrue(identity.admin());
            assertEquals(Set.of("Portal.Reader", ADMIN_ROLE), identity.roles());
        }

        @Test
        void notAnAdminWhenARoleOnlyResemblesTheAdminRole() {
            JWTClaimsSet claims = validClaims(clock.now()).claim("roles", List.of("portal.admin", "Portal.Admins")).build();

            assertFalse(assertVerified(signRs256(signingKey, claims)).admin());
        }

        @Test
        void theAppIdUriAsAudience() {
            JWTClaimsSet claims = validClaims(clock.now()).audience(APP_ID_URI).build();

            assertVerified(signRs256(signingKey, claims));
        }

        @Test
        void aTokenExpiredWithinTheClockSkew() {
            String token = validToken();
            clock.advance(Duration.ofHours(1).plusSeconds(59));

            assertVerified(token);
        }

        @Test
        void aTokenNotYetValidWithinTheClockSkew() {
            JWTClaimsSet claims = validClaims(clock.now()).notBeforeTime(Date.from(clock.now().plusSeconds(59))).build();

            assertVerified(signRs256(signingKey, claims));
        }

        @Test
        void theTokensOwnTenantInAnIssuerThatNamesIt() {
            verifier = verifierFor(EntraTokenVerifierOptions.KeySource.jwks(issuer.jwksUrl()),
                    "https://login.microsoftonline.com/{tenantid}/v2.0");

            assertVerified(validToken());
        }

        @Test
        void withKeysFoundThroughTheOpenIdMetadata() {
            int metadataRequestsBefore = issuer.metadataRequests();
            verifier = verifierFor(EntraTokenVerifierOptions.KeySource.openIdMetadata(issuer.metadataUrl()), ISSUER);

            assertVerified(validToken());
            assertEquals(metadataRequestsBefore + 1, issuer.metadataRequests());
        }

        @Test
        void withKeysHeldInProcessReadOnlyWhenNeeded() {
            AtomicInteger reads = new AtomicInteger();
            String keySet = new JWKSet(signingKey).toString(true);
            verifier = verifierFor(EntraTokenVerifierOptions.KeySource.inProcess("test keys", () -> {
                reads.incrementAndGet();
                return keySet;
            }), ISSUER);

            assertVerified(validToken());
            assertVerified(validToken());
            assertEquals(1, reads.get());
        }

        @Test
        void anIdentityWhoseTextLeavesOutNameAndEmail() {
            String text = assertVerified(validToken()).toString();

            assertFalse(text.contains("Ada"), text);
            assertFalse(text.contains("ada@example.com"), text);
            assertTrue(text.contains(OBJECT_ID), text);
        }

        @Test
        void aSecondTokenUnderAKnownKeyWithoutFetchingAgain() {
            assertVerified(validToken());
            int requestsAfterFirst = issuer.keySetRequests();

            assertVerified(validToken());

            assertEquals(requestsAfterFirst, issuer.keySetRequests());
        }
    }

    @Nested
    class RejectsAsMalformed {

        @ParameterizedTest
        @ValueSource(strings = {"", " ", "garbage", "a.b", "a.b.c", "a.b.c.d", "....", "e30.e30.", "eyJhbGciOiJSUzI1NiJ9.e30"})
        void textThatIsNoSignedToken(String token) {
            assertRejected(TokenRejection.MALFORMED, token);
        }

        @Test
        void aTokenLongerThanAnyEntraToken() {
            JWTClaimsSet claims = validClaims(clock.now())
                    .claim("padding", "x".repeat(EntraTokenVerifier.MAX_TOKEN_CHARS)).build();

            assertRejected(TokenRejection.MALFORMED, signRs256(signingKey, claims));
        }

        @Test
        void noTokenAtAll() {
            assertRejected(TokenRejection.MALFORMED, null);
        }

        @ParameterizedTest
        @ValueSource(strings = {"not a claims object", "null", "42"})
        void aCorrectlySignedPayloadThatIsNotAClaimsObject(String payload) throws JOSEException {
            JWSObject notJwt = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("key-1").build(),
                    new Payload(payload));
            notJwt.sign(rsaSigner(signingKey));

            assertRejected(TokenRejection.MALFORMED, notJwt.serialize());
        }

        @ParameterizedTest
        @ValueSource(strings = {"exp", "nbf", "sub", "iss", "tid", "oid"})
        void aCorrectlySignedTokenWithAMistypedClaim(String claim) throws JOSEException {
            Map<String, Object> claims = new HashMap<>(validClaims(clock.now()).build().toJSONObject());
            claims.put(claim, List.of("not", "a", "scalar"));
            JWSObject token = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("key-1").build(),
                    new Payload(claims));
            token.sign(rsaSigner(signingKey));

            assertRejected(TokenRejection.MALFORMED, token.serialize());
        }

        @Test
        void aSignatureSpelledWithPadding() {
            assertRejected(TokenRejection.MALFORMED, validToken() + "==");
        }
    }

    @Nested
    class RejectsTheAlgorithm {

        private int requestsAtStart;

        @BeforeEach
        void countRequests() {
            requestsAtStart = issuer.keySetRequests();
        }

        @Test
        void none() {
            assertRejected(TokenRejection.UNSUPPORTED_ALGORITHM, new PlainJWT(validClaims(clock.now()).build()).serialize());
        }

        @Test
        void noneWithTheKeyIdOfAKnownKey() {
            String header = Base64URL.encode("{\"alg\":\"none\",\"kid\":\"key-1\"}").toString();
            String payload = Base64URL.encode(validClaims(clock.now()).build().toString()).toString();

            assertRejected(TokenRejection.UNSUPPORTED_ALGORITHM, header + "." + payload + ".");
        }

        @Test
        void hs256KeyedWithThePublicKeyBytes() throws JOSEException {
            byte[] publicKeyBytes = signingKey.toRSAPublicKey().getEncoded();
            String token = TestTokens.sign(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("key-1").build(),
                    validClaims(clock.now()).build(), new MACSigner(publicKeyBytes));

            assertRejected(TokenRejection.UNSUPPORTED_ALGORITHM, token);
            assertEquals(0, issuer.keySetRequests() - requestsAtStart, "refused before any key was looked up");
        }

        @Test
        void es256() throws JOSEException {
            ECKey ecKey = new ECKeyGenerator(Curve.P_256).keyID("key-1").generate();
            String token = TestTokens.sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("key-1").build(),
                    validClaims(clock.now()).build(), new ECDSASigner(ecKey));

            assertRejected(TokenRejection.UNSUPPORTED_ALGORITHM, token);
        }

        @Test
        void ps256WithTheRightKey() {
            String token = TestTokens.sign(new JWSHeader.Builder(JWSAlgorithm.PS256).keyID("key-1").build(),
                    validClaims(clock.now()).build(), rsaSigner(signingKey));

            assertRejected(TokenRejection.UNSUPPORTED_ALGORITHM, token);
        }

        @Test
        void anEncryptedToken() {
            String header = Base64URL.encode("{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\"}").toString();

            assertRejected(TokenRejection.UNSUPPORTED_ALGORITHM, header + ".a.b.c.d");
        }
    }

    @Nested
    class RejectsTheSignature {

        @Test
        void madeWithAnotherKeyUnderTheSameKeyId() {
            assertRejected(TokenRejection.BAD_SIGNATURE, signRs256(impostorWithSameKeyId, validClaims(clock.now()).build()));
        }

        @Test
        void ofAnotherTokenUnderTheSameKey() {
            String[] genuine = validToken().split("\\.");
            String[] other = signRs256(signingKey, validClaims(clock.now()).subject("someone-else").build()).split("\\.");

            assertRejected(TokenRejection.BAD_SIGNATURE, other[0] + "." + other[1] + "." + genuine[2]);
        }
    }

    @Nested
    class RejectsTheClaims {

        @Test
        void expiredBeyondTheClockSkew() {
            String token = validToken();
            clock.advance(Duration.ofHours(1).plusSeconds(60));

            assertRejected(TokenRejection.EXPIRED, token);
        }

        @Test
        void notYetValidBeyondTheClockSkew() {
            JWTClaimsSet claims = validClaims(clock.now()).notBeforeTime(Date.from(clock.now().plusSeconds(61))).build();

            assertRejected(TokenRejection.NOT_YET_VALID, signRs256(signingKey, claims));
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "https://login.microsoftonline.com/" + TENANT + "/v2.0/",
            "https://login.microsoftonline.com/" + OTHER_TENANT + "/v2.0",
            "https://sts.windows.net/" + TENANT + "/",
            "HTTPS://LOGIN.MICROSOFTONLINE.COM/" + TENANT + "/v2.0"
        })
        void fromAnotherIssuer(String otherIssuer) {
            assertRejected(TokenRejection.WRONG_ISSUER, signRs256(signingKey, validClaims(clock.now()).issuer(otherIssuer).build()));
        }

        @Test
        void withoutAnIssuer() {
            assertRejected(TokenRejection.WRONG_ISSUER, signRs256(signingKey, validClaims(clock.now()).issuer(null).build()));
        }

        @Test
        void fromAnotherTenantInAnIssuerThatNamesTheTenant() {
            verifier = verifierFor(EntraTokenVerifierOptions.KeySource.jwks(issuer.jwksUrl()),
                    "https://login.microsoftonline.com/{tenantid}/v2.0");
            JWTClaimsSet claims = validClaims(clock.now())
                    .issuer("https://login.microsoftonline.com/" + OTHER_TENANT + "/v2.0").build();

            assertRejected(TokenRejection.WRONG_ISSUER, signRs256(signingKey, claims));
        }

        @ParameterizedTest
        @ValueSource(strings = {"00000003-0000-0000-c000-000000000000", "api://cardscry-portal/", "API://CARDSCRY-PORTAL"})
        void forAnotherAudience(String otherAudience) {
            assertRejected(TokenRejection.WRONG_AUDIENCE, signRs256(signingKey, validClaims(clock.now()).audience(otherAudience).build()));
        }

        @Test
        void withoutAnAudience() {
            assertRejected(TokenRejection.WRONG_AUDIENCE,
                    signRs256(signingKey, validClaims(clock.now()).audience((String) null).build()));
        }

        @Test
        void fromATenantNotOnTheAllowlist() {
            verifier = verifierFor(EntraTokenVerifierOptions.KeySource.jwks(issuer.jwksUrl()),
                    "https://login.microsoftonline.com/{tenantid}/v2.0");
            JWTClaimsSet claims = validClaims(clock.now())
                    .issuer("https://login.microsoftonline.com/" + OTHER_TENANT + "/v2.0")
                    .claim("tid", OTHER_TENANT).build();

            assertRejected(TokenRejection.TENANT_NOT_ALLOWED, signRs256(signingKey, claims));
        }

        @ParameterizedTest
        @ValueSource(strings = {"tid", "oid", "sub", "exp"})
        void withoutARequiredClaim(String claim) {
            JWTClaimsSet claims = new JWTClaimsSet.Builder(validClaims(clock.now()).build()).claim(claim, null).build();

            assertRejected(TokenRejection.MISSING_CLAIM, signRs256(signingKey, claims));
        }

        @ParameterizedTest
        @ValueSource(strings = {"tid", "oid", "sub"})
        void withARequiredClaimBlank(String claim) {
            JWTClaimsSet claims = validClaims(clock.now()).claim(claim, " ").build();

            assertRejected(TokenRejection.MISSING_CLAIM, signRs256(signingKey, claims));
        }

        @Test
        void withRolesThatAreNotAListOfNames() {
            JWTClaimsSet claims = validClaims(clock.now()).claim("roles", 42).build();

            assertRejected(TokenRejection.MALFORMED, signRs256(signingKey, claims));
        }
    }

    @Nested
    class FetchesKeys {

        @Test
        void onceMoreForAnUnknownKeyIdThenRejectsIt() {
            assertVerified(validToken());
            int initialFetches = issuer.keySetRequests();
            clock.advance(EntraTokenVerifier.REFETCH_GAP);

            assertRejected(TokenRejection.UNKNOWN_KEY, signRs256(rotatedKey, validClaims(clock.now()).build()));

            assertEquals(initialFetches + 1, issuer.keySetRequests());
        }

        @Test
        void atMostOncePerMinuteForUnknownKeyIds() {
            assertVerified(validToken());
            clock.advance(EntraTokenVerifier.REFETCH_GAP);
            assertRejected(TokenRejection.UNKNOWN_KEY, signRs256(rotatedKey, validClaims(clock.now()).build()));
            int fetchesAfterFirstUnknown = issuer.keySetRequests();

            clock.advance(Duration.ofSeconds(59));
            RSAKey anotherUnknownKey = TestTokens.rsaKey("key-3");
            assertRejected(TokenRejection.UNKNOWN_KEY, signRs256(anotherUnknownKey, validClaims(clock.now()).build()));
            assertEquals(fetchesAfterFirstUnknown, issuer.keySetRequests(), "no fetch within a minute");

            clock.advance(Duration.ofSeconds(1));
            assertRejected(TokenRejection.UNKNOWN_KEY, signRs256(anotherUnknownKey, validClaims(clock.now()).build()));
            assertEquals(fetchesAfterFirstUnknown + 1, issuer.keySetRequests(), "one fetch once a minute has passed");
        }

        @Test
        void andFindsAKeyRotatedInByTheIssuer() {
            assertVerified(validToken());
            issuer.publish(new JWKSet(List.of(signingKey, rotatedKey)));
            clock.advance(EntraTokenVerifier.REFETCH_GAP);

            VerifiedIdentity identity = assertVerified(signRs256(rotatedKey, validClaims(clock.now()).build()));

            assertEquals(OBJECT_ID, identity.objectId());
            assertVerified(validToken());
        }

        @Test
        void andDropsAKeyTheIssuerWithdrew() {
            assertVerified(validToken());
            issuer.publish(new JWKSet(rotatedKey));
            clock.advance(EntraTokenVerifier.REFETCH_GAP);
            assertVerified(signRs256(rotatedKey, validClaims(clock.now()).build()));

            assertRejected(TokenRejection.UNKNOWN_KEY, validToken());
        }

        @Test
        void andFailsWhenTheEndpointIsDownAtFirstUse() {
            issuer.goDown();

            assertThrows(StoreUnavailableException.class, () -> verifier.verify(validToken()));
            assertThrows(StoreUnavailableException.class, () -> verifier.verify(validToken()),
                    "within the minute the keys are still unknown");
        }

        @Test
        void andRecoversAMinuteAfterTheEndpointCameBack() {
            issuer.goDown();
            assertThrows(StoreUnavailableException.class, () -> verifier.verify(validToken()));
            issuer.comeBack();
            clock.advance(EntraTokenVerifier.REFETCH_GAP);

            assertVerified(validToken());
        }

        @Test
        void butKeepsVerifyingWithKnownKeysWhileTheEndpointIsDown() {
            assertVerified(validToken());
            issuer.goDown();
            clock.advance(Duration.ofHours(2));

            assertVerified(validToken());
            assertThrows(StoreUnavailableException.class,
                    () -> verifier.verify(signRs256(rotatedKey, validClaims(clock.now()).build())),
                    "a key it does not hold cannot be decided while the endpoint is down");
            assertVerified(validToken());
        }

        @Test
        void andFailsWhenKeysHeldInProcessCannotBeRead() {
            verifier = verifierFor(EntraTokenVerifierOptions.KeySource.inProcess("test keys", () -> {
                throw new IllegalStateException("key file unreadable");
            }), ISSUER);

            StoreUnavailableException failure = assertThrows(StoreUnavailableException.class, () -> verifier.verify(validToken()));
            assertTrue(failure.getMessage().contains("test keys"), failure.getMessage());
        }

        @Test
        void neverForATokenWithoutAKeyId() {
            String token = TestTokens.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).build(),
                    validClaims(clock.now()).build(), rsaSigner(signingKey));
            int before = issuer.keySetRequests();

            assertRejected(TokenRejection.UNKNOWN_KEY, token);
            assertEquals(before, issuer.keySetRequests());
        }
    }

    private static RSASSASigner rsaSigner(RSAKey key) {
        try {
            return new RSASSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
