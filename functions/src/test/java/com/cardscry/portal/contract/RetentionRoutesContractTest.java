package com.cardscry.portal.contract;

import static com.cardscry.portal.contract.ContractHttp.assertProblem;
import static com.cardscry.portal.contract.ContractHttp.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.config.Settings;
import com.cardscry.portal.domain.RetentionCategory;
import com.cardscry.portal.local.HostJson;
import com.cardscry.portal.local.LocalHost;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/retention-policy}, {@code GET /v1/admin/retention/runs} and the legal-hold routes over HTTP through the local host serving the real portal, with an
 * override of one period, checked against {@code openapi/portal.yaml}.
 */
class RetentionRoutesContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OpenApiContract CONTRACT = OpenApiContract.load();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    static Path dataDir;

    private static LocalHost host;

    @BeforeAll
    static void startThePortal() throws Exception {
        host = LocalHost.startPortal(Settings.of(Map.of("PORTAL_ENVIRONMENT", "local", "PORTAL_DATA_DIR", dataDir.toString(),
                "PORTAL_LOCAL_PORT", "0", "PORTAL_RETENTION_DAYS", "usage-hourly=120",
                // Every second, so a run has reported by the time the test asks.
                "PORTAL_RETENTION_PURGE_SCHEDULE", "* * * * * *")), HostJson.DEFAULTS);
    }

    @AfterAll
    static void stopThePortal() {
        host.close();
    }

    @Test
    void anyone_gets_every_category_with_the_periods_in_force_and_may_cache_it() throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(host.baseUri().resolve("api/v1/retention-policy"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());

        CONTRACT.assertResponseConforms(response);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(Optional.of("public, max-age=300"), response.headers().firstValue("Cache-Control"));
        JsonNode categories = JSON.readTree(response.body()).get("categories");
        assertEquals(Arrays.stream(RetentionCategory.values()).map(RetentionCategory::id).toList(), categories.findValuesAsText("id"));
        JsonNode hourly = categories.get(RetentionCategory.USAGE_HOURLY.ordinal());
        assertEquals(120, hourly.get("periodDays").intValue());
        assertEquals("120 days after the hour ends", hourly.get("keptFor").asText());
        JsonNode sessions = categories.get(RetentionCategory.SESSIONS.ordinal());
        assertFalse(sessions.has("periodDays"), "a category kept until an event has no period");
        assertEquals("kept", categories.get(RetentionCategory.BILLING_RECORDS.ordinal()).get("onErasure").asText());
    }

    @Test
    void an_administrator_lists_the_purge_runs_newest_first_and_others_may_not() throws Exception {
        String admin = identity(true);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        JsonNode runs = body(ContractHttp.send(host.baseUri(), "GET", "/v1/admin/retention/runs", null, "Authorization", admin));
        while (runs.get("items").isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            runs = body(ContractHttp.send(host.baseUri(), "GET", "/v1/admin/retention/runs", null, "Authorization", admin));
        }

        JsonNode latest = runs.get("items").get(0);
        assertTrue(latest.get("complete").asBoolean(), latest.toString());
        assertEquals(0, latest.get("removed").get("unverified-sign-ups").intValue());
        assertProblem(ContractHttp.send(host.baseUri(), "GET", "/v1/admin/retention/runs?limit=0", null, "Authorization", admin),
                400, "invalid-request");
        assertProblem(ContractHttp.send(host.baseUri(), "GET", "/v1/admin/retention/runs", null, "Authorization", identity(false)),
                403, "forbidden");
    }

    @Test
    void an_administrator_places_and_lifts_a_legal_hold_and_an_unknown_account_is_404() {
        String admin = identity(true);
        HttpResponse<String> signedUp = ContractHttp.send(host.baseUri(), "POST", "/v1/signup", "{\"displayName\":\"Held Person\","
                + "\"email\":\"held-" + UUID.randomUUID() + "@example.com\",\"acceptedTermsVersion\":\"2026-11-01\","
                + "\"acceptedPrivacyPolicyVersion\":\"2026-11-01\"}", "Authorization", admin);
        assertEquals(201, signedUp.statusCode(), signedUp.body());
        String accountId = body(signedUp).get("id").asText();
        String path = "/v1/admin/accounts/" + accountId + "/legal-hold";
        String endsOn = LocalDate.now(ZoneOffset.UTC).plusDays(30).toString();

        HttpResponse<String> placed = ContractHttp.send(host.baseUri(), "PUT", path,
                "{\"reason\":\"Court order\",\"endsOn\":\"" + endsOn + "\"}", "Authorization", admin);
        assertEquals(200, placed.statusCode(), placed.body());
        assertEquals(endsOn, body(placed).get("endsOn").asText());
        HttpResponse<String> lifted = ContractHttp.send(host.baseUri(), "DELETE", path, null, "Authorization", admin);
        assertEquals(200, lifted.statusCode(), lifted.body());
        assertTrue(body(lifted).has("liftedAt"));
        assertProblem(ContractHttp.send(host.baseUri(), "PUT", path, "{\"reason\":\"Court order\",\"endsOn\":\"yesterday\"}",
                "Authorization", admin), 400, "invalid-request");
        assertProblem(ContractHttp.send(host.baseUri(), "DELETE", "/v1/admin/accounts/no-such-account/legal-hold", null,
                "Authorization", admin), 404, "not-found");
    }

    private static String identity(boolean admin) {
        String roles = admin ? ",\"roles\":[\"Portal.Admin\"]" : "";
        HttpResponse<String> issued = ContractHttp.send(host.baseUri(), "POST", "/v1/dev/token", "{\"oid\":\"" + UUID.randomUUID()
                + "\",\"tid\":\"10ca1000-0000-4000-8000-000000000001\"" + roles + "}");
        assertEquals(200, issued.statusCode(), issued.body());
        return "Bearer " + body(issued).get("accessToken").asText();
    }
}
