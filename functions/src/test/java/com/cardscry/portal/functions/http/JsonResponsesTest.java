package com.cardscry.portal.functions.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.application.port.StoreUnavailableException;
import com.cardscry.portal.local.http.LocalHttpRequest;
import com.cardscry.portal.testing.HttpRequests;
import com.cardscry.portal.testing.HttpResponses;
import com.microsoft.azure.functions.HttpResponseMessage;
import org.junit.jupiter.api.Test;

/** A store outage in the middle of a request is a 503 the caller can retry, never a 500. */
class JsonResponsesTest {

    private final LocalHttpRequest request = HttpRequests.get("/api/v1/me").build();

    @Test
    void an_unreachable_store_is_503_service_unavailable_with_retry_after() {
        HttpResponseMessage answer = JsonResponses.unlessStoreUnavailable(request, () -> {
            throw new StoreUnavailableException("cosmos: connection refused to 10.0.0.7");
        });

        assertEquals(503, answer.getStatusCode());
        assertEquals("application/problem+json", answer.getHeader("Content-Type"));
        assertEquals(String.valueOf(JsonResponses.STORE_RETRY_AFTER_SECONDS), answer.getHeader("Retry-After"));
        String body = HttpResponses.bodyAsString(answer);
        assertTrue(body.contains("service-unavailable"), body);
        assertTrue(!body.contains("10.0.0.7"), "the cause's text stays in the server");
    }

    @Test
    void any_other_answer_or_failure_passes_through() {
        HttpResponseMessage ok = JsonResponses.json(request, 200, java.util.Map.of("fine", true));
        assertSame(ok, JsonResponses.unlessStoreUnavailable(request, () -> ok));
        assertThrows(IllegalStateException.class, () -> JsonResponses.unlessStoreUnavailable(request, () -> {
            throw new IllegalStateException("a bug is a bug");
        }));
    }
}
