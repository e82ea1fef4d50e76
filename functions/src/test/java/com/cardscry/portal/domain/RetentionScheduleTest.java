package com.cardscry.portal.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RetentionScheduleTest {

    private static final RetentionSchedule STANDARD = RetentionSchedule.standard(Duration.ofMinutes(30), Duration.ofHours(12));

    @Nested
    class AsShipped {

        @Test
        void has_one_entry_per_category_in_declared_order() {
            assertEquals(Arrays.asList(RetentionCategory.values()),
                    STANDARD.entries().stream().map(RetentionSchedule.Entry::category).toList());
        }

        @Test
        void keeps_the_periods_the_privacy_policy_states() {
            assertEquals(Duration.ofDays(7), STANDARD.period(RetentionCategory.UNVERIFIED_SIGN_UPS));
            assertEquals(Duration.ofDays(30), STANDARD.period(RetentionCategory.API_KEYS));
            assertEquals(Duration.ofDays(90), STANDARD.period(RetentionCategory.USAGE_HOURLY));
            assertEquals(Duration.ofDays(396), STANDARD.period(RetentionCategory.USAGE_DAILY));
            assertEquals(Duration.ofDays(3653), STANDARD.period(RetentionCategory.BILLING_RECORDS));
            assertEquals(Duration.ofDays(1096), STANDARD.period(RetentionCategory.PRIVACY_REQUESTS));
            assertEquals(Duration.ofDays(7), STANDARD.period(RetentionCategory.EXPORTS));
            assertEquals(Duration.ofDays(365), STANDARD.period(RetentionCategory.AUDIT_TRAIL));
        }

        @Test
        void sessions_are_kept_by_their_limits_in_words_and_have_no_period() {
            RetentionSchedule.Entry sessions = STANDARD.entry(RetentionCategory.SESSIONS);
            assertEquals("until the session ends: 30 minutes unused, or 12 hours after it started", sessions.keep().inWords());
            assertThrows(IllegalStateException.class, sessions::period);
        }

        @Test
        void says_a_fixed_period_in_days_and_what_it_counts_from() {
            assertEquals("90 days after the hour ends", STANDARD.entry(RetentionCategory.USAGE_HOURLY).keep().inWords());
        }

        @Test
        void category_ids_are_stable_and_found_again() {
            assertEquals("usage-hourly", RetentionCategory.USAGE_HOURLY.id());
            for (RetentionCategory category : RetentionCategory.values()) {
                assertEquals(category, RetentionCategory.fromId(category.id()).orElseThrow());
            }
            assertTrue(RetentionCategory.fromId("USAGE_HOURLY").isEmpty());
        }
    }

    @Nested
    class Overrides {

        @Test
        void replace_a_fixed_period_and_keep_its_words() {
            RetentionSchedule changed = STANDARD.withOverrides(Map.of(RetentionCategory.USAGE_HOURLY, Duration.ofDays(120)));
            assertEquals(Duration.ofDays(120), changed.period(RetentionCategory.USAGE_HOURLY));
            assertEquals("120 days after the hour ends", changed.entry(RetentionCategory.USAGE_HOURLY).keep().inWords());
            assertEquals(STANDARD.entry(RetentionCategory.EXPORTS), changed.entry(RetentionCategory.EXPORTS));
        }

        @Test
        void below_a_legal_minimum_are_refused_naming_the_category() {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> STANDARD.withOverrides(Map.of(RetentionCategory.BILLING_RECORDS, Duration.ofDays(365))));
            assertTrue(refused.getMessage().startsWith("billing-records: 365 days is shorter than the 3653 days"), refused.getMessage());
        }

        @Test
        void for_a_category_kept_until_an_event_are_refused() {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> STANDARD.withOverrides(Map.of(RetentionCategory.SESSIONS, Duration.ofDays(1))));
            assertTrue(refused.getMessage().startsWith("sessions is kept until the session ends"), refused.getMessage());
        }

        @Test
        void that_keep_daily_usage_shorter_than_hourly_are_refused() {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> STANDARD.withOverrides(Map.of(RetentionCategory.USAGE_DAILY, Duration.ofDays(30))));
            assertTrue(refused.getMessage().contains("usage-daily must be kept at least as long as usage-hourly"), refused.getMessage());
        }
    }

    @Nested
    class Ttl {

        private final Instant now = Instant.parse("2026-03-01T00:00:00Z");

        @Test
        void is_the_time_left_of_the_period_counted_from_its_event() {
            Instant hourEnded = now.minus(Duration.ofDays(10));
            assertEquals(Duration.ofDays(80).toSeconds(), STANDARD.ttlSeconds(RetentionCategory.USAGE_HOURLY, hourEnded, now));
        }

        @Test
        void is_one_second_when_the_period_is_already_over() {
            assertEquals(1, STANDARD.ttlSeconds(RetentionCategory.EXPORTS, now.minus(Duration.ofDays(30)), now));
        }
    }
}
