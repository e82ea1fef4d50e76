package com.cardscry.portal.application.subscriptions;

import com.cardscry.portal.application.AllPages;
import com.cardscry.portal.application.OptimisticUpdate;
import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.ContainerSpec;
import com.cardscry.portal.application.port.Document;
import com.cardscry.portal.application.port.DocumentStore;
import com.cardscry.portal.application.port.Page;
import com.cardscry.portal.application.port.Query;
import com.cardscry.portal.application.port.StoredDocument;
import com.cardscry.portal.application.port.WriteResult;
import com.cardscry.portal.domain.RetentionCategory;
import com.cardscry.portal.domain.RetentionSchedule;
import com.cardscry.portal.domain.Subscription;
import com.cardscry.portal.domain.SubscriptionExpiryNotice;
import com.cardscry.portal.domain.SubscriptionState;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Subscriptions in the document store, and the review queue administrators work from:
 * <ul>
 *   <li>{@code subscriptions}: partitioned by account id (DESIGN.md decision 3), so an owner's list is
 *       one single-partition query and another account's subscription is simply not found. They are the
 *       billing records ({@link RetentionCategory#BILLING_RECORDS}), and every write sets their ttl: an
 *       open subscription never expires ({@code -1}, whatever the container's default); a closed one is
 *       kept for the billing-records period counted from its {@link Subscription#updatedAt()}. That is
 *       when it closed (cancelled, rejected, or expired by the timer at or after its end date), or
 *       later, when an erasure removed an administrator's reason from it: never before it ended, so a
 *       record is not deleted before the legal minimum, and an erasure that changes it keeps it for the
 *       period from that change. A closed subscription never opens again (its states are terminal).</li>
 *   <li>{@code review-queue}: one partition ({@value #REVIEW_PARTITION}) holding an entry per submitted
 *       subscription, so the administrators' list is a single-partition query too. The entry is written
 *       before the subscription and removed after its review; an entry whose subscription never got
 *       written (a crash in between) is dropped when it is found.</li>
 * </ul>
 */
public final class SubscriptionRecords {

    public static final ContainerSpec SUBSCRIPTIONS = ContainerSpec.of("subscriptions", "accountId");
    public static final ContainerSpec REVIEW_QUEUE = ContainerSpec.of("review-queue", "queue");

    static final String REVIEW_PARTITION = "submitted";
    private static final int NEVER = -1;

    /** A subscription as read, with the ETag a conditional write of it must name. */
    public record Versioned(Subscription subscription, String etag) {
        public Versioned {
            Objects.requireNonNull(subscription, "subscription");
            Objects.requireNonNull(etag, "etag");
        }
    }

    /** A subscription waiting for review, as the queue lists it. */
    public record Submitted(String subscriptionId, String accountId, String planId, Instant submittedAt) {
    }

    private final DocumentStore store;
    private final RetentionSchedule retention;
    private final Clock clock;
    private final OptimisticUpdate<Subscription, Versioned> updates = new OptimisticUpdate<>(
            (next, read) -> replace(next, read.etag()),
            written -> toVersioned(written.stored()),
            read -> read(read.subscription().accountId(), read.subscription().id()));

    /**
     * @param retention gives the {@link RetentionCategory#BILLING_RECORDS} period a closed subscription is kept
     * @param clock     when a subscription is written (its ttl counts from then)
     */
    public SubscriptionRecords(DocumentStore store, RetentionSchedule retention, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Optional<Versioned> read(String accountId, String subscriptionId) {
        return store.read(SUBSCRIPTIONS.name(), accountId, subscriptionId).map(SubscriptionRecords::toVersioned);
    }

    /** Every subscription of the account, oldest first. */
    public List<Subscription> list(String accountId) {
        List<Subscription> all = AllPages.of(store, SUBSCRIPTIONS.name(), Query.partition(accountId),
                stored -> toVersioned(stored).subscription());
        all.sort(Comparator.comparing(Subscription::createdAt).thenComparing(Subscription::id));
        return all;
    }

    public WriteResult create(Subscription subscription) {
        return store.create(SUBSCRIPTIONS.name(), withRetention(subscription));
    }

    /** Replaces the subscription if it is still the version read ({@code CONFLICT} otherwise). */
    public WriteResult replace(Subscription subscription, String etag) {
        return store.replace(SUBSCRIPTIONS.name(), withRetention(subscription), etag);
    }

    /** The subscription's document with the ttl it is kept for when written now (see the class comment). */
    private Document withRetention(Subscription subscription) {
        return toDocument(subscription).withTtl(subscription.isOpen() ? NEVER
                : retention.ttlSeconds(RetentionCategory.BILLING_RECORDS, subscription.updatedAt(), clock.now()));
    }

    /** Changes a subscription with optimistic concurrency; see {@link OptimisticUpdate}. */
    public <T> Outcome<T> update(Versioned found, Function<Versioned, OptimisticUpdate.Change<Subscription, Versioned, T>> decide,
                                 Problem whenGone) {
        return updates.apply(found, decide, whenGone);
    }

    /** Puts a subscription into the review queue (again, harmlessly, on a retry). */
    public void enqueueForReview(Subscription subscription) {
        store.upsert(REVIEW_QUEUE.name(), REVIEW_QUEUE.withPartitionKeyField(Document.of(subscription.id(), REVIEW_PARTITION, Map.of(
                "accountId", subscription.accountId(),
                "planId", subscription.planId(),
                "submittedAt", subscription.createdAt().toString()))));
    }

    /** Takes a subscription out of the review queue; taking out one that is not there is not an error. */
    public void dequeueFromReview(String subscriptionId) {
        store.delete(REVIEW_QUEUE.name(), REVIEW_PARTITION, subscriptionId, null);
    }

    /**
     * One page of the review queue, in subscription id order; empty when {@code continuation} is not a
     * token this store gave out (it comes from a client).
     */
    public Optional<ReviewPage> reviewQueue(int pageSize, Optional<String> continuation) {
        Page page;
        try {
            page = store.query(REVIEW_QUEUE.name(), Query.partition(REVIEW_PARTITION), pageSize, continuation);
        } catch (IllegalArgumentException foreignContinuation) {
            return Optional.empty();
        }
        return Optional.of(new ReviewPage(page.items().stream().map(stored -> new Submitted(stored.id(),
                (String) stored.document().fields().get("accountId"), (String) stored.document().fields().get("planId"),
                Instant.parse((String) stored.document().fields().get("submittedAt")))).toList(), page.continuation()));
    }

    /** A page of the review queue and the token for the next. */
    public record ReviewPage(List<Submitted> items, Optional<String> continuation) {
    }

    static Document toDocument(Subscription subscription) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("type", "subscription");
        fields.put("planId", subscription.planId());
        fields.put("state", subscription.state().code());
        fields.put("createdAt", subscription.createdAt().toString());
        fields.put("updatedAt", subscription.updatedAt().toString());
        subscription.expiresAt().ifPresent(at -> fields.put("expiresAt", at.toString()));
        subscription.reason().ifPresent(reason -> fields.put("reason", reason));
        fields.put("expiryNoticesSent", subscription.expiryNoticesSent().stream()
                .sorted(Comparator.comparingInt(SubscriptionExpiryNotice::days).reversed())
                .map(notice -> (Object) (long) notice.days()).toList());
        return SUBSCRIPTIONS.withPartitionKeyField(Document.of(subscription.id(), subscription.accountId(), fields));
    }

    @SuppressWarnings("unchecked")
    static Versioned toVersioned(StoredDocument stored) {
        Map<String, Object> fields = stored.document().fields();
        Set<SubscriptionExpiryNotice> notices = EnumSet.noneOf(SubscriptionExpiryNotice.class);
        for (Object days : (List<Object>) fields.getOrDefault("expiryNoticesSent", List.of())) {
            for (SubscriptionExpiryNotice notice : SubscriptionExpiryNotice.values()) {
                if (notice.days() == ((Long) days).intValue()) {
                    notices.add(notice);
                }
            }
        }
        Subscription subscription = new Subscription(stored.id(), stored.document().partitionKey(), (String) fields.get("planId"),
                SubscriptionState.fromCode((String) fields.get("state")),
                Instant.parse((String) fields.get("createdAt")), Instant.parse((String) fields.get("updatedAt")),
                Optional.ofNullable((String) fields.get("expiresAt")).map(Instant::parse),
                Optional.ofNullable((String) fields.get("reason")), notices);
        return new Versioned(subscription, stored.etag());
    }
}
