package com.cardscry.portal.adapters.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.domain.Plan;
import com.cardscry.portal.domain.PlanCatalogue;
import com.cardscry.portal.domain.PlanEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlanCatalogueFileTest {

    /** A valid plan entry; tests change one part of it. */
    private static final String STARTER = """
            {"id": "starter", "name": "Starter", "description": "For small apps.", "environment": "live",
             "rateLimitPerSecond": 10, "monthlyQuota": 100000, "approvalRequired": false,
             "keysPerSubscription": 2, "subscriptionsPerAccount": 1, "maxKeyLifetimeDays": 365}""";

    @TempDir
    Path folder;

    @Nested
    class Reads {

        @Test
        void the_built_in_catalogue_sandbox_starter_and_scale() {
            PlanCatalogue builtIn = PlanCatalogueFile.builtIn();

            assertEquals(List.of("sandbox", "starter", "scale"), builtIn.plans().stream().map(Plan::id).toList());
            assertEquals(PlanEnvironment.TEST, builtIn.find("sandbox").orElseThrow().environment());
            assertTrue(builtIn.find("scale").orElseThrow().approvalRequired());
        }

        @Test
        void every_field_of_a_file_in_order() throws IOException {
            PlanCatalogue read = PlanCatalogueFile.read(file("{\"plans\": [" + STARTER + ", "
                    + STARTER.replace("\"starter\"", "\"scale\"").replace("100000", "5000000000") + "]}"));

            assertEquals(List.of(
                    new Plan("starter", "Starter", "For small apps.", PlanEnvironment.LIVE, 10, 100_000L, false, 2, 1, Duration.ofDays(365)),
                    new Plan("scale", "Starter", "For small apps.", PlanEnvironment.LIVE, 10, 5_000_000_000L, false, 2, 1, Duration.ofDays(365))),
                    read.plans());
        }
    }

    @Nested
    class RefusesNamingFileAndPlanAndField {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                unknown field           | "approvalRequired": false                  | "approvalRequired": false, "tier": "gold" | plan #1 ('starter'): unknown field "tier"
                missing field           | , "maxKeyLifetimeDays": 365                |                                           | plan #1 ('starter'): missing field "maxKeyLifetimeDays"
                null                    | "description": "For small apps."           | "description": null                       | plan #1 ('starter'): field "description" must not be null
                number as string        | "rateLimitPerSecond": 10                   | "rateLimitPerSecond": "10"                | plan #1 ('starter'): field "rateLimitPerSecond" must be an integer
                fraction                | "monthlyQuota": 100000                     | "monthlyQuota": 1.5                       | plan #1 ('starter'): field "monthlyQuota" must be an integer
                too large for an int    | "keysPerSubscription": 2                   | "keysPerSubscription": 3000000000         | plan #1 ('starter'): field "keysPerSubscription" must be an integer
                string as boolean       | "approvalRequired": false                  | "approvalRequired": "no"                  | plan #1 ('starter'): field "approvalRequired" must be true or false
                unknown environment     | "environment": "live"                      | "environment": "production"               | plan #1 ('starter'): environment must be live or test
                upper case environment  | "environment": "live"                      | "environment": "LIVE"                     | plan #1 ('starter'): environment must be live or test
                zero rate limit         | "rateLimitPerSecond": 10                   | "rateLimitPerSecond": 0                   | plan #1 ('starter'): rateLimitPerSecond must be at least 1
                zero key lifetime       | "maxKeyLifetimeDays": 365                  | "maxKeyLifetimeDays": 0                   | plan #1 ('starter'): maxKeyLifetime must be
                id no slug              | "id": "starter"                            | "id": "Starter Plan"                      | plan #1: id must be
                repeated field          | "name": "Starter"                          | "name": "Starter", "name": "Other"        | repeats a field: Duplicate field 'name'
                """)
        void a_bad_plan(String what, String valid, String broken, String expected) throws IOException {
            assertTrue(STARTER.contains(valid), "the test's own input: " + valid);
            Path file = file("{\"plans\": [" + STARTER.replace(valid, broken == null ? "" : broken) + "]}");

            InvalidPlanCatalogueException refused = assertThrows(InvalidPlanCatalogueException.class, () -> PlanCatalogueFile.read(file));

            assertEquals(file.toString(), refused.source());
            assertTrue(refused.getMessage().startsWith("Plan catalogue " + file + ": "), refused.getMessage());
            assertTrue(refused.getMessage().contains(expected), refused.getMessage());
        }

        @Test
        void a_repeated_plan_id_no_plan_and_a_wrong_shape() throws IOException {
            assertRefused("{\"plans\": [" + STARTER + ", " + STARTER + "]}", "plan id 'starter' is used more than once");
            assertRefused("{\"plans\": []}", "at least one plan");
            assertRefused("{\"plans\": {}}", "\"plans\" must be an array");
            assertRefused("{\"plans\": [" + STARTER + "], \"version\": 2}", "the top level: unknown field \"version\"");
            assertRefused("{}", "the top level: missing field \"plans\"");
            assertRefused("[]", "must be a JSON object");
            assertRefused("{\"plans\": [" + STARTER + ", 7]}", "plan #2 must be a JSON object");
            assertRefused("{\"plans\": [" + STARTER, "is not valid JSON");
        }

        @Test
        void a_file_that_is_not_there() {
            Path missing = folder.resolve("nowhere.json");

            InvalidPlanCatalogueException refused = assertThrows(InvalidPlanCatalogueException.class, () -> PlanCatalogueFile.read(missing));

            assertTrue(refused.getMessage().contains(missing + ": cannot be read"), refused.getMessage());
        }

        private void assertRefused(String json, String expected) throws IOException {
            Path file = file(json);
            InvalidPlanCatalogueException refused = assertThrows(InvalidPlanCatalogueException.class, () -> PlanCatalogueFile.read(file));
            assertTrue(refused.getMessage().contains(file + ": "), refused.getMessage());
            assertTrue(refused.getMessage().contains(expected), refused.getMessage());
        }
    }

    private Path file(String json) throws IOException {
        Path file = Files.createTempFile(folder, "plans", ".json");
        Files.writeString(file, json);
        return file;
    }
}
