package com.cardscry.portal.functions.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.cardscry.portal.application.CheckHealth;
import com.cardscry.portal.application.port.ComponentHealth;
import com.cardscry.portal.application.port.HealthIndicator;
import com.cardscry.portal.contract.OpenApiContract;
import com.cardscry.portal.local.http.LocalHttpRequest;
import com.cardscry.portal.local.http.LocalHttpResponse;
import com.cardscry.portal.testing.HttpRequests;
import com.cardscry.portal.testing.HttpResponses;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HealthFunctionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OpenApiContract CONTRACT = OpenApiContract.load();

    private static final HealthIndicator STORE_UP = () -> ComponentHealth.up("store", "embedded");
    private static final HealthIndicator QUEUE_UP = () -> ComponentHealth.up("queue", "embedded");

    @Nested
    class Returns200 {

        @Test
        void when_every_component_is_up() throws Exception {
            Answer answer = ask(named("store", STORE_UP), named("queue", QUEUE_UP));

            assertEquals(200, answer.response().getStatusCode());
            assertEquals("up", answer.body().get("status").asText());
            assertEquals("1.2.3", answer.body().get("version").asText());
            assertEquals(List.of("store", "queue"), answer.body().get("components").findValuesAsText("name"));
            answer.assertConformsAndIsNotCached();
        }
    }

    @Nested
    class Returns503 {

        @Test
        void when_one_component_is_down() throws Exception {
            Answer answer = ask(named("store", STORE_UP),
                    named("queue", () -> ComponentHealth.down("queue", "embedded", "not reachable")));

            assertEquals(503, answer.response().getStatusCode());
            assertEquals("down", answer.body().get("status").asText());
            JsonNode queue = answer.body().get("components").get(1);
            assertEquals("down", queue.get("status").asText());
            assertEquals("not reachable", queue.get("detail").asText());
            assertEquals("up", answer.body().get("components").get(0).get("status").asText());
            answer.assertConformsAndIsNotCached();
        }

        @Test
        void when_a_check_throws_and_the_detail_does_not_repeat_the_exception_message() throws Exception {
            String driverMessage = "connection to AccountEndpoint=https://x;AccountKey=c2VjcmV0 refused";
            Answer answer = ask(named("store", () -> {
                throw new IllegalStateException(driverMessage);
            }));

            assertEquals(503, answer.response().getStatusCode());
            JsonNode store = answer.body().get("components").get(0);
            assertEquals("store", store.get("name").asText());
            assertEquals("down", store.get("status").asText());
            assertFalse(HttpResponses.bodyAsString(answer.response()).contains("AccountKey"),
                    "the body must not carry the exception's message: " + HttpResponses.bodyAsString(answer.response()));
            answer.assertConformsAndIsNotCached();
        }
    }

    private static CheckHealth.Named named(String component, HealthIndicator indicator) {
        return new CheckHealth.Named(component, "embedded", indicator);
    }

    private static Answer ask(CheckHealth.Named... indicators) throws Exception {
        LocalHttpRequest request = HttpRequests.get("/api/v1/health").build();
        HealthFunction function = new HealthFunction(new CheckHealth("1.2.3", List.of(indicators)));
        LocalHttpResponse response = HttpResponses.of(function.health(request));
        return new Answer(request, response, JSON.readTree(HttpResponses.bodyAsString(response)));
    }

    private record Answer(LocalHttpRequest request, LocalHttpResponse response, JsonNode body) {

        void assertConformsAndIsNotCached() {
            CONTRACT.assertResponseConforms(request, response);
            assertEquals("no-store", response.getHeader("cache-control"));
        }
    }
}
