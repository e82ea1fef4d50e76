package com.cardscry.portal.functions.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.application.IssueDevelopmentToken;
import com.cardscry.portal.application.port.Verification;
import com.cardscry.portal.application.port.VerifiedIdentity;
import com.cardscry.portal.config.Portal;
import com.cardscry.portal.config.Settings;
import com.cardscry.portal.contract.OpenApiContract;
import com.cardscry.portal.local.HostJson;
import com.cardscry.portal.local.LocalHost;
import com.cardscry.portal.local.http.LocalHttpRequest;
import com.cardscry.portal.local.http.LocalHttpResponse;
import com.cardscry.portal.testing.FakeDevelopmentTokenIssuer;
import com.cardscry.portal.testing.HttpRequests;
import com.cardscry.portal.testing.HttpResponses;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevTokenFunctionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OpenApiContract CONTRACT = OpenApiContract.load();
    private static final String LOCAL_TENANT = "10ca1000-0000-4000-8000-000000000001";
    private static final String OBJECT_ID = "5b2c7d3e-0000-4000-8000-0000000000a1";
    private static final String ADA = "{\"oid\":\"" + OBJECT_ID + "\",\"tid\":\"" + LOCAL_TENANT + "\","
            + "\"name\":\"Ada\",\"email\":\"ada@example.com\",\"roles\":[\"Portal.Admin\"]}";
    private static final int MAX_BODY_BYTES = 4096;

    @TempDir
    Path temp;

    private final HttpClient client = HttpClient.newHttpClient();

    private Map<String, String> localSettings(Path dataDir) {
        return Map.of("PORTAL_ENVIRONMENT", "local", "PORTAL_DATA_DIR", dataDir.toString(), "PORTAL_LOCAL_PORT", "0");
    }

    private HttpResponse<String> send(LocalHost host, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(host.baseUri().resolve(path.substring(1)));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertConforms(String method, String path, HttpResponse<String> response) {
        CONTRACT.assertResponseConforms(method, path, response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""), response.body());
    }

    /** The local host serving the real portal, whose verifier the test then asks. */
    @Nested
    class ThroughTheLocalHost {

        @Test
        void issues_a_token_that_the_portals_own_verifier_accepts() throws Exception {
            try (LocalHost host = LocalHost.startPortal(Settings.of(localSettings(temp.resolve("data"))), HostJson.DEFAULTS)) {
                HttpResponse<String> response = send(host, "POST", "/api/v1/dev/token", ADA);

                assertEquals(200, response.statusCode(), response.body());
                assertConforms("POST", "/v1/dev/token", response);
                JsonNode body = JSON.readTree(response.body());
                assertEquals("Bearer", body.get("tokenType").asText());
                assertEquals(3600, body.get("expiresIn").asInt());
                Verification verification = Portal.current().tokenVerifier().verify(body.get("accessToken").asText());
                VerifiedIdentity identity = assertInstanceOf(Verification.Verified.class, verification).identity();
                assertEquals(LOCAL_TENANT, identity.tenantId());
                assertEquals(OBJECT_ID, identity.objectId());
                assertEquals(Optional.of("Ada"), identity.name());
                assertTrue(identity.admin());
            }
        }

        @Test
        void publishes_the_key_its_tokens_name() throws Exception {
            try (LocalHost host = LocalHost.startPortal(Settings.of(localSettings(temp.resolve("data"))), HostJson.DEFAULTS)) {
                String token = JSON.readTree(send(host, "POST", "/api/v1/dev/token", ADA).body()).get("accessToken").asText();
                HttpResponse<String> response = send(host, "GET", "/api/v1/dev/jwks", null);

                assertEquals(200, response.statusCode(), response.body());
                assertConforms("GET", "/v1/dev/jwks", response);
                JWKSet keys = JWKSet.parse(response.body());
                assertEquals(SignedJWT.parse(token).getHeader().getKeyID(), keys.getKeys().get(0).getKeyID());
            }
        }

        @Test
        void keeps_its_key_across_a_restart_so_earlier_tokens_still_verify() throws Exception {
            Path dataDir = temp.resolve("data");
            String token;
            byte[] keyFile;
            try (LocalHost host = LocalHost.startPortal(Settings.of(localSettings(dataDir)), HostJson.DEFAULTS)) {
                token = JSON.readTree(send(host, "POST", "/api/v1/dev/token", ADA).body()).get("accessToken").asText();
                keyFile = Files.readAllBytes(dataDir.resolve("dev-issuer-key.json"));
            }
            try (LocalHost restarted = LocalHost.startPortal(Settings.of(localSettings(dataDir)), HostJson.DEFAULTS)) {
                assertInstanceOf(Verification.Verified.class, Portal.current().tokenVerifier().verify(token));
                assertArrayEquals(keyFile, Files.readAllBytes(dataDir.resolve("dev-issuer-key.json")));
            }
        }
    }

    /** A portal without the development issuer: the same local host, but users come from Entra ID. */
    @Nested
    class WithoutTheDevelopmentIssuer {

        @Test
        void both_routes_answer_exactly_like_an_unknown_route_and_no_key_is_made() throws Exception {
            Path dataDir = temp.resolve("data");
            Map<String, String> settings = new HashMap<>(localSettings(dataDir));
            settings.putAll(Map.of(
                    "PORTAL_AUTH", "entra",
                    "PORTAL_AUTH_ISSUER", "https://login.microsoftonline.com/{tenantid}/v2.0",
                    "PORTAL_AUTH_METADATA_URL", "https://login.microsoftonline.com/organizations/v2.0/.well-known/openid-configuration",
                    "PORTAL_AUTH_AUDIENCES", "api://cardscry-portal",
                    "PORTAL_AUTH_ALLOWED_TENANTS", "4a1b6c2d-0000-4000-8000-00000000a11e"));
            try (LocalHost host = LocalHost.startPortal(Settings.of(settings), HostJson.DEFAULTS)) {
                assertSameAnswer(send(host, "POST", "/api/v1/no-such-route", ADA), send(host, "POST", "/api/v1/dev/token", ADA));
                assertSameAnswer(send(host, "GET", "/api/v1/no-such-route", null), send(host, "GET", "/api/v1/dev/jwks", null));
                assertEquals(Optional.empty(), Portal.current().developmentTokens());
            }
            assertTrue(Files.notExists(dataDir.resolve("dev-issuer-key.json")));
        }

        private void assertSameAnswer(HttpResponse<String> unknownRoute, HttpResponse<String> devRoute) {
            assertEquals(404, unknownRoute.statusCode());
            assertEquals(unknownRoute.statusCode(), devRoute.statusCode());
            assertEquals(unknownRoute.body(), devRoute.body());
            for (String header : List.of("Content-Type", "Cache-Control")) {
                assertEquals(unknownRoute.headers().allValues(header), devRoute.headers().allValues(header), header);
            }
        }
    }

    /** The function called directly, over a fake issuer. */
    @Nested
    class Returns4xx {

        private final DevTokenFunction function = new DevTokenFunction(
                Optional.of(new IssueDevelopmentToken(new FakeDevelopmentTokenIssuer())), MAX_BODY_BYTES);

        @Test
        void _400_naming_a_missing_oid() throws IOException {
            assertProblem(400, "/oid", HttpRequests.post("/api/v1/dev/token").jsonBody("{\"tid\":\"" + LOCAL_TENANT + "\"}"));
        }

        @Test
        void _400_naming_an_oid_of_the_wrong_shape() throws IOException {
            assertProblem(400, "/oid", HttpRequests.post("/api/v1/dev/token")
                    .jsonBody("{\"oid\":\"a b\",\"tid\":\"" + LOCAL_TENANT + "\"}"));
        }

        @Test
        void _400_naming_a_property_that_is_not_part_of_the_request() throws IOException {
            assertProblem(400, "/admin", HttpRequests.post("/api/v1/dev/token")
                    .jsonBody("{\"oid\":\"" + OBJECT_ID + "\",\"tid\":\"" + LOCAL_TENANT + "\",\"admin\":true}"));
        }

        @Test
        void _400_naming_roles_that_are_not_an_array() throws IOException {
            assertProblem(400, "/roles", HttpRequests.post("/api/v1/dev/token")
                    .jsonBody("{\"oid\":\"" + OBJECT_ID + "\",\"tid\":\"" + LOCAL_TENANT + "\",\"roles\":\"Portal.Admin\"}"));
        }

        @Test
        void _415_for_a_body_that_is_not_json() throws IOException {
            assertProblem(415, null, HttpRequests.post("/api/v1/dev/token").header("Content-Type", "text/plain").body(ADA));
        }

        private void assertProblem(int status, String field, HttpRequests.Builder request) throws IOException {
            LocalHttpRequest sent = request.build();
            LocalHttpResponse response = HttpResponses.of(function.token(sent));

            assertEquals(status, response.getStatusCode());
            JsonNode problem = JSON.readTree(HttpResponses.bodyAsString(response));
            if (field != null) {
                assertEquals(field, problem.path("field").asText());
            }
            CONTRACT.assertResponseConforms(sent, response);
        }
    }

    @Test
    void without_an_issuer_the_function_answers_route_not_found_itself() throws IOException {
        DevTokenFunction function = new DevTokenFunction(Optional.empty(), MAX_BODY_BYTES);
        LocalHttpRequest request = HttpRequests.post("/api/v1/dev/token").jsonBody(ADA).build();

        LocalHttpResponse response = HttpResponses.of(function.token(request));

        assertEquals(404, response.getStatusCode());
        assertEquals("https://cardscry.com/problems/route-not-found",
                JSON.readTree(HttpResponses.bodyAsString(response)).get("type").asText());
    }
}
