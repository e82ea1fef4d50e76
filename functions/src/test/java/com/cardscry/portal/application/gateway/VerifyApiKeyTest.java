package com.cardscry.portal.application.gateway;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.adapters.catalogue.PlanCatalogueFile;
import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.SecretNames;
import com.cardscry.portal.application.accounts.AccountsFixture;
import com.cardscry.portal.application.accounts.Caller;
import com.cardscry.portal.application.keys.IssueKey;
import com.cardscry.portal.application.keys.KeyHasher;
import com.cardscry.portal.application.keys.KeyRecords;
import com.cardscry.portal.application.keys.KeyServices;
import com.cardscry.portal.application.keys.KeysFixture;
import com.cardscry.portal.application.keys.RevokeKey;
import com.cardscry.portal.application.keys.RotateKey;
import com.cardscry.portal.application.subscriptions.CancelSubscription;
import com.cardscry.portal.application.subscriptions.RequestSubscription;
import com.cardscry.portal.application.subscriptions.ReviewSubscriptions;
import com.cardscry.portal.application.subscriptions.SubscriptionServices;
import com.cardscry.portal.domain.ApiKey;
import com.cardscry.portal.domain.KeyEnvironment;
import com.cardscry.portal.domain.PlanCatalogue;
import com.cardscry.portal.domain.SubscriptionTransition;
import com.cardscry.portal.testing.CountingDocumentStore;
import com.cardscry.portal.testing.Retention;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verification as the gateway sees it, on the embedded store behind a counting wrapper: what each
 * answer says, and what it costs in store operations (DESIGN.md decision 2).
 */
class VerifyApiKeyTest {

    private static final String INDEX = KeyRecords.INDEX.name();
    private static final PlanCatalogue PLANS = PlanCatalogueFile.builtIn();

    @TempDir
    Path folder;

    private AccountsFixture fixture;
    private CountingDocumentStore store;
    private KeyIndexCache cache;
    private KeyHasher hasher;
    private SubscriptionServices subscriptions;
    private KeyServices keys;
    private MonthlyQuota quota;
    private VerifyApiKey verify;
    private String accountId;
    private String subscriptionId;

    @BeforeEach
    void open() {
        fixture = new AccountsFixture(folder);
        store = new CountingDocumentStore(fixture.store);
        cache = new KeyIndexCache(1_000, fixture.clock);
        KeysFixture parts = new KeysFixture(fixture, store, cache);
        KeyRecords records = parts.keyRecords;
        hasher = parts.hasher;
        subscriptions = parts.subscriptions;
        keys = parts.keys;
        quota = new MonthlyQuota(store, Retention.STANDARD, fixture.clock);
        verify = new VerifyApiKey(hasher, records, cache, quota, PLANS, fixture.clock);
        accountId = fixture.activeAccount("oid-1", "ada@example.com");
        subscriptionId = subscribe("starter");
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private Caller owner() {
        return fixture.tokenCaller("oid-1");
    }

    private static <T> T done(Outcome<T> outcome) {
        return outcome.fold(value -> value, problem -> {
            throw new AssertionError("refused: " + problem);
        });
    }

    private String subscribe(String planId) {
        return done(new RequestSubscription(subscriptions).handle(owner(), new RequestSubscription.Command(planId, Optional.empty())))
                .subscription().id();
    }

    private IssueKey.Issued issue(String subscription, Optional<Integer> expiresInDays) {
        return done(new IssueKey(keys).handle(owner(), subscription, new IssueKey.Command("production", expiresInDays)));
    }

    private IssueKey.Issued issue() {
        return issue(subscriptionId, Optional.empty());
    }

    /** A verifier on a process of its own: its own, empty cache and quota view, the same store. */
    private VerifyApiKey anotherInstance() {
        return new VerifyApiKey(hasher, new KeyRecords(store, Retention.STANDARD, fixture.clock), new KeyIndexCache(1_000, fixture.clock),
                new MonthlyQuota(store, Retention.STANDARD, fixture.clock), PLANS, fixture.clock);
    }

    private void reviewAs(SubscriptionTransition action) {
        fixture.activeAccount("oid-admin", "admin@example.com");
        done(new ReviewSubscriptions(subscriptions).act(fixture.tokenCaller("oid-admin", true), accountId, subscriptionId, action,
                new ReviewSubscriptions.Command(Optional.of("as agreed"))));
    }

    @Nested
    class Valid {

        @Test
        void an_issued_key_is_valid_with_its_subscription_plan_limits_and_remaining_quota() {
            IssueKey.Issued issued = issue();

            KeyVerdict verdict = verify.handle(issued.key());

            assertAll(
                    () -> assertTrue(verdict.valid()),
                    () -> assertEquals(VerificationCode.VALID, verdict.code()),
                    () -> assertEquals(Optional.of(subscriptionId), verdict.subscriptionId()),
                    () -> assertEquals(Optional.of(issued.record().id()), verdict.keyId()),
                    () -> assertEquals(Optional.of("starter"), verdict.planId()),
                    () -> assertEquals(20, verdict.rateLimitPerSecond().getAsInt()),
                    () -> assertEquals(500_000, verdict.quotaRemaining().getAsLong()),
                    () -> assertEquals(30, verdict.cacheSeconds()));
        }

        @Test
        void the_gateway_may_keep_an_answer_only_for_what_is_left_of_the_thirty_seconds() {
            IssueKey.Issued issued = issue();
            VerifyApiKey other = anotherInstance();
            other.handle(issued.key());

            fixture.clock.advance(Duration.ofSeconds(12));

            assertEquals(18, other.handle(issued.key()).cacheSeconds());
        }

        @Test
        void a_valid_answer_is_never_cached_past_the_keys_end() {
            IssueKey.Issued issued = issue(subscriptionId, Optional.of(1));
            fixture.clock.advance(Duration.ofDays(1).minusSeconds(10));

            KeyVerdict verdict = verify.handle(issued.key());

            assertTrue(verdict.valid());
            assertTrue(verdict.cacheSeconds() <= 10, "cached for " + verdict.cacheSeconds() + " s");
        }
    }

    @Nested
    class StoreOperations {

        @Test
        void a_malformed_key_costs_nothing() {
            String key = issue().key();
            String oneCharacterChanged = key.substring(0, 20) + (key.charAt(20) == 'a' ? 'b' : 'a') + key.substring(21);
            store.reset();

            for (String presented : List.of("", "cs_live_", "Bearer " + key, key + "x", oneCharacterChanged, "cs_prod_" + key.substring(8))) {
                KeyVerdict verdict = verify.handle(presented);
                assertEquals(VerificationCode.MALFORMED, verdict.code(), "for a presented text of length " + presented.length());
                assertFalse(verdict.valid());
                assertTrue(verdict.subscriptionId().isEmpty());
            }
            assertEquals(List.of(), store.operations());
        }

        @Test
        void a_miss_is_exactly_one_point_read_of_the_key_index_and_a_hit_is_none() {
            String key = issue().key();
            VerifyApiKey other = anotherInstance();
            store.reset();

            assertTrue(other.handle(key).valid());
            assertEquals(List.of(new CountingDocumentStore.Operation("read", INDEX)), store.operations());

            store.reset();
            for (int i = 0; i < 100; i++) {
                assertTrue(other.handle(key).valid());
            }
            assertEquals(List.of(), store.operations(), "no store operation on a cache hit");
        }

        @Test
        void an_entry_is_read_again_once_thirty_seconds_old() {
            String key = issue().key();
            VerifyApiKey other = anotherInstance();
            other.handle(key);

            fixture.clock.advance(Duration.ofSeconds(29));
            store.reset();
            other.handle(key);
            assertEquals(0, store.operations().size(), "29 s old: still served");

            fixture.clock.advance(Duration.ofSeconds(1));
            other.handle(key);
            assertEquals(List.of(new CountingDocumentStore.Operation("read", INDEX)), store.operations(), "30 s old: read again");
        }

        @Test
        void an_unknown_key_is_not_found_with_one_read_and_remembered_briefly() {
            String unknown = ApiKey.generate(KeyEnvironment.LIVE, new byte[ApiKey.RANDOM_BYTES]).value();
            store.reset();

            KeyVerdict first = verify.handle(unknown);
            assertEquals(VerificationCode.NOT_FOUND, first.code());
            assertEquals(5, first.cacheSeconds());
            assertEquals(1, store.operations().size());

            fixture.clock.advance(Duration.ofSeconds(4));
            assertEquals(VerificationCode.NOT_FOUND, verify.handle(unknown).code());
            assertEquals(1, store.operations().size(), "remembered for 5 s");

            fixture.clock.advance(Duration.ofSeconds(1));
            verify.handle(unknown);
            assertEquals(2, store.operations().size(), "then looked up again");
        }

        @Test
        void the_verify_path_never_queries_or_writes() {
            String key = issue().key();
            VerifyApiKey other = anotherInstance();
            store.reset();

            for (int second = 0; second < 120; second++) {
                other.handle(key);
                other.handle("cs_live_not-a-key");
                fixture.clock.advance(Duration.ofSeconds(1));
            }

            assertTrue(store.operations().stream().allMatch(op -> op.kind().equals("read") && op.container().equals(INDEX)),
                    store.operations().toString());
        }

        @Test
        void a_key_issued_on_this_instance_is_verified_without_a_read() {
            IssueKey.Issued issued = issue();
            store.reset();

            assertTrue(verify.handle(issued.key()).valid());
            assertEquals(List.of(), store.operations());
        }
    }

    @Nested
    class Revocation {

        @Test
        void a_revocation_through_this_instance_takes_effect_at_once() {
            IssueKey.Issued issued = issue();
            assertTrue(verify.handle(issued.key()).valid());

            done(new RevokeKey(keys).handle(owner(), subscriptionId, issued.record().id()));

            KeyVerdict verdict = verify.handle(issued.key());
            assertEquals(VerificationCode.REVOKED, verdict.code());
            assertEquals(Optional.of(subscriptionId), verdict.subscriptionId());
        }

        @Test
        void a_revocation_through_another_instance_takes_effect_here_within_thirty_seconds() {
            IssueKey.Issued issued = issue();
            VerifyApiKey other = anotherInstance();
            KeyVerdict before = other.handle(issued.key());
            Instant readAt = fixture.clock.now();

            fixture.clock.advance(Duration.ofSeconds(10));
            done(new RevokeKey(keys).handle(owner(), subscriptionId, issued.record().id()));

            KeyVerdict stale = other.handle(issued.key());
            assertTrue(stale.valid(), "the other instance still holds the entry it read 10 s ago");
            assertTrue(fixture.clock.now().plusSeconds(stale.cacheSeconds()).compareTo(readAt.plusSeconds(30)) <= 0,
                    "and the gateway may keep it only until 30 s after that read");
            assertTrue(readAt.plusSeconds(before.cacheSeconds()).compareTo(readAt.plusSeconds(30)) <= 0);

            fixture.clock.advance(Duration.ofSeconds(20));
            assertEquals(VerificationCode.REVOKED, other.handle(issued.key()).code());
        }
    }

    @Nested
    class Rotation {

        @Test
        void both_keys_verify_during_the_grace_period_and_only_the_new_one_after_it() {
            IssueKey.Issued old = issue();
            IssueKey.Issued successor = done(new RotateKey(keys).handle(owner(), subscriptionId, old.record().id(),
                    new RotateKey.Command(Optional.of(2))));

            assertTrue(verify.handle(old.key()).valid());
            assertTrue(verify.handle(successor.key()).valid());
            assertTrue(verify.handle(old.key()).cacheSeconds() <= 30);

            fixture.clock.advance(Duration.ofHours(2).minusSeconds(1));
            assertTrue(verify.handle(old.key()).valid(), "a second before the grace period ends");

            fixture.clock.advance(Duration.ofSeconds(1));
            assertEquals(VerificationCode.EXPIRED, verify.handle(old.key()).code());
            assertTrue(verify.handle(successor.key()).valid());
        }

        @Test
        void a_rotation_without_grace_ends_the_old_key_at_once() {
            IssueKey.Issued old = issue();
            IssueKey.Issued successor = done(new RotateKey(keys).handle(owner(), subscriptionId, old.record().id(),
                    new RotateKey.Command(Optional.of(0))));

            assertEquals(VerificationCode.EXPIRED, verify.handle(old.key()).code());
            assertTrue(verify.handle(successor.key()).valid());
        }
    }

    @Nested
    class PepperVersions {

        @Test
        void a_key_hashed_under_an_older_pepper_still_verifies_and_is_then_cached() {
            String key = issue().key();
            fixture.secrets.rotate(SecretNames.API_KEY_PEPPER);
            VerifyApiKey other = anotherInstance();
            store.reset();

            assertTrue(other.handle(key).valid());
            assertEquals(2, store.count("read", INDEX), "under the current version, then under the older one");

            store.reset();
            assertTrue(other.handle(key).valid());
            assertEquals(List.of(), store.operations());
        }

        @Test
        void revoking_a_key_of_an_older_pepper_reaches_the_cache() {
            IssueKey.Issued issued = issue();
            fixture.secrets.rotate(SecretNames.API_KEY_PEPPER);
            KeyIndexCache fresh = new KeyIndexCache(1_000, fixture.clock);
            KeysFixture instance = new KeysFixture(fixture, store, fresh);
            VerifyApiKey here = new VerifyApiKey(hasher, instance.keyRecords, fresh,
                    new MonthlyQuota(store, Retention.STANDARD, fixture.clock), PLANS, fixture.clock);
            assertTrue(here.handle(issued.key()).valid());

            done(new RevokeKey(instance.keys).handle(owner(), subscriptionId, issued.record().id()));

            assertEquals(VerificationCode.REVOKED, here.handle(issued.key()).code());
        }

        @Test
        void a_key_issued_after_the_rotation_costs_one_read() {
            fixture.secrets.rotate(SecretNames.API_KEY_PEPPER);
            String key = issue().key();
            VerifyApiKey other = anotherInstance();
            store.reset();

            assertTrue(other.handle(key).valid());
            assertEquals(1, store.count("read", INDEX));
        }
    }

    @Nested
    class SubscriptionStates {

        @Test
        void a_suspended_subscriptions_key_is_suspended_and_valid_again_after_reactivation() {
            String key = issue().key();

            reviewAs(SubscriptionTransition.SUSPEND);
            KeyVerdict suspended = verify.handle(key);
            assertEquals(VerificationCode.SUSPENDED, suspended.code());
            assertTrue(suspended.cacheSeconds() <= 30);

            reviewAs(SubscriptionTransition.REACTIVATE);
            assertTrue(verify.handle(key).valid());
        }

        @Test
        void a_cancelled_subscriptions_key_is_revoked() {
            String key = issue().key();

            done(new CancelSubscription(subscriptions).handle(owner(), subscriptionId));

            assertEquals(VerificationCode.REVOKED, verify.handle(key).code());
        }

        @Test
        void a_key_past_its_expiry_is_expired() {
            String key = issue(subscriptionId, Optional.of(1)).key();

            fixture.clock.advance(Duration.ofDays(1));

            KeyVerdict verdict = verify.handle(key);
            assertEquals(VerificationCode.EXPIRED, verdict.code());
            assertEquals(VerifyApiKey.FINAL_ANSWER_CACHE.toSeconds(), verdict.cacheSeconds());
        }
    }

    @Nested
    class Quota {

        @Test
        void a_subscription_over_its_monthly_quota_is_refused_until_the_month_ends() {
            String sandbox = subscribe("sandbox");
            String key = issue(sandbox, Optional.empty()).key();
            Instant now = fixture.clock.now();

            quota.requestsRecorded(sandbox, now, 9_990);
            KeyVerdict nearly = verify.handle(key);
            assertTrue(nearly.valid());
            assertEquals(10, nearly.quotaRemaining().getAsLong());
            assertEquals(2, nearly.cacheSeconds(), "10 requests left last 2 s at 5 per second");

            quota.requestsRecorded(sandbox, now, 10);
            KeyVerdict spent = verify.handle(key);
            assertEquals(VerificationCode.QUOTA_EXCEEDED, spent.code());
            assertEquals(0, spent.quotaRemaining().getAsLong());
            assertEquals(5, spent.rateLimitPerSecond().getAsInt());

            fixture.clock.set(Instant.parse("2026-12-01T00:00:00Z"));
            KeyVerdict renewed = verify.handle(key);
            assertTrue(renewed.valid());
            assertEquals(10_000, renewed.quotaRemaining().getAsLong());
        }

        @Test
        void counts_flushed_by_another_instance_reach_this_one_by_its_next_flush() {
            String key = issue().key();
            MonthlyQuota ingesting = new MonthlyQuota(store, Retention.STANDARD, fixture.clock);
            ingesting.requestsRecorded(subscriptionId, fixture.clock.now(), 1_000);
            ingesting.flush();

            assertEquals(500_000, verify.handle(key).quotaRemaining().getAsLong(), "not read on the verify path");
            quota.flush();
            fixture.clock.advance(Duration.ofSeconds(30));
            assertEquals(499_000, verify.handle(key).quotaRemaining().getAsLong());
        }
    }

    /** With the flag, as the Consumption tier's gateway asks: each usable key's request counts against its plan's rate. */
    @Nested
    class RateLimit {

        /** Verifies {@code key} {@code times} times at this instant, counting each; the codes answered, in order. */
        private List<VerificationCode> countedCodes(String key, int times) {
            List<VerificationCode> codes = new ArrayList<>();
            for (int i = 0; i < times; i++) {
                codes.add(verify.handle(key, true).code());
            }
            return codes;
        }

        private long admitted(String key, int times) {
            return countedCodes(key, times).stream().filter(code -> code == VerificationCode.VALID).count();
        }

        @Test
        void the_plans_rate_is_admitted_and_the_next_request_is_rate_limited_until_a_token_returns() {
            String key = issue().key();

            assertEquals(Collections.nCopies(20, VerificationCode.VALID), countedCodes(key, 20), "starter: 20 per second");
            KeyVerdict limited = verify.handle(key, true);

            assertAll(
                    () -> assertEquals(VerificationCode.RATE_LIMITED, limited.code()),
                    () -> assertFalse(limited.valid()),
                    () -> assertEquals(Optional.of(subscriptionId), limited.subscriptionId()),
                    () -> assertEquals(20, limited.rateLimitPerSecond().getAsInt()),
                    () -> assertEquals(500_000, limited.quotaRemaining().getAsLong()),
                    () -> assertEquals(0, limited.cacheSeconds(), "never reused"),
                    () -> assertEquals(OptionalLong.of(1), limited.retryAfterSeconds()));

            fixture.clock.advance(Duration.ofMillis(49));
            assertEquals(VerificationCode.RATE_LIMITED, verify.handle(key, true).code());
            fixture.clock.advance(Duration.ofMillis(1));
            assertEquals(List.of(VerificationCode.VALID, VerificationCode.RATE_LIMITED), countedCodes(key, 2),
                    "one token back after 1/20 s");
            fixture.clock.advance(Duration.ofSeconds(1));
            assertEquals(20, admitted(key, 25), "the whole rate after a quiet second");
        }

        @Test
        void a_counted_valid_answer_is_not_to_be_cached() {
            KeyVerdict verdict = verify.handle(issue().key(), true);

            assertTrue(verdict.valid());
            assertEquals(0, verdict.cacheSeconds());
            assertTrue(verdict.retryAfterSeconds().isEmpty());
        }

        @Test
        void the_keys_of_one_subscription_share_its_rate() {
            String first = issue().key();
            String second = issue().key();

            assertEquals(15, admitted(first, 15));

            assertEquals(5, admitted(second, 10));
            assertEquals(VerificationCode.RATE_LIMITED, verify.handle(first, true).code());
        }

        @Test
        void each_subscription_has_a_rate_of_its_own() {
            String key = issue().key();
            String sandboxKey = issue(subscribe("sandbox"), Optional.empty()).key();
            admitted(key, 25);

            assertEquals(5, admitted(sandboxKey, 10), "the sandbox subscription's own 5 per second");
            assertEquals(VerificationCode.RATE_LIMITED, verify.handle(key, true).code());
        }

        @Test
        void without_the_flag_nothing_is_counted_and_nothing_is_refused_for_its_rate() {
            String key = issue().key();
            for (int i = 0; i < 100; i++) {
                assertEquals(VerificationCode.VALID, verify.handle(key).code());
            }

            assertEquals(20, admitted(key, 25), "the hundred uncounted verifications took nothing");
            KeyVerdict uncounted = verify.handle(key, false);
            assertEquals(VerificationCode.VALID, uncounted.code(), "a gateway that limits by itself is not refused");
            assertEquals(30, uncounted.cacheSeconds());
        }

        @Test
        void a_key_refused_for_another_reason_is_not_counted() {
            IssueKey.Issued revoked = issue();
            String usable = issue().key();
            done(new RevokeKey(keys).handle(owner(), subscriptionId, revoked.record().id()));
            assertEquals(Collections.nCopies(30, VerificationCode.REVOKED), countedCodes(revoked.key(), 30));
            assertEquals(Collections.nCopies(30, VerificationCode.MALFORMED), countedCodes("cs_live_not-a-key", 30));

            reviewAs(SubscriptionTransition.SUSPEND);
            assertEquals(Collections.nCopies(30, VerificationCode.SUSPENDED), countedCodes(usable, 30));
            reviewAs(SubscriptionTransition.REACTIVATE);

            assertEquals(20, admitted(usable, 25));
        }

        @Test
        void a_subscription_over_its_quota_is_quota_exceeded_not_rate_limited() {
            String sandbox = subscribe("sandbox");
            String key = issue(sandbox, Optional.empty()).key();
            quota.requestsRecorded(sandbox, fixture.clock.now(), 10_000);

            assertEquals(Collections.nCopies(10, VerificationCode.QUOTA_EXCEEDED), countedCodes(key, 10));
        }
    }
}
