package com.cardscry.portal.application.subscriptions;

import com.cardscry.portal.application.port.ContainerSpec;
import com.cardscry.portal.application.port.Document;
import com.cardscry.portal.application.port.DocumentStore;
import com.cardscry.portal.application.port.Page;
import com.cardscry.portal.application.port.Query;
import com.cardscry.portal.application.port.StoredDocument;
import com.cardscry.portal.domain.RetentionCategory;
import com.cardscry.portal.domain.RetentionSchedule;
import com.cardscry.portal.domain.Subscription;
import com.cardscry.portal.domain.SubscriptionExpiryNotice;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What is due to happen to subscriptions with an end date, filed by the UTC day it is due, so that the
 * expiry timer finds a day's work with one single-partition query (DESIGN.md decision 3; no timer scans
 * the {@code subscriptions} container across accounts).
 *
 * <p>{@code subscription-schedule}, partitioned by {@code day} ({@code 2026-11-29}): one entry per expiry
 * notice still ahead and one for the expiry itself, id {@code <subscription id>:<action>}. The entries
 * are written before their subscription (so a subscription with an end date never lacks them); an entry
 * whose subscription was never written, or has closed, is dropped by whoever processes it. Each entry
 * expires by ttl the retention schedule's {@link RetentionCategory#SUBSCRIPTION_SCHEDULE} period after it
 * was due, so a schedule nobody processed does not grow for ever; that period is also the longest a
 * stopped timer can catch up on ({@link #oldestKeptDay}). The partition {@value #CURSOR_PARTITION} holds
 * the timer's cursor: the last day it processed completely.
 */
public final class SubscriptionSchedule {

    public static final ContainerSpec SCHEDULE = ContainerSpec.of("subscription-schedule", "day");

    static final String CURSOR_PARTITION = "cursor";
    private static final String CURSOR_ID = "expiry-timer";

    /**
     * One scheduled action.
     *
     * @param accountId      the subscription's account (its partition in {@code subscriptions})
     * @param subscriptionId the subscription it is for
     * @param notice         the expiry notice to send; empty for the expiry itself
     * @param dueAt          when it is due, in whole seconds
     */
    public record Entry(String accountId, String subscriptionId, Optional<SubscriptionExpiryNotice> notice, Instant dueAt) {

        public Entry {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(subscriptionId, "subscriptionId");
            Objects.requireNonNull(notice, "notice");
            dueAt = wholeSecondNotBefore(Objects.requireNonNull(dueAt, "dueAt"));
        }

        /** The stored name of the action: {@code notice-30}, {@code notice-7}, {@code notice-1} or {@code expire}. */
        public String action() {
            return notice.map(n -> "notice-" + n.days()).orElse("expire");
        }

        /** The UTC day whose partition holds it. */
        public LocalDate day() {
            return dayOf(dueAt);
        }

        String id() {
            return subscriptionId + ":" + action();
        }
    }

    /** A page of due entries, and the token for the next. */
    public record DuePage(List<Entry> entries, Optional<String> continuation) {
    }

    private final DocumentStore store;
    private final RetentionSchedule retention;

    /** @param retention gives the {@link RetentionCategory#SUBSCRIPTION_SCHEDULE} period an entry is kept after it was due */
    public SubscriptionSchedule(DocumentStore store, RetentionSchedule retention) {
        this.store = Objects.requireNonNull(store, "store");
        this.retention = Objects.requireNonNull(retention, "retention");
    }

    /**
     * The entries a subscription needs: every expiry notice whose time has not passed at {@code now}
     * (one passed over is never sent late), and the expiry. None for a subscription without an end date.
     */
    public static List<Entry> entriesFor(Subscription subscription, Instant now) {
        List<Entry> entries = new ArrayList<>();
        subscription.expiresAt().ifPresent(end -> {
            for (SubscriptionExpiryNotice notice : SubscriptionExpiryNotice.values()) {
                Instant due = end.minus(notice.ahead());
                if (!due.isBefore(now)) {
                    entries.add(new Entry(subscription.accountId(), subscription.id(), Optional.of(notice), due));
                }
            }
            entries.add(new Entry(subscription.accountId(), subscription.id(), Optional.empty(), end));
        });
        return entries;
    }

    /** Files the subscription's entries ({@link #entriesFor}); filing them again is harmless. */
    public void plan(Subscription subscription, Instant now) {
        for (Entry entry : entriesFor(subscription, now)) {
            store.upsert(SCHEDULE.name(), SCHEDULE.withPartitionKeyField(Document.of(entry.id(), entry.day().toString(), Map.of(
                    "accountId", entry.accountId(),
                    "subscriptionId", entry.subscriptionId(),
                    "action", entry.action(),
                    "dueAt", entry.dueAt().toString())))
                    .withTtl(retention.ttlSeconds(RetentionCategory.SUBSCRIPTION_SCHEDULE, entry.dueAt(), now)));
        }
    }

    /**
     * The earliest UTC day whose entries may still be filed at {@code now}: older ones have expired, so a
     * timer that stopped catches up from here.
     */
    public LocalDate oldestKeptDay(Instant now) {
        return dayOf(now.minus(retention.period(RetentionCategory.SUBSCRIPTION_SCHEDULE)));
    }

    /**
     * One page of the entries filed under {@code day} that are due at {@code now}, in id order: one
     * single-partition query.
     */
    public DuePage due(LocalDate day, Instant now, int pageSize, Optional<String> continuation) {
        // dueAt is stored in whole seconds, which ISO-8601 writes without a fraction, so text order is time
        // order; comparing with now rounded down never finds an entry before it is due.
        Query query = Query.partition(day.toString())
                .where("dueAt", Query.Operator.LESS_OR_EQUAL, now.truncatedTo(ChronoUnit.SECONDS).toString());
        Page page = store.query(SCHEDULE.name(), query, pageSize, continuation);
        return new DuePage(page.items().stream().map(SubscriptionSchedule::toEntry).toList(), page.continuation());
    }

    /** Removes a processed entry; removing one that is gone is not an error. */
    public void remove(Entry entry) {
        store.delete(SCHEDULE.name(), entry.day().toString(), entry.id(), null);
    }

    /** The last day the expiry timer processed completely, if it ever did. */
    public Optional<LocalDate> lastDoneDay() {
        return store.read(SCHEDULE.name(), CURSOR_PARTITION, CURSOR_ID)
                .map(stored -> LocalDate.parse((String) stored.document().fields().get("lastDoneDay")));
    }

    /**
     * Records {@code day} as processed completely. Two runs at once (which the Functions host's timer lock
     * prevents) could move it back a day, which costs only a query of an empty day.
     */
    public void markDone(LocalDate day) {
        store.upsert(SCHEDULE.name(), SCHEDULE.withPartitionKeyField(Document.of(CURSOR_ID, CURSOR_PARTITION,
                Map.of("lastDoneDay", day.toString()))));
    }

    /** The UTC day of an instant: the partition its entries are filed under. */
    public static LocalDate dayOf(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant wholeSecondNotBefore(Instant instant) {
        Instant whole = instant.truncatedTo(ChronoUnit.SECONDS);
        return whole.equals(instant) ? whole : whole.plusSeconds(1);
    }

    private static Entry toEntry(StoredDocument stored) {
        Map<String, Object> fields = stored.document().fields();
        String action = (String) fields.get("action");
        Optional<SubscriptionExpiryNotice> notice = action.equals("expire") ? Optional.empty()
                : Optional.of(noticeOf(Integer.parseInt(action.substring("notice-".length()))));
        return new Entry((String) fields.get("accountId"), (String) fields.get("subscriptionId"), notice,
                Instant.parse((String) fields.get("dueAt")));
    }

    private static SubscriptionExpiryNotice noticeOf(int days) {
        for (SubscriptionExpiryNotice notice : SubscriptionExpiryNotice.values()) {
            if (notice.days() == days) {
                return notice;
            }
        }
        throw new IllegalStateException("the schedule holds an unknown notice: " + days + " days");
    }
}
