package com.cardscry.portal.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.ClockContract;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FakeClockTest extends ClockContract {

    private static final Instant START = Instant.parse("2026-01-15T10:00:00Z");

    private final FakeClock fake = new FakeClock(START);

    @Override
    protected Clock newClock() {
        return fake;
    }

    @Override
    protected void letTimePass() {
        fake.advance(Duration.ofMillis(1));
    }

    @Nested
    class TimeStandsStill {

        @Test
        void atTheGivenStart() {
            assertEquals(START, fake.now());
            assertEquals(START, fake.now());
        }

        @Test
        void atAFixedDefaultStart() {
            assertEquals(START, new FakeClock().now());
        }
    }

    @Nested
    class TimeMovesWhenMoved {

        @Test
        void advanceMovesItByExactlyTheDuration() {
            fake.advance(Duration.ofSeconds(30));

            assertEquals(START.plusSeconds(30), fake.now());
        }

        @Test
        void setMovesItToTheInstant() {
            Instant later = START.plus(Duration.ofDays(1));

            fake.set(later);

            assertEquals(later, fake.now());
        }

        @Test
        void zeroAndTheSameInstantAreAllowed() {
            fake.advance(Duration.ZERO);
            fake.set(START);

            assertEquals(START, fake.now());
        }
    }

    @Nested
    class TimeNeverGoesBackwards {

        @Test
        void aNegativeAdvanceIsRefusedAndChangesNothing() {
            assertThrows(IllegalArgumentException.class, () -> fake.advance(Duration.ofSeconds(-1)));

            assertEquals(START, fake.now());
        }

        @Test
        void settingAnEarlierInstantIsRefusedAndChangesNothing() {
            assertThrows(IllegalArgumentException.class, () -> fake.set(START.minusMillis(1)));

            assertEquals(START, fake.now());
        }
    }
}
