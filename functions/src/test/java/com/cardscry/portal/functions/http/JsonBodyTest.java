package com.cardscry.portal.functions.http;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.contract.OpenApiContract;
import com.cardscry.portal.local.http.LocalHttpRequest;
import com.cardscry.portal.testing.HttpRequests;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonBodyTest {

    private static final int MAX_BYTES = 1024;

    /** A command with every kind of component the portal's commands use. */
    record SignUp(String name, int seats, boolean newsletter, Plan plan, Optional<String> company,
                  Address address, List<Contact> contacts, Optional<Instant> startsAt) {
    }

    record Address(String city, Optional<String> postcode) {
    }

    record Contact(String email) {
    }

    enum Plan { FREE, PRO }

    /** A self-validating command whose constructor quotes the value, as a careless one might. */
    record Rename(String name) {
        Rename {
            if (name.isBlank()) {
                throw new IllegalArgumentException("name '" + name + "' is blank");
            }
        }
    }

    private static final String VALID = """
            {"name":"Ada","seats":3,"newsletter":true,"plan":"PRO",
             "address":{"city":"London"},
             "contacts":[{"email":"ada@example.com"}]}""";

    @Nested
    class Binds {

        @Test
        void every_component_with_absent_optionals_empty() {
            SignUp command = bound(bind(json(VALID), SignUp.class));

            assertEquals(new SignUp("Ada", 3, true, Plan.PRO, Optional.empty(), new Address("London", Optional.empty()),
                    List.of(new Contact("ada@example.com")), Optional.empty()), command);
        }

        @Test
        void optionals_that_are_present_or_null() {
            String body = VALID.replace("\"address\":{\"city\":\"London\"}",
                    "\"company\":\"Cardscry\",\"startsAt\":\"2026-02-01T00:00:00Z\",\"address\":{\"city\":\"London\",\"postcode\":null}");

            SignUp command = bound(bind(json(body), SignUp.class));

            assertEquals(Optional.of("Cardscry"), command.company());
            assertEquals(Optional.of(Instant.parse("2026-02-01T00:00:00Z")), command.startsAt());
            assertEquals(Optional.empty(), command.address().postcode());
        }

        @Test
        void strings_with_tab_line_feed_carriage_return_and_non_ascii_text() {
            Rename command = bound(bind(json("{\"name\":\"Zoë\\tÅsa\\r\\nБорис 😀\"}"), Rename.class));

            assertEquals("Zoë\tÅsa\r\nБорис 😀", command.name());
        }

        @ParameterizedTest
        @ValueSource(strings = {"application/json", "Application/JSON", "application/json; charset=utf-8",
                "application/json;charset=\"UTF-8\"", "application/merge-patch+json"})
        void with_a_json_content_type(String contentType) {
            bound(bind(request(contentType, "{\"name\":\"Ada\"}"), Rename.class));
        }

        @Test
        void a_body_of_exactly_the_limit_counting_utf8_bytes() {
            // "é" is two bytes in UTF-8; {"name":"x"} is eleven bytes of syntax and one of text.
            String body = "{\"name\":\"x" + "é".repeat((MAX_BYTES - 12) / 2) + "\"}";
            assertEquals(MAX_BYTES, body.getBytes(StandardCharsets.UTF_8).length);

            bound(bind(json(body), Rename.class));
        }

        @Test
        void nesting_up_to_the_limit() {
            record Anything(List<Object> value) {
            }
            int arrays = JsonBody.MAX_NESTING_DEPTH - 1; // the object around them is the first level
            String body = "{\"value\":" + "[".repeat(arrays) + "]".repeat(arrays) + "}";

            bound(bind(json(body), Anything.class));
        }
    }

    @Nested
    class Returns415UnsupportedMediaType {

        @ParameterizedTest
        @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/jsonp",
                "application/json; charset=iso-8859-1", "application/+json", "multipart/form-data; boundary=x"})
        void for_any_other_content_type(String contentType) {
            assertProblem(bind(request(contentType, "{\"name\":\"Ada\"}"), Rename.class),
                    ProblemType.UNSUPPORTED_MEDIA_TYPE, null);
        }

        @Test
        void without_a_content_type() {
            LocalHttpRequest request = HttpRequests.post("/api/v1/x").body("{\"name\":\"Ada\"}").build();

            assertProblem(bind(request, Rename.class), ProblemType.UNSUPPORTED_MEDIA_TYPE, null);
        }
    }

    @Nested
    class Returns413PayloadTooLarge {

        @Test
        void one_utf8_byte_over_the_limit_though_fewer_characters() {
            String body = "{\"name\":\"xx" + "é".repeat((MAX_BYTES - 12) / 2) + "\"}";
            assertTrue(body.length() < MAX_BYTES);

            assertProblem(bind(json(body), Rename.class), ProblemType.PAYLOAD_TOO_LARGE, null);
        }

        @Test
        void counting_a_surrogate_pair_as_four_bytes() {
            assertFalse(JsonBody.isLongerThan("😀", 4));
            assertTrue(JsonBody.isLongerThan("😀😀", 7));
        }
    }

    @Nested
    class Returns400MalformedJson {

        @Test
        void with_line_and_column_but_not_the_content() {
            Problem problem = assertProblem(bind(json("{\n  \"name\": secretvalue\n}"), Rename.class),
                    ProblemType.MALFORMED_JSON, null);

            assertTrue(problem.detail().contains("line 2"), problem.detail());
            assertFalse(problem.detail().contains("secretvalue"), problem.detail());
        }

        @ParameterizedTest
        @ValueSource(strings = {"{", "{\"name\":\"Ada\"", "{'name':'Ada'}", "{\"name\":\"Ada\"} {}", "{\"name\":\"Ada\"} x",
                "{\"name\":\"Ada\",}", "{\"name\":\"A\u0001\"}", "nonsense"})
        void for_truncated_invalid_or_trailing_text(String body) {
            assertProblem(bind(json(body), Rename.class), ProblemType.MALFORMED_JSON, null);
        }
    }

    @Nested
    class Returns400InvalidRequest {

        @ParameterizedTest
        @ValueSource(strings = {"", " ", "\n\t "})
        void for_an_empty_body(String body) {
            assertProblem(bind(json(body), Rename.class), ProblemType.INVALID_REQUEST, null);
        }

        @Test
        void for_a_request_without_a_body() {
            LocalHttpRequest request = HttpRequests.post("/api/v1/x").header("Content-Type", "application/json").build();

            assertProblem(bind(request, Rename.class), ProblemType.INVALID_REQUEST, null);
        }

        @ParameterizedTest
        @ValueSource(strings = {"[]", "[{\"name\":\"Ada\"}]", "\"Ada\"", "42", "true", "null"})
        void for_a_top_level_that_is_not_an_object(String body) {
            assertProblem(bind(json(body), Rename.class), ProblemType.INVALID_REQUEST, null);
        }

        @Test
        void for_an_unknown_property_naming_it() {
            assertProblem(bind(json("{\"name\":\"Ada\",\"role\":\"admin\"}"), Rename.class), ProblemType.INVALID_REQUEST, "/role");
        }

        @Test
        void for_an_unknown_property_inside_a_list_naming_its_path() {
            String body = VALID.replace("{\"email\":\"ada@example.com\"}", "{\"email\":\"ada@example.com\",\"admin\":true}");

            assertProblem(bind(json(body), SignUp.class), ProblemType.INVALID_REQUEST, "/contacts/0/admin");
        }

        @Test
        void for_an_unknown_property_whose_name_needs_escaping() {
            assertProblem(bind(json("{\"name\":\"Ada\",\"a/b~c\":1}"), Rename.class), ProblemType.INVALID_REQUEST, "/a~1b~0c");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"seats\":\"3\"", "\"seats\":3.5", "\"seats\":true", "\"seats\":{}", "\"seats\":99999999999"})
        void for_a_number_of_the_wrong_type_naming_it(String seats) {
            Problem problem = assertProblem(bind(json(VALID.replace("\"seats\":3", seats)), SignUp.class),
                    ProblemType.INVALID_REQUEST, "/seats");

            assertTrue(problem.detail().contains("integer"), problem.detail());
        }

        @ParameterizedTest
        @ValueSource(strings = {"5", "true", "{}", "[\"Ada\"]"})
        void for_a_string_of_the_wrong_type_naming_it(String name) {
            assertProblem(bind(json(VALID.replace("\"Ada\"", name)), SignUp.class), ProblemType.INVALID_REQUEST, "/name");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"yes\"", "1"})
        void for_a_boolean_of_the_wrong_type_naming_it(String newsletter) {
            assertProblem(bind(json(VALID.replace("\"newsletter\":true", "\"newsletter\":" + newsletter)), SignUp.class),
                    ProblemType.INVALID_REQUEST, "/newsletter");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"GOLD\"", "1", "\"pro\""})
        void for_a_value_outside_an_enumeration_without_repeating_it(String plan) {
            Problem problem = assertProblem(bind(json(VALID.replace("\"PRO\"", plan)), SignUp.class),
                    ProblemType.INVALID_REQUEST, "/plan");

            assertFalse(problem.detail().contains(plan.replace("\"", "")), problem.detail());
        }

        @Test
        void for_a_nested_value_of_the_wrong_type_naming_its_path() {
            assertProblem(bind(json(VALID.replace("{\"city\":\"London\"}", "{\"city\":[1]}")), SignUp.class),
                    ProblemType.INVALID_REQUEST, "/address/city");
            assertProblem(bind(json(VALID.replace("{\"city\":\"London\"}", "\"London\"")), SignUp.class),
                    ProblemType.INVALID_REQUEST, "/address");
        }

        @Test
        void for_a_missing_required_string_naming_it() {
            assertProblem(bind(json(VALID.replace("\"name\":\"Ada\",", "")), SignUp.class), ProblemType.INVALID_REQUEST, "/name");
        }

        @Test
        void for_a_null_required_string_naming_it() {
            assertProblem(bind(json(VALID.replace("\"Ada\"", "null")), SignUp.class), ProblemType.INVALID_REQUEST, "/name");
        }

        @Test
        void for_a_missing_primitive_rather_than_taking_zero() {
            assertProblem(bind(json(VALID.replace("\"seats\":3,", "")), SignUp.class), ProblemType.INVALID_REQUEST, "/seats");
        }

        @Test
        void for_a_missing_component_of_a_nested_record_or_list_element() {
            assertProblem(bind(json(VALID.replace("{\"city\":\"London\"}", "{}")), SignUp.class),
                    ProblemType.INVALID_REQUEST, "/address/city");
            assertProblem(bind(json(VALID.replace("{\"email\":\"ada@example.com\"}", "{\"email\":null}")), SignUp.class),
                    ProblemType.INVALID_REQUEST, "/contacts/0/email");
        }

        @Test
        void for_a_property_given_twice_naming_it() {
            assertProblem(bind(json("{\"name\":\"Ada\",\"name\":\"Eve\"}"), Rename.class), ProblemType.INVALID_REQUEST, "/name");
            assertProblem(bind(json(VALID.replace("{\"city\":\"London\"}", "{\"city\":\"London\",\"city\":\"Paris\"}")),
                    SignUp.class), ProblemType.INVALID_REQUEST, "/address/city");
        }

        @Test
        void for_nesting_deeper_than_the_limit() {
            record Anything(List<Object> value) {
            }
            int arrays = JsonBody.MAX_NESTING_DEPTH;
            String body = "{\"value\":" + "[".repeat(arrays) + "]".repeat(arrays) + "}";

            assertProblem(bind(json(body), Anything.class), ProblemType.INVALID_REQUEST, null);
        }

        @ParameterizedTest
        @ValueSource(strings = {"\\u0000", "\\u0007", "\\u001b", "\\u007f", "\\u0085"})
        void for_a_control_character_in_a_string_naming_the_field(String escaped) {
            Problem problem = assertProblem(bind(json("{\"name\":\"Ada" + escaped + "\"}"), Rename.class),
                    ProblemType.INVALID_REQUEST, "/name");

            assertFalse(problem.detail().contains("Ada"), problem.detail());
        }

        @Test
        void for_a_control_character_in_a_nested_string_or_a_property_name() {
            assertProblem(bind(json(VALID.replace("London", "Lon\\u0000don")), SignUp.class),
                    ProblemType.INVALID_REQUEST, "/address/city");
            assertProblem(bind(json(VALID.replace("{\"city\":\"London\"}", "{\"city\":\"London\",\"x\\u0000\":1}")), SignUp.class),
                    ProblemType.INVALID_REQUEST, "/address");
            assertProblem(bind(json("{\"name\":\"Ada\",\"\\u0000\":1}"), Rename.class), ProblemType.INVALID_REQUEST, null);
        }

        @Test
        void for_a_value_the_constructor_refuses_without_repeating_its_message() {
            Problem problem = assertProblem(bind(json("{\"name\":\"  \"}"), Rename.class), ProblemType.INVALID_REQUEST, null);

            assertFalse(problem.detail().contains("blank"), problem.detail());
        }
    }

    @Test
    void every_problem_is_a_document_the_openapi_problem_schema_accepts() {
        OpenApiContract contract = OpenApiContract.load();
        List<LocalHttpRequest> requests = List.of(json(""), request("text/plain", "{}"), json("x".repeat(MAX_BYTES + 1)),
                json("{"), json("{\"name\":\"Ada\",\"role\":\"admin\"}"));

        assertAll(requests.stream().map(request -> () -> {
            Problem problem = rejected(bind(request, Rename.class));
            contract.assertConformsToSchema("Problem", JsonResponses.write(JsonResponses.problemDocument(problem)));
        }));
    }

    /**
     * Whatever bytes arrive (decoded as the worker decodes them), the answer is a bound record or a
     * 4xx problem, never an exception.
     */
    @Property(tries = 500)
    void any_bytes_bind_or_give_a_4xx_problem(@ForAll("bodies") String body) {
        JsonBody.Result<SignUp> result = bind(json(body), SignUp.class);

        if (result instanceof JsonBody.Rejected<SignUp> rejected) {
            int status = rejected.problem().status();
            assertTrue(status >= 400 && status < 500, "status " + status);
        }
    }

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> randomBytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(300)
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8));
        Arbitrary<String> jsonish = Arbitraries.strings().withChars("{}[]\":,0123456789.-+eEtrufalsn \\u/").ofMaxLength(200);
        Arbitrary<String> mutatedValid = Arbitraries.integers().between(0, VALID.length() - 1)
                .flatMap(cut -> Arbitraries.strings().withChars("{}[]\":,1tn\\").ofMaxLength(3)
                        .map(noise -> VALID.substring(0, cut) + noise + VALID.substring(cut)));
        return Arbitraries.oneOf(randomBytes, jsonish, mutatedValid);
    }

    @Nested
    class WhenTheBodyIsOptional {

        record Reason(java.util.Optional<String> reason) {
        }

        private final Reason none = new Reason(java.util.Optional.empty());

        @Test
        void an_absent_or_empty_body_is_the_default() {
            assertEquals(none, bound(JsonBody.bindOptional(HttpRequests.post("/api/v1/x").build(), Reason.class, MAX_BYTES, none)));
            assertEquals(none, bound(JsonBody.bindOptional(json(""), Reason.class, MAX_BYTES, none)));
        }

        @Test
        void a_body_that_is_there_must_bind() {
            assertEquals(new Reason(java.util.Optional.of("why")),
                    bound(JsonBody.bindOptional(json("{\"reason\":\"why\"}"), Reason.class, MAX_BYTES, none)));
            assertEquals(java.util.Optional.of("/extra"),
                    rejected(JsonBody.bindOptional(json("{\"extra\":1}"), Reason.class, MAX_BYTES, none)).field());
        }
    }

    private static <T extends Record> JsonBody.Result<T> bind(LocalHttpRequest request, Class<T> type) {
        return JsonBody.bind(request, type, MAX_BYTES);
    }

    private static LocalHttpRequest json(String body) {
        return request("application/json", body);
    }

    private static LocalHttpRequest request(String contentType, String body) {
        return HttpRequests.post("/api/v1/commands").header("Content-Type", contentType).body(body).build();
    }

    private static <T> T bound(JsonBody.Result<T> result) {
        return result.fold(value -> value, problem -> fail("expected a bound record, got " + problem));
    }

    private static Problem rejected(JsonBody.Result<?> result) {
        return result.fold(value -> fail("expected a problem, got " + value), problem -> problem);
    }

    /** Asserts the problem's type and field ({@code null}: no field), and returns it. */
    private static Problem assertProblem(JsonBody.Result<?> result, ProblemType type, String field) {
        Problem problem = rejected(result);
        assertEquals(type, problem.type(), problem::toString);
        assertEquals(Optional.ofNullable(field), problem.field(), problem::toString);
        return problem;
    }
}
