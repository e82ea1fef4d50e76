package com.cardscry.portal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.cardscry.portal.application.ProblemType;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Optional;

/** What every refusal must look like on the wire: an RFC 9457 problem document with a type. */
final class ProblemDocuments {

    private ProblemDocuments() {
    }

    /**
     * Asserts a problem document of {@code type}, with its status; a 401 must also ask for a bearer
     * token. Answers the document.
     */
    static JsonNode assertProblem(HttpResponse<String> response, ProblemType type) {
        assertEquals(type.status(), response.statusCode(), () -> "status; body: " + response.body());
        JsonNode problem = assertIsProblemDocument(response);
        assertEquals(type.uri(), problem.path("type").asText(), "problem type");
        if (type.status() == 401) {
            assertEquals("Bearer", response.headers().firstValue("WWW-Authenticate").orElse(null), "WWW-Authenticate");
        }
        return problem;
    }

    /** Asserts {@code application/problem+json} whose body is an object with a {@code type}; answers it. */
    static JsonNode assertIsProblemDocument(HttpResponse<String> response) {
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        assertTrue(contentType.startsWith("application/problem+json"),
                () -> "Content-Type " + contentType + " for " + response.statusCode() + ": " + response.body());
        JsonNode problem;
        try {
            problem = PortalUnderTest.JSON.readTree(response.body());
        } catch (IOException e) {
            return fail("the problem document is not JSON: " + response.body(), e);
        }
        assertTrue(problem.path("type").isTextual() && !problem.path("type").asText().isEmpty(),
                () -> "a problem document names its type: " + response.body());
        assertEquals(response.statusCode(), problem.path("status").asInt(response.statusCode()), "status member");
        return problem;
    }

    /** The field a problem names, if any. */
    static Optional<String> field(JsonNode problem) {
        return problem.hasNonNull("field") ? Optional.of(problem.get("field").asText()) : Optional.empty();
    }
}
