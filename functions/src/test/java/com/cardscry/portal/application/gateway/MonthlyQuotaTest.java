package com.cardscry.portal.application.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cardscry.portal.adapters.embedded.EmbeddedDocumentStore;
import com.cardscry.portal.application.port.StoredDocument;
import com.cardscry.portal.domain.RetentionCategory;
import com.cardscry.portal.domain.RetentionSchedule;
import com.cardscry.portal.testing.CountingDocumentStore;
import com.cardscry.portal.testing.FakeClock;
import com.cardscry.portal.testing.Retention;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monthly quota's counting on the embedded store: exact sums across instances, nothing lost on failure. */
class MonthlyQuotaTest {

    private static final Instant NOW = Instant.parse("2026-11-29T08:00:00Z");
    private static final String SUBSCRIPTION = "sub-1";

    @TempDir
    Path folder;

    private FakeClock clock;
    private EmbeddedDocumentStore embedded;
    private CountingDocumentStore store;

    @BeforeEach
    void open() {
        clock = new FakeClock(NOW);
        embedded = EmbeddedDocumentStore.open(folder.resolve("store"), List.of(MonthlyQuota.COUNTERS), clock);
        store = new CountingDocumentStore(embedded);
    }

    @AfterEach
    void close() {
        embedded.close();
    }

    private long storedCount(String subscription, String month) {
        return store.read(MonthlyQuota.CONTAINER, subscription, month).map(MonthlyQuotaTest::count).orElse(0L);
    }

    private static long count(StoredDocument stored) {
        return ((Number) stored.document().fields().get("count")).longValue();
    }

    @Nested
    class Counting {

        @Test
        void counts_are_seen_at_once_here_and_stored_by_the_flush() {
            MonthlyQuota quota = new MonthlyQuota(store, Retention.STANDARD, clock);
            quota.requestsRecorded(SUBSCRIPTION, NOW, 7);
            quota.requestsRecorded(SUBSCRIPTION, NOW, 3);

            assertEquals(10, quota.used(SUBSCRIPTION, NOW));
            assertEquals(0, storedCount(SUBSCRIPTION, "2026-11"));

            quota.flush();
            assertEquals(10, storedCount(SUBSCRIPTION, "2026-11"));
            assertEquals(10, quota.used(SUBSCRIPTION, NOW), "neither lost nor counted twice by the flush");
        }

        @Test
        void counts_go_to_the_month_of_their_hour() {
            MonthlyQuota quota = new MonthlyQuota(store, Retention.STANDARD, clock);
            quota.requestsRecorded(SUBSCRIPTION, Instant.parse("2026-10-31T23:00:00Z"), 4);
            quota.requestsRecorded(SUBSCRIPTION, NOW, 6);

            quota.flush();

            assertEquals(4, storedCount(SUBSCRIPTION, "2026-10"));
            assertEquals(6, storedCount(SUBSCRIPTION, "2026-11"));
            assertEquals(6, quota.used(SUBSCRIPTION, NOW));
        }

        @Test
        void instances_flushing_the_same_counter_add_up_exactly() {
            MonthlyQuota first = new MonthlyQuota(store, Retention.STANDARD, clock);
            MonthlyQuota second = new MonthlyQuota(store, Retention.STANDARD, clock);
            for (int round = 0; round < 5; round++) {
                first.requestsRecorded(SUBSCRIPTION, NOW, 100);
                second.requestsRecorded(SUBSCRIPTION, NOW, 10);
                first.flush();
                second.flush();
            }
            assertEquals(550, storedCount(SUBSCRIPTION, "2026-11"));
        }

        @Test
        void concurrent_counting_and_flushing_lose_nothing() throws Exception {
            MonthlyQuota quota = new MonthlyQuota(store, Retention.STANDARD, clock);
            MonthlyQuota other = new MonthlyQuota(store, Retention.STANDARD, clock);
            ExecutorService threads = Executors.newFixedThreadPool(4);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> work = new ArrayList<>();
            try {
                for (MonthlyQuota counting : List.of(quota, quota, other)) {
                    work.add(threads.submit(() -> {
                        start.await();
                        for (int i = 0; i < 2_000; i++) {
                            counting.requestsRecorded(SUBSCRIPTION, NOW, 1);
                        }
                        return null;
                    }));
                }
                work.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < 50; i++) {
                        quota.flush();
                        other.flush();
                    }
                    return null;
                }));
                start.countDown();
                for (Future<?> each : work) {
                    each.get(60, TimeUnit.SECONDS);
                }
            } finally {
                threads.shutdownNow();
            }
            quota.flush();
            other.flush();

            assertEquals(6_000, storedCount(SUBSCRIPTION, "2026-11"));
        }
    }

    @Nested
    class Watching {

        @Test
        void asking_costs_no_store_operation_and_the_next_flush_reads_the_stored_count() {
            MonthlyQuota ingesting = new MonthlyQuota(store, Retention.STANDARD, clock);
            ingesting.requestsRecorded(SUBSCRIPTION, NOW, 42);
            ingesting.flush();
            MonthlyQuota verifying = new MonthlyQuota(store, Retention.STANDARD, clock);
            store.reset();

            assertEquals(0, verifying.used(SUBSCRIPTION, NOW));
            assertEquals(List.of(), store.operations());

            MonthlyQuota.FlushReport report = verifying.flush();
            assertEquals(1, report.countersRead());
            assertEquals(42, verifying.used(SUBSCRIPTION, NOW));
        }

        @Test
        void a_watched_counter_is_read_at_most_once_per_flush_interval() {
            MonthlyQuota verifying = new MonthlyQuota(store, Retention.STANDARD, clock);
            verifying.used(SUBSCRIPTION, NOW);
            verifying.flush();
            store.reset();

            verifying.flush();
            assertEquals(0, store.operations().size(), "read less than an interval ago");

            clock.advance(MonthlyQuota.FLUSH_INTERVAL);
            verifying.used(SUBSCRIPTION, clock.now());
            verifying.flush();
            assertEquals(1, store.count("read", MonthlyQuota.CONTAINER));
        }

        @Test
        void a_counter_nobody_asks_about_is_not_read_and_a_past_months_is_forgotten() {
            MonthlyQuota verifying = new MonthlyQuota(store, Retention.STANDARD, clock);
            verifying.used(SUBSCRIPTION, NOW);
            verifying.flush();

            clock.advance(MonthlyQuota.WATCHED_FOR);
            store.reset();
            assertEquals(0, verifying.flush().forgotten(), "this month's counter stays");
            assertEquals(List.of(), store.operations(), "but is not read while nobody asks");

            clock.set(Instant.parse("2026-12-01T00:00:00Z"));
            assertEquals(1, verifying.flush().forgotten(), "November's counter goes once December starts");
            assertEquals(0, verifying.used(SUBSCRIPTION, clock.now()), "December counts from zero");
        }
    }

    @Nested
    class Failures {

        @Test
        void counts_that_cannot_be_written_are_kept_for_the_next_flush() {
            MonthlyQuota quota = new MonthlyQuota(store, Retention.STANDARD, clock);
            quota.requestsRecorded(SUBSCRIPTION, NOW, 5);

            store.setUnavailable(true);
            MonthlyQuota.FlushReport failed = quota.flush();
            assertEquals(1, failed.failures());
            assertEquals(5, quota.used(SUBSCRIPTION, NOW), "still counted here");

            store.setUnavailable(false);
            quota.requestsRecorded(SUBSCRIPTION, NOW, 1);
            quota.flush();
            assertEquals(6, storedCount(SUBSCRIPTION, "2026-11"));
        }

        @Test
        void the_counter_document_holds_only_counts() {
            MonthlyQuota quota = new MonthlyQuota(store, Retention.STANDARD, clock);
            quota.requestsRecorded(SUBSCRIPTION, NOW, 1);
            quota.flush();

            StoredDocument stored = store.read(MonthlyQuota.CONTAINER, SUBSCRIPTION, "2026-11").orElseThrow();
            assertEquals(java.util.Set.of("month", "count", "subscriptionId"), stored.document().fields().keySet());
        }
    }

    /** The counter's ttl: the retention schedule's {@code quota-counters} period, counted from the end of its month. */
    @Nested
    class Kept {

        @Test
        void a_counter_expires_35_days_after_its_month_ends() {
            MonthlyQuota quota = new MonthlyQuota(store, Retention.STANDARD, clock);
            quota.requestsRecorded(SUBSCRIPTION, NOW, 1);
            quota.flush();

            assertEquals(Instant.parse("2027-01-05T00:00:00Z"), expiresAt("2026-11"), "November ends 2026-12-01; 35 days later");
        }

        @Test
        void a_later_write_keeps_counting_from_the_month_end() {
            MonthlyQuota quota = new MonthlyQuota(store, Retention.STANDARD, clock);
            quota.requestsRecorded(SUBSCRIPTION, NOW, 1);
            quota.flush();
            clock.advance(Duration.ofDays(3));
            quota.requestsRecorded(SUBSCRIPTION, Instant.parse("2026-11-30T23:00:00Z"), 1);
            quota.flush();

            assertEquals(2, storedCount(SUBSCRIPTION, "2026-11"));
            assertEquals(Instant.parse("2027-01-05T00:00:00Z"), expiresAt("2026-11"));
        }

        @Test
        void an_overridden_period_gives_the_ttl() {
            RetentionSchedule sixtyDays = Retention.STANDARD.withOverrides(Map.of(RetentionCategory.QUOTA_COUNTERS, Duration.ofDays(60)));
            MonthlyQuota quota = new MonthlyQuota(store, sixtyDays, clock);
            quota.requestsRecorded(SUBSCRIPTION, NOW, 1);
            quota.flush();

            assertEquals(Instant.parse("2027-01-30T00:00:00Z"), expiresAt("2026-11"));
        }

        /** When the counter expires: its ttl counts from its last write, which was now. */
        private Instant expiresAt(String month) {
            StoredDocument stored = store.read(MonthlyQuota.CONTAINER, SUBSCRIPTION, month).orElseThrow();
            return clock.now().plusSeconds(stored.document().ttlSeconds().orElseThrow());
        }
    }

    @Test
    void the_month_end_is_midnight_utc_on_the_first() {
        MonthlyQuota quota = new MonthlyQuota(store, Retention.STANDARD, clock);
        assertEquals(Instant.parse("2026-12-01T00:00:00Z"), quota.monthEnd(NOW));
        assertEquals(Instant.parse("2027-01-01T00:00:00Z"), quota.monthEnd(Instant.parse("2026-12-31T23:59:59Z")));
        assertEquals(Instant.parse("2027-01-01T00:00:00Z"), quota.monthEnd(Instant.parse("2026-12-01T00:00:00Z")));
    }
}
