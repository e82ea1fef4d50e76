package com.cardscry.portal.contract;

import static com.cardscry.portal.contract.ContractHttp.assertProblem;
import static com.cardscry.portal.contract.ContractHttp.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.config.Settings;
import com.cardscry.portal.local.HostJson;
import com.cardscry.portal.local.LocalHost;
import com.cardscry.portal.testing.Outbox;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The subscription routes, the developer's and the administrators', driven over HTTP through the local
 * host serving the real portal (embedded store, local outbox, development issuer, the built-in plans:
 * {@code sandbox} is active at once and admits one subscription per account, {@code scale} needs
 * approval), with every response checked against {@code openapi/portal.yaml}. Each test uses
 * identities of its own.
 */
class SubscriptionRoutesContractTest {

    private static final String LOCAL_TENANT = "10ca1000-0000-4000-8000-000000000001";
    private static final String POLICY_VERSION = "2026-11-01";
    private static final String SANDBOX = "{\"planId\":\"sandbox\"}";
    private static final String SCALE = "{\"planId\":\"scale\"}";

    @TempDir
    static Path dataDir;

    private static LocalHost host;
    private static Outbox outbox;

    @BeforeAll
    static void startThePortal() {
        host = LocalHost.startPortal(Settings.of(Map.of("PORTAL_ENVIRONMENT", "local", "PORTAL_DATA_DIR", dataDir.toString(),
                "PORTAL_LOCAL_PORT", "0")), HostJson.DEFAULTS);
        outbox = new Outbox(dataDir.resolve("outbox"));
    }

    @AfterAll
    static void stopThePortal() {
        host.close();
    }

    /** A signed-in identity: its bearer token, and the address it signs up with. */
    private record Identity(String token, String email) {
        String bearer() {
            return "Bearer " + token;
        }
    }

    /** An identity with an account. */
    private record Developer(Identity identity, String accountId) {
        String bearer() {
            return identity.bearer();
        }
    }

    @Nested
    class Developers {

        @Test
        void subscribe_to_a_plan_without_approval_and_asking_again_answers_the_same_subscription() {
            Developer ada = activeDeveloper("Ada Lovelace");

            HttpResponse<String> created = send("POST", "/v1/subscriptions", SANDBOX, "Authorization", ada.bearer());
            assertEquals(201, created.statusCode(), created.body());
            JsonNode subscription = body(created);
            String id = subscription.get("id").asText();
            assertEquals(Optional.of("/api/v1/subscriptions/" + id), created.headers().firstValue("Location"));
            assertEquals("sandbox", subscription.get("planId").asText());
            assertEquals("active", subscription.get("state").asText());
            assertFalse(subscription.has("reason"), "an absent optional member is left out");
            assertFalse(subscription.has("expiresAt"), "an absent optional member is left out");

            HttpResponse<String> again = send("POST", "/v1/subscriptions", SANDBOX, "Authorization", ada.bearer());
            assertEquals(200, again.statusCode(), again.body());
            assertEquals(id, body(again).get("id").asText());

            HttpResponse<String> listed = send("GET", "/v1/subscriptions", null, "Authorization", ada.bearer());
            assertEquals(200, listed.statusCode(), listed.body());
            assertEquals(1, body(listed).get("items").size(), "asking again made nothing");
            assertEquals(id, body(listed).get("items").get(0).get("id").asText());

            HttpResponse<String> read = send("GET", "/v1/subscriptions/" + id, null, "Authorization", ada.bearer());
            assertEquals(200, read.statusCode(), read.body());
            assertEquals("active", body(read).get("state").asText());
        }

        @Test
        void the_frontend_subscribes_with_the_session_cookie_and_its_csrf_token() {
            Developer grace = activeDeveloper("Grace Hopper");
            HttpResponse<String> started = send("POST", "/v1/sessions", null, "Authorization", grace.bearer());
            assertEquals(201, started.statusCode(), started.body());
            String setCookie = started.headers().firstValue("Set-Cookie").orElseThrow();
            String cookie = setCookie.substring(0, setCookie.indexOf(';'));
            String csrfToken = body(started).get("csrfToken").asText();

            assertProblem(send("POST", "/v1/subscriptions", SANDBOX, "Cookie", cookie), 403, "csrf-token-invalid");
            HttpResponse<String> created = send("POST", "/v1/subscriptions", SANDBOX, "Cookie", cookie, "X-CSRF-Token", csrfToken);
            assertEquals(201, created.statusCode(), created.body());
        }

        @Test
        void an_end_date_is_kept_when_it_is_at_least_a_day_ahead() {
            Developer alan = activeDeveloper("Alan Turing");

            HttpResponse<String> tooSoon = send("POST", "/v1/subscriptions",
                    "{\"planId\":\"sandbox\",\"expiresAt\":\"" + Instant.now().plus(Duration.ofHours(1)) + "\"}",
                    "Authorization", alan.bearer());
            assertProblem(tooSoon, 400, "invalid-request", "/expiresAt");

            Instant end = Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);
            HttpResponse<String> created = send("POST", "/v1/subscriptions",
                    "{\"planId\":\"sandbox\",\"expiresAt\":\"" + end + "\"}", "Authorization", alan.bearer());
            assertEquals(201, created.statusCode(), created.body());
            assertEquals(end, Instant.parse(body(created).get("expiresAt").asText()));
        }

        @Test
        void an_unknown_plan_is_refused_naming_the_field() {
            Developer edsger = activeDeveloper("Edsger Dijkstra");

            assertProblem(send("POST", "/v1/subscriptions", "{\"planId\":\"no-such-plan\"}", "Authorization", edsger.bearer()),
                    400, "invalid-request", "/planId");
        }

        @Test
        void cancelling_twice_answers_the_cancelled_subscription_and_the_plan_admits_no_second_one() {
            Developer barbara = activeDeveloper("Barbara Liskov");
            String id = body(send("POST", "/v1/subscriptions", SANDBOX, "Authorization", barbara.bearer())).get("id").asText();

            HttpResponse<String> cancelled = send("POST", "/v1/subscriptions/" + id + "/cancel", null, "Authorization", barbara.bearer());
            assertEquals(200, cancelled.statusCode(), cancelled.body());
            assertEquals("cancelled", body(cancelled).get("state").asText());
            HttpResponse<String> again = send("POST", "/v1/subscriptions/" + id + "/cancel", null, "Authorization", barbara.bearer());
            assertEquals(200, again.statusCode(), again.body());
            assertEquals("cancelled", body(again).get("state").asText());

            assertProblem(send("POST", "/v1/subscriptions", SANDBOX, "Authorization", barbara.bearer()),
                    409, "subscription-limit-reached", "/planId");
        }

        @Test
        void a_pending_account_may_not_subscribe() {
            Developer pending = signedUpDeveloper("Pending Person");

            assertProblem(send("POST", "/v1/subscriptions", SANDBOX, "Authorization", pending.bearer()), 403, "account-not-verified");
        }

        @Test
        void another_accounts_subscription_is_not_found_and_stays_as_it_is() {
            Developer owner = activeDeveloper("Owner Person");
            Developer stranger = activeDeveloper("Stranger Person");
            String id = body(send("POST", "/v1/subscriptions", SANDBOX, "Authorization", owner.bearer())).get("id").asText();

            assertProblem(send("GET", "/v1/subscriptions/" + id, null, "Authorization", stranger.bearer()), 404, "not-found");
            assertProblem(send("POST", "/v1/subscriptions/" + id + "/cancel", null, "Authorization", stranger.bearer()), 404, "not-found");
            assertEquals(0, body(send("GET", "/v1/subscriptions", null, "Authorization", stranger.bearer())).get("items").size());

            HttpResponse<String> read = send("GET", "/v1/subscriptions/" + id, null, "Authorization", owner.bearer());
            assertEquals("active", body(read).get("state").asText());
        }
    }

    @Nested
    class Administrators {

        @Test
        void review_approve_suspend_reactivate_then_the_owner_cancels() {
            Developer dev = activeDeveloper("Katherine Johnson");
            Identity admin = admin();
            HttpResponse<String> created = send("POST", "/v1/subscriptions", SCALE, "Authorization", dev.bearer());
            assertEquals(201, created.statusCode(), created.body());
            assertEquals("submitted", body(created).get("state").asText());
            String id = body(created).get("id").asText();

            JsonNode waiting = submittedEntry(admin, id).orElseThrow(() -> new AssertionError("the review queue lacks " + id));
            assertEquals(dev.accountId(), waiting.get("accountId").asText());
            assertEquals("scale", waiting.get("planId").asText());
            String review = "/v1/admin/accounts/" + dev.accountId() + "/subscriptions/" + id;

            assertProblem(send("POST", review + "/suspend", "{\"reason\":\"Too early.\"}", "Authorization", admin.bearer()),
                    409, "conflict");
            HttpResponse<String> approved = send("POST", review + "/approve", null, "Authorization", admin.bearer());
            assertEquals(200, approved.statusCode(), approved.body());
            assertEquals("active", body(approved).get("state").asText());
            assertTrue(submittedEntry(admin, id).isEmpty(), "an approved subscription leaves the review queue");

            assertProblem(send("POST", review + "/suspend", "{}", "Authorization", admin.bearer()), 400, "invalid-request", "/reason");
            HttpResponse<String> suspended = send("POST", review + "/suspend", "{\"reason\":\"Traffic in breach of the terms.\"}",
                    "Authorization", admin.bearer());
            assertEquals(200, suspended.statusCode(), suspended.body());
            assertEquals("suspended", body(suspended).get("state").asText());
            HttpResponse<String> seenByOwner = send("GET", "/v1/subscriptions/" + id, null, "Authorization", dev.bearer());
            assertEquals("Traffic in breach of the terms.", body(seenByOwner).get("reason").asText());

            HttpResponse<String> reactivated = send("POST", review + "/reactivate", "{\"reason\":\"Resolved.\"}",
                    "Authorization", admin.bearer());
            assertEquals(200, reactivated.statusCode(), reactivated.body());
            assertEquals("active", body(reactivated).get("state").asText());

            HttpResponse<String> cancelled = send("POST", "/v1/subscriptions/" + id + "/cancel", null, "Authorization", dev.bearer());
            assertEquals(200, cancelled.statusCode(), cancelled.body());
            assertEquals("cancelled", body(cancelled).get("state").asText());
            assertProblem(send("POST", review + "/reactivate", null, "Authorization", admin.bearer()), 409, "conflict");
        }

        @Test
        void rejecting_needs_a_reason_and_the_owner_reads_it() {
            Developer dev = activeDeveloper("Rejected Person");
            Identity admin = admin();
            String id = body(send("POST", "/v1/subscriptions", SCALE, "Authorization", dev.bearer())).get("id").asText();
            String review = "/v1/admin/accounts/" + dev.accountId() + "/subscriptions/" + id;

            assertProblem(send("POST", review + "/reject", null, "Authorization", admin.bearer()), 400, "invalid-request", "/reason");
            HttpResponse<String> rejected = send("POST", review + "/reject", "{\"reason\":\"The use case does not fit the plan.\"}",
                    "Authorization", admin.bearer());
            assertEquals(200, rejected.statusCode(), rejected.body());
            assertEquals("rejected", body(rejected).get("state").asText());
            HttpResponse<String> seenByOwner = send("GET", "/v1/subscriptions/" + id, null, "Authorization", dev.bearer());
            assertEquals("The use case does not fit the plan.", body(seenByOwner).get("reason").asText());
        }

        @Test
        void an_unknown_subscription_is_not_found_and_developers_are_forbidden() {
            Developer dev = activeDeveloper("Curious Person");
            Identity admin = admin();
            String id = body(send("POST", "/v1/subscriptions", SCALE, "Authorization", dev.bearer())).get("id").asText();

            assertProblem(send("POST", "/v1/admin/accounts/" + dev.accountId() + "/subscriptions/" + UUID.randomUUID() + "/approve",
                    null, "Authorization", admin.bearer()), 404, "not-found");
            assertProblem(send("GET", "/v1/admin/subscriptions/submitted", null, "Authorization", dev.bearer()), 403, "forbidden");
            assertProblem(send("POST", "/v1/admin/accounts/" + dev.accountId() + "/subscriptions/" + id + "/approve",
                    null, "Authorization", dev.bearer()), 403, "forbidden");
            assertProblem(send("GET", "/v1/admin/subscriptions/submitted?continuation=garbage", null, "Authorization", admin.bearer()),
                    400, "invalid-request");
        }

        /** The review queue's entry for the subscription, following continuations. */
        private Optional<JsonNode> submittedEntry(Identity admin, String subscriptionId) {
            String query = "";
            while (true) {
                HttpResponse<String> page = send("GET", "/v1/admin/subscriptions/submitted" + query, null, "Authorization", admin.bearer());
                assertEquals(200, page.statusCode(), page.body());
                Optional<JsonNode> found = StreamSupport.stream(body(page).get("items").spliterator(), false)
                        .filter(item -> item.get("subscriptionId").asText().equals(subscriptionId))
                        .findFirst();
                if (found.isPresent() || !body(page).has("continuation")) {
                    return found;
                }
                query = "?continuation=" + URLEncoder.encode(body(page).get("continuation").asText(), StandardCharsets.UTF_8);
            }
        }
    }

    // --- identities ---------------------------------------------------------------------------------

    /** A fresh identity of the local tenant, with no account. */
    private static Identity identity(boolean admin) {
        String oid = UUID.randomUUID().toString();
        String roles = admin ? ",\"roles\":[\"Portal.Admin\"]" : "";
        HttpResponse<String> issued = send("POST", "/v1/dev/token", "{\"oid\":\"" + oid + "\",\"tid\":\"" + LOCAL_TENANT + "\"" + roles + "}");
        assertEquals(200, issued.statusCode(), issued.body());
        return new Identity(body(issued).get("accessToken").asText(), "dev-" + oid + "@example.com");
    }

    /** An administrator without an account of their own. */
    private static Identity admin() {
        return identity(true);
    }

    /** A developer whose account is signed up but not verified: pending. */
    private static Developer signedUpDeveloper(String displayName) {
        Identity identity = identity(false);
        HttpResponse<String> signedUp = send("POST", "/v1/signup", "{\"displayName\":\"" + displayName + "\",\"email\":\"" + identity.email()
                + "\",\"acceptedTermsVersion\":\"" + POLICY_VERSION + "\",\"acceptedPrivacyPolicyVersion\":\"" + POLICY_VERSION + "\"}",
                "Authorization", identity.bearer());
        assertEquals(201, signedUp.statusCode(), signedUp.body());
        return new Developer(identity, body(signedUp).get("id").asText());
    }

    /** A developer whose account is signed up and verified: active. */
    private static Developer activeDeveloper(String displayName) {
        Developer developer = signedUpDeveloper(displayName);
        HttpResponse<String> verified = send("POST", "/v1/me/email-verification",
                "{\"code\":\"" + outbox.latestCodeFor(developer.identity().email()) + "\"}", "Authorization", developer.bearer());
        assertEquals(200, verified.statusCode(), verified.body());
        return developer;
    }

    // --- HTTP ---------------------------------------------------------------------------------------

    private static HttpResponse<String> send(String method, String documentPath, String jsonBody, String... headers) {
        return ContractHttp.send(host.baseUri(), method, documentPath, jsonBody, headers);
    }
}
