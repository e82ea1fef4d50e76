package com.cardscry.portal.adapters.system;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.ClockContract;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SystemClockTest extends ClockContract {

    @Override
    protected Clock newClock() {
        return new SystemClock();
    }

    @Test
    void readsTheWallClock() {
        Instant before = Instant.now();
        Instant reading = clock.now();
        Instant after = Instant.now();

        assertFalse(reading.isBefore(before), reading + " is before " + before);
        assertFalse(reading.isAfter(after), reading + " is after " + after);
    }
}
