package com.cardscry.portal.application.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.adapters.devissuer.DevTokenIssuer;
import com.cardscry.portal.adapters.entra.AppServicePrincipalVerifier;
import com.cardscry.portal.adapters.entra.EntraTokenVerifier;
import com.cardscry.portal.adapters.entra.EntraTokenVerifierOptions;
import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.port.DevelopmentClaims;
import com.cardscry.portal.application.port.TokenVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Authentication with the real verifiers: tokens of the development issuer checked by the Entra
 * verifier, and App Service principals read only when the setting says they are enforced.
 */
class AuthenticateTest {

    private static final String TENANT = "10ca1000-0000-4000-8000-000000000001";
    private static final String AUDIENCE = "api://cardscry-portal-local";

    @TempDir
    Path folder;

    private AccountsFixture fixture;
    private DevTokenIssuer issuer;
    private TokenVerifier tokens;

    @BeforeEach
    void open() {
        fixture = new AccountsFixture(folder);
        issuer = DevTokenIssuer.open(folder.resolve("dev-issuer-key.json"), AUDIENCE, fixture.clock, new SecureRandom());
        tokens = new EntraTokenVerifier(new EntraTokenVerifierOptions(
                EntraTokenVerifierOptions.KeySource.inProcess("the development issuer", issuer::jwksJson),
                DevTokenIssuer.ISSUER, Set.of(AUDIENCE), Set.of(TENANT), "Portal.Admin", Duration.ofSeconds(5)), fixture.clock);
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private Authenticate authenticate(boolean appServiceEnforced) {
        Optional<TokenVerifier> principals = appServiceEnforced
                ? Optional.of(new AppServicePrincipalVerifier(Set.of(TENANT), "Portal.Admin", fixture.clock))
                : Optional.empty();
        return new Authenticate(tokens, principals, fixture.services.accounts(), fixture.services.sessions(),
                fixture.services.keys(), AccountsFixture.POLICY, fixture.clock);
    }

    private static Credentials bearer(String token) {
        return new Credentials(Optional.of(token), Optional.empty(), Optional.empty(), Optional.empty(), false, Optional.empty());
    }

    private static Credentials principalOnly(String header) {
        return new Credentials(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(header), false, Optional.empty());
    }

    private String token(String objectId, Set<String> roles) {
        return issuer.issue(new DevelopmentClaims(objectId, TENANT, Optional.of("Ada"), Optional.of("ada@example.com"), roles));
    }

    private static String principal(String objectId) {
        String json = "{\"auth_typ\":\"aad\",\"name_typ\":\"name\",\"role_typ\":\"roles\",\"claims\":["
                + "{\"typ\":\"tid\",\"val\":\"" + TENANT + "\"},{\"typ\":\"oid\",\"val\":\"" + objectId + "\"},"
                + "{\"typ\":\"sub\",\"val\":\"sub-" + objectId + "\"}]}";
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void a_verified_token_names_the_identity_and_after_sign_up_its_account() {
        String token = token("oid-1", Set.of());
        Caller before = authenticate(false).authenticate(bearer(token)).fold(caller -> caller, problem -> null);
        assertEquals(TENANT, before.tenantId());
        assertEquals("oid-1", before.objectId());
        assertFalse(before.admin());
        assertTrue(before.account().isEmpty());

        new SignUp(fixture.services).handle(before, fixture.signUpCommand("ada@example.com"));
        Caller after = authenticate(false).authenticate(bearer(token)).fold(caller -> caller, problem -> null);
        assertTrue(after.account().isPresent());
        assertEquals(TENANT, after.account().get().account().tenantId());
    }

    @Test
    void the_admin_role_makes_an_admin() {
        Outcome<Caller> outcome = authenticate(false).authenticate(bearer(token("oid-2", Set.of("Portal.Admin"))));
        assertTrue(outcome.fold(Caller::admin, problem -> false));
    }

    @Test
    void a_bad_token_is_unauthenticated_even_with_a_cookie() {
        Credentials both = new Credentials(Optional.of("not.a.token"), Optional.of("x.y"), Optional.empty(), Optional.empty(),
                false, Optional.empty());
        assertEquals(ProblemType.UNAUTHENTICATED, authenticate(false).authenticate(both).fold(c -> null, p -> p.type()));
    }

    @Test
    void the_app_service_header_alone_is_ignored_unless_enforced() {
        assertEquals(ProblemType.UNAUTHENTICATED, authenticate(false).authenticate(principalOnly(principal("oid-3")))
                .fold(c -> null, p -> p.type()));
        Caller caller = authenticate(true).authenticate(principalOnly(principal("oid-3"))).fold(c -> c, p -> null);
        assertEquals("oid-3", caller.objectId());
        assertEquals(ProblemType.UNAUTHENTICATED, authenticate(true).authenticate(principalOnly("bm90IGpzb24="))
                .fold(c -> null, p -> p.type()));
    }

    @Test
    void nothing_offered_is_unauthenticated() {
        Credentials none = new Credentials(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), true, Optional.empty());
        assertEquals(ProblemType.UNAUTHENTICATED, authenticate(true).authenticate(none).fold(c -> null, p -> p.type()));
    }
}
