package com.cardscry.portal.application.subscriptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.adapters.catalogue.PlanCatalogueFile;
import com.cardscry.portal.application.OptimisticUpdate;
import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.accounts.AccountsFixture;
import com.cardscry.portal.application.accounts.Caller;
import com.cardscry.portal.application.keys.KeysFixture;
import com.cardscry.portal.application.port.AuditAction;
import com.cardscry.portal.application.port.AuditEntry;
import com.cardscry.portal.application.port.StoredDocument;
import com.cardscry.portal.domain.RetentionCategory;
import com.cardscry.portal.domain.Subscription;
import com.cardscry.portal.domain.SubscriptionState;
import com.cardscry.portal.domain.SubscriptionTransition;
import com.cardscry.portal.testing.Retention;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
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

/** The subscription use cases end to end on the embedded store, with the built-in plans. */
class SubscriptionFlowsTest {

    @TempDir
    Path folder;

    private AccountsFixture fixture;
    private SubscriptionServices services;
    private String accountId;

    @BeforeEach
    void open() {
        fixture = new AccountsFixture(folder);
        services = new KeysFixture(fixture).subscriptions;
        accountId = fixture.activeAccount("oid-1", "ada@example.com");
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private Caller owner() {
        return fixture.tokenCaller("oid-1");
    }

    private Caller admin() {
        return fixture.tokenCaller("admin-1", true);
    }

    private static <T> T done(Outcome<T> outcome) {
        return outcome.fold(value -> value, problem -> {
            throw new AssertionError("refused: " + problem);
        });
    }

    private static Problem refused(Outcome<?> outcome) {
        return assertInstanceOf(Outcome.Refused.class, outcome).problem();
    }

    private RequestSubscription.Result subscribe(String planId) {
        return done(new RequestSubscription(services).handle(owner(), new RequestSubscription.Command(planId, Optional.empty())));
    }

    private Subscription act(Subscription subscription, SubscriptionTransition action, String reason) {
        return done(new ReviewSubscriptions(services).act(admin(), accountId, subscription.id(), action,
                new ReviewSubscriptions.Command(Optional.ofNullable(reason))));
    }

    @Nested
    class Requesting {

        @Test
        void a_plan_without_approval_is_active_at_once_and_asking_again_answers_the_same_one() {
            RequestSubscription.Result first = subscribe("starter");
            assertTrue(first.created());
            assertEquals(SubscriptionState.ACTIVE, first.subscription().state());
            RequestSubscription.Result again = subscribe("starter");
            assertFalse(again.created());
            assertEquals(first.subscription().id(), again.subscription().id());
            assertEquals(1, done(new ViewSubscriptions(services).list(owner())).size());
        }

        @Test
        void a_plan_with_approval_is_submitted_and_queued_for_review() {
            Subscription submitted = subscribe("scale").subscription();
            assertEquals(SubscriptionState.SUBMITTED, submitted.state());
            List<SubscriptionRecords.Submitted> queue = done(new ReviewSubscriptions(services).submitted(admin(), Optional.empty())).items();
            assertEquals(List.of(submitted.id()), queue.stream().map(SubscriptionRecords.Submitted::subscriptionId).toList());
            assertEquals(accountId, queue.get(0).accountId());
        }

        @Test
        void racing_requests_make_one_open_subscription() throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Outcome<RequestSubscription.Result>>> results = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    results.add(pool.submit(() -> {
                        go.await();
                        return new RequestSubscription(services).handle(owner(), new RequestSubscription.Command("starter", Optional.empty()));
                    }));
                }
                go.countDown();
                for (Future<Outcome<RequestSubscription.Result>> result : results) {
                    // A request that lost the race either answers the winner's subscription or asks for a retry.
                    result.get(30, TimeUnit.SECONDS).fold(r -> r, problem -> {
                        assertEquals(ProblemType.CONFLICT, problem.type());
                        return null;
                    });
                }
                List<Subscription> all = done(new ViewSubscriptions(services).list(owner()));
                assertEquals(1, all.size());
            } finally {
                pool.shutdownNow();
            }
        }

        @Test
        void the_plans_limit_counts_earlier_subscriptions_but_not_rejected_ones() {
            Subscription sandbox = subscribe("sandbox").subscription();
            done(new CancelSubscription(services).handle(owner(), sandbox.id()));
            Problem limit = refused(new RequestSubscription(services).handle(owner(), new RequestSubscription.Command("sandbox", Optional.empty())));
            assertEquals(ProblemType.SUBSCRIPTION_LIMIT_REACHED, limit.type());

            for (int i = 0; i < 4; i++) {
                Subscription scale = subscribe("scale").subscription();
                act(scale, SubscriptionTransition.REJECT, "incomplete application");
            }
            assertEquals(SubscriptionState.SUBMITTED, subscribe("scale").subscription().state());
        }

        @Test
        void names_a_bad_plan_or_end_date() {
            RequestSubscription request = new RequestSubscription(services);
            assertEquals(Optional.of("/planId"), refused(request.handle(owner(), new RequestSubscription.Command("gold", Optional.empty()))).field());
            assertEquals(Optional.of("/expiresAt"), refused(request.handle(owner(),
                    new RequestSubscription.Command("starter", Optional.of(fixture.clock.now().plus(Duration.ofHours(2)))))).field());
            Subscription ending = done(request.handle(owner(), new RequestSubscription.Command("starter",
                    Optional.of(fixture.clock.now().plus(Duration.ofDays(30)))))).subscription();
            assertEquals(Optional.of(fixture.clock.now().plus(Duration.ofDays(30))), ending.expiresAt());
        }

        @Test
        void needs_a_verified_account() {
            new com.cardscry.portal.application.accounts.SignUp(fixture.services).handle(fixture.tokenCaller("oid-2"),
                    fixture.signUpCommand("grace@example.com"));
            Problem problem = refused(new RequestSubscription(services).handle(fixture.tokenCaller("oid-2"),
                    new RequestSubscription.Command("starter", Optional.empty())));
            assertEquals(ProblemType.ACCOUNT_NOT_VERIFIED, problem.type());
        }

        @Test
        void a_slot_left_by_a_crashed_request_is_taken_over_once_the_request_cannot_still_be_running() {
            services.slots().take(accountId, "starter", "never-written");
            assertEquals(ProblemType.CONFLICT, refused(new RequestSubscription(services).handle(owner(),
                    new RequestSubscription.Command("starter", Optional.empty()))).type());
            fixture.clock.advance(RequestSubscription.ABANDONED_AFTER);
            assertTrue(subscribe("starter").created());
        }
    }

    @Nested
    class Reviewing {

        @Test
        void approve_suspend_reactivate_and_cancel_follow_the_table_and_repeat_harmlessly() {
            Subscription submitted = subscribe("scale").subscription();
            assertEquals(SubscriptionState.ACTIVE, act(submitted, SubscriptionTransition.APPROVE, null).state());
            assertEquals(SubscriptionState.ACTIVE, act(submitted, SubscriptionTransition.APPROVE, null).state(), "approving again");
            assertTrue(done(new ReviewSubscriptions(services).submitted(admin(), Optional.empty())).items().isEmpty());

            Subscription suspended = act(submitted, SubscriptionTransition.SUSPEND, "unpaid invoice");
            assertEquals(Optional.of("unpaid invoice"), suspended.reason());
            assertEquals(SubscriptionState.ACTIVE, act(submitted, SubscriptionTransition.REACTIVATE, null).state());

            Subscription cancelled = done(new CancelSubscription(services).handle(owner(), submitted.id()));
            assertEquals(SubscriptionState.CANCELLED, cancelled.state());
            assertEquals(SubscriptionState.CANCELLED, done(new CancelSubscription(services).handle(owner(), submitted.id())).state());
            Problem late = refused(new ReviewSubscriptions(services).act(admin(), accountId, submitted.id(),
                    SubscriptionTransition.SUSPEND, new ReviewSubscriptions.Command(Optional.of("x"))));
            assertEquals(ProblemType.CONFLICT, late.type());

            // The slot is free again: a new subscription to the plan may be asked for.
            assertTrue(subscribe("scale").created());
        }

        @Test
        void rejecting_and_suspending_need_a_reason_and_only_admins_review() {
            Subscription submitted = subscribe("scale").subscription();
            ReviewSubscriptions review = new ReviewSubscriptions(services);
            assertEquals(Optional.of("/reason"), refused(review.act(admin(), accountId, submitted.id(), SubscriptionTransition.REJECT,
                    new ReviewSubscriptions.Command(Optional.of("  ")))).field());
            assertEquals(ProblemType.FORBIDDEN, refused(review.act(owner(), accountId, submitted.id(), SubscriptionTransition.APPROVE,
                    new ReviewSubscriptions.Command(Optional.empty()))).type());
            assertEquals(ProblemType.FORBIDDEN, refused(review.submitted(owner(), Optional.empty())).type());
        }

        @Test
        void a_continuation_this_list_never_gave_out_is_bad_input() {
            for (String token : new String[] {"!!!", "garbage", "AAAA"}) {
                assertEquals(ProblemType.INVALID_REQUEST,
                        refused(new ReviewSubscriptions(services).submitted(admin(), Optional.of(token))).type());
            }
        }

        @Test
        void every_change_is_audited_under_the_accounts_pseudonym_with_the_admin_as_actor() {
            Subscription submitted = subscribe("scale").subscription();
            act(submitted, SubscriptionTransition.APPROVE, null);
            List<AuditEntry> trail = fixture.audit.entriesFor(fixture.services.pseudonyms().of(accountId), 50);
            assertTrue(trail.stream().anyMatch(entry -> entry.action() == AuditAction.SUBSCRIPTION_REQUESTED && entry.actor().isEmpty()));
            assertTrue(trail.stream().anyMatch(entry -> entry.action() == AuditAction.SUBSCRIPTION_APPROVED && entry.actor().isPresent()));
        }
    }

    @Nested
    class Ownership {

        @Test
        void another_accounts_subscription_is_not_found() {
            Subscription mine = subscribe("starter").subscription();
            fixture.activeAccount("oid-2", "grace@example.com");
            Caller other = fixture.tokenCaller("oid-2");
            assertEquals(ProblemType.NOT_FOUND, refused(new ViewSubscriptions(services).one(other, mine.id())).type());
            assertEquals(ProblemType.NOT_FOUND, refused(new CancelSubscription(services).handle(other, mine.id())).type());
            assertEquals(SubscriptionState.ACTIVE, done(new ViewSubscriptions(services).one(owner(), mine.id())).state());
        }

        @Test
        void a_review_queue_entry_without_its_subscription_is_dropped_when_reviewed() {
            Subscription ghost = Subscription.request("ghost-1", accountId, PlanCatalogueFile.builtIn().find("scale").orElseThrow(),
                    Optional.empty(), fixture.clock.now());
            services.subscriptions().enqueueForReview(ghost);
            assertEquals(ProblemType.NOT_FOUND, refused(new ReviewSubscriptions(services).act(admin(), accountId, ghost.id(),
                    SubscriptionTransition.APPROVE, new ReviewSubscriptions.Command(Optional.empty()))).type());
            assertTrue(done(new ReviewSubscriptions(services).submitted(admin(), Optional.empty())).items().isEmpty());
        }
    }

    /**
     * Subscriptions are the billing records: an open one never expires; a closed one is kept for the
     * retention schedule's {@code billing-records} period after its last change (its close).
     */
    @Nested
    class Kept {

        private static final Duration SHIPPED = Duration.ofDays(3653);

        @Test
        void an_open_subscription_never_expires_through_suspension_and_reactivation() {
            Subscription active = subscribe("starter").subscription();
            assertEquals(OptionalInt.of(-1), stored(active).document().ttlSeconds());
            act(active, SubscriptionTransition.SUSPEND, "unpaid");
            assertEquals(OptionalInt.of(-1), stored(active).document().ttlSeconds());
            act(active, SubscriptionTransition.REACTIVATE, null);
            assertEquals(OptionalInt.of(-1), stored(active).document().ttlSeconds());

            Subscription submitted = subscribe("scale").subscription();
            assertEquals(OptionalInt.of(-1), stored(submitted).document().ttlSeconds());
        }

        @Test
        void a_cancelled_subscription_expires_10_years_after_its_cancellation() {
            Subscription active = subscribe("starter").subscription();
            fixture.clock.advance(Duration.ofDays(40));
            done(new CancelSubscription(services).handle(owner(), active.id()));

            assertEquals(fixture.clock.now().plus(SHIPPED), expiresAt(active));
        }

        @Test
        void a_later_change_to_a_closed_subscription_counts_from_that_change() {
            Subscription rejected = act(subscribe("scale").subscription(), SubscriptionTransition.REJECT, "no company name");
            assertEquals(fixture.clock.now().plus(SHIPPED), expiresAt(rejected));

            fixture.clock.advance(Duration.ofDays(10));
            SubscriptionRecords records = services.subscriptions();
            done(records.update(records.read(accountId, rejected.id()).orElseThrow(), current -> OptimisticUpdate.Change.write(
                    current.subscription().withReasonErased(fixture.clock.now()), Outcome::done),
                    Problem.of(ProblemType.NOT_FOUND, "gone")));

            assertEquals(fixture.clock.now().plus(SHIPPED), expiresAt(rejected), "an erasure of the reason is its last change");
        }

        @Test
        void an_overridden_period_gives_the_ttl() {
            SubscriptionServices overridden = new KeysFixture(fixture, Retention.STANDARD.withOverrides(
                    Map.of(RetentionCategory.BILLING_RECORDS, Duration.ofDays(4000)))).subscriptions;
            Subscription active = subscribe("starter").subscription();
            done(new CancelSubscription(overridden).handle(owner(), active.id()));

            assertEquals(fixture.clock.now().plus(Duration.ofDays(4000)), expiresAt(active));
        }

        private StoredDocument stored(Subscription subscription) {
            return fixture.store.read(SubscriptionRecords.SUBSCRIPTIONS.name(), accountId, subscription.id()).orElseThrow();
        }

        /** When the stored subscription expires: its ttl counts from its last write. */
        private Instant expiresAt(Subscription subscription) {
            StoredDocument stored = stored(subscription);
            return stored.lastModified().plusSeconds(stored.document().ttlSeconds().orElseThrow());
        }
    }
}
