package com.cardscry.portal.adapters.system;

import com.cardscry.portal.application.port.Clock;
import java.time.Instant;

/** The wall clock, in UTC, never going backwards within the process even if the system clock does. */
public final class SystemClock implements Clock {

    private final java.time.Clock utc = java.time.Clock.systemUTC();
    private Instant last = Instant.EPOCH;

    @Override
    public synchronized Instant now() {
        Instant now = utc.instant();
        if (now.isBefore(last)) {
            return last;
        }
        last = now;
        return now;
    }
}
