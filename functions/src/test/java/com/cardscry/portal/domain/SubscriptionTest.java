package com.cardscry.portal.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SubscriptionTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private static Plan plan(boolean approvalRequired) {
        return new Plan("scale", "Scale", "For busy apps.", PlanEnvironment.LIVE, 100, 10_000_000L, approvalRequired, 5, 1,
                Duration.ofDays(365));
    }

    private static Subscription active() {
        return Subscription.request("sub-1", "acc-1", plan(false), Optional.empty(), NOW);
    }

    @Nested
    class WhenRequested {

        @Test
        void a_plan_that_needs_approval_starts_submitted() {
            Subscription submitted = Subscription.request("sub-1", "acc-1", plan(true), Optional.empty(), NOW);

            assertEquals(SubscriptionState.SUBMITTED, submitted.state());
            assertEquals("scale", submitted.planId());
            assertEquals(NOW, submitted.createdAt());
            assertEquals(NOW, submitted.updatedAt());
            assertEquals(Set.of(), submitted.expiryNoticesSent());
        }

        @Test
        void any_other_plan_starts_active() {
            assertEquals(SubscriptionState.ACTIVE, active().state());
        }

        @Test
        void an_end_date_must_lie_after_the_start() {
            assertThrows(IllegalArgumentException.class,
                    () -> Subscription.request("sub-1", "acc-1", plan(false), Optional.of(NOW), NOW));
        }
    }

    @Nested
    class Reasons {

        @Test
        void rejecting_and_suspending_need_one() {
            Subscription submitted = Subscription.request("sub-1", "acc-1", plan(true), Optional.empty(), NOW);

            assertThrows(IllegalArgumentException.class, () -> submitted.apply(SubscriptionTransition.REJECT, Optional.empty(), NOW));
            assertThrows(IllegalArgumentException.class, () -> active().apply(SubscriptionTransition.SUSPEND, Optional.empty(), NOW));
            assertThrows(IllegalArgumentException.class, () -> active().apply(SubscriptionTransition.SUSPEND, Optional.of("  "), NOW));
            assertThrows(IllegalArgumentException.class, () -> active().apply(SubscriptionTransition.SUSPEND,
                    Optional.of("x".repeat(Subscription.MAX_REASON_LENGTH + 1)), NOW));
        }

        @Test
        void the_latest_transition_sets_or_clears_it_and_it_is_stored_stripped() {
            Subscription suspended = active().apply(SubscriptionTransition.SUSPEND, Optional.of("  unpaid invoice "), NOW.plusSeconds(60));
            assertEquals(Optional.of("unpaid invoice"), suspended.reason());
            assertEquals(NOW.plusSeconds(60), suspended.updatedAt());

            Subscription reactivated = suspended.apply(SubscriptionTransition.REACTIVATE, Optional.empty(), NOW.plusSeconds(120));
            assertEquals(SubscriptionState.ACTIVE, reactivated.state());
            assertEquals(Optional.empty(), reactivated.reason());
        }

        @Test
        void are_not_shown_in_log_lines() {
            Subscription suspended = active().apply(SubscriptionTransition.SUSPEND, Optional.of("talked to Ada on the phone"), NOW);

            assertFalse(suspended.toString().contains("Ada"), suspended.toString());
        }

        @Test
        void a_clock_that_went_back_does_not_move_updated_at_back() {
            Subscription cancelled = active().apply(SubscriptionTransition.CANCEL, Optional.empty(), NOW.minusSeconds(5));

            assertEquals(NOW, cancelled.updatedAt());
        }
    }

    @Nested
    class ExpiryNotices {

        private final Instant end = NOW.plus(Duration.ofDays(90));
        private final Subscription ending = Subscription.request("sub-1", "acc-1", plan(false), Optional.of(end), NOW);

        @Test
        void none_is_due_more_than_30_days_ahead_or_without_an_end_date() {
            assertEquals(Optional.empty(), ending.dueExpiryNotice(end.minus(Duration.ofDays(31))));
            assertEquals(Optional.empty(), active().dueExpiryNotice(NOW.plus(Duration.ofDays(400))));
        }

        @Test
        void each_is_due_once_from_its_day_on() {
            Instant monthAhead = end.minus(Duration.ofDays(30));
            assertEquals(Optional.of(SubscriptionExpiryNotice.THIRTY_DAYS), ending.dueExpiryNotice(monthAhead));

            Subscription told = ending.withExpiryNoticeSent(SubscriptionExpiryNotice.THIRTY_DAYS, monthAhead);
            assertEquals(Optional.empty(), told.dueExpiryNotice(monthAhead.plus(Duration.ofDays(1))));
            assertSame(told, told.withExpiryNoticeSent(SubscriptionExpiryNotice.THIRTY_DAYS, monthAhead));
            assertEquals(Optional.of(SubscriptionExpiryNotice.SEVEN_DAYS), told.dueExpiryNotice(end.minus(Duration.ofDays(7))));
        }

        @Test
        void a_passed_over_notice_is_not_sent_late_and_none_after_the_end_or_once_closed() {
            assertEquals(Optional.of(SubscriptionExpiryNotice.ONE_DAY), ending.dueExpiryNotice(end.minus(Duration.ofHours(3))));
            assertEquals(Optional.empty(), ending.dueExpiryNotice(end));
            Subscription cancelled = ending.apply(SubscriptionTransition.CANCEL, Optional.empty(), NOW);
            assertEquals(Optional.empty(), cancelled.dueExpiryNotice(end.minus(Duration.ofDays(1))));
        }
    }
}
