package com.cardscry.portal.local.http;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.contract.OpenApiContract;
import com.cardscry.portal.local.HostJson;
import com.cardscry.portal.local.fixtures.CommandFunctions;
import com.cardscry.portal.testing.BadInputCorpus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole path a bad request takes on the host, for a write route that binds its body like every
 * portal route: the shared corpus must come back as 4xx problem documents, never a 500, never with a
 * stack trace or the offending value.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputThroughTheHostTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private TestHost host;

    @BeforeAll
    void start() {
        host = new TestHost(HostJson.DEFAULTS, List.of(CommandFunctions.class));
    }

    @AfterAll
    void stop() {
        host.close();
    }

    static Map<String, String> validWidget() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("name", "\"sprocket\"");
        fields.put("quantity", "3");
        fields.put("note", "\"blue\"");
        return fields;
    }

    static Stream<BadInputCorpus.Case> corpus() {
        return BadInputCorpus.forBody(validWidget(), List.of("name", "quantity"), CommandFunctions.MAX_BODY_BYTES).stream();
    }

    @Test
    void the_valid_body_is_accepted_so_the_rejections_below_are_about_the_faults() {
        HttpResponse<String> response = host.send(host.request("/api/fixtures/widgets")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"sprocket\",\"quantity\":3,\"note\":\"blue\"}")).build());
        assertEquals(201, response.statusCode(), response.body());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void each_bad_body_gets_a_4xx_problem_document(BadInputCorpus.Case bad) throws Exception {
        HttpRequest.Builder request = host.request("/api/fixtures/widgets")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bad.body()));
        bad.contentType().ifPresent(type -> request.header("Content-Type", type));

        HttpResponse<String> response = host.send(request.build());

        int status = response.statusCode();
        assertAll(
                () -> assertTrue(status >= 400 && status < 500, bad + " answered " + status + ": " + response.body()),
                () -> assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse("")),
                () -> OpenApiContract.load().assertConformsToSchema("Problem", response.body()),
                () -> assertFalse(response.body().contains("Exception"), response.body()),
                () -> assertFalse(response.body().contains("at com."), response.body()),
                () -> assertFalse(response.body().contains("sprocket"), "the problem echoes the input: " + response.body()));
        if (bad.field().isPresent()) {
            JsonNode problem = JSON.readTree(response.body());
            assertEquals(bad.field().get(), problem.path("field").asText(), bad + ": " + response.body());
        }
    }
}
