package com.cardscry.portal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.security.PortalUnderTest.Call;
import com.cardscry.portal.testing.BadInputCorpus;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;

/**
 * Runs the shared {@link BadInputCorpus} against write routes over HTTP (DESIGN.md 6): every case must
 * answer a 4xx problem document that names the field when the fault is one field's, never a 500. A
 * route that takes no body gets the corpus's bodies too and must ignore them or refuse them, never fail.
 */
final class BadInputRoutes {

    private BadInputRoutes() {
    }

    /**
     * A write route and the corpus it runs.
     *
     * @param method       the HTTP method
     * @param pathTemplate the path, {@code {placeholder}}s filled from the test's values
     * @param bearer       the token of the caller, from the test's portal (for a gateway route, the function key;
     *                     null for an anonymous route)
     * @param cases        the bad bodies
     * @param takesABody   whether the route reads a body (every case must be refused) or ignores it
     *                     (every case must get anything but a 5xx)
     * @param functionKey  whether {@code bearer} is a function key, sent as {@code x-functions-key}
     */
    record WriteRoute(String method, String pathTemplate, Function<PortalUnderTest, String> bearer,
                      List<BadInputCorpus.Case> cases, boolean takesABody, boolean functionKey) {

        static WriteRoute withBody(String method, String pathTemplate, Function<PortalUnderTest, String> bearer,
                                   List<BadInputCorpus.Case> cases) {
            return new WriteRoute(method, pathTemplate, bearer, cases, true, false);
        }

        /** A route of the gateway, which authenticates with the function key instead of a token. */
        static WriteRoute withFunctionKey(String method, String pathTemplate, Function<PortalUnderTest, String> functionKey,
                                          List<BadInputCorpus.Case> cases) {
            return new WriteRoute(method, pathTemplate, functionKey, cases, true, true);
        }

        /** A route anyone may call (the privacy form): sent without a credential. */
        static WriteRoute anonymous(String method, String pathTemplate, List<BadInputCorpus.Case> cases) {
            return new WriteRoute(method, pathTemplate, portal -> null, cases, true, false);
        }

        static WriteRoute withoutBody(String method, String pathTemplate, Function<PortalUnderTest, String> bearer,
                                      List<BadInputCorpus.Case> cases) {
            return new WriteRoute(method, pathTemplate, bearer, cases, false, false);
        }

        @Override
        public String toString() {
            return method + " " + pathTemplate;
        }
    }

    /** One container per route, one test per case; {@code values} fills the path placeholders. */
    static Stream<DynamicContainer> run(PortalUnderTest portal, List<WriteRoute> routes, Map<String, String> values) {
        return routes.stream().map(route -> DynamicContainer.dynamicContainer(route.toString(), route.cases().stream()
                .map(badInput -> DynamicTest.dynamicTest(badInput.name(), () -> check(portal, route, values, badInput)))));
    }

    private static void check(PortalUnderTest portal, WriteRoute route, Map<String, String> values, BadInputCorpus.Case badInput) {
        String path = route.pathTemplate();
        for (Map.Entry<String, String> value : values.entrySet()) {
            path = path.replace("{" + value.getKey() + "}", value.getValue());
        }
        String credential = route.bearer().apply(portal);
        Call call = (credential == null ? Call.of(route.method(), path)
                : route.functionKey() ? Call.of(route.method(), path).header("x-functions-key", credential)
                : Call.of(route.method(), path).bearer(credential)).body(badInput.body());
        if (badInput.contentType().isPresent()) {
            call = call.header("Content-Type", badInput.contentType().get());
        }
        HttpResponse<String> response = portal.send(call);

        if (!route.takesABody()) {
            assertTrue(response.statusCode() < 500, () -> "a body the route ignores got " + response.statusCode() + ": " + response.body());
            if (response.statusCode() >= 400) {
                ProblemDocuments.assertIsProblemDocument(response);
            }
            return;
        }
        assertTrue(response.statusCode() >= 400 && response.statusCode() < 500,
                () -> "expected a 4xx but got " + response.statusCode() + ": " + response.body());
        JsonNode problem = ProblemDocuments.assertIsProblemDocument(response);
        if (badInput.field().isPresent()) {
            assertEquals(badInput.field(), ProblemDocuments.field(problem), () -> "the field the problem names: " + response.body());
        }
    }
}
