package com.cardscry.portal.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

/**
 * HTTP for the contract tests that drive a real local host: every response is checked against
 * openapi/portal.yaml before the test looks at it, and problems are asserted one way.
 */
final class ContractHttp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private ContractHttp() {
    }

    /** A request to a path of the document (without {@code /api}) on the host at {@code baseUri}. */
    static HttpRequest.Builder request(URI baseUri, String documentPath, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(baseUri.resolve(OpenApiContract.API_PREFIX.substring(1) + documentPath));
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return builder;
    }

    /** A request to a path of the document; a body is sent as JSON. */
    static HttpRequest jsonRequest(URI baseUri, String method, String documentPath, String jsonBody, String... headers) {
        HttpRequest.Builder builder = request(baseUri, documentPath, headers);
        if (jsonBody == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
        }
        return builder.build();
    }

    /** Sends to a path of the document; a body is sent as JSON. */
    static HttpResponse<String> send(URI baseUri, String method, String documentPath, String jsonBody, String... headers) {
        return send(jsonRequest(baseUri, method, documentPath, jsonBody, headers));
    }

    /** Sends the request and checks the response against the document. */
    static HttpResponse<String> send(HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        OpenApiContract.load().assertResponseConforms(response);
        return response;
    }

    static void assertProblem(HttpResponse<String> response, int status, String typeSlug) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(Optional.of("application/problem+json"), response.headers().firstValue("Content-Type"));
        assertEquals("https://cardscry.com/problems/" + typeSlug, body(response).get("type").asText(), response.body());
    }

    static void assertProblem(HttpResponse<String> response, int status, String typeSlug, String field) {
        assertProblem(response, status, typeSlug);
        assertEquals(field, body(response).path("field").asText(), response.body());
    }

    static JsonNode body(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
