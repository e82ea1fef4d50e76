package com.cardscry.portal.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One subscription's usage in one UTC hour: the counts, and the ids of the last
 * {@value #REMEMBERED_BATCHES} batches of usage events added to it, so that a batch delivered again is
 * recognised and not counted twice. A bucket is kept for {@link #RETENTION} after its hour ends.
 *
 * @param subscriptionId whose usage it is
 * @param hour           the start of the UTC hour
 * @param counts         the requests of that hour reported so far
 * @param recentBatches  ids of the batches added, oldest first, at most {@value #REMEMBERED_BATCHES}
 */
public record UsageBucket(String subscriptionId, Instant hour, UsageCounts counts, List<String> recentBatches) {

    /** How many batch ids a bucket remembers: a batch is recognised until this many others were added after it. */
    public static final int REMEMBERED_BATCHES = 100;
    /** How long an hourly bucket is kept after its hour ends (the retention schedule's "hourly usage"). */
    public static final Duration RETENTION = Duration.ofDays(90);

    /** The hour as bucket ids and queries name it, for example {@code 2026-11-29T07}; sorts as time does. */
    private static final DateTimeFormatter HOUR_ID = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH").withZone(ZoneOffset.UTC);

    public UsageBucket {
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        Objects.requireNonNull(hour, "hour");
        Objects.requireNonNull(counts, "counts");
        recentBatches = List.copyOf(recentBatches);
        if (!hour.equals(hourOf(hour))) {
            throw new IllegalArgumentException("a bucket starts on the hour");
        }
        if (recentBatches.size() > REMEMBERED_BATCHES) {
            throw new IllegalArgumentException("a bucket remembers at most " + REMEMBERED_BATCHES + " batches");
        }
    }

    public static UsageBucket empty(String subscriptionId, Instant hour) {
        return new UsageBucket(subscriptionId, hour, UsageCounts.ZERO, List.of());
    }

    /** The start of the UTC hour {@code at} falls in. */
    public static Instant hourOf(Instant at) {
        return at.truncatedTo(ChronoUnit.HOURS);
    }

    /** {@code hour} (the start of an hour) as an id, for example {@code 2026-11-29T07}. */
    public static String hourId(Instant hour) {
        return HOUR_ID.format(hour);
    }

    public String hourId() {
        return hourId(hour);
    }

    /** Whether the batch with this id was added to this bucket (among the last {@value #REMEMBERED_BATCHES}). */
    public boolean hasApplied(String batchId) {
        return recentBatches.contains(batchId);
    }

    /** With {@code more} added, remembering {@code batchId} (forgetting the oldest beyond the limit). */
    public UsageBucket add(UsageCounts more, Optional<String> batchId) {
        List<String> batches = new ArrayList<>(recentBatches);
        batchId.ifPresent(batches::add);
        while (batches.size() > REMEMBERED_BATCHES) {
            batches.remove(0);
        }
        return new UsageBucket(subscriptionId, hour, counts.plus(more), batches);
    }

    /** When the bucket is no longer kept: {@link #RETENTION} after its hour ends. */
    public Instant keptUntil() {
        return hour.plus(Duration.ofHours(1)).plus(RETENTION);
    }
}
