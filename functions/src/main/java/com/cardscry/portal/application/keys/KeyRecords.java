package com.cardscry.portal.application.keys;

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
import com.cardscry.portal.domain.SubscriptionKey;
import com.cardscry.portal.domain.SubscriptionState;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * API keys in the document store (DESIGN.md decisions 1 to 3):
 * <ul>
 *   <li>{@code api-keys}: the owner's view of each key, partitioned by account id; never the key. It is
 *       kept for the retention schedule's {@link RetentionCategory#API_KEYS} period after the key stops
 *       working (every write sets the ttl, so a revocation or rotation shortens it, and an override of
 *       the period takes effect on the next write);</li>
 *   <li>{@code key-index}: one entry per key, id and partition the key's hash, holding everything the
 *       gateway's verification needs, so that a presented key is answered with one point read: whose
 *       key it is, its subscription and plan, until when it works, and the subscription's state. A
 *       change to the key or to its subscription rewrites the entry. It outlives the key by the
 *       {@link RetentionCategory#API_KEYS} period, so the gateway can say "revoked" or "expired" rather
 *       than "unknown".</li>
 *   <li>{@code key-owners}: one entry per key, id and partition the key's id, naming its account and
 *       subscription, so that usage reported by key id finds its owner with one point read. A key's
 *       owner never changes, so the entry is written once and lives for the {@link RetentionCategory#API_KEYS}
 *       period past the key's expiry (not its revocation, which does not rewrite it).</li>
 * </ul>
 */
public final class KeyRecords {

    public static final ContainerSpec KEYS = ContainerSpec.of("api-keys", "accountId");
    public static final ContainerSpec INDEX = ContainerSpec.of("key-index", "key");
    public static final ContainerSpec OWNERS = ContainerSpec.of("key-owners", "keyId");

    /** A key record as read, with the ETag a conditional write of it must name. */
    public record Versioned(SubscriptionKey key, String etag) {
    }

    /** What the gateway's verification reads: the key-index entry. */
    public record IndexEntry(String keyHash, String pepperVersion, String accountId, String subscriptionId, String keyId,
                             String planId, Instant worksUntil, boolean revoked, SubscriptionState subscriptionState) {
    }

    /** Whose key a key id is: the key-owners entry. */
    public record Owner(String keyId, String accountId, String subscriptionId) {
    }

    /**
     * Told of every index entry this process writes, right after the write, so that what this
     * instance has cached about the key follows at once (a revocation here takes effect here at once).
     */
    public interface IndexListener {

        IndexListener NONE = entry -> { };

        void indexed(IndexEntry entry);

        /** The entry of this key hash was deleted (an erased account's key): the key is unknown from now on. */
        default void removed(String keyHash) {
        }
    }

    private final DocumentStore store;
    private final RetentionSchedule retention;
    private final Clock clock;
    private final IndexListener indexListener;
    private final OptimisticUpdate<SubscriptionKey, Versioned> updates = new OptimisticUpdate<>(
            (next, read) -> replace(next, read.etag()),
            written -> toVersioned(written.stored()),
            read -> read(read.key().accountId(), read.key().id()));

    /**
     * @param retention gives the {@link RetentionCategory#API_KEYS} period every record carries as its ttl
     * @param clock     when a key record is written (its ttl counts from then)
     */
    public KeyRecords(DocumentStore store, RetentionSchedule retention, Clock clock) {
        this(store, retention, clock, IndexListener.NONE);
    }

    public KeyRecords(DocumentStore store, RetentionSchedule retention, Clock clock, IndexListener indexListener) {
        this.store = Objects.requireNonNull(store, "store");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.indexListener = Objects.requireNonNull(indexListener, "indexListener");
    }

    public Optional<Versioned> read(String accountId, String keyId) {
        return store.read(KEYS.name(), accountId, keyId).map(KeyRecords::toVersioned);
    }

    /** The keys of one subscription, oldest first. */
    public List<SubscriptionKey> ofSubscription(String accountId, String subscriptionId) {
        List<SubscriptionKey> keys = AllPages.of(store, KEYS.name(), Query.partition(accountId).where("subscriptionId", Query.Operator.EQUAL, subscriptionId),
                stored -> toVersioned(stored).key());
        keys.sort(Comparator.comparing(SubscriptionKey::createdAt).thenComparing(SubscriptionKey::id));
        return keys;
    }

    public WriteResult create(SubscriptionKey key) {
        return store.create(KEYS.name(), toDocument(key).withTtl(keptAfter(key.worksUntil(), clock.now())));
    }

    public WriteResult replace(SubscriptionKey key, String etag) {
        return store.replace(KEYS.name(), toDocument(key).withTtl(keptAfter(key.worksUntil(), clock.now())), etag);
    }

    /**
     * Whether the key's records are still within their retention period at {@code now}: what is left of
     * a key past it is not written again.
     */
    public boolean isKept(SubscriptionKey key, Instant now) {
        return now.isBefore(key.worksUntil().plus(retention.period(RetentionCategory.API_KEYS)));
    }

    /** Changes a key record with optimistic concurrency; see {@link OptimisticUpdate}. */
    public <T> Outcome<T> update(Versioned found, Function<Versioned, OptimisticUpdate.Change<SubscriptionKey, Versioned, T>> decide,
                                 Problem whenGone) {
        return updates.apply(found, decide, whenGone);
    }

    /** Writes the key's index entry as the key and its subscription now are (again, harmlessly, on a retry). */
    public void index(SubscriptionKey key, String planId, SubscriptionState subscriptionState, Instant now) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("pepperVersion", key.pepperVersion());
        fields.put("accountId", key.accountId());
        fields.put("subscriptionId", key.subscriptionId());
        fields.put("keyId", key.id());
        fields.put("planId", planId);
        fields.put("worksUntil", key.worksUntil().toString());
        fields.put("revoked", key.revokedAt().isPresent());
        fields.put("subscriptionState", subscriptionState.code());
        store.upsert(INDEX.name(), INDEX.withPartitionKeyField(Document.of(key.keyHash(), key.keyHash(), fields))
                .withTtl(keptAfter(key.worksUntil(), now)));
        indexListener.indexed(new IndexEntry(key.keyHash(), key.pepperVersion(), key.accountId(), key.subscriptionId(), key.id(),
                planId, key.worksUntil(), key.revokedAt().isPresent(), subscriptionState));
    }

    /**
     * Deletes the key's index entry (again, harmlessly, on a retry), so the gateway no longer finds the
     * key at all; this process's verification cache learns it at once.
     */
    public void removeIndex(String keyHash) {
        store.delete(INDEX.name(), keyHash, keyHash, null);
        indexListener.removed(keyHash);
    }

    /** Deletes whose key this key id is (again, harmlessly, on a retry). */
    public void removeOwner(String keyId) {
        store.delete(OWNERS.name(), keyId, keyId, null);
    }

    /** Deletes the key record (again, harmlessly, on a retry); its index and owner entries go first. */
    public void delete(String accountId, String keyId) {
        store.delete(KEYS.name(), accountId, keyId, null);
    }

    /** Every key of the account, of every subscription, oldest first. */
    public List<SubscriptionKey> ofAccount(String accountId) {
        List<SubscriptionKey> keys = AllPages.of(store, KEYS.name(), Query.partition(accountId), stored -> toVersioned(stored).key());
        keys.sort(Comparator.comparing(SubscriptionKey::createdAt).thenComparing(SubscriptionKey::id));
        return keys;
    }

    /** The index entry of a key hash, if there is one. */
    public Optional<IndexEntry> indexEntry(String keyHash) {
        return store.read(INDEX.name(), keyHash, keyHash).map(stored -> {
            Map<String, Object> fields = stored.document().fields();
            return new IndexEntry(stored.id(), (String) fields.get("pepperVersion"), (String) fields.get("accountId"),
                    (String) fields.get("subscriptionId"), (String) fields.get("keyId"), (String) fields.get("planId"),
                    Instant.parse((String) fields.get("worksUntil")), (Boolean) fields.get("revoked"),
                    SubscriptionState.fromCode((String) fields.get("subscriptionState")));
        });
    }

    /**
     * Writes whose key this is, for usage reported by key id; made before the key record, so no key
     * works without it. The same key always writes the same entry, so a retry is harmless.
     */
    public void recordOwner(SubscriptionKey key, Instant now) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("accountId", key.accountId());
        fields.put("subscriptionId", key.subscriptionId());
        store.upsert(OWNERS.name(), OWNERS.withPartitionKeyField(Document.of(key.id(), key.id(), fields))
                .withTtl(keptAfter(key.expiresAt(), now)));
    }

    /** The owner of a key id, if it names a key (one that expired longer than the {@code api-keys} period ago does not). */
    public Optional<Owner> owner(String keyId) {
        return store.read(OWNERS.name(), keyId, keyId).map(stored -> new Owner(stored.id(),
                (String) stored.document().fields().get("accountId"), (String) stored.document().fields().get("subscriptionId")));
    }

    /** The ttl, written at {@code now}, of a record kept for the {@code api-keys} period after {@code stoppedWorking}. */
    private int keptAfter(Instant stoppedWorking, Instant now) {
        return retention.ttlSeconds(RetentionCategory.API_KEYS, stoppedWorking, now);
    }

    static Document toDocument(SubscriptionKey key) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("type", "api-key");
        fields.put("subscriptionId", key.subscriptionId());
        fields.put("name", key.name());
        fields.put("hint", key.hint());
        fields.put("pepperVersion", key.pepperVersion());
        fields.put("keyHash", key.keyHash());
        fields.put("createdAt", key.createdAt().toString());
        fields.put("expiresAt", key.expiresAt().toString());
        key.revokedAt().ifPresent(at -> fields.put("revokedAt", at.toString()));
        key.graceUntil().ifPresent(at -> fields.put("graceUntil", at.toString()));
        key.successorId().ifPresent(id -> fields.put("successorId", id));
        key.lastUsedOn().ifPresent(day -> fields.put("lastUsedOn", day.toString()));
        return KEYS.withPartitionKeyField(Document.of(key.id(), key.accountId(), fields));
    }

    static Versioned toVersioned(StoredDocument stored) {
        Map<String, Object> fields = stored.document().fields();
        SubscriptionKey key = new SubscriptionKey(stored.id(), stored.document().partitionKey(), (String) fields.get("subscriptionId"),
                (String) fields.get("name"), (String) fields.get("hint"), (String) fields.get("pepperVersion"),
                (String) fields.get("keyHash"), Instant.parse((String) fields.get("createdAt")),
                Instant.parse((String) fields.get("expiresAt")),
                Optional.ofNullable((String) fields.get("revokedAt")).map(Instant::parse),
                Optional.ofNullable((String) fields.get("graceUntil")).map(Instant::parse),
                Optional.ofNullable((String) fields.get("successorId")),
                Optional.ofNullable((String) fields.get("lastUsedOn")).map(LocalDate::parse));
        return new Versioned(key, stored.etag());
    }
}
