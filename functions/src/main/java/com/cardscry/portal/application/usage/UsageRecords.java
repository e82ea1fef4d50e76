package com.cardscry.portal.application.usage;

import com.cardscry.portal.application.AllPages;
import com.cardscry.portal.application.OptimisticUpdate;
import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.ContainerSpec;
import com.cardscry.portal.application.port.Document;
import com.cardscry.portal.application.port.DocumentStore;
import com.cardscry.portal.application.port.Query;
import com.cardscry.portal.application.port.StoredDocument;
import com.cardscry.portal.application.port.WriteResult;
import com.cardscry.portal.domain.RetentionCategory;
import com.cardscry.portal.domain.RetentionSchedule;
import com.cardscry.portal.domain.UsageBucket;
import com.cardscry.portal.domain.UsageCounts;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Hourly usage buckets in the {@code usage} container. They are per-account data, so they share the
 * account's partition (DESIGN.md decision 3: export and erasure of an account stay in one partition);
 * a bucket's id is its subscription's id and its hour ({@code <subscriptionId>:2026-11-29T07}), and a
 * subscription's buckets over a range of hours are one single-partition query.
 *
 * <p>A bucket holds exactly the fields the privacy policy allows: the subscription, the hour, the
 * three counts and the ids of the last batches added (opaque ids the gateway chose). Its ttl is set
 * on every write so that it expires the retention schedule's {@link RetentionCategory#USAGE_HOURLY}
 * period after its hour ends.
 *
 * <p>Before the hourly buckets of a day expire, the retention purge rolls them up into one daily
 * aggregate per subscription ({@code usage-daily}, same partition, kept for the
 * {@link RetentionCategory#USAGE_DAILY} period after the day ends). It finds the days to roll up
 * through {@code usage-days}: one entry per account, subscription and UTC day, partitioned by the day,
 * written before the first bucket of that day is created.
 */
public final class UsageRecords {

    public static final ContainerSpec USAGE = ContainerSpec.of("usage", "accountId");
    /** Daily aggregates; by default a document expires after the shipped daily-usage period. */
    public static final ContainerSpec USAGE_DAILY = ContainerSpec.withDefaultTtl("usage-daily", "accountId",
            RetentionSchedule.standard(Duration.ofMinutes(1), Duration.ofMinutes(1)).ttlSeconds(RetentionCategory.USAGE_DAILY));
    /** The days that have buckets to roll up, partitioned by UTC day. */
    public static final ContainerSpec USAGE_DAYS = ContainerSpec.of("usage-days", "day");

    /** Every field a stored bucket has; a test holds the stored documents to this list. */
    public static final List<String> FIELDS = List.of("accountId", "type", "subscriptionId", "hour", "requests", "clientErrors",
            "serverErrors", "batches");

    /** A month of hourly buckets in one round trip. */
    private static final int PAGE_SIZE = 1000;

    /** A bucket as read, with its account and the ETag a conditional write of it must name. */
    public record Versioned(String accountId, UsageBucket bucket, String etag) {
    }

    private final DocumentStore store;
    private final RetentionSchedule retention;
    private final Clock clock;
    private final OptimisticUpdate<UsageBucket, Versioned> updates;

    /**
     * @param retention how long a bucket is kept after its hour ends ({@link RetentionCategory#USAGE_HOURLY})
     * @param clock     tells the time of each write, from which the ttl that ends the bucket's retention is counted
     */
    public UsageRecords(DocumentStore store, RetentionSchedule retention, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.updates = new OptimisticUpdate<>(
                (next, read) -> store.replace(USAGE.name(), toDocument(read.accountId(), next), read.etag()),
                written -> toVersioned(written.stored()),
                read -> read(read.accountId(), read.bucket().subscriptionId(), read.bucket().hour()));
    }

    public Optional<Versioned> read(String accountId, String subscriptionId, Instant hour) {
        return store.read(USAGE.name(), accountId, id(subscriptionId, hour)).map(UsageRecords::toVersioned);
    }

    /**
     * Writes a new bucket; {@code ALREADY_EXISTS} if another write made it first. Notes its day in
     * {@code usage-days} first, so that no bucket exists whose day the roll-up cannot find.
     */
    public WriteResult create(String accountId, UsageBucket bucket) {
        String day = dayOf(bucket.hour()).toString();
        Map<String, Object> entry = Map.of("accountId", accountId, "subscriptionId", bucket.subscriptionId());
        // Kept as long as a daily aggregate could be: an entry the roll-up never reached expires by itself.
        store.create(USAGE_DAYS.name(), USAGE_DAYS.withPartitionKeyField(Document.of(dayEntryId(accountId, bucket.subscriptionId()),
                day, entry)).withTtl(retention.ttlSeconds(RetentionCategory.USAGE_DAILY, dayEnd(dayOf(bucket.hour())), clock.now())));
        return store.create(USAGE.name(), toDocument(accountId, bucket));
    }

    /** A subscription that had usage on a day, as {@code usage-days} lists it. */
    public record UsageDay(String accountId, String subscriptionId, LocalDate day) {
    }

    /**
     * Up to {@code max} subscriptions with buckets on {@code day} not yet rolled up. The roll-up removes
     * each entry it has dealt with ({@link #rollUp}), so asking again gives the rest.
     */
    public List<UsageDay> usageOn(LocalDate day, int max) {
        return store.query(USAGE_DAYS.name(), Query.partition(day.toString()), max, Optional.empty()).items().stream()
                .map(stored -> new UsageDay((String) stored.document().fields().get("accountId"),
                        (String) stored.document().fields().get("subscriptionId"), day))
                .toList();
    }

    /**
     * Sums the subscription's buckets of the day into its daily aggregate (replacing an earlier sum, so
     * rolling up twice writes the same). A day without buckets (erased meanwhile) writes nothing. The
     * day's entry stays until {@link #finishRollUps} removes it.
     */
    public void rollUp(UsageDay usage) {
        Instant dayStart = usage.day().atStartOfDay(ZoneOffset.UTC).toInstant();
        List<UsageBucket> buckets = inRange(usage.accountId(), usage.subscriptionId(), dayStart, dayEnd(usage.day()));
        if (!buckets.isEmpty()) {
            UsageCounts total = buckets.stream().map(UsageBucket::counts).reduce(UsageCounts.ZERO, UsageCounts::plus);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("type", "usage-day");
            fields.put("subscriptionId", usage.subscriptionId());
            fields.put("day", usage.day().toString());
            fields.put("requests", total.requests());
            fields.put("clientErrors", total.clientErrors());
            fields.put("serverErrors", total.serverErrors());
            store.upsert(USAGE_DAILY.name(), USAGE_DAILY.withPartitionKeyField(Document.of(usage.subscriptionId() + ":" + usage.day(),
                    usage.accountId(), fields)).withTtl(retention.ttlSeconds(RetentionCategory.USAGE_DAILY, dayEnd(usage.day()),
                    clock.now())));
        }
    }

    /**
     * Removes the entries of rolled-up subscription-days of one day, in one write where the store can.
     *
     * @return how many this call removed: of two callers racing, each entry is counted by one
     */
    public int finishRollUps(LocalDate day, List<UsageDay> rolledUp) {
        return store.deleteAll(USAGE_DAYS.name(), day.toString(),
                rolledUp.stream().map(usage -> dayEntryId(usage.accountId(), usage.subscriptionId())).toList());
    }

    /** The subscription's daily aggregate of {@code day}, if one was rolled up and has not expired. */
    public Optional<UsageCounts> daily(String accountId, String subscriptionId, LocalDate day) {
        return store.read(USAGE_DAILY.name(), accountId, subscriptionId + ":" + day).map(stored -> counts(stored.document().fields()));
    }

    /** A subscription's daily aggregate: the sum of its hourly buckets of one UTC day. */
    public record DailyTotal(LocalDate day, UsageCounts counts) {
    }

    /**
     * The subscription's daily aggregates of the days in {@code [fromDay, toDay)} that were rolled up and
     * have not expired, oldest first; one single-partition query. Days never rolled up are missing.
     */
    public List<DailyTotal> dailyInRange(String accountId, String subscriptionId, LocalDate fromDay, LocalDate toDay) {
        Query query = Query.partition(accountId)
                .where("subscriptionId", Query.Operator.EQUAL, subscriptionId)
                .where("day", Query.Operator.GREATER_OR_EQUAL, fromDay.toString())
                .where("day", Query.Operator.LESS_THAN, toDay.toString());
        // Ids are the subscription's id and the day (ISO, so text order is time order): id order is time order.
        return AllPages.of(store, USAGE_DAILY.name(), query, PAGE_SIZE,
                stored -> new DailyTotal(LocalDate.parse((String) stored.document().fields().get("day")), counts(stored.document().fields())));
    }

    private static UsageCounts counts(Map<String, Object> fields) {
        return new UsageCounts((Long) fields.get("requests"), (Long) fields.get("clientErrors"), (Long) fields.get("serverErrors"));
    }

    private static String dayEntryId(String accountId, String subscriptionId) {
        return accountId + ":" + subscriptionId;
    }

    private static LocalDate dayOf(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant dayEnd(LocalDate day) {
        return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Changes a bucket with optimistic concurrency; see {@link OptimisticUpdate}. */
    public <T> Outcome<T> update(Versioned found, Function<Versioned, OptimisticUpdate.Change<UsageBucket, Versioned, T>> decide,
                                 Problem whenGone) {
        return updates.apply(found, decide, whenGone);
    }

    /** The subscription's buckets whose hour starts in {@code [fromHour, toHour)}, oldest first. */
    public List<UsageBucket> inRange(String accountId, String subscriptionId, Instant fromHour, Instant toHour) {
        // The id bounds let a store walk only the subscription's stretch of the account's partition (ids are
        // subscription:hour); the field conditions say the same for a store that does not use them.
        Query query = Query.partition(accountId)
                .where("id", Query.Operator.GREATER_OR_EQUAL, id(subscriptionId, fromHour))
                .where("id", Query.Operator.LESS_THAN, id(subscriptionId, toHour))
                .where("subscriptionId", Query.Operator.EQUAL, subscriptionId)
                .where("hour", Query.Operator.GREATER_OR_EQUAL, UsageBucket.hourId(fromHour))
                .where("hour", Query.Operator.LESS_THAN, UsageBucket.hourId(toHour));
        List<UsageBucket> buckets = AllPages.of(store, USAGE.name(), query, PAGE_SIZE, stored -> toVersioned(stored).bucket());
        // Ids are the subscription's id and the hour, so id order is already time order.
        return buckets;
    }

    private static String id(String subscriptionId, Instant hour) {
        return subscriptionId + ":" + UsageBucket.hourId(hour);
    }

    private Document toDocument(String accountId, UsageBucket bucket) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("type", "usage-hour");
        fields.put("subscriptionId", bucket.subscriptionId());
        fields.put("hour", bucket.hourId());
        fields.put("requests", bucket.counts().requests());
        fields.put("clientErrors", bucket.counts().clientErrors());
        fields.put("serverErrors", bucket.counts().serverErrors());
        fields.put("batches", bucket.recentBatches());
        Instant hourEnds = bucket.hour().plus(Duration.ofHours(1));
        return USAGE.withPartitionKeyField(Document.of(id(bucket.subscriptionId(), bucket.hour()), accountId, fields))
                .withTtl(retention.ttlSeconds(RetentionCategory.USAGE_HOURLY, hourEnds, clock.now()));
    }

    @SuppressWarnings("unchecked")
    private static Versioned toVersioned(StoredDocument stored) {
        Map<String, Object> fields = stored.document().fields();
        Instant hour = LocalDateTime.parse((String) fields.get("hour") + ":00").toInstant(ZoneOffset.UTC);
        UsageBucket bucket = new UsageBucket((String) fields.get("subscriptionId"), hour, counts(fields),
                (List<String>) fields.get("batches"));
        return new Versioned(stored.document().partitionKey(), bucket, stored.etag());
    }
}
