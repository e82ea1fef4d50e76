package com.cardscry.portal.application.subscriptions;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.adapters.catalogue.PlanCatalogueFile;
import com.cardscry.portal.adapters.outbox.LocalOutboxNotifier;
import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.accounts.AccountRecords;
import com.cardscry.portal.application.accounts.AccountsFixture;
import com.cardscry.portal.application.accounts.Caller;
import com.cardscry.portal.application.accounts.CloseAccount;
import com.cardscry.portal.application.keys.IssueKey;
import com.cardscry.portal.application.keys.KeyHasher;
import com.cardscry.portal.application.keys.KeyIndexRefresher;
import com.cardscry.portal.application.keys.KeyIssuer;
import com.cardscry.portal.application.keys.KeyRecords;
import com.cardscry.portal.application.keys.KeyServices;
import com.cardscry.portal.application.port.AuditAction;
import com.cardscry.portal.application.port.AuditEntry;
import com.cardscry.portal.application.port.Document;
import com.cardscry.portal.application.port.DocumentStore;
import com.cardscry.portal.application.port.Notification;
import com.cardscry.portal.application.port.NotificationKind;
import com.cardscry.portal.application.port.Notifier;
import com.cardscry.portal.application.port.Page;
import com.cardscry.portal.application.port.Query;
import com.cardscry.portal.application.port.StoreUnavailableException;
import com.cardscry.portal.application.port.StoredDocument;
import com.cardscry.portal.application.port.WriteResult;
import com.cardscry.portal.domain.RetentionCategory;
import com.cardscry.portal.domain.RetentionSchedule;
import com.cardscry.portal.domain.Subscription;
import com.cardscry.portal.domain.SubscriptionExpiryNotice;
import com.cardscry.portal.domain.SubscriptionState;
import com.cardscry.portal.domain.SubscriptionTransition;
import com.cardscry.portal.testing.ForwardingDocumentStore;
import com.cardscry.portal.testing.Outbox;
import com.cardscry.portal.testing.Retention;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The expiry timer's use case on the embedded store, with a clock the test drives across the 30-, 7-
 * and 1-day notices and the end date.
 */
class ExpireSubscriptionsTest {

    /** How often the test's timer fires: often enough to hit every notice on its day. */
    private static final Duration TICK = Duration.ofHours(6);

    @TempDir
    Path folder;

    private AccountsFixture fixture;
    private WatchedStore store;
    private RecordingNotifier notifier;
    private SubscriptionServices services;
    private AccountRecords accounts;
    private KeyRecords keyRecords;
    private String accountId;

    @BeforeEach
    void open() {
        fixture = new AccountsFixture(folder);
        store = new WatchedStore(fixture.store);
        notifier = new RecordingNotifier(LocalOutboxNotifier.open(folder.resolve("expiry-outbox"), fixture.clock));
        keyRecords = new KeyRecords(store, Retention.STANDARD, fixture.clock);
        services = new SubscriptionServices(new SubscriptionRecords(store, Retention.STANDARD, fixture.clock),
                new OpenSubscriptionSlots(store), new SubscriptionSchedule(store, Retention.STANDARD), PlanCatalogueFile.builtIn(),
                fixture.audit, fixture.services.pseudonyms(), new KeyIndexRefresher(keyRecords), fixture.clock);
        accounts = new AccountRecords(store, fixture.secrets);
        accountId = fixture.activeAccount("oid-1", "ada@example.com");
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private ExpireSubscriptions timer() {
        return new ExpireSubscriptions(services, accounts, notifier);
    }

    private Caller owner() {
        return fixture.tokenCaller("oid-1");
    }

    private static <T> T done(Outcome<T> outcome) {
        return outcome.fold(value -> value, problem -> {
            throw new AssertionError("refused: " + problem);
        });
    }

    /** The owner subscribes to the starter plan (active at once) until {@code daysAhead} days from now. */
    private Subscription subscribeFor(Caller caller, Duration ahead) {
        return done(new RequestSubscription(services).handle(caller,
                new RequestSubscription.Command("starter", Optional.of(fixture.clock.now().plus(ahead))))).subscription();
    }

    private Subscription stored(Subscription subscription) {
        return services.subscriptions().read(subscription.accountId(), subscription.id()).orElseThrow().subscription();
    }

    /** Fires the timer every {@link #TICK}, twice each time (as a retry would), until {@code until}. */
    private void runEveryTickUntil(Instant until) {
        while (fixture.clock.now().isBefore(until)) {
            fixture.clock.advance(TICK);
            timer().run();
            ExpireSubscriptions.Report again = timer().run();
            assertEquals(0, again.noticesSent() + again.subscriptionsExpired(), "a second run at once does nothing new");
        }
    }

    private List<Integer> daysLeftSent() {
        return notifier.sent.stream().map(sent -> Integer.valueOf(sent.notification().values().get("daysLeft"))).toList();
    }

    @Nested
    class OnTime {

        @Test
        void each_notice_is_sent_once_on_its_day_and_the_subscription_expires_at_its_end() {
            Subscription subscription = subscribeFor(owner(), Duration.ofDays(40));
            Instant end = subscription.expiresAt().orElseThrow();

            runEveryTickUntil(end.minus(TICK));
            assertEquals(List.of(30, 7, 1), daysLeftSent());
            assertEquals(SubscriptionState.ACTIVE, stored(subscription).state(), "still active before its end");
            for (RecordingNotifier.Sent sent : notifier.sent) {
                SubscriptionExpiryNotice notice = noticeOf(sent.notification());
                Instant due = end.minus(notice.ahead());
                assertTrue(!sent.at().isBefore(due) && sent.at().isBefore(due.plus(TICK)), "sent on time: " + notice);
                assertEquals(NotificationKind.SUBSCRIPTION_EXPIRING, sent.notification().kind());
                assertEquals("ada@example.com", sent.notification().recipientEmail());
                assertEquals(end.toString(), sent.notification().values().get("expiresAt"));
                assertEquals("Starter", sent.notification().values().get("planName"));
            }
            assertEquals(3, notifier.sent.stream().map(sent -> sent.notification().idempotencyKey()).distinct().count());

            runEveryTickUntil(end.plus(Duration.ofDays(2)));
            Subscription expired = stored(subscription);
            assertEquals(SubscriptionState.EXPIRED, expired.state());
            assertEquals(Set.of(SubscriptionExpiryNotice.values()), expired.expiryNoticesSent());
            assertEquals(3, notifier.sent.size(), "nothing more after the expiry");
        }

        @Test
        void notices_and_the_expiry_are_audited_without_the_address() {
            Subscription subscription = subscribeFor(owner(), Duration.ofDays(10));
            runEveryTickUntil(subscription.expiresAt().orElseThrow().plus(TICK));

            List<AuditEntry> trail = fixture.audit.entriesFor(fixture.services.pseudonyms().of(accountId), 50);
            List<AuditEntry> notices = trail.stream().filter(entry -> entry.action() == AuditAction.SUBSCRIPTION_EXPIRY_NOTICE_SENT).toList();
            assertEquals(2, notices.size(), "the 7- and 1-day notices");
            assertTrue(notices.stream().allMatch(entry -> entry.details().get("subscription").equals(subscription.id())
                    && entry.actor().isEmpty()));
            assertEquals(1, trail.stream().filter(entry -> entry.action() == AuditAction.SUBSCRIPTION_EXPIRED).count());
            assertFalse(trail.toString().contains("ada@example.com"));
        }

        @Test
        void after_the_expiry_the_keys_index_entries_say_expired() {
            Subscription subscription = subscribeFor(owner(), Duration.ofDays(3));
            KeyServices keyServices = new KeyServices(keyRecords, new KeyIssuer(new KeyHasher(fixture.secrets), new SecureRandom()),
                    services.subscriptions(), PlanCatalogueFile.builtIn(), fixture.audit, fixture.services.pseudonyms(), fixture.clock);
            IssueKey.Issued key = done(new IssueKey(keyServices).handle(owner(), subscription.id(),
                    new IssueKey.Command("production", Optional.empty())));
            assertEquals(SubscriptionState.ACTIVE, keyRecords.indexEntry(key.record().keyHash()).orElseThrow().subscriptionState());

            runEveryTickUntil(subscription.expiresAt().orElseThrow().plus(TICK));
            assertEquals(SubscriptionState.EXPIRED, keyRecords.indexEntry(key.record().keyHash()).orElseThrow().subscriptionState());
        }

        @Test
        void a_notice_whose_time_had_passed_when_the_subscription_was_made_is_never_sent() {
            Subscription subscription = subscribeFor(owner(), Duration.ofDays(10));
            runEveryTickUntil(subscription.expiresAt().orElseThrow().plus(TICK));
            assertEquals(List.of(7, 1), daysLeftSent());
        }
    }

    @Nested
    class CatchingUp {

        @Test
        void a_timer_stopped_for_weeks_sends_only_the_notice_due_now_and_reads_each_missed_day_once() {
            Subscription subscription = subscribeFor(owner(), Duration.ofDays(40));
            Instant end = subscription.expiresAt().orElseThrow();

            fixture.clock.set(end.minus(Duration.ofDays(5)));
            ExpireSubscriptions.Report late = timer().run();
            assertEquals(List.of(7), daysLeftSent(), "the 30-day notice was passed over by the 7-day one");
            assertEquals(1, late.noticesSent());
            assertEquals(1, late.entriesDropped());
            assertTrue(late.caughtUp());

            fixture.clock.advance(Duration.ofDays(1));
            assertEquals(2, timer().run().daysRead(), "yesterday's remainder and today; earlier days are done");

            fixture.clock.set(end.plus(Duration.ofDays(3)));
            ExpireSubscriptions.Report afterEnd = timer().run();
            assertEquals(1, afterEnd.subscriptionsExpired());
            assertEquals(1, afterEnd.entriesDropped(), "the 1-day notice came too late to send");
            assertEquals(List.of(7), daysLeftSent());
            assertEquals(SubscriptionState.EXPIRED, stored(subscription).state());
        }

        @Test
        void a_run_stops_at_its_limit_and_the_next_one_goes_on() {
            List<Subscription> subscriptions = new ArrayList<>();
            subscriptions.add(subscribeFor(owner(), Duration.ofDays(2)));
            for (String objectId : List.of("oid-2", "oid-3")) {
                fixture.activeAccount(objectId, objectId + "@example.com");
                subscriptions.add(subscribeFor(fixture.tokenCaller(objectId), Duration.ofDays(2)));
            }
            fixture.clock.advance(Duration.ofDays(3));
            ExpireSubscriptions limited = new ExpireSubscriptions(services, accounts, notifier, 4);

            ExpireSubscriptions.Report first = limited.run();
            assertFalse(first.caughtUp());
            assertEquals(4, first.subscriptionsExpired() + first.entriesDropped());
            ExpireSubscriptions.Report second = limited.run();
            assertTrue(second.caughtUp());
            assertEquals(3, first.subscriptionsExpired() + second.subscriptionsExpired());
            assertTrue(subscriptions.stream().allMatch(subscription -> stored(subscription).state() == SubscriptionState.EXPIRED));
            assertTrue(notifier.sent.isEmpty(), "the 1-day notices came too late to send");
        }
    }

    @Nested
    class AwaitingReview {

        @Test
        void a_request_nobody_reviewed_by_its_end_lapses_and_leaves_the_review_queue() {
            fixture.activeAccount("oid-admin", "admin@example.com");
            Caller admin = fixture.tokenCaller("oid-admin", true);
            Subscription request = done(new RequestSubscription(services).handle(owner(),
                    new RequestSubscription.Command("scale", Optional.of(fixture.clock.now().plus(Duration.ofDays(3)))))).subscription();
            assertEquals(SubscriptionState.SUBMITTED, request.state());

            runEveryTickUntil(request.expiresAt().orElseThrow().plus(TICK));

            assertEquals(SubscriptionState.EXPIRED, stored(request).state());
            ReviewSubscriptions review = new ReviewSubscriptions(services);
            assertTrue(done(review.submitted(admin, Optional.empty())).items().isEmpty(), "no longer awaiting review");
            boolean approved = review.act(admin, accountId, request.id(), SubscriptionTransition.APPROVE,
                    new ReviewSubscriptions.Command(Optional.empty())).fold(subscription -> true, refused -> false);
            assertFalse(approved, "an approval cannot bring it back");
        }
    }

    @Nested
    class NothingToDo {

        @Test
        void a_subscription_cancelled_before_its_end_gets_no_notice_and_stays_cancelled() {
            Subscription subscription = subscribeFor(owner(), Duration.ofDays(40));
            fixture.clock.advance(Duration.ofDays(2));
            done(new CancelSubscription(services).handle(owner(), subscription.id()));

            runEveryTickUntil(subscription.expiresAt().orElseThrow().plus(Duration.ofDays(1)));
            assertTrue(notifier.sent.isEmpty());
            assertEquals(SubscriptionState.CANCELLED, stored(subscription).state());
        }

        @Test
        void a_closed_account_gets_no_notice() {
            Subscription subscription = subscribeFor(owner(), Duration.ofDays(40));
            done(new CloseAccount(fixture.services, closedAccountId -> "erasure-request").handle(owner()));

            runEveryTickUntil(subscription.expiresAt().orElseThrow().minus(Duration.ofHours(1)));
            assertTrue(notifier.sent.isEmpty());
        }

        @Test
        void a_subscription_without_an_end_date_is_never_scheduled() {
            Subscription open = done(new RequestSubscription(services).handle(owner(),
                    new RequestSubscription.Command("starter", Optional.empty()))).subscription();
            assertTrue(SubscriptionSchedule.entriesFor(open, fixture.clock.now()).isEmpty());
            fixture.clock.advance(Duration.ofDays(400));
            ExpireSubscriptions.Report report = timer().run();
            assertEquals(0, report.noticesSent() + report.subscriptionsExpired() + report.entriesDropped());
            assertEquals(SubscriptionState.ACTIVE, stored(open).state());
        }

        @Test
        void an_entry_whose_subscription_was_never_written_is_dropped() {
            Subscription ghost = Subscription.request("ghost-1", accountId, PlanCatalogueFile.builtIn().find("starter").orElseThrow(),
                    Optional.of(fixture.clock.now().plus(Duration.ofDays(2))), fixture.clock.now());
            services.schedule().plan(ghost, fixture.clock.now());
            fixture.clock.advance(Duration.ofDays(3));
            assertEquals(2, timer().run().entriesDropped());
            assertEquals(0, timer().run().entriesDropped(), "dropped entries are gone");
        }
    }

    @Nested
    class Crashes {

        @Test
        void a_crash_between_sending_and_recording_a_notice_sends_it_again_under_the_same_key() {
            Subscription subscription = subscribeFor(owner(), Duration.ofDays(40));
            fixture.clock.set(subscription.expiresAt().orElseThrow().minus(Duration.ofDays(30)));

            store.failNextSubscriptionWrite.set(true);
            assertThrows(StoreUnavailableException.class, () -> timer().run());
            assertEquals(1, notifier.sent.size());
            assertTrue(stored(subscription).expiryNoticesSent().isEmpty(), "the crash came before the record");

            fixture.clock.advance(Duration.ofMinutes(15));
            assertEquals(1, timer().run().noticesSent());
            assertEquals(0, timer().run().noticesSent(), "recorded now: nothing more");
            assertEquals(2, notifier.sent.size());
            assertEquals(notifier.sent.get(0).notification().idempotencyKey(), notifier.sent.get(1).notification().idempotencyKey());
            assertEquals(Set.of(SubscriptionExpiryNotice.THIRTY_DAYS), stored(subscription).expiryNoticesSent());
            assertEquals(1, new Outbox(folder.resolve("expiry-outbox")).notifications().size(), "the outbox delivers once per key");
        }
    }

    @Nested
    class StoreAccess {

        @Test
        void a_run_reads_the_schedule_one_day_partition_at_a_time_and_subscriptions_by_point_reads() {
            Subscription subscription = subscribeFor(owner(), Duration.ofDays(40));
            Instant end = subscription.expiresAt().orElseThrow();
            fixture.clock.set(end.plus(Duration.ofDays(1)));
            store.queries.clear();

            ExpireSubscriptions.Report report = timer().run();
            assertEquals(1, report.subscriptionsExpired());
            LocalDate today = SubscriptionSchedule.dayOf(fixture.clock.now());
            List<WatchedStore.QueryMade> ofSchedule = store.queries.stream()
                    .filter(query -> query.container().equals(SubscriptionSchedule.SCHEDULE.name())).toList();
            assertEquals(report.daysRead(), ofSchedule.size(), "one query per day");
            assertTrue(ofSchedule.stream().map(query -> LocalDate.parse(query.partitionKey()))
                    .allMatch(day -> !day.isAfter(today) && day.isAfter(today.minusDays(32))));
            // The rest are the expiry's key index refresh: the subscription's keys, in the account's partition.
            assertAll(store.queries.stream().filter(query -> !ofSchedule.contains(query)).map(query -> () -> {
                assertEquals(KeyRecords.KEYS.name(), query.container());
                assertEquals(accountId, query.partitionKey());
            }));
        }
    }

    /**
     * How long the schedule's entries are kept (the retention schedule's {@code subscription-schedule}
     * period after they were due, which is also how far back a stopped timer catches up), and the ttl an
     * expired subscription gets as a billing record.
     */
    @Nested
    class Kept {

        private static final String[] ACTIONS = {"notice-30", "notice-7", "notice-1", "expire"};

        @Test
        void each_entry_expires_30_days_after_it_is_due() {
            Subscription subscription = subscribeFor(owner(), Duration.ofDays(40));
            Instant end = subscription.expiresAt().orElseThrow();

            for (String action : ACTIONS) {
                Instant due = action.equals("expire") ? end : end.minus(Duration.ofDays(Integer.parseInt(action.substring(7))));
                assertEquals(due.plus(Duration.ofDays(30)), entryExpiresAt(subscription, action, due), action);
            }
        }

        @Test
        void an_overridden_period_gives_the_entries_ttl_and_the_timers_reach() {
            RetentionSchedule tenDays = Retention.STANDARD.withOverrides(
                    Map.of(RetentionCategory.SUBSCRIPTION_SCHEDULE, Duration.ofDays(10)));
            SubscriptionSchedule schedule = new SubscriptionSchedule(store, tenDays);
            Subscription subscription = subscribeFor(owner(), Duration.ofDays(40));
            Instant end = subscription.expiresAt().orElseThrow();
            schedule.plan(subscription, fixture.clock.now());

            assertEquals(end.plus(Duration.ofDays(10)), entryExpiresAt(subscription, "expire", end));
            assertEquals(SubscriptionSchedule.dayOf(fixture.clock.now()).minusDays(10), schedule.oldestKeptDay(fixture.clock.now()));
            SubscriptionServices overridden = new SubscriptionServices(services.subscriptions(), services.slots(), schedule,
                    services.plans(), services.audit(), services.pseudonyms(), services.onStateChange(), services.clock());
            assertEquals(11, new ExpireSubscriptions(overridden, accounts, notifier).run().daysRead(),
                    "a first run reads the period back, and today");
        }

        @Test
        void an_expired_subscription_is_kept_10_years_after_the_timer_expired_it() {
            Subscription subscription = subscribeFor(owner(), Duration.ofDays(3));
            fixture.clock.set(subscription.expiresAt().orElseThrow().plus(Duration.ofDays(2)));
            assertEquals(1, timer().run().subscriptionsExpired());

            StoredDocument stored = fixture.store.read(SubscriptionRecords.SUBSCRIPTIONS.name(), accountId, subscription.id())
                    .orElseThrow();
            assertEquals(fixture.clock.now().plus(Duration.ofDays(3653)),
                    stored.lastModified().plusSeconds(stored.document().ttlSeconds().orElseThrow()));
        }

        private Instant entryExpiresAt(Subscription subscription, String action, Instant due) {
            StoredDocument stored = fixture.store.read(SubscriptionSchedule.SCHEDULE.name(), SubscriptionSchedule.dayOf(due).toString(),
                    subscription.id() + ":" + action).orElseThrow();
            return stored.lastModified().plusSeconds(stored.document().ttlSeconds().orElseThrow());
        }
    }

    private static SubscriptionExpiryNotice noticeOf(Notification notification) {
        int days = Integer.parseInt(notification.values().get("daysLeft"));
        return Arrays.stream(SubscriptionExpiryNotice.values()).filter(notice -> notice.days() == days).findFirst().orElseThrow();
    }

    /** A notifier that remembers what it was given and when, and hands it on to the local outbox. */
    private final class RecordingNotifier implements Notifier {

        record Sent(Notification notification, Instant at) {
        }

        final List<Sent> sent = new CopyOnWriteArrayList<>();
        private final Notifier delivery;

        RecordingNotifier(Notifier delivery) {
            this.delivery = delivery;
        }

        @Override
        public void send(Notification notification) {
            delivery.send(notification);
            sent.add(new Sent(notification, fixture.clock.now()));
        }

        @Override
        public int deleteWrittenBefore(Instant cutoff, int max) {
            return delivery.deleteWrittenBefore(cutoff, max);
        }
    }

    /**
     * The embedded store, watched: it records the partition of every query, and can fail the next write
     * of a subscription as a crashed instance would.
     */
    static final class WatchedStore extends ForwardingDocumentStore {

        record QueryMade(String container, String partitionKey) {
        }

        final List<QueryMade> queries = new CopyOnWriteArrayList<>();
        final AtomicBoolean failNextSubscriptionWrite = new AtomicBoolean();

        WatchedStore(DocumentStore delegate) {
            super(delegate);
        }

        @Override
        public WriteResult replace(String container, Document document, String ifMatchEtag) {
            if (container.equals(SubscriptionRecords.SUBSCRIPTIONS.name()) && failNextSubscriptionWrite.getAndSet(false)) {
                throw new StoreUnavailableException("the test cut the store off");
            }
            return delegate.replace(container, document, ifMatchEtag);
        }

        @Override
        public Page query(String container, Query query, int pageSize, Optional<String> continuation) {
            queries.add(new QueryMade(container, query.partitionKey()));
            return delegate.query(container, query, pageSize, continuation);
        }
    }
}
