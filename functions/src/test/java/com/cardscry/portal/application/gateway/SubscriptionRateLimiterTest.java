package com.cardscry.portal.application.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.testing.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The token bucket per subscription, driven by a {@link FakeClock}: what it admits, when, and what it keeps. */
class SubscriptionRateLimiterTest {

    private final FakeClock clock = new FakeClock();
    private final SubscriptionRateLimiter limiter = new SubscriptionRateLimiter(1_000);

    /** How many of {@code requests} made at this instant are admitted. */
    private int admittedOf(String subscriptionId, int rate, int requests) {
        int admitted = 0;
        for (int i = 0; i < requests; i++) {
            if (limiter.admit(subscriptionId, rate, clock.now()) == 0) {
                admitted++;
            }
        }
        return admitted;
    }

    @Nested
    class Admits {

        @Test
        void a_whole_seconds_worth_at_once_after_a_quiet_second() {
            assertEquals(20, admittedOf("sub-a", 20, 20));
        }

        @Test
        void one_more_request_every_interval_once_the_burst_is_spent() {
            admittedOf("sub-a", 20, 20);

            clock.advance(Duration.ofMillis(50));
            assertEquals(1, admittedOf("sub-a", 20, 5), "one token refilled in 1/20 s");
            clock.advance(Duration.ofMillis(49));
            assertEquals(0, admittedOf("sub-a", 20, 1), "not yet the next");
            clock.advance(Duration.ofMillis(1));
            assertEquals(1, admittedOf("sub-a", 20, 1));
        }

        @Test
        void the_full_rate_again_a_second_after_the_burst() {
            admittedOf("sub-a", 5, 5);

            clock.advance(Duration.ofSeconds(1));

            assertEquals(5, admittedOf("sub-a", 5, 10));
        }

        @Test
        void at_most_the_rate_plus_one_burst_over_any_stretch_of_steady_demand() {
            int admitted = 0;
            for (int tick = 0; tick <= 1_000; tick++) {
                admitted += admittedOf("sub-a", 10, 3);
                clock.advance(Duration.ofMillis(10));
            }
            // Three requests every 10 ms from 0 s to 10 s inclusive at a rate of 10: one burst, then 10 a second.
            assertEquals(10 + 10 * 10, admitted);
        }

        @Test
        void each_subscription_from_its_own_bucket() {
            assertEquals(5, admittedOf("sub-a", 5, 6));

            assertEquals(5, admittedOf("sub-b", 5, 6), "sub-a's spent bucket is not sub-b's");
            assertEquals(2, limiter.size());
        }

        @Test
        void exactly_the_rate_to_many_threads_at_one_instant() throws Exception {
            int threads = 8;
            int attemptsEach = 50;
            AtomicInteger admitted = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    done.add(pool.submit(() -> {
                        start.await();
                        admitted.addAndGet(admittedOf("sub-a", 100, attemptsEach));
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> each : done) {
                    each.get(30, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }

            assertEquals(100, admitted.get(), "of " + threads * attemptsEach + " attempts");
        }
    }

    @Nested
    class Refuses {

        @Test
        void with_the_time_until_the_next_request_would_be_admitted() {
            admittedOf("sub-a", 4, 4);

            assertEquals(Duration.ofMillis(250).toNanos(), limiter.admit("sub-a", 4, clock.now()));
            clock.advance(Duration.ofMillis(100));
            assertEquals(Duration.ofMillis(150).toNanos(), limiter.admit("sub-a", 4, clock.now()));
        }

        @Test
        void without_counting_the_refused_request() {
            admittedOf("sub-a", 1, 1);
            for (int i = 0; i < 100; i++) {
                assertTrue(limiter.admit("sub-a", 1, clock.now()) > 0);
            }

            clock.advance(Duration.ofSeconds(1));

            assertEquals(0, limiter.admit("sub-a", 1, clock.now()), "refusals did not push the next admission back");
        }

        @Test
        void a_rate_below_one() {
            assertThrows(IllegalArgumentException.class, () -> limiter.admit("sub-a", 0, clock.now()));
        }
    }

    @Nested
    class Memory {

        @Test
        void holds_at_most_its_capacity_and_drops_idle_subscriptions_first() {
            SubscriptionRateLimiter small = new SubscriptionRateLimiter(10);
            small.admit("busy", 1, clock.now());
            clock.advance(Duration.ofSeconds(2));
            for (int i = 0; i < 9; i++) {
                small.admit("idle-" + i, 1, clock.now());
            }
            clock.advance(Duration.ofSeconds(2));
            small.admit("busy", 1, clock.now());
            assertEquals(10, small.size());

            small.admit("newcomer", 1, clock.now());

            assertEquals(2, small.size(), "the nine idle buckets went; the busy one and the newcomer stay");
            assertTrue(small.admit("busy", 1, clock.now()) > 0, "busy keeps its spent bucket");
        }

        @Test
        void never_grows_past_its_capacity_when_every_subscription_is_busy() {
            SubscriptionRateLimiter small = new SubscriptionRateLimiter(10);

            for (int i = 0; i < 1_000; i++) {
                assertEquals(0, small.admit("busy-" + i, 1, clock.now()));
                assertTrue(small.size() <= 10, "held " + small.size());
            }
        }

        @Test
        void an_idle_subscription_dropped_is_answered_as_if_it_had_been_kept() {
            SubscriptionRateLimiter small = new SubscriptionRateLimiter(10);
            assertEquals(3, admittedOfIn(small, "sub-a", 3, 5));
            clock.advance(Duration.ofSeconds(1));
            for (int i = 0; i < 10; i++) {
                small.admit("other-" + i, 3, clock.now());
            }

            assertEquals(3, admittedOfIn(small, "sub-a", 3, 5), "a full bucket, kept or not");
        }

        private int admittedOfIn(SubscriptionRateLimiter some, String subscriptionId, int rate, int requests) {
            int admitted = 0;
            for (int i = 0; i < requests; i++) {
                admitted += some.admit(subscriptionId, rate, clock.now()) == 0 ? 1 : 0;
            }
            return admitted;
        }

        @Test
        void a_capacity_below_ten_is_refused() {
            assertThrows(IllegalArgumentException.class, () -> new SubscriptionRateLimiter(9));
        }
    }
}
