package com.cardscry.portal.local.timer;

import java.time.Instant;
import java.util.Optional;

/**
 * What the schedule monitor remembers about one timer function between runs and restarts, as the
 * Functions host keeps it per function.
 *
 * @param schedule    the resolved expression the status was computed with; a changed schedule makes
 *                    {@link #next} stale
 * @param last        the scheduled time of the last completed run; empty when it never ran
 * @param next        the occurrence the function is waiting for
 * @param lastUpdated when this status was written
 */
record ScheduleStatus(String schedule, Optional<Instant> last, Instant next, Instant lastUpdated) {

    /** How the Functions host writes "never" ({@code DateTime.MinValue}). */
    static final Instant NEVER = Instant.parse("0001-01-01T00:00:00Z");
}
