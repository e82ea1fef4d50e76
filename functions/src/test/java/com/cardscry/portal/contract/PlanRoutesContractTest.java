package com.cardscry.portal.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.config.Settings;
import com.cardscry.portal.local.HostJson;
import com.cardscry.portal.local.LocalHost;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/plans} over HTTP through the local host serving the real portal with a catalogue file
 * of its own ({@code PORTAL_PLANS_FILE}), checked against {@code openapi/portal.yaml}.
 */
class PlanRoutesContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OpenApiContract CONTRACT = OpenApiContract.load();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static final String CATALOGUE = """
            {"plans": [
              {"id": "hobby", "name": "Hobby", "description": "For weekend projects.", "environment": "test",
               "rateLimitPerSecond": 2, "monthlyQuota": 1000, "approvalRequired": false,
               "keysPerSubscription": 1, "subscriptionsPerAccount": 1, "maxKeyLifetimeDays": 30},
              {"id": "enterprise", "name": "Enterprise", "description": "For large customers, by agreement.",
               "environment": "live", "rateLimitPerSecond": 1000, "monthlyQuota": 9000000000,
               "approvalRequired": true, "keysPerSubscription": 10, "subscriptionsPerAccount": 5,
               "maxKeyLifetimeDays": 730}
            ]}""";

    @TempDir
    static Path dataDir;

    @TempDir
    static Path catalogueDir;

    private static LocalHost host;

    @BeforeAll
    static void startThePortal() throws Exception {
        Path plans = Files.writeString(catalogueDir.resolve("plans.json"), CATALOGUE);
        host = LocalHost.startPortal(Settings.of(Map.of("PORTAL_ENVIRONMENT", "local", "PORTAL_DATA_DIR", dataDir.toString(),
                "PORTAL_LOCAL_PORT", "0", "PORTAL_PLANS_FILE", plans.toString())), HostJson.DEFAULTS);
    }

    @AfterAll
    static void stopThePortal() {
        host.close();
    }

    @Test
    void anyone_gets_every_plan_of_the_catalogue_with_every_field_and_may_cache_it() throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(host.baseUri().resolve("api/v1/plans")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        CONTRACT.assertResponseConforms(response);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(Optional.of("public, max-age=300"), response.headers().firstValue("Cache-Control"));
        JsonNode items = JSON.readTree(response.body()).get("items");
        assertEquals(List.of("hobby", "enterprise"), items.findValuesAsText("id"));
        JsonNode enterprise = items.get(1);
        assertEquals("live", enterprise.get("environment").asText());
        assertEquals(9_000_000_000L, enterprise.get("monthlyQuota").longValue());
        assertTrue(enterprise.get("approvalRequired").booleanValue());
        assertEquals(730, enterprise.get("maxKeyLifetimeDays").intValue());
        assertTrue(enterprise.get("maxKeyLifetimeDays").isInt(), "days are an integer, not a duration text");
    }
}
