package com.cardscry.portal.contract;

import static com.cardscry.portal.contract.ContractHttp.assertProblem;
import static com.cardscry.portal.contract.ContractHttp.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.config.Settings;
import com.cardscry.portal.local.HostJson;
import com.cardscry.portal.local.LocalHost;
import com.cardscry.portal.testing.Outbox;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The account, session and moderation routes, driven over HTTP through the local host serving the real
 * portal (embedded store, local outbox, development issuer), with every response checked against
 * {@code openapi/portal.yaml}: status, declared headers and body. Each test uses identities of its own,
 * so the per-identity rate limits of one test do not touch another.
 */
class AccountRoutesContractTest {

    private static final String LOCAL_TENANT = "10ca1000-0000-4000-8000-000000000001";
    private static final String POLICY_VERSION = "2026-11-01";
    private static final String COOKIE = "__Host-cardscry_session";
    private static final String CLEARED_COOKIE = COOKIE + "=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Strict";

    @TempDir
    static Path dataDir;

    private static LocalHost host;
    private static Outbox outbox;

    @BeforeAll
    static void startThePortal() {
        host = LocalHost.startPortal(Settings.of(Map.of("PORTAL_ENVIRONMENT", "local", "PORTAL_DATA_DIR", dataDir.toString(),
                "PORTAL_LOCAL_PORT", "0", "AzureWebJobs.privacyRequestWorker.Disabled", "true")), HostJson.DEFAULTS);
        outbox = new Outbox(dataDir.resolve("outbox"));
    }

    @AfterAll
    static void stopThePortal() {
        host.close();
    }

    /** A signed-in identity: its bearer token, and the address it signs up with. */
    private record Identity(String oid, String token, String email) {
        String bearer() {
            return "Bearer " + token;
        }
    }

    /** A started session: the cookie header to send and the CSRF token for writes. */
    private record BrowserSession(String id, String cookie, String csrfToken) {
    }

    @Nested
    class TheDeveloperJourney {

        @Test
        void sign_up_again_and_read_the_code_from_the_outbox_then_verify() {
            Identity ada = identity(false);

            HttpResponse<String> created = send("POST", "/v1/signup", signUpBody("Ada Lovelace", ada.email()),
                    "Authorization", ada.bearer());
            assertEquals(201, created.statusCode(), created.body());
            assertEquals(Optional.of("/api/v1/me"), created.headers().firstValue("Location"));
            JsonNode pending = body(created);
            assertEquals("pending", pending.get("state").asText());
            assertEquals(ada.email(), pending.get("pendingEmail").asText());
            assertTrue(pending.has("verification"), "a pending account shows its open verification");

            HttpResponse<String> again = send("POST", "/v1/signup", signUpBody("Ada Lovelace", ada.email()),
                    "Authorization", ada.bearer());
            assertEquals(200, again.statusCode(), again.body());
            assertEquals(pending.get("id"), body(again).get("id"));

            HttpResponse<String> verified = send("POST", "/v1/me/email-verification",
                    "{\"code\":\"" + outbox.latestCodeFor(ada.email()) + "\"}", "Authorization", ada.bearer());
            assertEquals(200, verified.statusCode(), verified.body());
            JsonNode active = body(verified);
            assertEquals("active", active.get("state").asText());
            assertTrue(active.get("emailVerified").asBoolean());
            assertFalse(active.has("pendingEmail"), "an empty optional member is left out");
            assertFalse(active.has("verification"), "no verification is open any more");
        }

        @Test
        void read_and_change_the_profile() {
            Identity grace = activeDeveloper("Grace Hopper");

            HttpResponse<String> read = send("GET", "/v1/me", null, "Authorization", grace.bearer());
            assertEquals(200, read.statusCode(), read.body());
            assertEquals("Grace Hopper", body(read).get("displayName").asText());

            HttpResponse<String> renamed = send("PATCH", "/v1/me", "{\"displayName\":\"Rear Admiral Hopper\",\"email\":null}",
                    "Authorization", grace.bearer());
            assertEquals(200, renamed.statusCode(), renamed.body());
            assertEquals("Rear Admiral Hopper", body(renamed).get("displayName").asText());

            String newAddress = "new-" + grace.email();
            HttpResponse<String> moving = send("PATCH", "/v1/me", "{\"email\":\"" + newAddress + "\"}", "Authorization", grace.bearer());
            assertEquals(200, moving.statusCode(), moving.body());
            assertEquals(newAddress, body(moving).get("pendingEmail").asText());
            assertEquals(grace.email(), body(moving).get("email").asText(), "the verified address stays until the code is entered");
        }

        @Test
        void start_list_and_end_sessions_with_the_cookie_and_its_csrf_token() {
            Identity alan = activeDeveloper("Alan Turing");
            BrowserSession first = startSession(alan);
            BrowserSession second = startSession(alan);
            assertNotEquals(first.id(), second.id());

            HttpResponse<String> listed = send("GET", "/v1/sessions", null, "Cookie", first.cookie());
            assertEquals(200, listed.statusCode(), listed.body());
            JsonNode items = body(listed).get("items");
            assertEquals(2, items.size());
            for (JsonNode session : items) {
                assertEquals(session.get("id").asText().equals(first.id()), session.get("current").asBoolean());
            }

            HttpResponse<String> current = send("GET", "/v1/sessions/current", null, "Cookie", first.cookie());
            assertEquals(200, current.statusCode(), current.body());
            assertEquals(first.id(), body(current).get("session").get("id").asText());
            assertEquals(first.csrfToken(), body(current).get("csrfToken").asText());

            HttpResponse<String> endedOther = send("DELETE", "/v1/sessions/" + second.id(), null, "Authorization", alan.bearer());
            assertEquals(204, endedOther.statusCode(), endedOther.body());
            assertEquals(Optional.empty(), endedOther.headers().firstValue("Set-Cookie"), "another session's end leaves this cookie alone");

            HttpResponse<String> endedCurrent = send("DELETE", "/v1/sessions/current", null,
                    "Cookie", first.cookie(), "X-CSRF-Token", first.csrfToken());
            assertEquals(204, endedCurrent.statusCode(), endedCurrent.body());
            assertEquals(Optional.of(CLEARED_COOKIE), endedCurrent.headers().firstValue("Set-Cookie"));

            HttpResponse<String> afterwards = send("GET", "/v1/sessions", null, "Cookie", first.cookie());
            assertProblem(afterwards, 401, "unauthenticated");
            assertEquals(Optional.of(CLEARED_COOKIE), afterwards.headers().firstValue("Set-Cookie"));
        }

        @Test
        void a_cookie_write_needs_the_csrf_token() {
            Identity barbara = activeDeveloper("Barbara Liskov");
            BrowserSession session = startSession(barbara);

            HttpResponse<String> withoutToken = send("PATCH", "/v1/me", "{\"displayName\":\"B. Liskov\"}", "Cookie", session.cookie());
            assertProblem(withoutToken, 403, "csrf-token-invalid");

            HttpResponse<String> withToken = send("PATCH", "/v1/me", "{\"displayName\":\"B. Liskov\"}",
                    "Cookie", session.cookie(), "X-CSRF-Token", session.csrfToken());
            assertEquals(200, withToken.statusCode(), withToken.body());
            assertEquals("B. Liskov", body(withToken).get("displayName").asText());
        }

        @Test
        void close_the_account_which_ends_its_sessions_and_clears_the_cookie() {
            Identity edsger = activeDeveloper("Edsger Dijkstra");
            BrowserSession session = startSession(edsger);

            HttpResponse<String> closed = send("DELETE", "/v1/me", null, "Cookie", session.cookie(), "X-CSRF-Token", session.csrfToken());
            assertEquals(202, closed.statusCode(), closed.body());
            assertEquals("closing", body(closed).get("state").asText());
            assertEquals(Optional.of(CLEARED_COOKIE), closed.headers().firstValue("Set-Cookie"));

            assertProblem(send("GET", "/v1/sessions", null, "Cookie", session.cookie()), 401, "unauthenticated");
            HttpResponse<String> stillReadable = send("GET", "/v1/me", null, "Authorization", edsger.bearer());
            assertEquals(200, stillReadable.statusCode(), stillReadable.body());
            assertEquals("closing", body(stillReadable).get("state").asText());
            assertProblem(send("POST", "/v1/signup", signUpBody("Edsger", edsger.email()), "Authorization", edsger.bearer()),
                    403, "account-closed");
        }
    }

    @Nested
    class Administrators {

        @Test
        void block_and_unblock_an_account() {
            Identity admin = identity(true);
            Identity donald = activeDeveloper("Donald Knuth");
            String accountId = body(send("GET", "/v1/me", null, "Authorization", donald.bearer())).get("id").asText();
            BrowserSession donaldsSession = startSession(donald);

            HttpResponse<String> blocked = send("POST", "/v1/admin/accounts/" + accountId + "/block",
                    "{\"reason\":\"Scraping in breach of the terms.\"}", "Authorization", admin.bearer());
            assertEquals(200, blocked.statusCode(), blocked.body());
            assertEquals("blocked", body(blocked).get("state").asText());
            assertFalse(body(blocked).has("email"), "the answer carries no personal data");

            assertProblem(send("GET", "/v1/sessions", null, "Cookie", donaldsSession.cookie()), 401, "unauthenticated");
            assertProblem(send("PATCH", "/v1/me", "{\"displayName\":\"DK\"}", "Authorization", donald.bearer()), 403, "account-blocked");
            HttpResponse<String> ownView = send("GET", "/v1/me", null, "Authorization", donald.bearer());
            assertEquals("Scraping in breach of the terms.", body(ownView).get("moderationReason").asText());

            HttpResponse<String> unblocked = send("POST", "/v1/admin/accounts/" + accountId + "/unblock",
                    "{\"reason\":\"Appeal accepted.\"}", "Authorization", admin.bearer());
            assertEquals(200, unblocked.statusCode(), unblocked.body());
            assertEquals("active", body(unblocked).get("state").asText());
        }

        @Test
        void refuse_a_caller_without_the_role_and_an_unknown_account() {
            Identity admin = identity(true);
            Identity developer = activeDeveloper("Frances Allen");
            String accountId = body(send("GET", "/v1/me", null, "Authorization", developer.bearer())).get("id").asText();

            assertProblem(send("POST", "/v1/admin/accounts/" + accountId + "/block", "{\"reason\":\"r\"}",
                    "Authorization", developer.bearer()), 403, "forbidden");
            assertProblem(send("POST", "/v1/admin/accounts/" + UUID.randomUUID() + "/block", "{\"reason\":\"r\"}",
                    "Authorization", admin.bearer()), 404, "not-found");
            assertProblem(send("POST", "/v1/admin/accounts/" + accountId + "/unblock", "{\"reason\":\"\"}",
                    "Authorization", admin.bearer()), 400, "invalid-request");
        }
    }

    @Nested
    class Problems {

        @Test
        void no_credentials_is_401_asking_for_a_bearer_token() {
            HttpResponse<String> response = send("GET", "/v1/me", null);

            assertProblem(response, 401, "unauthenticated");
            assertEquals(Optional.of("Bearer"), response.headers().firstValue("WWW-Authenticate"));
        }

        @Test
        void an_identity_without_an_account_is_told_to_sign_up() {
            Identity stranger = identity(false);

            assertProblem(send("GET", "/v1/me", null, "Authorization", stranger.bearer()), 404, "account-not-found");
            assertProblem(send("POST", "/v1/sessions", null, "Authorization", stranger.bearer()), 404, "account-not-found");
        }

        @Test
        void an_address_verified_by_another_account_is_in_use() {
            Identity owner = activeDeveloper("Owner");
            Identity other = identity(false);

            HttpResponse<String> response = send("POST", "/v1/signup", signUpBody("Other", owner.email()), "Authorization", other.bearer());

            assertProblem(response, 409, "email-in-use");
            assertEquals("/email", body(response).get("field").asText());
        }

        @Test
        void a_new_code_within_the_minute_is_429_with_retry_after_and_a_wrong_code_is_rejected() {
            Identity hasty = identity(false);
            send("POST", "/v1/signup", signUpBody("Hasty", hasty.email()), "Authorization", hasty.bearer());

            HttpResponse<String> resent = send("POST", "/v1/me/email-verification/code", null, "Authorization", hasty.bearer());
            assertProblem(resent, 429, "rate-limited");
            assertTrue(Long.parseLong(resent.headers().firstValue("Retry-After").orElseThrow()) >= 1);

            String wrong = outbox.latestCodeFor(hasty.email()).equals("000000") ? "000001" : "000000";
            HttpResponse<String> rejected = send("POST", "/v1/me/email-verification", "{\"code\":\"" + wrong + "\"}",
                    "Authorization", hasty.bearer());
            assertProblem(rejected, 400, "verification-code-rejected");
            assertEquals("/code", body(rejected).get("field").asText());
        }

        @Test
        void bad_bodies_are_400_or_415_and_never_reach_the_account() {
            Identity careless = activeDeveloper("Careless");

            assertProblem(send("PATCH", "/v1/me", "{}", "Authorization", careless.bearer()), 400, "invalid-request");
            assertProblem(send("PATCH", "/v1/me", "{\"role\":\"admin\"}", "Authorization", careless.bearer()), 400, "invalid-request");
            HttpResponse<String> plainText = send(request("/v1/signup", "Authorization", careless.bearer(), "Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("hello")).build());
            assertProblem(plainText, 415, "unsupported-media-type");
        }

        @Test
        void a_session_cannot_start_another_one() {
            Identity alice = activeDeveloper("Alice");
            BrowserSession session = startSession(alice);

            assertProblem(send("POST", "/v1/sessions", null, "Cookie", session.cookie(), "X-CSRF-Token", session.csrfToken()),
                    401, "unauthenticated");
        }
    }

    // --- journeys the tests share -------------------------------------------------------------------

    /** A fresh identity of the local tenant (so no rate limit of another test applies) and its token. */
    private static Identity identity(boolean admin) {
        String oid = UUID.randomUUID().toString();
        String roles = admin ? ",\"roles\":[\"Portal.Admin\"]" : "";
        HttpResponse<String> issued = send("POST", "/v1/dev/token",
                "{\"oid\":\"" + oid + "\",\"tid\":\"" + LOCAL_TENANT + "\"" + roles + "}");
        assertEquals(200, issued.statusCode(), issued.body());
        return new Identity(oid, body(issued).get("accessToken").asText(), "dev-" + oid + "@example.com");
    }

    /** An identity whose account is signed up and verified. */
    private static Identity activeDeveloper(String displayName) {
        Identity identity = identity(false);
        HttpResponse<String> signedUp = send("POST", "/v1/signup", signUpBody(displayName, identity.email()), "Authorization", identity.bearer());
        assertEquals(201, signedUp.statusCode(), signedUp.body());
        HttpResponse<String> verified = send("POST", "/v1/me/email-verification",
                "{\"code\":\"" + outbox.latestCodeFor(identity.email()) + "\"}", "Authorization", identity.bearer());
        assertEquals(200, verified.statusCode(), verified.body());
        return identity;
    }

    private static BrowserSession startSession(Identity identity) {
        HttpResponse<String> started = send("POST", "/v1/sessions", null, "Authorization", identity.bearer());
        assertEquals(201, started.statusCode(), started.body());
        String setCookie = started.headers().firstValue("Set-Cookie").orElseThrow();
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        JsonNode session = body(started).get("session");
        assertTrue(session.get("current").asBoolean());
        assertEquals(Optional.of("/api/v1/sessions/" + session.get("id").asText()), started.headers().firstValue("Location"));
        return new BrowserSession(session.get("id").asText(), cookie, body(started).get("csrfToken").asText());
    }

    private static String signUpBody(String displayName, String email) {
        return "{\"displayName\":\"" + displayName + "\",\"email\":\"" + email + "\",\"acceptedTermsVersion\":\"" + POLICY_VERSION
                + "\",\"acceptedPrivacyPolicyVersion\":\"" + POLICY_VERSION + "\"}";
    }

    // --- HTTP ---------------------------------------------------------------------------------------

    private static HttpRequest.Builder request(String documentPath, String... headers) {
        return ContractHttp.request(host.baseUri(), documentPath, headers);
    }

    private static HttpResponse<String> send(String method, String documentPath, String jsonBody, String... headers) {
        return send(ContractHttp.jsonRequest(host.baseUri(), method, documentPath, jsonBody, headers));
    }

    /** Every account answer also carries personal data or credentials, so none may be cached. */
    private static HttpResponse<String> send(HttpRequest request) {
        HttpResponse<String> response = ContractHttp.send(request);
        assertEquals(Optional.of("no-store"), response.headers().firstValue("Cache-Control"),
                () -> request.method() + " " + request.uri().getPath() + " must not be cached");
        return response;
    }
}
