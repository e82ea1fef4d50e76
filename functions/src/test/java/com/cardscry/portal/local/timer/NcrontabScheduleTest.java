package com.cardscry.portal.local.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NcrontabScheduleTest {

    /** A Thursday. */
    private static final Instant THURSDAY_10AM = Instant.parse("2026-01-15T10:00:00Z");

    @Nested
    class NextOccurrence {

        @ParameterizedTest(name = "{0} after {1} is {2}")
        @CsvSource(delimiter = '|', textBlock = """
                *  *  *  *  *  *          | 2026-01-15T10:00:00Z | 2026-01-15T10:00:01Z
                0  *  *  *  *  *          | 2026-01-15T10:00:00Z | 2026-01-15T10:01:00Z
                0  */5 * *  *  *          | 2026-01-15T10:02:30Z | 2026-01-15T10:05:00Z
                */15 * *  *  *  *         | 2026-01-15T10:00:44Z | 2026-01-15T10:00:45Z
                0  0  3  *  *  *          | 2026-01-15T10:00:00Z | 2026-01-16T03:00:00Z
                0  0  3  *  *  *          | 2026-01-15T02:59:59Z | 2026-01-15T03:00:00Z
                0  1-10/2 * * * *         | 2026-01-15T10:03:00Z | 2026-01-15T10:05:00Z
                0  1-10/2 * * * *         | 2026-01-15T10:09:00Z | 2026-01-15T11:01:00Z
                0  0,30 9 * * *           | 2026-01-15T09:00:00Z | 2026-01-15T09:30:00Z
                0  0  9-17 * * *          | 2026-01-15T17:00:00Z | 2026-01-16T09:00:00Z
                0  0  0  * * 0            | 2026-01-15T10:00:00Z | 2026-01-18T00:00:00Z
                0  0  0  * * 6            | 2026-01-15T10:00:00Z | 2026-01-17T00:00:00Z
                0  0  0  * * 1            | 2026-01-15T10:00:00Z | 2026-01-19T00:00:00Z
                0  0  0  * * Sun          | 2026-01-15T10:00:00Z | 2026-01-18T00:00:00Z
                0  0  0  * * mon-fri      | 2026-01-16T10:00:00Z | 2026-01-19T00:00:00Z
                0  0  0  * * MON,WED      | 2026-01-15T10:00:00Z | 2026-01-19T00:00:00Z
                0  0  0  1 Mar *          | 2026-01-15T10:00:00Z | 2026-03-01T00:00:00Z
                0  0  0  1 jan-mar/2 *    | 2026-01-15T10:00:00Z | 2026-03-01T00:00:00Z
                0  0  0  13 * Fri         | 2026-01-15T10:00:00Z | 2026-02-13T00:00:00Z
                0  0  12 29 2 *           | 2026-01-15T10:00:00Z | 2028-02-29T12:00:00Z
                """)
        void isTheFirstMatchStrictlyAfterTheInstant(String expression, Instant after, Instant expected) {
            assertEquals(expected, NcrontabSchedule.parse(expression, "f").nextAfter(after));
        }
    }

    @Nested
    class Rejects {

        @ParameterizedTest(name = "''{0}''")
        @ValueSource(strings = {
            "", "   ", "0 * * * *", "* * * * * * *", "every minute", "60 * * * * *", "0 60 * * * *",
            "0 0 24 * * *", "0 0 0 32 * *", "0 0 0 0 * *", "0 0 0 * 13 *", "0 0 0 * * 7", "0 0 0 ? * *",
            "0 0 0 L * *", "0 0 0 * * 5#3", "0 0 0 * * Funday", "0 */0 * * * *", "0 5-1 * * * *",
            "0 0 0 * * fri-mon", "0 0 0 30 Feb *"
        })
        void anythingButSixNcrontabFieldsNamingTheFunction(String expression) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> NcrontabSchedule.parse(expression, "PurgeExpiredData"));
            assertTrue(error.getMessage().contains("function 'PurgeExpiredData'"), error.getMessage());
            assertTrue(error.getMessage().contains("'" + expression + "'"), error.getMessage());
        }

        @Test
        void aFiveFieldExpressionSayingHowManyFieldsAreExpected() {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> NcrontabSchedule.parse("*/5 * * * *", "Tick"));
            assertTrue(error.getMessage().contains("has 5 fields"), error.getMessage());
        }
    }
}
