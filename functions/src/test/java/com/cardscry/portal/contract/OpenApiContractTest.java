package com.cardscry.portal.contract;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The shared response check itself: it must accept what the document promises and nothing else. */
class OpenApiContractTest {

    private static final String HEALTHY = """
            {"status":"up","version":"1.2.3","components":[
              {"name":"store","implementation":"embedded","status":"up","detail":"ok"}]}""";

    private final OpenApiContract contract = OpenApiContract.load();

    @Nested
    class Accepts {

        @Test
        void a_conforming_body() {
            assertDoesNotThrow(() -> contract.assertResponseConforms("GET", "/v1/health", 200, "application/json", HEALTHY));
        }

        @Test
        void a_content_type_with_parameters_and_a_query_string() {
            assertDoesNotThrow(() -> contract.assertResponseConforms("get", "/v1/health?verbose=1", 503,
                    "Application/JSON; charset=utf-8", HEALTHY.replace("\"up\"", "\"down\"")));
        }

        @Test
        void a_problem_document_against_the_shared_schema() {
            assertDoesNotThrow(() -> contract.assertConformsToSchema("Problem", """
                    {"type":"https://cardscry.com/problems/invalid-request","title":"The request is invalid",
                     "status":400,"detail":"The property is not part of this request.","field":"/role"}"""));
        }
    }

    @Nested
    class Rejects {

        @Test
        void a_body_missing_a_required_field() {
            AssertionError failure = assertThrows(AssertionError.class, () -> contract.assertResponseConforms(
                    "GET", "/v1/health", 200, "application/json", HEALTHY.replace("\"version\":\"1.2.3\",", "")));
            assertMentions(failure, "version");
        }

        @Test
        void a_body_with_an_extra_property() {
            AssertionError failure = assertThrows(AssertionError.class, () -> contract.assertResponseConforms(
                    "GET", "/v1/health", 200, "application/json", HEALTHY.replace("\"detail\":\"ok\"", "\"detail\":\"ok\",\"host\":\"db1\"")));
            assertMentions(failure, "host");
        }

        @Test
        void a_value_outside_its_enumeration() {
            assertThrows(AssertionError.class, () -> contract.assertResponseConforms(
                    "GET", "/v1/health", 200, "application/json", HEALTHY.replace("\"status\":\"up\",\"version\"", "\"status\":\"degraded\",\"version\"")));
        }

        @Test
        void an_undeclared_status() {
            AssertionError failure = assertThrows(AssertionError.class,
                    () -> contract.assertResponseConforms("GET", "/v1/health", 418, "application/json", HEALTHY));
            assertMentions(failure, "418");
        }

        @Test
        void an_undeclared_content_type() {
            AssertionError failure = assertThrows(AssertionError.class,
                    () -> contract.assertResponseConforms("GET", "/v1/health", 200, "text/plain", HEALTHY));
            assertMentions(failure, "text/plain");
        }

        @Test
        void a_body_that_is_not_json() {
            assertThrows(AssertionError.class,
                    () -> contract.assertResponseConforms("GET", "/v1/health", 200, "application/json", "up"));
        }

        @Test
        void an_undocumented_path_or_method() {
            assertThrows(AssertionError.class,
                    () -> contract.assertResponseConforms("GET", "/v1/nothing", 200, "application/json", HEALTHY));
            AssertionError wrongMethod = assertThrows(AssertionError.class,
                    () -> contract.assertResponseConforms("POST", "/v1/health", 200, "application/json", HEALTHY));
            assertMentions(wrongMethod, "POST /v1/health");
        }

        @Test
        void a_problem_document_with_a_status_outside_4xx_5xx_or_a_type_that_is_no_uri() {
            assertThrows(AssertionError.class, () -> contract.assertConformsToSchema("Problem", """
                    {"type":"https://cardscry.com/problems/x","title":"t","status":200,"detail":"d"}"""));
            assertThrows(AssertionError.class, () -> contract.assertConformsToSchema("Problem", """
                    {"type":"not a uri","title":"t","status":400,"detail":"d"}"""));
        }
    }

    @Nested
    class ChecksHeaders {

        private static final String SET_COOKIE = "__Host-cardscry_session=a.b; Path=/; Max-Age=60; Secure; HttpOnly; SameSite=Strict";

        @Test
        void accepts_declared_headers_that_fit_their_schemas_and_ignores_undeclared_ones() {
            assertDoesNotThrow(() -> contract.assertHeadersConform("POST", "/v1/sessions", 201, headers(Map.of(
                    "Location", List.of("/api/v1/sessions/s-1"), "Set-Cookie", List.of(SET_COOKIE),
                    "Cache-Control", List.of("no-store"), "X-Other", List.of("anything")))));
            assertDoesNotThrow(() -> contract.assertHeadersConform("PATCH", "/v1/me", 429, headers(Map.of("Retry-After", List.of("30")))));
        }

        @Test
        void rejects_a_missing_required_header() {
            AssertionError failure = assertThrows(AssertionError.class, () -> contract.assertHeadersConform("POST", "/v1/sessions", 201,
                    headers(Map.of("Set-Cookie", List.of(SET_COOKIE)))));
            assertMentions(failure, "Location");
        }

        @Test
        void rejects_a_value_outside_the_header_schema() {
            assertThrows(AssertionError.class, () -> contract.assertHeadersConform("POST", "/v1/sessions", 201, headers(Map.of(
                    "Location", List.of("/api/v1/sessions/s-1"), "Set-Cookie", List.of(SET_COOKIE.replace("; Secure", ""))))));
            assertThrows(AssertionError.class, () -> contract.assertHeadersConform("PATCH", "/v1/me", 429,
                    headers(Map.of("Retry-After", List.of("soon")))));
        }

        private static HttpHeaders headers(Map<String, List<String>> values) {
            return HttpHeaders.of(values, (name, value) -> true);
        }
    }

    @Nested
    class MatchesPathTemplates {

        @Test
        void a_parameter_stands_for_exactly_one_segment() {
            assertTrue(OpenApiContract.matches("/v1/subscriptions/{id}/keys", "/v1/subscriptions/s-1/keys"));
            assertFalse(OpenApiContract.matches("/v1/subscriptions/{id}/keys", "/v1/subscriptions/a/b/keys"));
            assertFalse(OpenApiContract.matches("/v1/subscriptions/{id}", "/v1/subscriptions/"));
            assertFalse(OpenApiContract.matches("/v1/health", "/v1/healthz"));
        }

        @Test
        void a_literal_path_wins_but_a_templated_one_serves_the_methods_it_lacks() {
            assertDoesNotThrow(() -> contract.assertResponseConforms("DELETE", "/v1/sessions/current", 204, null, null));
            assertThrows(AssertionError.class, () -> contract.assertResponseConforms("GET", "/v1/sessions/current", 204, null, null));
        }
    }

    private static void assertMentions(AssertionError failure, String expected) {
        assertTrue(failure.getMessage().contains(expected),
                () -> "the failure should mention " + expected + " but says: " + failure.getMessage());
    }
}
