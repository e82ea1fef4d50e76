package com.cardscry.portal.application.gateway;

import com.cardscry.portal.application.keys.KeyDigest;
import com.cardscry.portal.application.keys.KeyRecords;
import com.cardscry.portal.application.port.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Key-index entries this process has read, by the digest a presented key is looked up under (its HMAC
 * under the current pepper version, as bytes), so that verifying a key seen lately costs no store
 * operation and no encoding.
 *
 * <ul>
 *   <li>An entry read from the store is served for at most {@link #MAX_STALENESS} after the read;
 *       then the next verification reads it again. Another instance's revocation is therefore seen
 *       here within that time.</li>
 *   <li>A key found nowhere is remembered as missing for {@link #MISSING_FOR} only: long enough to
 *       absorb a burst of requests with a mistyped key, short enough not to matter for a key just
 *       issued elsewhere (a key is indexed before it is shown to anyone, so that case is rare).</li>
 *   <li>Every index entry this process writes replaces what is cached for it at once
 *       ({@link #indexed}), and one it deletes becomes missing at once ({@link #removed}), so a
 *       revocation or an erasure through this instance takes effect here at once.</li>
 *   <li>At most {@code capacity} keys are held. When full, expired answers are dropped first, then
 *       arbitrary ones until a tenth of the room is free, so a flood of distinct keys costs reads, not
 *       memory, and the clearing is paid once per tenth of the capacity, not on every insert.</li>
 * </ul>
 *
 * Thread-safe; a lookup takes no lock.
 */
public final class KeyIndexCache implements KeyRecords.IndexListener {

    public static final Duration MAX_STALENESS = Duration.ofSeconds(30);
    public static final Duration MISSING_FOR = Duration.ofSeconds(5);
    public static final int DEFAULT_CAPACITY = 100_000;

    /** What is known about one looked-up hash, and when it was learnt. */
    public sealed interface Cached permits Found, Missing {

        /** When this answer was read from the store (or written by this process). */
        Instant learntAt();

        /** Until when it may be served. */
        Instant servableUntil();
    }

    /** The key's index entry. */
    public record Found(KeyRecords.IndexEntry entry, Instant learntAt, KeyVerdict.Identity identity) implements Cached {

        public Found(KeyRecords.IndexEntry entry, Instant learntAt) {
            this(entry, learntAt, KeyVerdict.Identity.of(entry.subscriptionId(), entry.keyId(), entry.planId()));
        }

        @Override
        public Instant servableUntil() {
            return learntAt.plus(MAX_STALENESS);
        }
    }

    /** No key with this value was found under any pepper version. */
    public record Missing(Instant learntAt) implements Cached {
        @Override
        public Instant servableUntil() {
            return learntAt.plus(MISSING_FOR);
        }
    }

    private final ConcurrentHashMap<KeyDigest, Cached> byLookupHash = new ConcurrentHashMap<>();
    /**
     * For keys stored under an older pepper version: their stored hash to the hash they are looked up
     * under, so that this process's own rewrite of such a key's entry still reaches the cache.
     */
    private final ConcurrentHashMap<KeyDigest, KeyDigest> lookupHashByStoredHash = new ConcurrentHashMap<>();
    private final int capacity;
    private final Clock clock;

    public KeyIndexCache(int capacity, Clock clock) {
        if (capacity < 10) {
            throw new IllegalArgumentException("capacity must be at least 10: " + capacity);
        }
        this.capacity = capacity;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The answer cached for a lookup hash if it may still be served at {@code now}; otherwise {@code null}. */
    public Cached fresh(KeyDigest lookupHash, Instant now) {
        Cached cached = byLookupHash.get(lookupHash);
        return cached != null && now.isBefore(cached.servableUntil()) ? cached : null;
    }

    /** Remembers an entry read from the store; {@code lookupHash} differs from its hash for an older pepper's key. */
    public Found found(KeyDigest lookupHash, KeyRecords.IndexEntry entry, Instant now) {
        Found found = new Found(entry, now);
        KeyDigest stored = KeyDigest.fromStoredForm(entry.keyHash());
        if (!lookupHash.equals(stored)) {
            lookupHashByStoredHash.put(stored, lookupHash);
        }
        put(lookupHash, found);
        return found;
    }

    /** Remembers that no key has this lookup hash. */
    public Missing missing(KeyDigest lookupHash, Instant now) {
        Missing missing = new Missing(now);
        put(lookupHash, missing);
        return missing;
    }

    /** This process wrote the entry: what is cached for it (if anything) becomes the new entry, fresh. */
    @Override
    public void indexed(KeyRecords.IndexEntry entry) {
        KeyDigest stored = KeyDigest.fromStoredForm(entry.keyHash());
        put(lookupHashByStoredHash.getOrDefault(stored, stored), new Found(entry, clock.now()));
    }

    /** This process deleted the entry (an erased account's key): the key is missing from now on. */
    @Override
    public void removed(String keyHash) {
        KeyDigest stored = KeyDigest.fromStoredForm(keyHash);
        put(lookupHashByStoredHash.getOrDefault(stored, stored), new Missing(clock.now()));
    }

    /** How many answers are held (for tests and health). */
    public int size() {
        return byLookupHash.size();
    }

    private void put(KeyDigest lookupHash, Cached cached) {
        if (byLookupHash.size() >= capacity && !byLookupHash.containsKey(lookupHash)) {
            makeRoom(cached.learntAt());
        }
        byLookupHash.put(lookupHash, cached);
    }

    private synchronized void makeRoom(Instant now) {
        if (byLookupHash.size() < capacity) {
            return; // another thread made room meanwhile
        }
        byLookupHash.values().removeIf(cached -> !now.isBefore(cached.servableUntil()));
        int target = capacity - capacity / 10;
        Iterator<Map.Entry<KeyDigest, Cached>> arbitrary = byLookupHash.entrySet().iterator();
        while (byLookupHash.size() > target && arbitrary.hasNext()) {
            arbitrary.next();
            arbitrary.remove();
        }
        lookupHashByStoredHash.values().removeIf(lookupHash -> !byLookupHash.containsKey(lookupHash));
    }
}
