package com.cardscry.portal.application.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Clock} shows, written once and run by each implementation's test class.
 *
 * <p>The suite never compares a clock with the wall clock: a test clock stands wherever a test puts
 * it. An implementation that follows the wall clock proves that in its own test class.
 */
public abstract class ClockContract {

    private static final int READINGS = 10_000;
    private static final int THREADS = 4;
    private static final long DEADLINE_SECONDS = 60;

    protected Clock clock;

    /** A new clock for each test. */
    protected abstract Clock newClock();

    /**
     * Called between readings. A clock whose time stands still until moved (a test clock) overrides
     * this to move it, so that the suite sees time pass; by default it does nothing.
     */
    protected void letTimePass() {
    }

    @BeforeEach
    void makeClock() {
        clock = newClock();
    }

    @Test
    void nowIsNeverNull() {
        assertNotNull(clock.now());
    }

    @Test
    void nowNeverGoesBackwardsAcrossManyReadings() {
        List<Instant> readings = readings();

        for (int i = 1; i < readings.size(); i++) {
            assertFalse(readings.get(i).isBefore(readings.get(i - 1)),
                    "reading " + i + " (" + readings.get(i) + ") is before reading " + (i - 1) + " (" + readings.get(i - 1) + ")");
        }
    }

    @Test
    void nowNeverGoesBackwardsForAnyOfSeveralThreadsReadingAtOnce() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<Instant>>> perThread = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                perThread.add(threads.submit(() -> {
                    start.await();
                    return readings();
                }));
            }
            start.countDown();

            for (Future<List<Instant>> future : perThread) {
                List<Instant> readings = future.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
                assertEquals(READINGS, readings.size());
                for (int i = 1; i < readings.size(); i++) {
                    assertFalse(readings.get(i).isBefore(readings.get(i - 1)), "a thread saw time go backwards at reading " + i);
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private List<Instant> readings() {
        List<Instant> readings = new ArrayList<>(READINGS);
        for (int i = 0; i < READINGS; i++) {
            Instant reading = clock.now();
            assertNotNull(reading, "now() returned null");
            readings.add(reading);
            letTimePass();
        }
        return readings;
    }
}
