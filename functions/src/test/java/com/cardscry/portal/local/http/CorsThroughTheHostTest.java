package com.cardscry.portal.local.http;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.limits.ClientAddress;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cross-origin access and the client address, end to end over a real socket: what the platform's front
 * end does in Azure, the local host does here.
 */
class CorsThroughTheHostTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FOREIGN_ORIGIN = "https://evil.example";

    private TestHost host;

    @BeforeEach
    void start() {
        host = new TestHost();
    }

    @AfterEach
    void stop() {
        host.close();
    }

    private HttpResponse<String> get(String path, String origin) {
        return host.send(host.request(path).header("Origin", origin).GET().build());
    }

    private HttpResponse<String> preflight(String path, String origin, String method) {
        return host.send(host.request(path).header("Origin", origin).header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", "authorization, content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
    }

    private static Optional<String> header(HttpResponse<String> response, String name) {
        return response.headers().firstValue(name);
    }

    private static List<String> corsHeaders(HttpResponse<String> response) {
        return response.headers().map().keySet().stream().filter(name -> name.toLowerCase(Locale.ROOT).startsWith("access-control-")).toList();
    }

    private static void assertAllowsCredentialedAccessFrom(String origin, HttpResponse<String> response) {
        assertAll(
                () -> assertEquals(Optional.of(origin), header(response, "Access-Control-Allow-Origin")),
                () -> assertEquals(Optional.of("true"), header(response, "Access-Control-Allow-Credentials")),
                () -> assertEquals(Optional.of("Retry-After, Location, ETag"), header(response, "Access-Control-Expose-Headers")),
                () -> assertTrue(response.headers().allValues("Vary").contains("Origin"), response.headers().toString()));
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    @Nested
    class AnAllowedOrigin {

        @Test
        void getsCredentialedAccessToTheFunctionsResponse() {
            HttpResponse<String> response = get("/api/v1/sessions", TestHost.FRONTEND_ORIGIN);

            assertEquals(200, response.statusCode());
            assertEquals("listSessions", response.body());
            assertAllowsCredentialedAccessFrom(TestHost.FRONTEND_ORIGIN, response);
        }

        @Test
        void isNamedItselfWhenSeveralAreAllowed() {
            assertAllowsCredentialedAccessFrom(TestHost.OTHER_FRONTEND_ORIGIN, get("/api/v1/sessions", TestHost.OTHER_FRONTEND_ORIGIN));
        }

        @Test
        void canReadTheHostsOwnErrors() {
            HttpResponse<String> response = get("/api/auth/function", TestHost.FRONTEND_ORIGIN);

            assertEquals(ProblemType.UNAUTHENTICATED.status(), response.statusCode());
            assertAllowsCredentialedAccessFrom(TestHost.FRONTEND_ORIGIN, response);
        }

        @Test
        void overridesCorsHeadersAFunctionSetsButKeepsItsVary() {
            HttpResponse<String> response = get("/api/v1/own-headers", TestHost.FRONTEND_ORIGIN);

            assertAllowsCredentialedAccessFrom(TestHost.FRONTEND_ORIGIN, response);
            assertAll(
                    () -> assertEquals(List.of(TestHost.FRONTEND_ORIGIN), response.headers().allValues("Access-Control-Allow-Origin")),
                    () -> assertTrue(response.headers().allValues("Vary").contains("Accept"), response.headers().toString()),
                    () -> assertEquals(Optional.of("\"v1\""), header(response, "ETag")));
        }
    }

    @Nested
    class AnyOtherOrigin {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {FOREIGN_ORIGIN, "http://localhost:5174", "HTTP://LOCALHOST:5173", "http://localhost:5173/", "null"})
        void getsNoCorsHeaderButTheRequestStillRuns(String origin) {
            HttpResponse<String> response = get("/api/v1/sessions", origin);

            assertEquals(200, response.statusCode());
            assertEquals("listSessions", response.body());
            assertEquals(List.of(), corsHeaders(response));
        }

        @Test
        void norDoesARequestWithoutOrigin() {
            HttpResponse<String> response = host.send("GET", "/api/v1/sessions");

            assertEquals(List.of(), corsHeaders(response));
        }

        @Test
        void norDoesARequestNamingTwoOrigins() {
            HttpResponse<String> response = host.send(host.request("/api/v1/sessions")
                    .header("Origin", TestHost.FRONTEND_ORIGIN).header("Origin", TestHost.OTHER_FRONTEND_ORIGIN).GET().build());

            assertEquals(List.of(), corsHeaders(response));
        }
    }

    @Nested
    class APreflight {

        @Test
        void fromAnAllowedOriginIsAnsweredWithTheRoutesMethodsWithoutReachingAFunction() {
            HttpResponse<String> response = preflight("/api/v1/sessions/abc", TestHost.FRONTEND_ORIGIN, "DELETE");

            assertEquals(204, response.statusCode());
            assertEquals("", response.body());
            assertAllowsCredentialedAccessFrom(TestHost.FRONTEND_ORIGIN, response);
            assertAll(
                    () -> assertEquals(Optional.of("GET, DELETE"), header(response, "Access-Control-Allow-Methods")),
                    () -> assertEquals(Optional.of("Authorization, Content-Type, X-CSRF-Token, If-Match"),
                            header(response, "Access-Control-Allow-Headers")),
                    () -> assertEquals(Optional.of("600"), header(response, "Access-Control-Max-Age")));
        }

        @Test
        void listsTheMethodsOfEveryRouteServingThePath() {
            // sessions/current is served by a DELETE route of its own and by the GET, DELETE of sessions/{id}.
            HttpResponse<String> response = preflight("/api/v1/sessions/current", TestHost.FRONTEND_ORIGIN, "DELETE");

            assertEquals(Optional.of("GET, DELETE"), header(response, "Access-Control-Allow-Methods"));
        }

        @Test
        void needsNoKeyForAFunctionLevelRoute() {
            HttpResponse<String> response = preflight("/api/auth/function", TestHost.FRONTEND_ORIGIN, "GET");

            assertEquals(204, response.statusCode());
        }

        @Test
        void fromAnyOtherOriginIsRefusedWithoutCorsHeaders() {
            HttpResponse<String> response = preflight("/api/v1/sessions", FOREIGN_ORIGIN, "GET");

            assertEquals(ProblemType.INVALID_REQUEST.status(), response.statusCode());
            assertEquals(ProblemType.INVALID_REQUEST.uri(), json(response).path("type").asText());
            assertEquals(List.of(), corsHeaders(response));
        }

        @Test
        void forAPathNoRouteServesIsNotFound() {
            HttpResponse<String> response = preflight("/api/v1/nowhere", TestHost.FRONTEND_ORIGIN, "GET");

            assertEquals(ProblemType.ROUTE_NOT_FOUND.status(), response.statusCode());
            assertEquals(ProblemType.ROUTE_NOT_FOUND.uri(), json(response).path("type").asText());
        }

        @Test
        void isOnlyAnOptionsRequestWithARequestedMethod() {
            HttpResponse<String> response = host.send(host.request("/api/v1/sessions").header("Origin", TestHost.FRONTEND_ORIGIN)
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());

            assertEquals(ProblemType.METHOD_NOT_ALLOWED.status(), response.statusCode(), "routed like any OPTIONS request");
        }
    }

    @Nested
    class TheClientAddress {

        @Test
        void reachesTheFunctionAsTheTcpPeerInXForwardedFor() {
            String forwardedFor = json(host.send("GET", "/api/v1/echo")).path("headers").path("x-forwarded-for").asText();

            assertTrue(forwardedFor.matches("127\\.0\\.0\\.1:[0-9]{1,5}"), forwardedFor);
            assertEquals(Optional.of("127.0.0.1"), ClientAddress.fromForwardedFor(forwardedFor));
        }

        @Test
        void replacesWhatTheClientClaims() {
            HttpResponse<String> response = host.send(host.request("/api/v1/echo")
                    .header("X-Forwarded-For", "203.0.113.7, 198.51.100.1").GET().build());

            String forwardedFor = json(response).path("headers").path("x-forwarded-for").asText();
            assertTrue(forwardedFor.matches("127\\.0\\.0\\.1:[0-9]{1,5}"), forwardedFor);
        }
    }
}
