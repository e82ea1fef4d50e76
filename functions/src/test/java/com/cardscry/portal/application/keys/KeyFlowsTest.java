package com.cardscry.portal.application.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.accounts.AccountsFixture;
import com.cardscry.portal.application.accounts.Caller;
import com.cardscry.portal.application.port.AuditAction;
import com.cardscry.portal.application.port.AuditEntry;
import com.cardscry.portal.application.port.ContainerSpec;
import com.cardscry.portal.application.port.Query;
import com.cardscry.portal.application.port.StoredDocument;
import com.cardscry.portal.application.subscriptions.RequestSubscription;
import com.cardscry.portal.application.subscriptions.ReviewSubscriptions;
import com.cardscry.portal.application.subscriptions.SubscriptionServices;
import com.cardscry.portal.domain.ApiKey;
import com.cardscry.portal.domain.RetentionCategory;
import com.cardscry.portal.domain.SubscriptionKey;
import com.cardscry.portal.domain.SubscriptionState;
import com.cardscry.portal.domain.SubscriptionTransition;
import com.cardscry.portal.testing.Retention;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issuing, listing, rotating and revoking keys on the embedded store, and what the key index holds. */
class KeyFlowsTest {

    @TempDir
    Path folder;

    private AccountsFixture fixture;
    private KeyRecords records;
    private KeyHasher hasher;
    private SubscriptionServices subscriptions;
    private KeyServices keys;
    private String accountId;
    private String subscriptionId;

    @BeforeEach
    void open() {
        fixture = new AccountsFixture(folder);
        KeysFixture parts = new KeysFixture(fixture);
        records = parts.keyRecords;
        hasher = parts.hasher;
        subscriptions = parts.subscriptions;
        keys = parts.keys;
        accountId = fixture.activeAccount("oid-1", "ada@example.com");
        subscriptionId = done(new RequestSubscription(subscriptions).handle(owner(),
                new RequestSubscription.Command("starter", Optional.empty()))).subscription().id();
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

    private static Problem refused(Outcome<?> outcome) {
        return assertInstanceOf(Outcome.Refused.class, outcome).problem();
    }

    private IssueKey.Issued issue(String name) {
        return done(new IssueKey(keys).handle(owner(), subscriptionId, new IssueKey.Command(name, Optional.empty())));
    }

    /** What the gateway's one read would find for this key text. */
    private Optional<KeyRecords.IndexEntry> lookUp(String key) {
        return records.indexEntry(hasher.hash(ApiKey.parse(key).orElseThrow()).hash());
    }

    @Test
    void an_issued_key_is_shown_once_and_stored_only_as_its_hash() {
        IssueKey.Issued issued = issue("production");
        assertTrue(ApiKey.parse(issued.key()).isPresent());
        assertTrue(issued.key().startsWith("cs_live_"));
        assertEquals(issued.record().expiresAt(), fixture.clock.now().plus(Duration.ofDays(365)));

        KeyRecords.IndexEntry entry = lookUp(issued.key()).orElseThrow();
        assertEquals(subscriptionId, entry.subscriptionId());
        assertEquals(SubscriptionState.ACTIVE, entry.subscriptionState());

        for (String container : new String[] {KeyRecords.KEYS.name(), KeyRecords.INDEX.name()}) {
            String partition = container.equals(KeyRecords.KEYS.name()) ? accountId : entry.keyHash();
            List<StoredDocument> stored = fixture.store.query(container, Query.partition(partition), 100, Optional.empty()).items();
            assertFalse(stored.isEmpty());
            assertFalse(stored.toString().contains(issued.key()), "no plaintext key in " + container);
        }
        List<SubscriptionKey> listed = done(new ListKeys(keys).handle(owner(), subscriptionId));
        assertEquals(List.of("production"), listed.stream().map(SubscriptionKey::name).toList());
    }

    @Test
    void the_plan_limits_working_keys_and_their_lifetime() {
        issue("one");
        issue("two");
        assertEquals(ProblemType.CONFLICT, refused(new IssueKey(keys).handle(owner(), subscriptionId,
                new IssueKey.Command("three", Optional.empty()))).type());
        assertEquals(Optional.of("/expiresInDays"), refused(new IssueKey(keys).handle(owner(), subscriptionId,
                new IssueKey.Command("long", Optional.of(366)))).field());
        assertEquals(Optional.of("/name"), refused(new IssueKey(keys).handle(owner(), subscriptionId,
                new IssueKey.Command(" ", Optional.empty()))).field());
    }

    @Test
    void rotation_keeps_the_old_key_working_through_its_grace_period_only() {
        IssueKey.Issued old = issue("production");
        IssueKey.Issued successor = done(new RotateKey(keys).handle(owner(), subscriptionId, old.record().id(),
                new RotateKey.Command(Optional.of(2))));
        assertNotEquals(old.key(), successor.key());
        assertEquals(old.record().expiresAt(), successor.record().expiresAt());
        assertEquals("production", successor.record().name());

        assertTrue(fixture.clock.now().isBefore(lookUp(old.key()).orElseThrow().worksUntil()), "old key works during the grace period");
        assertTrue(fixture.clock.now().isBefore(lookUp(successor.key()).orElseThrow().worksUntil()));
        fixture.clock.advance(Duration.ofHours(2));
        assertFalse(fixture.clock.now().isBefore(lookUp(old.key()).orElseThrow().worksUntil()), "old key stops after it");
        assertTrue(fixture.clock.now().isBefore(lookUp(successor.key()).orElseThrow().worksUntil()));

        SubscriptionKey rotated = records.read(accountId, old.record().id()).orElseThrow().key();
        assertEquals(SubscriptionKey.State.REPLACED, rotated.state(fixture.clock.now()));
        assertEquals(ProblemType.CONFLICT, refused(new RotateKey(keys).handle(owner(), subscriptionId, old.record().id(),
                new RotateKey.Command(Optional.empty()))).type());
    }

    @Test
    void revocation_reaches_the_index_at_once_and_repeats_harmlessly() {
        IssueKey.Issued issued = issue("production");
        SubscriptionKey revoked = done(new RevokeKey(keys).handle(owner(), subscriptionId, issued.record().id()));
        assertEquals(SubscriptionKey.State.REVOKED, revoked.state(fixture.clock.now()));
        assertTrue(lookUp(issued.key()).orElseThrow().revoked());
        assertEquals(revoked.revokedAt(), done(new RevokeKey(keys).handle(owner(), subscriptionId, issued.record().id())).revokedAt());
    }

    @Test
    void a_subscriptions_new_state_reaches_its_keys_index_entries() {
        IssueKey.Issued issued = issue("production");
        Caller admin = fixture.tokenCaller("admin-1", true);
        done(new ReviewSubscriptions(subscriptions).act(admin, accountId, subscriptionId, SubscriptionTransition.SUSPEND,
                new ReviewSubscriptions.Command(Optional.of("unpaid"))));
        assertEquals(SubscriptionState.SUSPENDED, lookUp(issued.key()).orElseThrow().subscriptionState());
        assertEquals(ProblemType.CONFLICT, refused(new IssueKey(keys).handle(owner(), subscriptionId,
                new IssueKey.Command("another", Optional.empty()))).type());
        done(new ReviewSubscriptions(subscriptions).act(admin, accountId, subscriptionId, SubscriptionTransition.REACTIVATE,
                new ReviewSubscriptions.Command(Optional.empty())));
        assertEquals(SubscriptionState.ACTIVE, lookUp(issued.key()).orElseThrow().subscriptionState());
    }

    @Test
    void another_accounts_subscription_and_keys_are_not_found() {
        IssueKey.Issued issued = issue("production");
        fixture.activeAccount("oid-2", "grace@example.com");
        Caller other = fixture.tokenCaller("oid-2");
        assertEquals(ProblemType.NOT_FOUND, refused(new ListKeys(keys).handle(other, subscriptionId)).type());
        assertEquals(ProblemType.NOT_FOUND, refused(new RevokeKey(keys).handle(other, subscriptionId, issued.record().id())).type());
        assertFalse(lookUp(issued.key()).orElseThrow().revoked());
    }

    @Test
    void issuing_rotating_and_revoking_are_audited_without_key_material() {
        IssueKey.Issued first = issue("production");
        IssueKey.Issued successor = done(new RotateKey(keys).handle(owner(), subscriptionId, first.record().id(),
                new RotateKey.Command(Optional.of(1))));
        done(new RevokeKey(keys).handle(owner(), subscriptionId, successor.record().id()));

        List<AuditEntry> trail = fixture.audit.entriesFor(fixture.services.pseudonyms().of(accountId), 50);
        List<AuditAction> keyActions = trail.stream().map(AuditEntry::action)
                .filter(action -> action.name().startsWith("KEY_")).sorted().toList();
        assertEquals(List.of(AuditAction.KEY_ISSUED, AuditAction.KEY_ROTATED, AuditAction.KEY_REVOKED), keyActions);
        AuditEntry rotation = trail.stream().filter(entry -> entry.action() == AuditAction.KEY_ROTATED).findFirst().orElseThrow();
        assertEquals(successor.record().id(), rotation.details().get("successor"), "the rotation names the key it issued");
        for (AuditEntry entry : trail) {
            for (String value : entry.details().values()) {
                for (IssueKey.Issued issued : List.of(first, successor)) {
                    assertFalse(value.contains(issued.key()) || value.contains(issued.record().keyHash())
                            || value.contains(issued.key().substring(8, 30)), entry.action() + " carries key material");
                }
            }
        }
    }

    /** How long a key's records are kept: the retention schedule's {@code api-keys} period after the key stops working. */
    @Nested
    class Kept {

        private static final Duration SHIPPED = Duration.ofDays(30);

        @Test
        void an_issued_keys_records_expire_30_days_after_its_expiry() {
            SubscriptionKey key = issue("production").record();

            Instant end = key.expiresAt().plus(SHIPPED);
            assertEquals(end, expiresAt(KeyRecords.KEYS, accountId, key.id()), "metadata");
            assertEquals(end, expiresAt(KeyRecords.INDEX, key.keyHash(), key.keyHash()), "index entry");
            assertEquals(end, expiresAt(KeyRecords.OWNERS, key.id(), key.id()), "owner entry");
        }

        @Test
        void a_revocation_moves_the_metadata_and_index_entry_to_30_days_after_it() {
            SubscriptionKey key = issue("production").record();
            fixture.clock.advance(Duration.ofDays(2));
            done(new RevokeKey(keys).handle(owner(), subscriptionId, key.id()));

            Instant end = fixture.clock.now().plus(SHIPPED);
            assertEquals(end, expiresAt(KeyRecords.KEYS, accountId, key.id()));
            assertEquals(end, expiresAt(KeyRecords.INDEX, key.keyHash(), key.keyHash()));
            assertEquals(key.expiresAt().plus(SHIPPED), expiresAt(KeyRecords.OWNERS, key.id(), key.id()),
                    "the owner entry is written once, for the key's expiry");
        }

        @Test
        void an_overridden_period_gives_every_record_its_ttl() {
            KeysFixture overridden = new KeysFixture(fixture, Retention.STANDARD.withOverrides(
                    Map.of(RetentionCategory.API_KEYS, Duration.ofDays(90))));
            SubscriptionKey key = done(new IssueKey(overridden.keys).handle(owner(), subscriptionId,
                    new IssueKey.Command("production", Optional.empty()))).record();

            Instant end = key.expiresAt().plus(Duration.ofDays(90));
            assertEquals(end, expiresAt(KeyRecords.KEYS, accountId, key.id()));
            assertEquals(end, expiresAt(KeyRecords.INDEX, key.keyHash(), key.keyHash()));
            assertEquals(end, expiresAt(KeyRecords.OWNERS, key.id(), key.id()));
        }

        @Test
        void a_key_past_its_period_is_not_indexed_again_when_its_subscription_changes() {
            KeysFixture oneDay = new KeysFixture(fixture, Retention.STANDARD.withOverrides(
                    Map.of(RetentionCategory.API_KEYS, Duration.ofDays(1))));
            SubscriptionKey key = done(new IssueKey(oneDay.keys).handle(owner(), subscriptionId,
                    new IssueKey.Command("production", Optional.empty()))).record();
            done(new RevokeKey(oneDay.keys).handle(owner(), subscriptionId, key.id()));
            fixture.clock.advance(Duration.ofDays(1));

            Caller admin = fixture.tokenCaller("admin-1", true);
            done(new ReviewSubscriptions(oneDay.subscriptions).act(admin, accountId, subscriptionId, SubscriptionTransition.SUSPEND,
                    new ReviewSubscriptions.Command(Optional.of("unpaid"))));

            assertEquals(Optional.empty(), records.indexEntry(key.keyHash()), "gone a day after the revocation, and not rewritten");
        }

        /** When the stored document expires: its ttl counts from its last write. */
        private Instant expiresAt(ContainerSpec container, String partition, String id) {
            StoredDocument stored = fixture.store.read(container.name(), partition, id).orElseThrow();
            return stored.lastModified().plusSeconds(stored.document().ttlSeconds().orElseThrow());
        }
    }
}
