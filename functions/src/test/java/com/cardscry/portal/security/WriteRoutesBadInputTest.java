package com.cardscry.portal.security;

import static com.cardscry.portal.security.BadInputRoutes.WriteRoute.anonymous;
import static com.cardscry.portal.security.BadInputRoutes.WriteRoute.withBody;
import static com.cardscry.portal.security.BadInputRoutes.WriteRoute.withFunctionKey;
import static com.cardscry.portal.security.BadInputRoutes.WriteRoute.withoutBody;

import com.cardscry.portal.functions.http.GatewayUsageFunction;
import com.cardscry.portal.functions.http.GatewayVerifyFunction;
import com.cardscry.portal.security.BadInputRoutes.WriteRoute;
import com.cardscry.portal.testing.BadInputCorpus;
import com.cardscry.portal.testing.CapturedLogs;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared bad-input corpus against every write route of the account, subscription, key and privacy API, each
 * called with a valid bearer token: of an active account, of an active admin for the moderation and
 * review routes, and of an identity without an account for sign-up (an existing account's sign-up
 * answers that account without reading the body's values, so only a newcomer exercises its
 * validation); the privacy form's routes are called without a credential, as anyone may. The run's
 * logs are scanned too.
 */
class WriteRoutesBadInputTest {

    /** The portal's default body limit ({@code PORTAL_MAX_BODY_BYTES}). */
    private static final int MAX_BODY_BYTES = 1_048_576;
    /** The local host's function key for this portal, so the gateway route reaches its code. */
    private static final String FUNCTION_KEY = "corpus-function-key-0123456789abcdef";

    private static final Identity NEWCOMER = Identity.user("corpus-newcomer");
    private static final Identity USER = Identity.user("corpus-user");
    private static final Identity ADMIN = Identity.admin("corpus-admin");
    private static final Identity VICTIM = Identity.user("corpus-victim");
    /** Sessions started by the corpus's bodies: two identities keep each under 10 starts a minute. */
    private static final List<Identity> SESSION_STARTERS = List.of(Identity.user("corpus-session-a"), Identity.user("corpus-session-b"));

    @TempDir
    static Path dataDir;

    private static CapturedLogs logs;
    private static PortalUnderTest portal;
    private static String victimAccountId;

    @BeforeAll
    static void startPortal() {
        logs = CapturedLogs.start();
        portal = PortalUnderTest.start(dataDir, Map.of("PORTAL_LOCAL_FUNCTION_KEY", FUNCTION_KEY));
        portal.activeAccount(USER);
        portal.activeAccount(ADMIN);
        SESSION_STARTERS.forEach(portal::activeAccount);
        victimAccountId = PortalUnderTest.expect(201, portal.signUp(VICTIM)).path("id").asText();
        NEWCOMER.personalData().forEach(portal::secret);
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
    Stream<DynamicContainer> every_write_route_answers_bad_input_with_a_4xx_problem() {
        Map<String, String> signUp = fields(
                "displayName", "\"Corpus Newcomer\"",
                "email", "\"" + NEWCOMER.email() + "\"",
                "acceptedTermsVersion", "\"" + PortalUnderTest.TERMS_VERSION + "\"",
                "acceptedPrivacyPolicyVersion", "\"" + PortalUnderTest.PRIVACY_POLICY_VERSION + "\"");
        Map<String, String> profile = fields("displayName", "\"Corpus Renamed\"", "email", "\"renamed." + USER.email() + "\"");
        Map<String, String> code = fields("code", "\"123456\"");
        Map<String, String> reason = fields("reason", "\"corpus\"");
        Map<String, String> hold = fields("reason", "\"corpus\"", "endsOn", "\"" + LocalDate.now(ZoneOffset.UTC).plusDays(30) + "\"");
        Map<String, String> subscription = fields("planId", "\"sandbox\"", "expiresAt", "\"2099-01-01T00:00:00Z\"");
        Map<String, String> key = fields("name", "\"Corpus key\"", "expiresInDays", "30");
        Map<String, String> rotation = fields("graceHours", "1");
        Map<String, String> usage = fields("batchId", "\"corpus-batch\"",
                "events", "[{\"keyId\":\"no-such-key\",\"timestamp\":\"" + Instant.now() + "\",\"status\":200}]");
        Map<String, String> verification = fields("key", "\"cs_live_not-a-real-key\"", "countTowardsRateLimit", "true");
        Map<String, String> privacyRequest = fields("type", "\"correction\"", "corrections", "{\"displayName\":\"Corpus Renamed\"}",
                "note", "\"corpus\"");
        Map<String, String> privacyForm = fields("email", "\"corpus-form@example.com\"", "type", "\"access\"", "details", "\"corpus\"");
        List<BadInputCorpus.Case> anyBody = BadInputCorpus.forBody(fields("ignored", "\"x\""), List.of(), MAX_BODY_BYTES);

        List<WriteRoute> routes = List.of(
                withBody("POST", "/api/v1/signup", p -> p.tokenFor(NEWCOMER),
                        concat(BadInputCorpus.forBody(signUp, List.copyOf(signUp.keySet()), MAX_BODY_BYTES),
                                BadInputCorpus.invalidEmails(signUp, "email"))),
                withBody("PATCH", "/api/v1/me", p -> p.tokenFor(USER),
                        concat(BadInputCorpus.forBody(profile, List.of(), MAX_BODY_BYTES), BadInputCorpus.invalidEmails(profile, "email"))),
                withBody("POST", "/api/v1/me/email-verification", p -> p.tokenFor(USER),
                        BadInputCorpus.forBody(code, List.of("code"), MAX_BODY_BYTES)),
                withBody("POST", "/api/v1/admin/accounts/{accountId}/block", p -> p.tokenFor(ADMIN),
                        BadInputCorpus.forBody(reason, List.of("reason"), MAX_BODY_BYTES)),
                withBody("POST", "/api/v1/admin/accounts/{accountId}/unblock", p -> p.tokenFor(ADMIN),
                        BadInputCorpus.forBody(reason, List.of("reason"), MAX_BODY_BYTES)),
                withBody("POST", "/api/v1/subscriptions", p -> p.tokenFor(USER),
                        BadInputCorpus.forBody(subscription, List.of("planId"), MAX_BODY_BYTES)),
                withBody("POST", "/api/v1/admin/accounts/{accountId}/subscriptions/{subscriptionId}/approve", p -> p.tokenFor(ADMIN),
                        BadInputCorpus.forBody(reason, List.of(), MAX_BODY_BYTES)),
                withBody("POST", "/api/v1/admin/accounts/{accountId}/subscriptions/{subscriptionId}/reject", p -> p.tokenFor(ADMIN),
                        BadInputCorpus.forBody(reason, List.of("reason"), MAX_BODY_BYTES)),
                withBody("POST", "/api/v1/admin/accounts/{accountId}/subscriptions/{subscriptionId}/suspend", p -> p.tokenFor(ADMIN),
                        BadInputCorpus.forBody(reason, List.of("reason"), MAX_BODY_BYTES)),
                withBody("POST", "/api/v1/admin/accounts/{accountId}/subscriptions/{subscriptionId}/reactivate", p -> p.tokenFor(ADMIN),
                        BadInputCorpus.forBody(reason, List.of(), MAX_BODY_BYTES)),
                withoutBody("POST", "/api/v1/sessions", new Alternating(), bodiesOnly(anyBody)),
                withoutBody("POST", "/api/v1/subscriptions/{subscriptionId}/cancel", p -> p.tokenFor(USER), bodiesOnly(anyBody)),
                withBody("POST", "/api/v1/subscriptions/{subscriptionId}/keys", p -> p.tokenFor(USER),
                        BadInputCorpus.forBody(key, List.of("name"), MAX_BODY_BYTES)),
                withBody("POST", "/api/v1/subscriptions/{subscriptionId}/keys/{keyId}/rotate", p -> p.tokenFor(USER),
                        BadInputCorpus.forBody(rotation, List.of(), MAX_BODY_BYTES)),
                withoutBody("DELETE", "/api/v1/subscriptions/{subscriptionId}/keys/{keyId}", p -> p.tokenFor(USER), bodiesOnly(anyBody)),
                withoutBody("POST", "/api/v1/me/email-verification/code", p -> p.tokenFor(USER), bodiesOnly(anyBody)),
                withoutBody("DELETE", "/api/v1/sessions/{sessionId}", p -> p.tokenFor(USER), bodiesOnly(anyBody)),
                withBody("POST", "/api/v1/privacy-requests", p -> p.tokenFor(USER),
                        BadInputCorpus.forBody(privacyRequest, List.of("type"), MAX_BODY_BYTES)),
                withBody("POST", "/api/v1/admin/privacy-requests/{privacyRequestId}/extend", p -> p.tokenFor(ADMIN),
                        BadInputCorpus.forBody(reason, List.of("reason"), MAX_BODY_BYTES)),
                withoutBody("POST", "/api/v1/admin/accounts/{accountId}/privacy-requests/{privacyRequestId}/retry",
                        p -> p.tokenFor(ADMIN), bodiesOnly(anyBody)),
                anonymous("POST", "/api/v1/privacy-requests/form",
                        concat(BadInputCorpus.forBody(privacyForm, List.of("email", "type"), MAX_BODY_BYTES),
                                BadInputCorpus.invalidEmails(privacyForm, "email"))),
                anonymous("POST", "/api/v1/privacy-requests/form/{privacyRequestId}/confirm",
                        BadInputCorpus.forBody(code, List.of("code"), MAX_BODY_BYTES)),
                withBody("PUT", "/api/v1/admin/accounts/{accountId}/legal-hold", p -> p.tokenFor(ADMIN),
                        BadInputCorpus.forBody(hold, List.of("reason", "endsOn"), MAX_BODY_BYTES)),
                withFunctionKey("POST", "/api/v1/gateway/usage", p -> FUNCTION_KEY,
                        BadInputCorpus.forBody(usage, List.of("events"), GatewayUsageFunction.MAX_BODY_BYTES)),
                withFunctionKey("POST", "/api/v1/gateway/verify", p -> FUNCTION_KEY,
                        BadInputCorpus.forBody(verification, List.of("key"), GatewayVerifyFunction.MAX_BODY_BYTES)));
        // No subscription or key has the id: approving and reactivating take an empty body, and so may
        // rotating, which must not change a real subscription or key, so every case that gets past the
        // body is refused as 404.
        return BadInputRoutes.run(portal, routes, Map.of("accountId", victimAccountId, "sessionId", "no-such-session",
                "subscriptionId", "no-such-subscription", "keyId", "no-such-key", "privacyRequestId", "no-such-request"));
    }

    /** Hands out the session starters' tokens in turn. */
    private static final class Alternating implements Function<PortalUnderTest, String> {
        private int next;

        @Override
        public String apply(PortalUnderTest portal) {
            return portal.tokenFor(SESSION_STARTERS.get(next++ % SESSION_STARTERS.size()));
        }
    }

    /** The corpus's faults of the body as a whole; per-field faults mean nothing to a route without fields. */
    private static List<BadInputCorpus.Case> bodiesOnly(List<BadInputCorpus.Case> cases) {
        return cases.stream().filter(badInput -> badInput.field().isEmpty()).toList();
    }

    private static Map<String, String> fields(String... namesAndLiterals) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndLiterals.length; i += 2) {
            fields.put(namesAndLiterals[i], namesAndLiterals[i + 1]);
        }
        return fields;
    }

    private static List<BadInputCorpus.Case> concat(List<BadInputCorpus.Case> first, List<BadInputCorpus.Case> second) {
        List<BadInputCorpus.Case> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
