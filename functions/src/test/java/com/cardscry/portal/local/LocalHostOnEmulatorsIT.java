package com.cardscry.portal.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cardscry.portal.config.Settings;
import com.cardscry.portal.contract.OpenApiContract;
import com.cardscry.portal.testing.Outbox;
import com.cardscry.portal.testing.emulators.EmulatorSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: the local host with the portal's Azure adapters pointed at the real emulators, driven
 * over HTTP through every route that exists, each response checked against the OpenAPI document.
 * Later issues add their routes here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalHostOnEmulatorsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FUNCTION_KEY = "emulator-it-function-key-0123456789";
    private final HttpClient http = HttpClient.newHttpClient();
    private LocalHost host;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        this.dataDir = dataDir;
        Map<String, String> settings = new LinkedHashMap<>(EmulatorSettings.forLocalHost(dataDir));
        settings.put("PORTAL_LOCAL_PORT", "0");
        settings.put("PORTAL_LOCAL_FUNCTION_KEY", FUNCTION_KEY);
        host = LocalHost.startPortal(Settings.of(settings), HostJson.DEFAULTS);
    }

    @AfterAll
    void stop() {
        if (host != null) {
            host.close();
        }
    }

    private Path dataDir;

    private HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(host.baseUri().resolve(path.substring(1)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(host.baseUri().resolve(path.substring(1))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void health_reports_every_component_up_on_the_adapter_the_settings_chose() throws Exception {
        HttpResponse<String> response = get("/api/v1/health");

        assertEquals(200, response.statusCode(), response.body());
        OpenApiContract.load().assertResponseConforms("GET", "/v1/health", 200,
                response.headers().firstValue("Content-Type").orElse(""), response.body());
        Map<String, String> adapters = new LinkedHashMap<>();
        for (JsonNode component : JSON.readTree(response.body()).path("components")) {
            assertEquals("up", component.path("status").asText(), component.toString());
            adapters.put(component.path("name").asText(), component.path("implementation").asText());
        }
        assertEquals(Map.of("store", "cosmos", "queue", "storage", "exports", "blob", "secrets", "local"), adapters);
    }

    /**
     * The account and subscription flow on Cosmos DB: every container they use (the identity and email
     * indexes partitioned by their own key, sessions with a ttl, subscription slots, the review queue)
     * is created and used through the real SDK.
     */
    @Test
    void an_account_signs_up_subscribes_starts_a_session_and_is_blocked_on_cosmos() throws Exception {
        String tenant = "10ca1000-0000-4000-8000-000000000001";
        String user = token("{\"oid\":\"7a000000-0000-4000-8000-000000000001\",\"tid\":\"" + tenant + "\"}");
        String admin = token("{\"oid\":\"7a000000-0000-4000-8000-0000000000ad\",\"tid\":\"" + tenant + "\",\"roles\":[\"Portal.Admin\"]}");
        String bearer = "Bearer " + user;

        HttpResponse<String> signUp = send("POST", "/api/v1/signup", "{\"displayName\":\"Emulator User\",\"email\":\"emu@example.com\","
                + "\"acceptedTermsVersion\":\"2026-11-01\",\"acceptedPrivacyPolicyVersion\":\"2026-11-01\"}", "Authorization", bearer);
        assertEquals(201, signUp.statusCode(), signUp.body());
        String accountId = JSON.readTree(signUp.body()).path("id").asText();
        assertEquals(200, send("POST", "/api/v1/signup", "{\"displayName\":\"Emulator User\",\"email\":\"emu@example.com\","
                + "\"acceptedTermsVersion\":\"2026-11-01\",\"acceptedPrivacyPolicyVersion\":\"2026-11-01\"}", "Authorization", bearer).statusCode());

        String code = new Outbox(dataDir.resolve("outbox")).latestCodeFor("emu@example.com");
        HttpResponse<String> verified = send("POST", "/api/v1/me/email-verification", "{\"code\":\"" + code + "\"}", "Authorization", bearer);
        assertEquals("active", JSON.readTree(verified.body()).path("state").asText(), verified.body());

        HttpResponse<String> starter = send("POST", "/api/v1/subscriptions", "{\"planId\":\"starter\"}", "Authorization", bearer);
        assertEquals(201, starter.statusCode(), starter.body());
        assertEquals(200, send("POST", "/api/v1/subscriptions", "{\"planId\":\"starter\"}", "Authorization", bearer).statusCode(),
                "the open subscription, found through its slot");
        HttpResponse<String> scale = send("POST", "/api/v1/subscriptions", "{\"planId\":\"scale\"}", "Authorization", bearer);
        assertEquals("submitted", JSON.readTree(scale.body()).path("state").asText(), scale.body());
        String scaleId = JSON.readTree(scale.body()).path("id").asText();
        HttpResponse<String> queue = send("GET", "/api/v1/admin/subscriptions/submitted", null, "Authorization", "Bearer " + admin);
        assertEquals(scaleId, JSON.readTree(queue.body()).path("items").path(0).path("subscriptionId").asText(), queue.body());
        HttpResponse<String> approved = send("POST", "/api/v1/admin/accounts/" + accountId + "/subscriptions/" + scaleId + "/approve",
                null, "Authorization", "Bearer " + admin);
        assertEquals("active", JSON.readTree(approved.body()).path("state").asText(), approved.body());
        assertEquals(2, JSON.readTree(send("GET", "/api/v1/subscriptions", null, "Authorization", bearer).body()).path("items").size());

        HttpResponse<String> session = send("POST", "/api/v1/sessions", null, "Authorization", bearer);
        assertEquals(201, session.statusCode(), session.body());
        String cookie = session.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        String csrf = JSON.readTree(session.body()).path("csrfToken").asText();
        assertEquals(200, send("GET", "/api/v1/me", null, "Cookie", cookie).statusCode());
        assertEquals(403, send("PATCH", "/api/v1/me", "{\"displayName\":\"E\"}", "Cookie", cookie).statusCode());
        assertEquals(200, send("PATCH", "/api/v1/me", "{\"displayName\":\"E\"}", "Cookie", cookie, "X-CSRF-Token", csrf).statusCode());
        assertEquals(1, JSON.readTree(send("GET", "/api/v1/sessions", null, "Cookie", cookie).body()).path("items").size());

        HttpResponse<String> blocked = send("POST", "/api/v1/admin/accounts/" + accountId + "/block", "{\"reason\":\"test\"}",
                "Authorization", "Bearer " + admin);
        assertEquals("blocked", JSON.readTree(blocked.body()).path("state").asText(), blocked.body());
        assertEquals(401, send("GET", "/api/v1/me", null, "Cookie", cookie).statusCode(), "blocking ended the session");
        assertEquals(403, send("POST", "/api/v1/sessions", null, "Authorization", bearer).statusCode());
        assertEquals(200, send("POST", "/api/v1/admin/accounts/" + accountId + "/unblock", "{\"reason\":\"test\"}",
                "Authorization", "Bearer " + admin).statusCode());
        assertEquals(202, send("DELETE", "/api/v1/me", null, "Authorization", bearer).statusCode());
    }

    /**
     * Keys, the gateway's verification, usage ingestion and the owner's usage view on Cosmos: the key
     * index, the key owners, the usage buckets and the quota counters go through the real SDK.
     */
    @Test
    void a_key_is_issued_verified_used_and_revoked_on_cosmos() throws Exception {
        String tenant = "10ca1000-0000-4000-8000-000000000001";
        String bearer = "Bearer " + token("{\"oid\":\"7a000000-0000-4000-8000-000000000002\",\"tid\":\"" + tenant + "\"}");
        assertEquals(201, send("POST", "/api/v1/signup", "{\"displayName\":\"Key User\",\"email\":\"keys@example.com\","
                + "\"acceptedTermsVersion\":\"2026-11-01\",\"acceptedPrivacyPolicyVersion\":\"2026-11-01\"}", "Authorization", bearer)
                .statusCode());
        String code = new Outbox(dataDir.resolve("outbox")).latestCodeFor("keys@example.com");
        assertEquals(200, send("POST", "/api/v1/me/email-verification", "{\"code\":\"" + code + "\"}", "Authorization", bearer)
                .statusCode());
        String subscription = JSON.readTree(send("POST", "/api/v1/subscriptions", "{\"planId\":\"starter\"}", "Authorization", bearer)
                .body()).path("id").asText();
        HttpResponse<String> issued = send("POST", "/api/v1/subscriptions/" + subscription + "/keys", "{\"name\":\"emulator\"}",
                "Authorization", bearer);
        assertEquals(201, issued.statusCode(), issued.body());
        String key = JSON.readTree(issued.body()).path("key").asText();
        String keyId = JSON.readTree(issued.body()).path("metadata").path("id").asText();

        JsonNode valid = JSON.readTree(verify(key).body());
        assertEquals("VALID", valid.path("code").asText(), valid.toString());
        assertEquals(keyId, valid.path("keyId").asText());
        long quota = valid.path("quotaRemaining").asLong();

        Instant now = Instant.now().minusSeconds(5);
        String events = "{\"batchId\":\"emulator-batch-1\",\"events\":[{\"keyId\":\"" + keyId + "\",\"timestamp\":\"" + now
                + "\",\"status\":200},{\"keyId\":\"" + keyId + "\",\"timestamp\":\"" + now + "\",\"status\":500}]}";
        HttpResponse<String> recorded = send("POST", "/api/v1/gateway/usage", events, "x-functions-key", FUNCTION_KEY);
        assertEquals(200, recorded.statusCode(), recorded.body());
        assertEquals(quota - 2, JSON.readTree(verify(key).body()).path("quotaRemaining").asLong());
        Instant hour = now.truncatedTo(ChronoUnit.HOURS);
        HttpResponse<String> usage = send("GET", "/api/v1/subscriptions/" + subscription + "/usage?from=" + hour + "&to="
                + hour.plus(Duration.ofHours(1)), null, "Authorization", bearer);
        assertEquals(200, usage.statusCode(), usage.body());
        assertEquals(2, JSON.readTree(usage.body()).path("totals").path("requests").asLong(), usage.body());

        assertEquals(200, send("DELETE", "/api/v1/subscriptions/" + subscription + "/keys/" + keyId, null, "Authorization", bearer)
                .statusCode());
        assertEquals("REVOKED", JSON.readTree(verify(key).body()).path("code").asText());
    }

    /**
     * Privacy requests through the real queue (Azurite) and store (Cosmos): an access request is carried
     * out by the queue function and its export served from Blob Storage; closing the account files a
     * deletion request that erases it, and the erasure receipt stays readable.
     */
    @Test
    void an_access_and_a_deletion_request_are_carried_out_through_the_storage_queue_on_cosmos() throws Exception {
        String tenant = "10ca1000-0000-4000-8000-000000000001";
        String bearer = "Bearer " + token("{\"oid\":\"7a000000-0000-4000-8000-000000000003\",\"tid\":\"" + tenant + "\"}");
        assertEquals(201, send("POST", "/api/v1/signup", "{\"displayName\":\"Privacy User\",\"email\":\"privacy@example.com\","
                + "\"acceptedTermsVersion\":\"2026-11-01\",\"acceptedPrivacyPolicyVersion\":\"2026-11-01\"}", "Authorization", bearer)
                .statusCode());
        String code = new Outbox(dataDir.resolve("outbox")).latestCodeFor("privacy@example.com");
        assertEquals(200, send("POST", "/api/v1/me/email-verification", "{\"code\":\"" + code + "\"}", "Authorization", bearer)
                .statusCode());

        HttpResponse<String> access = send("POST", "/api/v1/privacy-requests", "{\"type\":\"access\"}", "Authorization", bearer);
        assertEquals(202, access.statusCode(), access.body());
        String accessId = JSON.readTree(access.body()).path("id").asText();
        awaitStatus(() -> send("GET", "/api/v1/privacy-requests/" + accessId, null, "Authorization", bearer),
                response -> JSON.readTree(response.body()).path("status").asText().equals("completed"));
        HttpResponse<String> export = send("GET", "/api/v1/privacy-requests/" + accessId + "/export?format=json", null,
                "Authorization", bearer);
        assertEquals(200, export.statusCode(), export.body());
        assertEquals(true, export.body().contains("privacy@example.com"), "the export, from Blob Storage, holds the profile");

        HttpResponse<String> closed = send("DELETE", "/api/v1/me", null, "Authorization", bearer);
        assertEquals(202, closed.statusCode(), closed.body());
        String location = closed.headers().firstValue("Location").orElseThrow();
        String deletionId = location.substring(location.lastIndexOf('/') + 1);
        awaitStatus(() -> send("GET", "/api/v1/me", null, "Authorization", bearer), response -> response.statusCode() == 404);
        HttpResponse<String> receipt = awaitStatus(() -> send("GET", "/api/v1/privacy-requests/" + deletionId + "/receipt", null,
                "Authorization", bearer), response -> response.statusCode() == 200);
        assertEquals(deletionId, JSON.readTree(receipt.body()).path("requestId").asText());
    }

    /** A request whose answer may take a few queue polls to change. */
    private interface Call {
        HttpResponse<String> send() throws Exception;
    }

    private interface Check {
        boolean holds(HttpResponse<String> response) throws Exception;
    }

    /** Sends {@code call} every 100 ms until {@code done} holds for its answer, for up to a minute. */
    private static HttpResponse<String> awaitStatus(Call call, Check done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        HttpResponse<String> last = call.send();
        while (!done.holds(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not there after a minute: " + last.statusCode() + " " + last.body());
            }
            Thread.sleep(100);
            last = call.send();
        }
        return last;
    }

    private HttpResponse<String> verify(String key) throws Exception {
        HttpResponse<String> response = send("POST", "/api/v1/gateway/verify", "{\"key\":\"" + key + "\"}", "x-functions-key", FUNCTION_KEY);
        assertEquals(200, response.statusCode(), response.body());
        return response;
    }

    private String token(String claims) throws Exception {
        HttpResponse<String> response = send("POST", "/api/v1/dev/token", claims);
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body()).path("accessToken").asText();
    }
}
