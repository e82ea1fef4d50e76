package com.cardscry.portal.local.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteTemplateTest {

    private static List<String> path(String path) {
        return path.isEmpty() ? List.of() : Arrays.asList(path.split("/"));
    }

    @Nested
    class Matching {

        @ParameterizedTest(name = "{0} matches {1}")
        @CsvSource({
            "v1/sessions/{id},             API/V1/SESSIONS/abc",
            "v1/things/{n:int},            api/v1/things/2147483647",
            "v1/things/{n:int},            api/v1/things/-2147483648",
            "v1/things/{id:guid},          api/v1/things/0F8FAD5B-D9CB-469F-A165-70867728950E",
            "v1/things/{name:ALPHA},       api/v1/things/Widget",
            "v1/pages/{n:int?},            api/v1/pages",
            "v1/pages/{n:int?},            api/v1/pages/7",
        })
        void accepts(String template, String path) {
            assertTrue(RouteTemplate.parse("api", template).match(path(path)).isPresent());
        }

        @ParameterizedTest(name = "{0} does not match {1}")
        @CsvSource({
            "v1/things/{n:int},            api/v1/things/2147483648",
            "v1/things/{n:int},            api/v1/things/1.5",
            "v1/things/{id:guid},          api/v1/things/0f8fad5b-d9cb-469f-a165-70867728950",
            "v1/things/{name:alpha},       api/v1/things/widget2",
            "v1/pages/{n:int?},            api/v1/pages/x",
            "v1/sessions/{id},             api/v1/sessions",
            "v1/sessions,                  api/v1/sessions/x",
        })
        void refuses(String template, String path) {
            assertEquals(Optional.empty(), RouteTemplate.parse("api", template).match(path(path)));
        }

        @Test
        void routeValuesKeepTheirCaseAndAreFoundCaseInsensitively() {
            Map<String, String> values = RouteTemplate.parse("api", "v1/{Id}").match(path("api/v1/AbC")).orElseThrow();

            assertEquals("AbC", values.get("id"));
        }
    }

    @Nested
    class Specificity {

        @Test
        void literalBeatsConstrainedBeatsPlainBeatsOptional() {
            RouteTemplate literal = RouteTemplate.parse("api", "a/current");
            RouteTemplate constrained = RouteTemplate.parse("api", "a/{id:int}");
            RouteTemplate plain = RouteTemplate.parse("api", "a/{id}");
            RouteTemplate optional = RouteTemplate.parse("api", "a/{id?}");

            List<RouteTemplate> sorted = new ArrayList<>(List.of(optional, plain, constrained, literal));
            sorted.sort(RouteTemplate::bySpecificity);

            assertEquals(List.of(literal, constrained, plain, optional), sorted);
        }

        @Test
        void theLeftmostDifferenceDecides() {
            RouteTemplate literalFirst = RouteTemplate.parse("", "a/{x}");
            RouteTemplate parameterFirst = RouteTemplate.parse("", "{x}/b");

            assertTrue(RouteTemplate.bySpecificity(literalFirst, parameterFirst) < 0);
        }
    }

    @Nested
    class Refuses {

        @ParameterizedTest(name = "{0}")
        @CsvSource({
            "v1/{id:decimal},     unknown constraint 'decimal'",
            "v1/{id:int:min(1)},  unknown constraint 'int:min(1)'",
            "v1/{id?}/more,       only the last segment may be optional",
            "v1/file{id},         is not supported",
            "v1/{*rest},          is not supported",
            "v1//x,               empty segment",
            "v1/{id}/{ID},        appears twice",
        })
        void unsupportedTemplates(String template, String reason) {
            IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                    () -> RouteTemplate.parse("api", template));

            assertTrue(failure.getMessage().contains(reason), failure.getMessage());
        }
    }
}
