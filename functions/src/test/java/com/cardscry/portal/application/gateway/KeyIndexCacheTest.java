package com.cardscry.portal.application.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.application.keys.KeyDigest;
import com.cardscry.portal.application.keys.KeyRecords;
import com.cardscry.portal.domain.SubscriptionState;
import com.cardscry.portal.testing.FakeClock;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The verification cache's bounds: staleness, brief misses, its size, and this process's own writes. */
class KeyIndexCacheTest {

    private final FakeClock clock = new FakeClock(Instant.parse("2026-11-29T08:00:00Z"));

    /** The stored form of a made-up digest named {@code name}: 32 bytes, as a key's HMAC has. */
    private static String stored(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyDigest digest(String name) {
        return KeyDigest.fromStoredForm(stored(name));
    }

    private static KeyRecords.IndexEntry entry(String name, boolean revoked) {
        return new KeyRecords.IndexEntry(stored(name), "v1", "acc-1", "sub-1", "key-" + name, "starter",
                Instant.parse("2027-01-01T00:00:00Z"), revoked, SubscriptionState.ACTIVE);
    }

    @Test
    void a_found_entry_is_served_for_thirty_seconds_and_a_miss_for_five() {
        KeyIndexCache cache = new KeyIndexCache(100, clock);
        Instant now = clock.now();
        cache.found(digest("h1"), entry("h1", false), now);
        cache.missing(digest("h2"), now);

        assertNotNull(cache.fresh(digest("h1"), now.plus(Duration.ofSeconds(29))));
        assertNull(cache.fresh(digest("h1"), now.plus(KeyIndexCache.MAX_STALENESS)));
        assertNotNull(cache.fresh(digest("h2"), now.plus(Duration.ofSeconds(4))));
        assertNull(cache.fresh(digest("h2"), now.plus(KeyIndexCache.MISSING_FOR)));
    }

    @Test
    void this_processs_own_index_write_replaces_the_cached_entry() {
        KeyIndexCache cache = new KeyIndexCache(100, clock);
        cache.found(digest("h1"), entry("h1", false), clock.now());

        cache.indexed(entry("h1", true));

        KeyIndexCache.Found found = assertInstanceOf(KeyIndexCache.Found.class, cache.fresh(digest("h1"), clock.now()));
        assertTrue(found.entry().revoked());
    }

    @Test
    void a_write_for_a_key_of_an_older_pepper_reaches_the_hash_it_is_looked_up_under() {
        KeyIndexCache cache = new KeyIndexCache(100, clock);
        cache.found(digest("current-hash"), entry("old-hash", false), clock.now());

        cache.indexed(entry("old-hash", true));

        KeyIndexCache.Found found = assertInstanceOf(KeyIndexCache.Found.class, cache.fresh(digest("current-hash"), clock.now()));
        assertTrue(found.entry().revoked());
    }

    @Test
    void it_never_holds_more_than_its_capacity_and_drops_expired_answers_first() {
        KeyIndexCache cache = new KeyIndexCache(100, clock);
        for (int i = 0; i < 50; i++) {
            cache.missing(digest("old-" + i), clock.now());
        }
        clock.advance(KeyIndexCache.MISSING_FOR);
        for (int i = 0; i < 1_000; i++) {
            cache.found(digest("h" + i), entry("h" + i, false), clock.now());
            assertTrue(cache.size() <= 100, "size " + cache.size());
        }
        assertNotNull(cache.fresh(digest("h999"), clock.now()), "the newest entry is kept");
    }

    @Test
    void a_full_cache_of_fresh_answers_frees_a_tenth_of_its_room_at_once() {
        KeyIndexCache cache = new KeyIndexCache(100, clock);
        for (int i = 0; i < 100; i++) {
            cache.found(digest("h" + i), entry("h" + i, false), clock.now());
        }
        assertEquals(100, cache.size());

        cache.found(digest("one-more"), entry("one-more", false), clock.now());

        assertEquals(91, cache.size());
    }
}
