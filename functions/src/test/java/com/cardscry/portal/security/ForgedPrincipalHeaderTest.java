package com.cardscry.portal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.security.PortalUnderTest.Call;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The App Service principal header the authorisation matrix forges is the real thing: a portal told that
 * App Service authentication is enforced in front of it accepts the header, so the matrix's 401 (with
 * enforcement off) proves the header is not trusted, not that it was malformed.
 */
class ForgedPrincipalHeaderTest {

    @TempDir
    Path dataDir;

    @Test
    void is_trusted_only_where_app_service_authentication_is_enforced() {
        Identity user = Identity.user("principal-user");
        try (PortalUnderTest portal = PortalUnderTest.start(dataDir, Map.of("PORTAL_AUTH_APP_SERVICE_ENFORCED", "true"))) {
            String accountId = portal.activeAccount(user);
            Call headerOnly = Call.of("GET", "/api/v1/me").header("X-MS-CLIENT-PRINCIPAL", AuthorisationMatrix.appServicePrincipal(user));

            assertEquals(accountId, PortalUnderTest.expect(200, portal.send(headerOnly)).path("id").asText());
        }
        try (PortalUnderTest portal = PortalUnderTest.start(dataDir)) {
            Call headerOnly = Call.of("GET", "/api/v1/me").header("X-MS-CLIENT-PRINCIPAL", AuthorisationMatrix.appServicePrincipal(user));

            ProblemDocuments.assertProblem(portal.send(headerOnly), ProblemType.UNAUTHENTICATED);
        }
    }
}
