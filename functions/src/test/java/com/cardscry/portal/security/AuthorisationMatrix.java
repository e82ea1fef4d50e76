package com.cardscry.portal.security;

import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.config.PortalSettings;
import com.cardscry.portal.security.PortalUnderTest.Call;
import com.cardscry.portal.security.PortalUnderTest.Session;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;

/**
 * The authorisation matrix every protected route runs (DESIGN.md 6): each {@link ProtectedRoute} against
 * each {@link MatrixCase} that applies to it, over HTTP against a {@link PortalUnderTest}. Every case is
 * a refusal (nothing in the matrix ever succeeds but a blocked account reading its own profile), and
 * every refusal must be a problem document; a 401 must carry {@code WWW-Authenticate: Bearer}.
 *
 * <p>A route's test names it in one line, e.g.
 * {@code ProtectedRoute.post("/api/v1/admin/accounts/{accountId}/block", REASON).forAdmins()}; its path
 * placeholders are filled from the {@link World}: {@code {sessionId}} with the caller's own session,
 * {@code {subscriptionId}} with the caller's own subscription, {@code {keyId}} with a key of that
 * subscription, {@code {accountId}} with an account the caller may act on (for admins: another user's),
 * {@code {accountSubscriptionId}} with a subscription of that account, {@code {privacyRequestId}} with
 * the caller's own privacy request and {@code {accountPrivacyRequestId}} with a privacy request of the
 * account the caller may act on.
 */
final class AuthorisationMatrix {

    private AuthorisationMatrix() {
    }

    /**
     * A route that only an authenticated caller may use.
     *
     * @param method                 the HTTP method
     * @param pathTemplate           the path, with {@code {placeholder}}s the {@link World} fills
     * @param body                   a valid JSON body, for writes that take one
     * @param adminCaller            whether the caller the matrix impersonates is an administrator
     * @param blockedAccountsServed  whether a blocked account is served (200) rather than refused
     * @param namesCallersObject     whether the path names the caller's own object, so that another
     *                               user's object must answer 404
     */
    record ProtectedRoute(String method, String pathTemplate, Optional<String> body, boolean adminCaller,
                          boolean blockedAccountsServed, boolean namesCallersObject) {

        static ProtectedRoute get(String pathTemplate) {
            return new ProtectedRoute("GET", pathTemplate, Optional.empty(), false, false, false);
        }

        /** A write without a body. */
        static ProtectedRoute post(String pathTemplate) {
            return new ProtectedRoute("POST", pathTemplate, Optional.empty(), false, false, false);
        }

        static ProtectedRoute post(String pathTemplate, String validBody) {
            return new ProtectedRoute("POST", pathTemplate, Optional.of(validBody), false, false, false);
        }

        static ProtectedRoute patch(String pathTemplate, String validBody) {
            return new ProtectedRoute("PATCH", pathTemplate, Optional.of(validBody), false, false, false);
        }

        static ProtectedRoute put(String pathTemplate, String validBody) {
            return new ProtectedRoute("PUT", pathTemplate, Optional.of(validBody), false, false, false);
        }

        static ProtectedRoute delete(String pathTemplate) {
            return new ProtectedRoute("DELETE", pathTemplate, Optional.empty(), false, false, false);
        }

        ProtectedRoute forAdmins() {
            return new ProtectedRoute(method, pathTemplate, body, true, blockedAccountsServed, namesCallersObject);
        }

        ProtectedRoute servesBlockedAccounts() {
            return new ProtectedRoute(method, pathTemplate, body, adminCaller, true, namesCallersObject);
        }

        ProtectedRoute ownedByCaller() {
            return new ProtectedRoute(method, pathTemplate, body, adminCaller, blockedAccountsServed, true);
        }

        boolean isWrite() {
            return !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
        }

        @Override
        public String toString() {
            return method + " " + pathTemplate;
        }
    }

    /**
     * The accounts and objects the matrix needs, made once per portal through the portal's own routes:
     * an active user and an active admin (each with a session), another active user with a session
     * (the owner of "another user's object"), and a blocked user and a blocked admin; the user has a
     * subscription to a plan without approval with a key, the other user one waiting for review and
     * an active one with a key (keys need an active subscription; the other user's active one is
     * "another user's" subscription and key). Five sign-ups and three session starts, well inside the
     * per-address limits.
     */
    record World(PortalUnderTest portal, Identity user, Identity admin, Identity blockedUser, Identity blockedAdmin,
                 Session userSession, Session adminSession, Map<String, String> ownObjects, Map<String, String> othersObjects) {

        static World build(PortalUnderTest portal) {
            Identity user = Identity.user("matrix-user");
            Identity other = Identity.user("matrix-other");
            Identity admin = Identity.admin("matrix-admin");
            Identity blockedUser = Identity.user("matrix-blocked");
            Identity blockedAdmin = Identity.admin("matrix-blocked-admin");
            portal.activeAccount(user);
            String otherAccount = portal.activeAccount(other);
            portal.activeAccount(admin);
            String blockedUserAccount = portal.activeAccount(blockedUser);
            String blockedAdminAccount = portal.activeAccount(blockedAdmin);
            portal.block(admin, blockedUserAccount);
            portal.block(admin, blockedAdminAccount);
            Session userSession = portal.startSession(user);
            Session adminSession = portal.startSession(admin);
            Session othersSession = portal.startSession(other);
            String userSubscription = portal.subscribe(user, "sandbox");
            String othersSubmittedSubscription = portal.subscribe(other, "scale");
            String othersActiveSubscription = portal.subscribe(other, "sandbox");
            String userKey = portal.issueKey(user, userSubscription);
            String othersKey = portal.issueKey(other, othersActiveSubscription);
            String userPrivacyRequest = portal.submitPrivacyRequest(user, "access");
            String othersPrivacyRequest = portal.submitPrivacyRequest(other, "access");
            // A blocked person may still ask: the matrix's access request of theirs then answers the open one (200).
            portal.submitPrivacyRequest(blockedUser, "access");
            return new World(portal, user, admin, blockedUser, blockedAdmin, userSession, adminSession,
                    Map.of("sessionId", userSession.id(), "subscriptionId", userSubscription, "keyId", userKey,
                            "accountId", otherAccount, "accountSubscriptionId", othersSubmittedSubscription,
                            "privacyRequestId", userPrivacyRequest, "accountPrivacyRequestId", othersPrivacyRequest),
                    Map.of("sessionId", othersSession.id(), "subscriptionId", othersActiveSubscription, "keyId", othersKey,
                            "accountId", otherAccount, "accountSubscriptionId", othersSubmittedSubscription,
                            "privacyRequestId", othersPrivacyRequest, "accountPrivacyRequestId", othersPrivacyRequest));
        }

        /** The active caller the route is for. */
        Identity callerFor(ProtectedRoute route) {
            return route.adminCaller() ? admin : user;
        }

        Identity blockedCallerFor(ProtectedRoute route) {
            return route.adminCaller() ? blockedAdmin : blockedUser;
        }

        Session sessionFor(ProtectedRoute route) {
            return route.adminCaller() ? adminSession : userSession;
        }

        /** The route's request with no credential, its placeholders filled from {@code objects}. */
        Call request(ProtectedRoute route, Map<String, String> objects) {
            String path = route.pathTemplate();
            for (Map.Entry<String, String> object : objects.entrySet()) {
                path = path.replace("{" + object.getKey() + "}", object.getValue());
            }
            if (path.contains("{")) {
                throw new IllegalArgumentException("the matrix has no value for a placeholder in " + route);
            }
            Call call = Call.of(route.method(), path);
            return route.body().map(call::json).orElse(call);
        }

        /** The route's request about the caller's own objects, with {@code token} as its bearer token. */
        Call withToken(ProtectedRoute route, String token) {
            return request(route, ownObjects).bearer(portal.secret(token));
        }
    }

    /**
     * One way of calling a route and the answer it must get.
     *
     * @param name      what the caller does wrong, for the display name
     * @param appliesTo the routes the case makes sense for
     * @param request   the request to send
     * @param expected  the refusal, or empty for a plain 200
     */
    record MatrixCase(String name, Predicate<ProtectedRoute> appliesTo, BiFunction<ProtectedRoute, World, Call> request,
                      BiFunction<ProtectedRoute, World, Optional<ProblemType>> expected) {

        MatrixCase {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(appliesTo, "appliesTo");
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(expected, "expected");
        }

        static MatrixCase unauthenticated(String name, BiFunction<ProtectedRoute, World, Call> request) {
            return new MatrixCase(name, route -> true, request, (route, world) -> Optional.of(ProblemType.UNAUTHENTICATED));
        }

        /** Sends the request and checks the answer. */
        void check(ProtectedRoute route, World world) {
            HttpResponse<String> response = world.portal().send(request.apply(route, world));
            Optional<ProblemType> refusal = expected.apply(route, world);
            if (refusal.isPresent()) {
                ProblemDocuments.assertProblem(response, refusal.get());
            } else {
                Assertions.assertEquals(200, response.statusCode(), response::body);
            }
        }
    }

    /** Every case, in the order they run. */
    static List<MatrixCase> cases() {
        return List.of(
                MatrixCase.unauthenticated("no credential", (route, world) -> world.request(route, world.ownObjects())),
                MatrixCase.unauthenticated("malformed token", (route, world) -> world.withToken(route, "not.a-jwt")),
                MatrixCase.unauthenticated("expired token",
                        (route, world) -> world.withToken(route, world.portal().forge().expired(world.callerFor(route)))),
                MatrixCase.unauthenticated("token not yet valid",
                        (route, world) -> world.withToken(route, world.portal().forge().notYetValid(world.callerFor(route)))),
                MatrixCase.unauthenticated("token for another audience",
                        (route, world) -> world.withToken(route, world.portal().forge().wrongAudience(world.callerFor(route)))),
                MatrixCase.unauthenticated("token from another issuer",
                        (route, world) -> world.withToken(route, world.portal().forge().wrongIssuer(world.callerFor(route)))),
                MatrixCase.unauthenticated("token from a tenant not on the allowlist",
                        (route, world) -> world.withToken(route, world.portal().forge().otherTenant(world.callerFor(route)))),
                MatrixCase.unauthenticated("unsigned token (alg none)",
                        (route, world) -> world.withToken(route, world.portal().forge().unsigned(world.callerFor(route)))),
                MatrixCase.unauthenticated("HS256 token keyed with the RSA public key",
                        (route, world) -> world.withToken(route, world.portal().forge().hmacKeyedWithThePublicKey(world.callerFor(route)))),
                MatrixCase.unauthenticated("token signed by a key of unknown kid",
                        (route, world) -> world.withToken(route, world.portal().forge().unknownKeyId(world.callerFor(route)))),
                MatrixCase.unauthenticated("forged App Service principal header alone, not enforced",
                        (route, world) -> world.request(route, world.ownObjects())
                                .header("X-MS-CLIENT-PRINCIPAL", appServicePrincipal(world.callerFor(route)))),
                new MatrixCase("session cookie without CSRF token", ProtectedRoute::isWrite,
                        (route, world) -> world.request(route, world.ownObjects())
                                .header("Cookie", world.sessionFor(route).cookieHeader()),
                        (route, world) -> Optional.of(ProblemType.CSRF_TOKEN_INVALID)),
                // A blocked caller who is served, naming the user's object, is answered as anyone else: not theirs, 404.
                new MatrixCase("blocked account", route -> true,
                        (route, world) -> world.withToken(route, world.portal().tokenFor(world.blockedCallerFor(route))),
                        (route, world) -> !route.blockedAccountsServed() ? Optional.of(ProblemType.ACCOUNT_BLOCKED)
                                : route.namesCallersObject() ? Optional.of(ProblemType.NOT_FOUND) : Optional.empty()),
                new MatrixCase("another user's object", ProtectedRoute::namesCallersObject,
                        (route, world) -> world.request(route, world.othersObjects())
                                .bearer(world.portal().tokenFor(world.callerFor(route))),
                        (route, world) -> Optional.of(ProblemType.NOT_FOUND)));
    }

    /** One container per route, one test per case that applies to it. */
    static Stream<DynamicContainer> run(List<ProtectedRoute> routes, World world) {
        return routes.stream().map(route -> DynamicContainer.dynamicContainer(route.toString(), cases().stream()
                .filter(matrixCase -> matrixCase.appliesTo().test(route))
                .map(matrixCase -> DynamicTest.dynamicTest(matrixCase.name(), () -> matrixCase.check(route, world)))));
    }

    /**
     * The header App Service would set for {@code who} after signing them in: well formed (a test proves
     * a portal that trusts the header accepts it), so a refusal can only mean the header is not trusted.
     */
    static String appServicePrincipal(Identity who) {
        String principal = "{\"auth_typ\":\"aad\",\"name_typ\":\"name\",\"role_typ\":\"roles\",\"claims\":["
                + "{\"typ\":\"tid\",\"val\":\"" + PortalSettings.LOCAL_TENANT_ID + "\"},"
                + "{\"typ\":\"oid\",\"val\":\"" + who.objectId() + "\"},"
                + "{\"typ\":\"sub\",\"val\":\"" + who.objectId() + "\"}"
                + (who.admin() ? ",{\"typ\":\"roles\",\"val\":\"" + PortalUnderTest.ADMIN_ROLE + "\"}" : "")
                + "]}";
        return Base64.getEncoder().encodeToString(principal.getBytes(StandardCharsets.UTF_8));
    }
}
