package com.cardscry.portal.application.usage;

import com.cardscry.portal.application.keys.KeyRecords;
import java.util.Objects;
import java.util.Optional;

/**
 * Whose key a key id is, for usage reported by key id: the key-owners entry, read once per process
 * and then answered from memory, since a key never changes hands. Ids that name no key are read
 * again every time (they are rare, and a key issued meanwhile must be found).
 */
public final class KeyOwners {

    /** Keys remembered per process; more only cost a point read each. */
    static final int CAPACITY = 100_000;

    private final KeyRecords keys;
    private final BoundedCache<String, KeyRecords.Owner> known = new BoundedCache<>(CAPACITY);

    public KeyOwners(KeyRecords keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    public Optional<KeyRecords.Owner> of(String keyId) {
        Optional<KeyRecords.Owner> cached = known.get(keyId);
        if (cached.isPresent()) {
            return cached;
        }
        Optional<KeyRecords.Owner> read = keys.owner(keyId);
        read.ifPresent(owner -> known.put(keyId, owner));
        return read;
    }
}
