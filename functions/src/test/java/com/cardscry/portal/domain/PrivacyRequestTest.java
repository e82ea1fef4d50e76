package com.cardscry.portal.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PrivacyRequestTest {

    private static final Instant NOW = Instant.parse("2026-11-29T08:00:00Z");

    private static PrivacyRequest deletion() {
        return PrivacyRequest.received("req-1", "acc-1", PrivacyRequestType.DELETION, Optional.empty(), Optional.empty(), NOW);
    }

    @Nested
    class Steps {

        @Test
        void steps_are_done_in_their_order_and_the_last_completes_the_request() {
            PrivacyRequest request = deletion();
            for (PrivacyStep step : PrivacyRequestType.DELETION.steps()) {
                assertEquals(Optional.of(step), request.nextStep());
                request = request.stepDone(step, NOW);
            }
            assertEquals(PrivacyRequestStatus.COMPLETED, request.status());
            assertEquals(Optional.empty(), request.nextStep());
            assertEquals("completed", request.history().get(request.history().size() - 1).what());
        }

        @Test
        void a_step_out_of_order_or_twice_is_refused() {
            PrivacyRequest request = deletion();
            assertThrows(IllegalStateException.class, () -> request.stepDone(PrivacyStep.END_SESSIONS, NOW));
            PrivacyRequest once = request.stepDone(PrivacyStep.STOP_KEYS, NOW);
            assertThrows(IllegalStateException.class, () -> once.stepDone(PrivacyStep.STOP_KEYS, NOW));
        }

        @Test
        void keys_stop_first_and_the_indexes_go_before_the_profile_that_names_them() {
            List<PrivacyStep> steps = PrivacyRequestType.DELETION.steps();
            assertEquals(PrivacyStep.STOP_KEYS, steps.get(0));
            assertTrue(steps.indexOf(PrivacyStep.DELETE_INDEXES) < steps.indexOf(PrivacyStep.DELETE_PROFILE));
            assertEquals(PrivacyStep.DELETE_PROFILE, steps.get(steps.size() - 1));
        }
    }

    @Nested
    class Failures {

        @Test
        void a_failed_request_resumes_at_the_step_that_failed() {
            PrivacyRequest failed = deletion().stepDone(PrivacyStep.STOP_KEYS, NOW).failed("the store was unavailable", NOW);
            assertEquals(PrivacyRequestStatus.FAILED, failed.status());
            assertTrue(failed.status().isOpen(), "still counts against its deadline");
            assertThrows(IllegalStateException.class, () -> failed.stepDone(PrivacyStep.END_SESSIONS, NOW));

            PrivacyRequest retried = failed.retried(NOW);
            assertEquals(PrivacyRequestStatus.IN_PROGRESS, retried.status());
            assertEquals(Optional.of(PrivacyStep.END_SESSIONS), retried.nextStep());
            assertEquals(Optional.empty(), retried.outcome());
        }

        @Test
        void only_a_failed_request_is_retried_and_a_closed_one_cannot_fail() {
            assertThrows(IllegalStateException.class, () -> deletion().retried(NOW));
            PrivacyRequest rejected = deletion().rejected("not possible", NOW);
            assertThrows(IllegalStateException.class, () -> rejected.failed("x", NOW));
            assertFalse(rejected.status().isOpen());
        }
    }

    @Nested
    class Deadline {

        @Test
        void due_one_calendar_month_after_receipt() {
            assertEquals(Instant.parse("2026-12-29T08:00:00Z"), deletion().dueAt());
        }

        @Test
        void extended_once_before_the_original_due_date_to_three_months_after_receipt() {
            PrivacyRequest extended = deletion().extended("an unusually large account", NOW.plus(Duration.ofDays(10)));
            assertEquals(Instant.parse("2027-02-28T08:00:00Z"), extended.dueAt());
            assertEquals("an unusually large account", extended.extension().orElseThrow().reason());
            assertThrows(IllegalStateException.class, () -> extended.extended("again", NOW.plus(Duration.ofDays(11))));
        }

        @Test
        void not_extended_once_due() {
            PrivacyRequest request = deletion();
            assertFalse(request.canBeExtendedAt(request.dueAt()));
            assertThrows(IllegalStateException.class, () -> request.extended("late", request.dueAt()));
        }

        @Test
        void overdue_only_while_open() {
            PrivacyRequest request = deletion();
            assertFalse(request.isOverdueAt(request.dueAt().minusSeconds(1)));
            assertTrue(request.isOverdueAt(request.dueAt()));
            assertFalse(request.rejected("x", NOW).isOverdueAt(request.dueAt()));
        }
    }

    @Test
    void a_correction_carries_changes_and_shows_only_their_field_names() {
        PrivacyRequest.Correction correction = new PrivacyRequest.Correction(Optional.of("Ada King"),
                EmailAddress.parse("ada@example.com"));
        PrivacyRequest request = PrivacyRequest.received("req-2", "acc-1", PrivacyRequestType.CORRECTION, Optional.of(correction),
                Optional.of("my name changed"), NOW);
        assertEquals(List.of("displayName", "email"), correction.fields());
        assertFalse(request.toString().contains("Ada") || correction.toString().contains("example.com"));
        assertThrows(IllegalArgumentException.class, () -> new PrivacyRequest.Correction(Optional.empty(), Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> PrivacyRequest.received("req-3", "acc-1", PrivacyRequestType.CORRECTION,
                Optional.empty(), Optional.empty(), NOW));
    }
}
