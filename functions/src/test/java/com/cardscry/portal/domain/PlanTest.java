package com.cardscry.portal.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlanTest {

    static Plan plan(String id) {
        return new Plan(id, "Starter", "For apps in their first months.", PlanEnvironment.LIVE, 10, 100_000L, false, 2, 1,
                Duration.ofDays(365));
    }

    @Nested
    class Accepts {

        @ParameterizedTest
        @ValueSource(strings = {"a", "starter", "scale-2", "x1-y2-z3", "abcdefghijabcdefghijabcdefghijabcdefghij"})
        void lower_case_slugs_up_to_40_characters(String id) {
            assertEquals(id, plan(id).id());
        }

        @Test
        void the_key_lifetime_in_whole_days() {
            assertEquals(365, plan("starter").maxKeyLifetimeDays());
        }
    }

    @Nested
    class RefusesNamingTheField {

        @ParameterizedTest
        @ValueSource(strings = {"", "Starter", "star ter", "-starter", "starter-", "star--ter", "stärter", "star_ter",
                "abcdefghijabcdefghijabcdefghijabcdefghijk"})
        void an_id_that_is_no_lower_case_slug(String id) {
            assertMentions("id", () -> plan(id));
        }

        @Test
        void blank_padded_overlong_or_control_character_texts() {
            Plan valid = plan("starter");
            for (String name : List.of("", " ", " Starter", "Starter\n", "S".repeat(Plan.MAX_NAME_LENGTH + 1), "Star\u0007ter")) {
                assertMentions("name", () -> new Plan("starter", name, valid.description(), valid.environment(), 1, 1, false, 1, 1,
                        Duration.ofDays(1)));
            }
            assertMentions("description", () -> new Plan("starter", "Starter", "d".repeat(Plan.MAX_DESCRIPTION_LENGTH + 1),
                    PlanEnvironment.TEST, 1, 1, false, 1, 1, Duration.ofDays(1)));
        }

        @Test
        void limits_below_one() {
            assertMentions("rateLimitPerSecond", () -> new Plan("p", "P", "D", PlanEnvironment.TEST, 0, 1, false, 1, 1, Duration.ofDays(1)));
            assertMentions("monthlyQuota", () -> new Plan("p", "P", "D", PlanEnvironment.TEST, 1, 0, false, 1, 1, Duration.ofDays(1)));
            assertMentions("keysPerSubscription", () -> new Plan("p", "P", "D", PlanEnvironment.TEST, 1, 1, false, -1, 1, Duration.ofDays(1)));
            assertMentions("subscriptionsPerAccount", () -> new Plan("p", "P", "D", PlanEnvironment.TEST, 1, 1, false, 1, 0, Duration.ofDays(1)));
        }

        @Test
        void a_key_lifetime_under_a_day_or_not_in_whole_days() {
            for (Duration lifetime : List.of(Duration.ZERO, Duration.ofHours(23), Duration.ofDays(-1), Duration.ofDays(2).plusSeconds(1))) {
                assertMentions("maxKeyLifetime", () -> new Plan("p", "P", "D", PlanEnvironment.TEST, 1, 1, false, 1, 1, lifetime));
            }
        }

        private static void assertMentions(String field, org.junit.jupiter.api.function.Executable construction) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, construction);
            assertTrue(refused.getMessage().startsWith(field + " "), refused.getMessage());
        }
    }

    @Nested
    class Environment {

        @Test
        void codes_are_lower_case_and_nothing_else_reads_back() {
            assertEquals("live", PlanEnvironment.LIVE.code());
            assertEquals(PlanEnvironment.TEST, PlanEnvironment.fromCode("test"));
            assertThrows(IllegalArgumentException.class, () -> PlanEnvironment.fromCode("LIVE"));
            assertThrows(IllegalArgumentException.class, () -> PlanEnvironment.fromCode("prod"));
        }
    }

    @Nested
    class Catalogue {

        @Test
        void keeps_the_declared_order_and_finds_plans_by_id() {
            PlanCatalogue catalogue = new PlanCatalogue(List.of(plan("sandbox"), plan("starter"), plan("scale")));

            assertEquals(List.of("sandbox", "starter", "scale"), catalogue.plans().stream().map(Plan::id).toList());
            assertEquals(Optional.of(plan("scale")), catalogue.find("scale"));
            assertEquals(Optional.empty(), catalogue.find("Scale"));
            assertEquals(Optional.empty(), catalogue.find("enterprise"));
        }

        @Test
        void refuses_no_plans_and_a_repeated_id() {
            assertThrows(IllegalArgumentException.class, () -> new PlanCatalogue(List.of()));
            IllegalArgumentException repeated = assertThrows(IllegalArgumentException.class,
                    () -> new PlanCatalogue(List.of(plan("starter"), plan("scale"), plan("starter"))));
            assertTrue(repeated.getMessage().contains("'starter'"), repeated.getMessage());
        }
    }
}
