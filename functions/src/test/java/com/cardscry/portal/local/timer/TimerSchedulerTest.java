package com.cardscry.portal.local.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.local.triggerfixtures.FixtureFunctions;
import com.cardscry.portal.local.triggerfixtures.TimerFixtures.Blocking;
import com.cardscry.portal.local.triggerfixtures.TimerFixtures.EveryMinute;
import com.cardscry.portal.local.triggerfixtures.TimerFixtures.EverySecond;
import com.cardscry.portal.local.triggerfixtures.TimerFixtures.Failing;
import com.cardscry.portal.local.triggerfixtures.TimerFixtures.FiveFields;
import com.cardscry.portal.local.triggerfixtures.TimerFixtures.FromSetting;
import com.cardscry.portal.local.triggerfixtures.TimerFixtures.UnsupportedParameter;
import com.cardscry.portal.local.triggerfixtures.TimerFixtures;
import com.cardscry.portal.testing.FakeClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimerSchedulerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Function<String, Optional<String>> NO_SETTINGS = name -> Optional.empty();

    @TempDir
    Path data;

    private final FakeClock clock = new FakeClock(Instant.parse("2026-01-15T10:00:30Z"));
    private final List<TimerScheduler> schedulers = new ArrayList<>();

    @BeforeEach
    void resetFixtures() {
        TimerFixtures.reset();
    }

    @AfterEach
    void stopSchedulers() {
        TimerFixtures.openGate();
        schedulers.forEach(TimerScheduler::close);
    }

    private TimerScheduler scheduler(Class<?> function) {
        return scheduler(function, NO_SETTINGS, clock);
    }

    private TimerScheduler scheduler(Class<?> function, Function<String, Optional<String>> settings, Clock time) {
        TimerScheduler scheduler = TimerScheduler.create(FixtureFunctions.methods(function), FixtureFunctions.FACTORY,
                settings, time, data.resolve("timer-status.json"));
        schedulers.add(scheduler);
        return scheduler;
    }

    private static JsonNode nextInvocation() throws Exception {
        String timer = TimerFixtures.RECEIVED.poll(10, TimeUnit.SECONDS);
        assertNotNull(timer, "the function was not invoked");
        return JSON.readTree(timer);
    }

    private static boolean isPastDue(JsonNode timer) {
        return timer.path("IsPastDue").booleanValue();
    }

    @Nested
    class RunsOnSchedule {

        @Test
        void notBeforeTheFirstOccurrence() {
            scheduler(EveryMinute.class).runDue().join();

            assertTrue(TimerFixtures.RECEIVED.isEmpty());
        }

        @Test
        void atTheOccurrenceWithTheTimerJsonOfTheRealHost() throws Exception {
            TimerScheduler scheduler = scheduler(EveryMinute.class);
            clock.set(Instant.parse("2026-01-15T10:01:00Z"));

            scheduler.runDue().join();

            JsonNode timer = nextInvocation();
            assertTrue(timer.path("Schedule").path("AdjustForDST").booleanValue());
            assertEquals("0001-01-01T00:00:00Z", timer.path("ScheduleStatus").path("Last").asText());
            assertEquals("2026-01-15T10:01:00Z", timer.path("ScheduleStatus").path("Next").asText());
            assertEquals("2026-01-15T10:00:30Z", timer.path("ScheduleStatus").path("LastUpdated").asText());
            assertFalse(isPastDue(timer));
        }

        @Test
        void oncePerOccurrenceWithTheLastRunInTheNextStatus() throws Exception {
            TimerScheduler scheduler = scheduler(EveryMinute.class);
            clock.set(Instant.parse("2026-01-15T10:01:00Z"));
            scheduler.runDue().join();
            scheduler.runDue().join();
            clock.set(Instant.parse("2026-01-15T10:02:00Z"));

            scheduler.runDue().join();

            nextInvocation();
            JsonNode second = nextInvocation();
            assertEquals("2026-01-15T10:01:00Z", second.path("ScheduleStatus").path("Last").asText());
            assertEquals("2026-01-15T10:02:00Z", second.path("ScheduleStatus").path("Next").asText());
            assertTrue(TimerFixtures.RECEIVED.isEmpty());
        }

        @Test
        void onASixFieldScheduleTakenFromAnAppSetting() throws Exception {
            TimerScheduler scheduler = scheduler(FromSetting.class,
                    name -> Optional.ofNullable(Map.of("TICK_SCHEDULE", "0 */5 * * * *").get(name)), clock);
            clock.set(Instant.parse("2026-01-15T10:04:59Z"));
            scheduler.runDue().join();
            assertTrue(TimerFixtures.RECEIVED.isEmpty());
            clock.set(Instant.parse("2026-01-15T10:05:00Z"));

            scheduler.runDue().join();

            assertEquals("2026-01-15T10:05:00Z", nextInvocation().path("ScheduleStatus").path("Next").asText());
            assertEquals(List.of("FromSetting: timer, schedule '0 */5 * * * *' (from %TICK_SCHEDULE%), next "
                    + "2026-01-15T10:10:00Z"), scheduler.describe());
        }

        @Test
        void inTheBackgroundAfterStartOnTheRealClock() throws Exception {
            TimerScheduler scheduler = scheduler(EverySecond.class, NO_SETTINGS, Instant::now);

            scheduler.start();

            assertEquals("{\"AdjustForDST\":true}", nextInvocation().path("Schedule").toString());
        }
    }

    @Nested
    class IsPastDue {

        @Test
        void whenTheRunStartsMoreThanTheToleranceLate() throws Exception {
            TimerScheduler scheduler = scheduler(EveryMinute.class);
            clock.set(Instant.parse("2026-01-15T10:01:00Z").plus(TimerScheduler.PAST_DUE_TOLERANCE).plusSeconds(1));

            scheduler.runDue().join();

            assertTrue(isPastDue(nextInvocation()));
        }

        @Test
        void notWhenTheRunStartsWithinTheTolerance() throws Exception {
            TimerScheduler scheduler = scheduler(EveryMinute.class);
            clock.set(Instant.parse("2026-01-15T10:01:00Z").plus(TimerScheduler.PAST_DUE_TOLERANCE));

            scheduler.runDue().join();

            assertFalse(isPastDue(nextInvocation()));
        }

        @Test
        void forTheOneRunThatReplacesOccurrencesMissedDuringALongRun() throws Exception {
            TimerScheduler scheduler = scheduler(Blocking.class);
            clock.set(Instant.parse("2026-01-15T10:01:00Z"));
            CompletableFuture<Void> longRun = scheduler.runDue();
            assertFalse(isPastDue(nextInvocation()));

            for (String minute : List.of("10:02:00", "10:03:00", "10:04:30")) {
                clock.set(Instant.parse("2026-01-15T" + minute + "Z"));
                assertTrue(scheduler.runDue().isDone(), "nothing may start while the function runs");
            }
            TimerFixtures.openGate();
            longRun.join();
            scheduler.runDue().join();
            scheduler.runDue().join();

            JsonNode catchUp = nextInvocation();
            assertTrue(isPastDue(catchUp));
            assertEquals("2026-01-15T10:02:00Z", catchUp.path("ScheduleStatus").path("Next").asText());
            assertTrue(TimerFixtures.RECEIVED.isEmpty(), "missed occurrences collapse into one run");
            assertEquals(List.of("Blocking: timer, schedule '0 * * * * *', next 2026-01-15T10:05:00Z"),
                    scheduler.describe());
        }
    }

    @Nested
    class AcrossARestart {

        @Test
        void anOccurrenceMissedWhileStoppedRunsOncePastDueAtStart() throws Exception {
            scheduler(EveryMinute.class).close();
            clock.set(Instant.parse("2026-01-15T10:07:30Z"));
            TimerScheduler restarted = scheduler(EveryMinute.class);

            restarted.runDue().join();
            restarted.runDue().join();

            JsonNode missed = nextInvocation();
            assertTrue(isPastDue(missed));
            assertEquals("2026-01-15T10:01:00Z", missed.path("ScheduleStatus").path("Next").asText());
            assertTrue(TimerFixtures.RECEIVED.isEmpty());
        }

        @Test
        void nothingRunsWhenNoOccurrenceWasMissed() {
            scheduler(EveryMinute.class).close();
            clock.set(Instant.parse("2026-01-15T10:00:59Z"));

            scheduler(EveryMinute.class).runDue().join();

            assertTrue(TimerFixtures.RECEIVED.isEmpty());
        }

        @Test
        void theLastRunIsRemembered() throws Exception {
            TimerScheduler first = scheduler(EveryMinute.class);
            clock.set(Instant.parse("2026-01-15T10:01:00Z"));
            first.runDue().join();
            first.close();
            nextInvocation();
            clock.set(Instant.parse("2026-01-15T10:02:00Z"));

            scheduler(EveryMinute.class).runDue().join();

            assertEquals("2026-01-15T10:01:00Z", nextInvocation().path("ScheduleStatus").path("Last").asText());
        }
    }

    @Nested
    class WhenAFunctionThrows {

        private final List<LogRecord> logged = new ArrayList<>();
        private final Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };

        @BeforeEach
        void captureLogs() {
            Logger.getLogger(TimerScheduler.class.getName()).addHandler(capture);
        }

        @AfterEach
        void releaseLogs() {
            Logger.getLogger(TimerScheduler.class.getName()).removeHandler(capture);
        }

        @Test
        void itIsLoggedByNameAndExceptionClassOnlyAndTheScheduleGoesOn() throws Exception {
            TimerScheduler scheduler = scheduler(Failing.class);
            clock.set(Instant.parse("2026-01-15T10:01:00Z"));
            scheduler.runDue().join();
            clock.set(Instant.parse("2026-01-15T10:02:00Z"));

            scheduler.runDue().join();

            nextInvocation();
            assertEquals("2026-01-15T10:02:00Z", nextInvocation().path("ScheduleStatus").path("Next").asText());
            assertEquals(2, logged.size());
            String line = new java.util.logging.SimpleFormatter().formatMessage(logged.get(0));
            assertEquals("Timer function Failing failed: java.lang.IllegalStateException", line);
        }
    }

    @Nested
    class RefusesToStart {

        @Test
        void whenTheScheduleSettingIsMissingNamingFunctionAndSetting() {
            IllegalStateException error = assertThrows(IllegalStateException.class, () -> scheduler(FromSetting.class));

            assertTrue(error.getMessage().contains("function 'FromSetting'"), error.getMessage());
            assertTrue(error.getMessage().contains("'TICK_SCHEDULE'"), error.getMessage());
        }

        @Test
        void whenTheSettingHoldsAFiveFieldSchedule() {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> scheduler(FromSetting.class, name -> Optional.of("*/5 * * * *"), clock));

            assertTrue(error.getMessage().contains("function 'FromSetting'"), error.getMessage());
        }

        @Test
        void whenTheScheduleHasFiveFields() {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> scheduler(FiveFields.class));

            assertTrue(error.getMessage().contains("function 'FiveFields'"), error.getMessage());
            assertTrue(error.getMessage().contains("'*/5 * * * *'"), error.getMessage());
        }

        @Test
        void whenAParameterCannotBeBoundNamingIt() {
            IllegalStateException error = assertThrows(IllegalStateException.class,
                    () -> scheduler(UnsupportedParameter.class));

            assertTrue(error.getMessage().contains("function 'UnsupportedParameter'"), error.getMessage());
            assertTrue(error.getMessage().contains("parameter 'retries'"), error.getMessage());
        }
    }

    @Nested
    class OnClose {

        @Test
        void aRunningInvocationFinishesAndNothingStartsAfterwards() throws Exception {
            TimerScheduler scheduler = scheduler(Blocking.class);
            clock.set(Instant.parse("2026-01-15T10:01:00Z"));
            CompletableFuture<Void> running = scheduler.runDue();
            nextInvocation();

            CompletableFuture<Void> closing = CompletableFuture.runAsync(scheduler::close);
            TimerFixtures.openGate();
            closing.get(30, TimeUnit.SECONDS);

            assertTrue(running.isDone());
            assertEquals(1, TimerFixtures.COMPLETED.size(), "the invocation ran to its end");
            clock.set(Instant.parse("2026-01-15T10:05:00Z"));
            scheduler.runDue().join();
            assertTrue(TimerFixtures.RECEIVED.isEmpty());
        }
    }
}
