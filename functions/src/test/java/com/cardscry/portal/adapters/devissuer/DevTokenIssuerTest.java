package com.cardscry.portal.adapters.devissuer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.adapters.entra.EntraTokenVerifier;
import com.cardscry.portal.adapters.entra.EntraTokenVerifierOptions;
import com.cardscry.portal.application.port.DevelopmentClaims;
import com.cardscry.portal.application.port.DevelopmentTokenIssuer;
import com.cardscry.portal.application.port.TokenRejection;
import com.cardscry.portal.application.port.Verification;
import com.cardscry.portal.application.port.VerifiedIdentity;
import com.cardscry.portal.testing.FakeClock;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DevTokenIssuerTest {

    private static final String AUDIENCE = "api://cardscry-portal-local";
    private static final String TENANT = "10ca1000-0000-4000-8000-000000000001";
    private static final String OBJECT_ID = "5b2c7d3e-0000-4000-8000-0000000000a1";
    private static final DevelopmentClaims ADA = new DevelopmentClaims(OBJECT_ID, TENANT,
            Optional.of("Ada Lovelace"), Optional.of("ada@example.com"), Set.of("Portal.Reader", "Portal.Admin"));

    /** One key generated for the whole class (the slow step); each test starts from a copy of its file. */
    private Path generatedKeyFile;

    @TempDir
    Path temp;
    private Path keyFile;
    private FakeClock clock;

    @BeforeAll
    void generateOneKey(@TempDir Path generatedOnce) {
        generatedKeyFile = generatedOnce.resolve(DevTokenIssuer.KEY_FILE_NAME);
        DevTokenIssuer.open(generatedKeyFile, AUDIENCE, new FakeClock(), new SecureRandom());
    }

    @BeforeEach
    void copyOfTheKey() throws IOException {
        keyFile = temp.resolve("data").resolve(DevTokenIssuer.KEY_FILE_NAME);
        Files.createDirectories(keyFile.getParent());
        Files.copy(generatedKeyFile, keyFile);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        clock = new FakeClock(Instant.parse("2030-05-01T10:00:00Z"));
    }

    private DevTokenIssuer openIssuer() {
        return DevTokenIssuer.open(keyFile, AUDIENCE, clock, new SecureRandom());
    }

    private EntraTokenVerifier verifierOf(DevelopmentTokenIssuer issuer, Set<String> allowedTenants) {
        return new EntraTokenVerifier(new EntraTokenVerifierOptions(
                EntraTokenVerifierOptions.KeySource.inProcess("the development issuer", issuer::jwksJson),
                DevTokenIssuer.ISSUER, Set.of(AUDIENCE), allowedTenants, "Portal.Admin", Duration.ofSeconds(5)), clock);
    }

    @Nested
    class IssuesTokens {

        @Test
        void that_the_entra_verifier_accepts_as_the_identity_asked_for() {
            DevTokenIssuer issuer = openIssuer();

            Verification verification = verifierOf(issuer, Set.of(TENANT)).verify(issuer.issue(ADA));

            VerifiedIdentity identity = assertInstanceOf(Verification.Verified.class, verification).identity();
            assertEquals(TENANT, identity.tenantId());
            assertEquals(OBJECT_ID, identity.objectId());
            assertEquals(OBJECT_ID, identity.subject());
            assertEquals(Optional.of("Ada Lovelace"), identity.name());
            assertEquals(Optional.of("ada@example.com"), identity.email());
            assertEquals(Set.of("Portal.Reader", "Portal.Admin"), identity.roles());
            assertTrue(identity.admin());
            assertEquals(clock.now().plus(DevelopmentTokenIssuer.TOKEN_LIFETIME), identity.expiresAt());
        }

        @Test
        void shaped_like_an_entra_access_token() throws Exception {
            SignedJWT token = SignedJWT.parse(openIssuer().issue(ADA));
            JWTClaimsSet claims = token.getJWTClaimsSet();

            assertEquals(JWSAlgorithm.RS256, token.getHeader().getAlgorithm());
            assertEquals(JOSEObjectType.JWT, token.getHeader().getType());
            assertEquals(rsaKeyOf(keyFile).getKeyID(), token.getHeader().getKeyID());
            assertEquals("https://dev-issuer.cardscry.invalid/" + TENANT + "/v2.0", claims.getIssuer());
            assertEquals(List.of(AUDIENCE), claims.getAudience());
            assertEquals(clock.now(), claims.getIssueTime().toInstant());
            assertEquals(clock.now(), claims.getNotBeforeTime().toInstant());
            assertEquals(clock.now().plus(Duration.ofHours(1)), claims.getExpirationTime().toInstant());
            assertEquals(List.of("Portal.Admin", "Portal.Reader"), claims.getStringListClaim("roles"));
        }

        @Test
        void without_name_email_or_roles_when_none_are_asked_for() throws Exception {
            DevelopmentClaims bare = new DevelopmentClaims(OBJECT_ID, TENANT, Optional.empty(), Optional.empty(), Set.of());

            JWTClaimsSet claims = SignedJWT.parse(openIssuer().issue(bare)).getJWTClaimsSet();

            assertNull(claims.getClaim("name"));
            assertNull(claims.getClaim("email"));
            assertNull(claims.getClaim("roles"));
        }

        @Test
        void for_any_tenant_but_the_verifier_accepts_only_allowed_ones() {
            DevTokenIssuer issuer = openIssuer();
            DevelopmentClaims elsewhere = new DevelopmentClaims(OBJECT_ID, "9f8e7d6c-0000-4000-8000-0000000000be",
                    Optional.empty(), Optional.empty(), Set.of());

            assertEquals(new Verification.Rejected(TokenRejection.TENANT_NOT_ALLOWED),
                    verifierOf(issuer, Set.of(TENANT)).verify(issuer.issue(elsewhere)));
        }

        @Test
        void that_expire_after_an_hour() {
            DevTokenIssuer issuer = openIssuer();
            String token = issuer.issue(ADA);
            EntraTokenVerifier verifier = verifierOf(issuer, Set.of(TENANT));

            clock.advance(Duration.ofHours(1).plusMinutes(2));

            assertEquals(new Verification.Rejected(TokenRejection.EXPIRED), verifier.verify(token));
        }
    }

    @Nested
    class PublishesTheKey {

        @Test
        void as_a_key_set_of_the_public_key_only() throws Exception {
            JWKSet published = JWKSet.parse(openIssuer().jwksJson());

            assertEquals(1, published.getKeys().size());
            RSAKey key = published.getKeys().get(0).toRSAKey();
            assertFalse(key.isPrivate());
            assertEquals(rsaKeyOf(keyFile).getKeyID(), key.getKeyID());
            assertFalse(openIssuer().jwksJson().contains("\"d\""), "the private exponent must not be published");
        }
    }

    @Nested
    class KeepsTheKey {

        @Test
        void generated_on_first_start_into_an_owner_only_file(@TempDir Path fresh) throws IOException {
            Path file = fresh.resolve("new-folder").resolve(DevTokenIssuer.KEY_FILE_NAME);

            DevTokenIssuer.open(file, AUDIENCE, clock, new SecureRandom());

            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
            RSAKey stored = rsaKeyOf(file);
            assertTrue(stored.isPrivate());
            assertEquals(2048, stored.size());
            try (var leftovers = Files.list(file.getParent())) {
                assertEquals(List.of(file), leftovers.toList(), "no temporary file is left behind");
            }
        }

        @Test
        void across_restarts_so_earlier_tokens_still_verify() throws IOException {
            byte[] before = Files.readAllBytes(keyFile);
            String issuedBefore = openIssuer().issue(ADA);

            DevTokenIssuer restarted = openIssuer();

            assertArrayEquals(before, Files.readAllBytes(keyFile));
            assertInstanceOf(Verification.Verified.class, verifierOf(restarted, Set.of(TENANT)).verify(issuedBefore));
        }

        @Test
        void and_narrows_a_file_others_could_read() throws IOException {
            Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));

            openIssuer();

            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
        }

        @Test
        void and_refuses_a_damaged_file_naming_it_and_leaving_it_untouched() throws IOException {
            String publicOnly = rsaKeyOf(keyFile).toPublicJWK().toJSONString();
            for (String damaged : List.of("not json", "{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}", publicOnly)) {
                Files.writeString(keyFile, damaged);

                IllegalStateException refused = assertThrows(IllegalStateException.class, DevTokenIssuerTest.this::openIssuer);

                assertTrue(refused.getMessage().contains(keyFile.toString()), refused.getMessage());
                assertFalse(refused.getMessage().contains("c2VjcmV0"), refused.getMessage());
                assertEquals(damaged, Files.readString(keyFile));
            }
        }
    }

    @Test
    void its_text_names_the_key_id_only() {
        DevTokenIssuer issuer = openIssuer();

        assertEquals("DevTokenIssuer[kid=" + rsaKeyOf(keyFile).getKeyID() + "]", issuer.toString());
    }

    private static RSAKey rsaKeyOf(Path file) {
        try {
            return RSAKey.parse(Files.readString(file));
        } catch (IOException | java.text.ParseException e) {
            throw new AssertionError(e);
        }
    }
}
