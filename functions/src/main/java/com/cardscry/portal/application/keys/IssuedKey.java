package com.cardscry.portal.application.keys;

import com.cardscry.portal.domain.ApiKey;
import java.util.Objects;

/**
 * A key just made: the key itself, to be shown to its owner once and then dropped, and what is stored
 * for it. {@code toString} shows the hint, never the key.
 *
 * @param key        the new key
 * @param storedHash its hash under the current pepper version
 * @param hint       its display hint ({@link ApiKey#hint()})
 */
public record IssuedKey(ApiKey key, StoredKeyHash storedHash, String hint) {

    public IssuedKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(storedHash, "storedHash");
        Objects.requireNonNull(hint, "hint");
    }
}
