package com.cardscry.portal.application.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.testing.FakeClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private static final String ADDRESS = "203.0.113.7";
    private static final RateLimitPolicy FIVE_PER_MINUTE = new RateLimitPolicy("signup-per-address", 5, Duration.ofMinutes(1));

    private final FakeClock clock = new FakeClock();

    private RateLimiter limiter(RateLimitPolicy policy) {
        return new RateLimiter(policy, clock, new SecureRandom());
    }

    private static void acquireAll(RateLimiter limiter, String key, int times) {
        for (int attempt = 1; attempt <= times; attempt++) {
            assertTrue(limiter.tryAcquire(key).allowed(), "attempt " + attempt + " of " + times);
        }
    }

    private static Duration refusedFor(RateLimiter.Decision decision) {
        return assertInstanceOf(RateLimiter.Refused.class, decision).retryAfter();
    }

    @Nested
    class Allows {

        @Test
        void theWholeBurstAtOnce() {
            RateLimiter limiter = limiter(FIVE_PER_MINUTE);

            acquireAll(limiter, ADDRESS, 5);
        }

        @Test
        void onePermitPerIntervalOnceTheBurstIsUsed() {
            RateLimiter limiter = limiter(FIVE_PER_MINUTE);
            acquireAll(limiter, ADDRESS, 5);

            clock.advance(Duration.ofSeconds(12));

            assertTrue(limiter.tryAcquire(ADDRESS).allowed());
            assertFalse(limiter.tryAcquire(ADDRESS).allowed());
        }

        @Test
        void theWholeBurstAgainAfterAWindowOfRest() {
            RateLimiter limiter = limiter(FIVE_PER_MINUTE);
            acquireAll(limiter, ADDRESS, 5);

            clock.advance(Duration.ofMinutes(1));

            acquireAll(limiter, ADDRESS, 5);
            assertFalse(limiter.tryAcquire(ADDRESS).allowed());
        }

        @Test
        void noMoreThanTheBurstHoweverLongTheRest() {
            RateLimiter limiter = limiter(FIVE_PER_MINUTE);

            clock.advance(Duration.ofDays(3));

            acquireAll(limiter, ADDRESS, 5);
            assertFalse(limiter.tryAcquire(ADDRESS).allowed());
        }

        @Test
        void exactlyThePermitsWhenTheWindowDoesNotDivideEvenly() {
            RateLimiter limiter = limiter(new RateLimitPolicy("odd", 7, Duration.ofSeconds(1)));

            acquireAll(limiter, ADDRESS, 7);
            assertFalse(limiter.tryAcquire(ADDRESS).allowed());
        }
    }

    @Nested
    class Refuses {

        @Test
        void theAttemptAfterTheBurstWithTheTimeUntilTheNextPermit() {
            RateLimiter limiter = limiter(FIVE_PER_MINUTE);
            acquireAll(limiter, ADDRESS, 5);

            assertEquals(Duration.ofSeconds(12), refusedFor(limiter.tryAcquire(ADDRESS)));
        }

        @Test
        void withTheRemainingWaitRoundedUpToWholeSeconds() {
            RateLimiter limiter = limiter(FIVE_PER_MINUTE);
            acquireAll(limiter, ADDRESS, 5);

            clock.advance(Duration.ofMillis(2_500));

            RateLimiter.Refused refused = assertInstanceOf(RateLimiter.Refused.class, limiter.tryAcquire(ADDRESS));
            assertEquals(Duration.ofSeconds(10), refused.retryAfter());
            assertEquals(10, refused.retryAfterSeconds());
        }

        @Test
        void withAtLeastOneSecondWhenThePermitIsMomentsAway() {
            RateLimiter limiter = limiter(FIVE_PER_MINUTE);
            acquireAll(limiter, ADDRESS, 5);

            clock.advance(Duration.ofSeconds(12).minusNanos(1));

            assertEquals(Duration.ofSeconds(1), refusedFor(limiter.tryAcquire(ADDRESS)));
        }

        @Test
        void withoutChargingForTheRefusedAttempts() {
            RateLimiter limiter = limiter(FIVE_PER_MINUTE);
            acquireAll(limiter, ADDRESS, 5);
            for (int retry = 0; retry < 20; retry++) {
                assertFalse(limiter.tryAcquire(ADDRESS).allowed());
            }

            clock.advance(Duration.ofSeconds(12));

            assertTrue(limiter.tryAcquire(ADDRESS).allowed());
        }
    }

    @Nested
    class KeepsApart {

        @Test
        void keys() {
            RateLimiter limiter = limiter(FIVE_PER_MINUTE);
            acquireAll(limiter, ADDRESS, 5);

            acquireAll(limiter, "198.51.100.1", 5);
            assertFalse(limiter.tryAcquire(ADDRESS).allowed());
        }

        @Test
        void keysThatDifferOnlyInCase() {
            RateLimiter limiter = limiter(new RateLimitPolicy("one", 1, Duration.ofMinutes(1)));

            assertTrue(limiter.tryAcquire("account-a").allowed());
            assertTrue(limiter.tryAcquire("ACCOUNT-A").allowed());
        }

        @Test
        void policies() {
            RateLimiter signups = limiter(FIVE_PER_MINUTE);
            RateLimiter sessions = limiter(new RateLimitPolicy("sessions-per-address", 2, Duration.ofSeconds(10)));
            acquireAll(signups, ADDRESS, 5);

            acquireAll(sessions, ADDRESS, 2);
            assertEquals(Duration.ofSeconds(5), refusedFor(sessions.tryAcquire(ADDRESS)));
            assertEquals(Duration.ofSeconds(12), refusedFor(signups.tryAcquire(ADDRESS)));
        }
    }

    @Nested
    class UnderConcurrency {

        @Test
        void grantsExactlyThePermits() throws Exception {
            int permits = 50;
            int threads = 8;
            int attemptsPerThread = 40;
            RateLimiter limiter = limiter(new RateLimitPolicy("concurrent", permits, Duration.ofHours(1)));
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Integer>> granted = new ArrayList<>();
                for (int thread = 0; thread < threads; thread++) {
                    granted.add(pool.submit(() -> {
                        start.await();
                        int allowed = 0;
                        for (int attempt = 0; attempt < attemptsPerThread; attempt++) {
                            allowed += limiter.tryAcquire(ADDRESS).allowed() ? 1 : 0;
                        }
                        return allowed;
                    }));
                }
                start.countDown();
                int total = 0;
                for (Future<Integer> each : granted) {
                    total += each.get(30, TimeUnit.SECONDS);
                }

                assertEquals(permits, total);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Nested
    class BoundsMemory {

        private static final RateLimitPolicy ONE_PER_MINUTE = new RateLimitPolicy("one-per-minute", 1, Duration.ofMinutes(1));

        @Test
        void byNeverTrackingMoreThanTheCap() {
            RateLimiter limiter = new RateLimiter(ONE_PER_MINUTE, clock, new SecureRandom(), 100);

            IntStream.range(0, 1_000).forEach(n -> assertTrue(limiter.tryAcquire("flood-" + n).allowed()));

            assertEquals(100, limiter.trackedKeyHashes().size());
        }

        @Test
        void byForgettingTheLeastRecentlySeenKeyWhenTheCapIsReached() {
            RateLimiter limiter = new RateLimiter(ONE_PER_MINUTE, clock, new SecureRandom(), 3);
            limiter.tryAcquire("oldest");
            limiter.tryAcquire("middle");
            limiter.tryAcquire("newest");
            assertFalse(limiter.tryAcquire("oldest").allowed(), "seeing 'oldest' again makes 'middle' the least recent");

            limiter.tryAcquire("newcomer");

            assertFalse(limiter.tryAcquire("newest").allowed(), "still remembered");
            assertTrue(limiter.tryAcquire("middle").allowed(), "forgotten: it starts again with a full bucket");
        }

        @Test
        void byLettingKeysWhoseBucketsAreFullAgainDrainAway() {
            RateLimiter limiter = new RateLimiter(ONE_PER_MINUTE, clock, new SecureRandom(), 100);
            IntStream.range(0, 10).forEach(n -> limiter.tryAcquire("idle-" + n));

            clock.advance(Duration.ofMinutes(1));
            IntStream.range(0, 10).forEach(n -> limiter.tryAcquire(ADDRESS));

            assertEquals(1, limiter.trackedKeyHashes().size());
        }
    }

    @Nested
    class KeepsNoKey {

        @Test
        void onlyAKeyedHashOfIt() {
            RateLimiter limiter = limiter(FIVE_PER_MINUTE);

            limiter.tryAcquire(ADDRESS);
            limiter.tryAcquire("jane.doe@example.com");

            Set<String> tracked = limiter.trackedKeyHashes();
            assertEquals(2, tracked.size());
            tracked.forEach(hash -> assertTrue(hash.matches("[0-9a-f]{16}"), hash));
        }

        @Test
        void andTheHashDiffersBetweenLimiters() {
            RateLimiter first = limiter(FIVE_PER_MINUTE);
            RateLimiter second = limiter(FIVE_PER_MINUTE);

            first.tryAcquire(ADDRESS);
            second.tryAcquire(ADDRESS);

            assertFalse(first.trackedKeyHashes().equals(second.trackedKeyHashes()),
                    "a random hash key per limiter, so hashes cannot be looked up in a table made elsewhere");
        }
    }

    @Nested
    class RefusesPolicies {

        @Test
        void withoutPermits() {
            assertThrows(IllegalArgumentException.class, () -> new RateLimitPolicy("none", 0, Duration.ofMinutes(1)));
        }

        @Test
        void withoutAWindow() {
            assertThrows(IllegalArgumentException.class, () -> new RateLimitPolicy("instant", 1, Duration.ZERO));
            assertThrows(IllegalArgumentException.class, () -> new RateLimitPolicy("backwards", 1, Duration.ofSeconds(-1)));
        }

        @Test
        void withoutAName() {
            assertThrows(IllegalArgumentException.class, () -> new RateLimitPolicy(" ", 1, Duration.ofMinutes(1)));
        }
    }
}
