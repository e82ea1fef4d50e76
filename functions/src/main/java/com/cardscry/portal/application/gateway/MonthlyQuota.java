package com.cardscry.portal.application.gateway;

import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.ContainerSpec;
import com.cardscry.portal.application.port.Document;
import com.cardscry.portal.application.port.DocumentStore;
import com.cardscry.portal.application.port.StoreUnavailableException;
import com.cardscry.portal.application.port.StoredDocument;
import com.cardscry.portal.application.port.WriteResult;
import com.cardscry.portal.application.usage.UsageListener;
import com.cardscry.portal.domain.RetentionCategory;
import com.cardscry.portal.domain.RetentionSchedule;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Each subscription's requests this UTC month, counted against its plan's monthly quota.
 *
 * <p><b>Counting.</b> Requests are counted from usage ingestion ({@link UsageListener}): the gateway
 * reports each request it served, and each is counted once (a retried usage batch is not told here
 * again). Counts are added to an in-process buffer at once, and {@link #flush} adds the buffer to the
 * stored counter, container {@value #CONTAINER}, one document per subscription and month, with an
 * ETag-conditional read-modify-write, so that increments from any number of instances add up exactly
 * (a lost race is read again and retried). The composition root flushes every {@link #FLUSH_INTERVAL}.
 * A counter is kept for the retention schedule's {@link RetentionCategory#QUOTA_COUNTERS} period after
 * its month ends: every write sets its ttl to that.
 *
 * <p><b>Answering.</b> {@link #used} never touches the store, so verification stays at one point read
 * at most: it answers the stored count as last read or written by this process plus what this process
 * has not flushed yet. A subscription asked about is refreshed by the next flush (a point read), and
 * then at least every {@link #FLUSH_INTERVAL} while it is asked about, so requests counted on other
 * instances are seen here within two flush intervals of their ingestion.
 *
 * <p><b>Worst case.</b> The quota can be exceeded by what is served between a request being made and
 * its count reaching the verdict the gateway holds: the gateway's usage reporting delay, plus one flush
 * interval on the ingesting instance, plus one on the verifying instance, plus the verdict's cache time
 * (which {@link VerifyApiKey} shortens as the quota runs out). At the plan's rate limit that is at
 * most {@code rateLimitPerSecond x (reporting delay + 10 s + cache time)} requests per subscription,
 * however many instances run; {@code docs/gateway.md} works an example. A process that dies loses at
 * most its unflushed counts: the quota then undercounts (in the developer's favour) while the hourly
 * usage buckets, written before the counts reach this buffer, stay exact.
 *
 * <p>Thread-safe. {@link #flush} runs one at a time.
 */
public final class MonthlyQuota implements UsageListener {

    public static final String CONTAINER = "quota-usage";
    public static final ContainerSpec COUNTERS = ContainerSpec.of(CONTAINER, "subscriptionId");
    public static final Duration FLUSH_INTERVAL = Duration.ofSeconds(5);
    /**
     * A subscription nobody asked about for this long is no longer refreshed. Its counter stays until its
     * month is over (a few dozen bytes, so that verification finds it through the month's map without
     * making a key object); a past month's counter is forgotten once flushed.
     */
    static final Duration WATCHED_FOR = Duration.ofMinutes(10);
    private static final int WRITE_ATTEMPTS = 10;

    /** One subscription's count for one month. */
    private record Period(String subscriptionId, YearMonth month) {
    }

    /** What this process knows of one period's count. */
    private static final class Counter {
        /** The stored count as last read or written here; 0 until first read. */
        volatile long stored;
        /** Counted here, not yet added to the stored counter. */
        final AtomicLong unflushed = new AtomicLong();
        /** When the stored count was last read or written here; null before the first time. */
        volatile Instant syncedAt;
        /** When verification last asked about it; null if only counted here. */
        volatile Instant askedAt;
    }

    /** What one flush did, for the log: counts only. */
    public record FlushReport(int countersWritten, int countersRead, int failures, int forgotten) {
    }

    /**
     * The month {@link #used} answers for, cached: recomputing it from an instant on every call costs
     * more than the rest. It also holds that month's counters by subscription id: the same objects as in
     * {@code counters}, found without making a {@link Period}; a new month starts with an empty map.
     */
    private record CurrentMonth(YearMonth month, Instant start, Instant end, ConcurrentHashMap<String, Counter> counters) {
        static CurrentMonth of(Instant now) {
            YearMonth month = YearMonth.from(now.atOffset(ZoneOffset.UTC));
            return new CurrentMonth(month, month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC),
                    month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC), new ConcurrentHashMap<>());
        }

        boolean contains(Instant now) {
            return !now.isBefore(start) && now.isBefore(end);
        }
    }

    private final DocumentStore store;
    private final RetentionSchedule retention;
    private final Clock clock;
    private final ConcurrentHashMap<Period, Counter> counters = new ConcurrentHashMap<>();
    private volatile CurrentMonth currentMonth;

    /**
     * @param retention gives the {@link RetentionCategory#QUOTA_COUNTERS} period a stored counter is kept
     *                  after its month ends (its ttl, set on every write)
     */
    public MonthlyQuota(DocumentStore store, RetentionSchedule retention, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.currentMonth = CurrentMonth.of(clock.now());
    }

    @Override
    public void requestsRecorded(String subscriptionId, Instant hour, long requests) {
        if (requests < 1) {
            throw new IllegalArgumentException("requests must be at least 1: " + requests);
        }
        YearMonth month = YearMonth.from(hour.atOffset(ZoneOffset.UTC));
        // Added under the map's lock for this period, so that a flush forgetting the counter at the
        // same moment cannot drop the count.
        counters.compute(new Period(subscriptionId, month), (period, counter) -> {
            Counter counting = counter == null ? new Counter() : counter;
            counting.unflushed.addAndGet(requests);
            return counting;
        });
    }

    /**
     * The subscription's requests this month as far as this process knows; no store operation. The
     * subscription is watched from now on, so that the next flush reads its stored count.
     */
    public long used(String subscriptionId, Instant now) {
        CurrentMonth month = monthOf(now);
        // Per request: the current month's counters by subscription id alone, so that no key object is made.
        Counter counter = month.counters().get(subscriptionId);
        if (counter == null) {
            counter = counters.computeIfAbsent(new Period(subscriptionId, month.month()), period -> new Counter());
            month.counters().put(subscriptionId, counter);
        }
        counter.askedAt = now;
        return counter.stored + counter.unflushed.get();
    }

    /** When the month {@code now} is in ends (when a spent quota is renewed). */
    public Instant monthEnd(Instant now) {
        return monthOf(now).end();
    }

    /**
     * Adds every unflushed count to its stored counter, and reads the stored counts of watched
     * subscriptions not read for a flush interval. A count that cannot be written stays unflushed for
     * the next flush; nothing is lost while the process lives.
     */
    public synchronized FlushReport flush() {
        Instant now = clock.now();
        int written = 0;
        int read = 0;
        int failures = 0;
        int forgotten = 0;
        for (Map.Entry<Period, Counter> each : counters.entrySet()) {
            Period period = each.getKey();
            Counter counter = each.getValue();
            long delta = counter.unflushed.getAndSet(0);
            try {
                if (delta > 0) {
                    counter.stored = add(period, delta, now);
                    counter.syncedAt = now;
                    written++;
                } else if (isWatched(counter, now) && isDue(counter, now)) {
                    counter.stored = read(period).map(MonthlyQuota::count).orElse(0L);
                    counter.syncedAt = now;
                    read++;
                } else if (!isWatched(counter, now) && !period.month().equals(monthOf(now).month()) && forget(period)) {
                    forgotten++;
                }
            } catch (StoreUnavailableException | CounterContendedException failed) {
                counter.unflushed.addAndGet(delta);
                failures++;
            }
        }
        return new FlushReport(written, read, failures, forgotten);
    }

    /** Drops an idle counter, unless a count arrived for it meanwhile; under the same lock as {@link #requestsRecorded}. */
    private boolean forget(Period period) {
        boolean[] forgotten = {false};
        counters.computeIfPresent(period, (same, counter) -> {
            forgotten[0] = counter.unflushed.get() == 0;
            return forgotten[0] ? null : counter;
        });
        return forgotten[0];
    }

    private static boolean isWatched(Counter counter, Instant now) {
        Instant asked = counter.askedAt;
        return asked != null && now.isBefore(asked.plus(WATCHED_FOR));
    }

    private static boolean isDue(Counter counter, Instant now) {
        Instant synced = counter.syncedAt;
        return synced == null || !now.isBefore(synced.plus(FLUSH_INTERVAL));
    }

    private CurrentMonth monthOf(Instant now) {
        CurrentMonth month = currentMonth;
        if (!month.contains(now)) {
            month = CurrentMonth.of(now);
            currentMonth = month;
        }
        return month;
    }

    /** Adds {@code delta} to the stored counter; returns the count stored. */
    private long add(Period period, long delta, Instant now) {
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            Optional<StoredDocument> found = read(period);
            long next = found.map(MonthlyQuota::count).orElse(0L) + delta;
            Document document = counterDocument(period, next, now);
            WriteResult result = found.isPresent()
                    ? store.replace(CONTAINER, document, found.get().etag())
                    : store.create(CONTAINER, document);
            if (result.isWritten()) {
                return next;
            }
            // CONFLICT, ALREADY_EXISTS or NOT_FOUND: another instance wrote first (or the counter
            // expired); read again and add to what is there now.
        }
        throw new CounterContendedException();
    }

    private Optional<StoredDocument> read(Period period) {
        return store.read(CONTAINER, period.subscriptionId(), period.month().toString());
    }

    private static long count(StoredDocument stored) {
        Object count = stored.document().fields().get("count");
        return count instanceof Number number ? number.longValue() : 0L;
    }

    private Document counterDocument(Period period, long count, Instant now) {
        Instant monthEnd = period.month().plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        return COUNTERS.withPartitionKeyField(Document.of(period.month().toString(), period.subscriptionId(),
                Map.of("month", period.month().toString(), "count", count)))
                .withTtl(retention.ttlSeconds(RetentionCategory.QUOTA_COUNTERS, monthEnd, now));
    }

    /** Every attempt lost a race; the delta stays unflushed for the next flush. */
    private static final class CounterContendedException extends RuntimeException {
        CounterContendedException() {
            super("the quota counter kept changing while it was being written", null, false, false);
        }
    }
}
