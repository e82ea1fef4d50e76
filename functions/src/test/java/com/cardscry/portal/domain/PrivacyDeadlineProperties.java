package com.cardscry.portal.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The legal clock's calendar arithmetic over any instant from 1970 to 2400, leap years and month ends included. */
class PrivacyDeadlineProperties {

    @Provide
    Arbitrary<Instant> instants() {
        return Arbitraries.longs().between(0, Instant.parse("2400-01-01T00:00:00Z").getEpochSecond())
                .map(Instant::ofEpochSecond)
                .edgeCases(edges -> edges.includeOnly(Instant.ofEpochSecond(0)));
    }

    /** Days at the ends of months, where the arithmetic can go wrong, at any time of day. */
    @Provide
    Arbitrary<Instant> monthEnds() {
        return Arbitraries.integers().between(1970, 2399).flatMap(year -> Arbitraries.integers().between(1, 12).flatMap(month ->
                Arbitraries.integers().between(0, 3).flatMap(back -> Arbitraries.integers().between(0, 86_399).map(second -> {
                    LocalDate last = LocalDate.of(year, month, 1).plusMonths(1).minusDays(1);
                    return last.minusDays(back).atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(second);
                }))));
    }

    @Property
    void the_due_date_is_the_same_day_next_month_or_that_months_last_day(@ForAll("instants") Instant received) {
        assertDueMonthsLater(received, PrivacyDeadline.dueAfter(received), 1);
    }

    @Property
    void at_month_ends_too(@ForAll("monthEnds") Instant received) {
        assertDueMonthsLater(received, PrivacyDeadline.dueAfter(received), 1);
        assertDueMonthsLater(received, PrivacyDeadline.extendedDueAfter(received), 3);
    }

    @Property
    void the_extended_due_date_is_three_calendar_months_after_receipt(@ForAll("instants") Instant received) {
        assertDueMonthsLater(received, PrivacyDeadline.extendedDueAfter(received), 3);
    }

    @Property
    void one_month_is_28_to_31_days_and_never_moves_the_time_of_day(@ForAll("instants") Instant received) {
        Instant due = PrivacyDeadline.dueAfter(received);
        long days = ChronoUnit.DAYS.between(received, due);
        assertTrue(days >= 28 && days <= 31, days + " days");
        assertEquals(received.getEpochSecond() % 86_400, due.getEpochSecond() % 86_400);
    }

    @Example
    void the_31st_of_january_is_due_on_the_last_day_of_february() {
        assertEquals(Instant.parse("2027-02-28T10:00:00Z"), PrivacyDeadline.dueAfter(Instant.parse("2027-01-31T10:00:00Z")));
        assertEquals(Instant.parse("2028-02-29T10:00:00Z"), PrivacyDeadline.dueAfter(Instant.parse("2028-01-31T10:00:00Z")));
        assertEquals(Instant.parse("2027-04-30T10:00:00Z"), PrivacyDeadline.extendedDueAfter(Instant.parse("2027-01-31T10:00:00Z")));
    }

    private static void assertDueMonthsLater(Instant received, Instant due, int months) {
        OffsetDateTime from = received.atOffset(ZoneOffset.UTC);
        OffsetDateTime to = due.atOffset(ZoneOffset.UTC);
        LocalDate targetMonth = from.toLocalDate().withDayOfMonth(1).plusMonths(months);
        assertEquals(targetMonth.getYear(), to.getYear());
        assertEquals(targetMonth.getMonth(), to.getMonth());
        assertEquals(Math.min(from.getDayOfMonth(), targetMonth.lengthOfMonth()), to.getDayOfMonth());
        assertEquals(from.toLocalTime(), to.toLocalTime());
    }
}
