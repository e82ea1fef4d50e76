package com.cardscry.portal.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionTest {

    private static final Duration IDLE = Duration.ofMinutes(30);
    private static final Duration LIFETIME = Duration.ofHours(12);
    private static final Instant START = Instant.parse("2026-11-29T08:00:20Z");

    private final Session session = Session.start("s1", "a1", false, START, LIFETIME);

    @Test
    void records_activity_to_the_minute() {
        assertEquals(Instant.parse("2026-11-29T08:00:00Z"), session.lastActiveAt());
        assertFalse(session.needsTouch(START.plusSeconds(30)));
        assertTrue(session.needsTouch(START.plusSeconds(40)));
        assertEquals(Instant.parse("2026-11-29T08:01:00Z"), session.touched(START.plusSeconds(40)).lastActiveAt());
        assertSame(session, session.touched(START.plusSeconds(10)));
    }

    @Test
    void ends_after_the_idle_timeout_counted_from_the_recorded_minute() {
        assertTrue(session.isLive(Instant.parse("2026-11-29T08:29:59Z"), IDLE));
        assertFalse(session.isLive(Instant.parse("2026-11-29T08:30:00Z"), IDLE));
    }

    @Test
    void activity_keeps_it_alive_until_the_absolute_expiry() {
        Session busy = session;
        Instant now = START;
        while (now.isBefore(START.plus(LIFETIME))) {
            assertTrue(busy.isLive(now, IDLE), "live at " + now);
            busy = busy.touched(now);
            now = now.plus(Duration.ofMinutes(20));
        }
        assertFalse(busy.isLive(START.plus(LIFETIME), IDLE));
        assertEquals(START.plus(LIFETIME), busy.touched(START.plus(LIFETIME).minusSeconds(60)).endsAt(IDLE));
    }

    @Test
    void its_stored_record_outlives_it_by_a_minute_and_no_more() {
        assertEquals(Duration.between(START, session.endsAt(IDLE)).toSeconds() + 60, session.ttlSeconds(START, IDLE));
        assertEquals(1, session.ttlSeconds(START.plus(Duration.ofDays(1)), IDLE));
    }
}
