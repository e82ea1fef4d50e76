package com.cardscry.portal.testing;

import com.cardscry.portal.application.port.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** The test double of the {@link Clock} port: time stands still until a test moves it. */
public final class FakeClock implements Clock {

    private Instant now;

    public FakeClock() {
        this(Instant.parse("2026-01-15T10:00:00Z"));
    }

    public FakeClock(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    public synchronized void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("time does not go backwards");
        }
        now = now.plus(duration);
    }

    public synchronized void set(Instant instant) {
        if (instant.isBefore(now)) {
            throw new IllegalArgumentException("time does not go backwards");
        }
        now = instant;
    }
}
