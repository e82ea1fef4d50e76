package com.cardscry.portal.security;

import static com.cardscry.portal.security.AuthorisationMatrix.ProtectedRoute.delete;
import static com.cardscry.portal.security.AuthorisationMatrix.ProtectedRoute.get;
import static com.cardscry.portal.security.AuthorisationMatrix.ProtectedRoute.patch;
import static com.cardscry.portal.security.AuthorisationMatrix.ProtectedRoute.post;
import static com.cardscry.portal.security.AuthorisationMatrix.ProtectedRoute.put;

import com.cardscry.portal.security.AuthorisationMatrix.ProtectedRoute;
import com.cardscry.portal.testing.CapturedLogs;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every protected route against the whole authorisation matrix, on one portal for the class. A new
 * protected route is one more line in {@link #ROUTES}. The whole run is also a log scan: none of the
 * credentials or personal data it used may appear in a log line. The gateway's routes are not here: the
 * host checks their function key before any code runs (GatewayRoutesContractTest proves it for both).
 */
class AuthorisationMatrixTest {

    private static final String REASON = "{\"reason\":\"authorisation matrix\"}";
    /** Yesterday (UTC): a day whose hours the usage view keeps whenever the matrix runs (older ones it refuses). */
    private static final Instant YESTERDAY = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(1));

    /** Every protected route; the bodies are valid, so only the credential can be what is wrong. */
    static final List<ProtectedRoute> ROUTES = List.of(
            post("/api/v1/signup", PortalUnderTest.signUpBody(Identity.user("matrix-newcomer"))),
            get("/api/v1/me").servesBlockedAccounts(),
            patch("/api/v1/me", "{\"displayName\":\"Renamed By The Matrix\"}"),
            delete("/api/v1/me"),
            post("/api/v1/me/email-verification", "{\"code\":\"123456\"}"),
            post("/api/v1/me/email-verification/code"),
            post("/api/v1/sessions"),
            get("/api/v1/sessions"),
            get("/api/v1/sessions/current"),
            delete("/api/v1/sessions/current"),
            delete("/api/v1/sessions/{sessionId}").ownedByCaller(),
            post("/api/v1/admin/accounts/{accountId}/block", REASON).forAdmins(),
            post("/api/v1/admin/accounts/{accountId}/unblock", REASON).forAdmins(),
            post("/api/v1/subscriptions", "{\"planId\":\"sandbox\"}"),
            get("/api/v1/subscriptions"),
            get("/api/v1/subscriptions/{subscriptionId}").ownedByCaller(),
            post("/api/v1/subscriptions/{subscriptionId}/cancel").ownedByCaller(),
            post("/api/v1/subscriptions/{subscriptionId}/keys", "{\"name\":\"Matrix key\",\"expiresInDays\":30}").ownedByCaller(),
            get("/api/v1/subscriptions/{subscriptionId}/keys").ownedByCaller(),
            post("/api/v1/subscriptions/{subscriptionId}/keys/{keyId}/rotate", "{\"graceHours\":1}").ownedByCaller(),
            delete("/api/v1/subscriptions/{subscriptionId}/keys/{keyId}").ownedByCaller(),
            get("/api/v1/subscriptions/{subscriptionId}/usage?from=" + YESTERDAY + "&to=" + YESTERDAY.plus(Duration.ofDays(1)))
                    .ownedByCaller(),
            get("/api/v1/admin/subscriptions/submitted").forAdmins(),
            post("/api/v1/admin/accounts/{accountId}/subscriptions/{accountSubscriptionId}/approve").forAdmins(),
            post("/api/v1/admin/accounts/{accountId}/subscriptions/{accountSubscriptionId}/reject", REASON).forAdmins(),
            post("/api/v1/admin/accounts/{accountId}/subscriptions/{accountSubscriptionId}/suspend", REASON).forAdmins(),
            post("/api/v1/admin/accounts/{accountId}/subscriptions/{accountSubscriptionId}/reactivate").forAdmins(),
            // Privacy requests: a blocked person keeps their rights, so a blocked account is served.
            post("/api/v1/privacy-requests", "{\"type\":\"access\"}").servesBlockedAccounts(),
            get("/api/v1/privacy-requests").servesBlockedAccounts(),
            get("/api/v1/privacy-requests/{privacyRequestId}").servesBlockedAccounts().ownedByCaller(),
            get("/api/v1/privacy-requests/{privacyRequestId}/export?format=json").servesBlockedAccounts().ownedByCaller(),
            get("/api/v1/privacy-requests/{privacyRequestId}/receipt").servesBlockedAccounts().ownedByCaller(),
            get("/api/v1/admin/privacy-requests?dueWithinDays=7").forAdmins(),
            get("/api/v1/admin/retention/runs").forAdmins(),
            put("/api/v1/admin/accounts/{accountId}/legal-hold", "{\"reason\":\"authorisation matrix\",\"endsOn\":\""
                    + LocalDate.now(ZoneOffset.UTC).plusDays(30) + "\"}")
                    .forAdmins(),
            delete("/api/v1/admin/accounts/{accountId}/legal-hold").forAdmins(),
            post("/api/v1/admin/privacy-requests/{accountPrivacyRequestId}/extend", REASON).forAdmins(),
            post("/api/v1/admin/accounts/{accountId}/privacy-requests/{accountPrivacyRequestId}/retry").forAdmins());

    @TempDir
    static Path dataDir;

    private static CapturedLogs logs;
    private static PortalUnderTest portal;
    private static AuthorisationMatrix.World world;

    @BeforeAll
    static void startPortal() {
        logs = CapturedLogs.start();
        portal = PortalUnderTest.start(dataDir);
        world = AuthorisationMatrix.World.build(portal);
    }

    @AfterAll
    static void stopPortalAndScanTheLogs() {
        try {
            portal.close();
        } finally {
            logs.close();
        }
        LogScan.assertNoSecretIn(logs, portal.secrets());
    }

    @TestFactory
    Stream<DynamicContainer> every_protected_route_refuses_every_bad_credential() {
        return AuthorisationMatrix.run(ROUTES, world);
    }
}
