package com.cardscry.portal.application.keys;

import com.cardscry.portal.domain.ApiKey;
import com.cardscry.portal.domain.KeyEnvironment;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * Makes new API keys: 32 bytes from the portal's {@link SecureRandom}, formatted as an {@link ApiKey},
 * hashed under the current pepper. Storing the result is the calling use case's. Thread-safe.
 */
public final class KeyIssuer {

    private final KeyHasher hasher;
    private final SecureRandom random;

    public KeyIssuer(KeyHasher hasher, SecureRandom random) {
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** A new key for the environment, with its stored hash and hint. */
    public IssuedKey issue(KeyEnvironment environment) {
        byte[] randomBytes = new byte[ApiKey.RANDOM_BYTES];
        random.nextBytes(randomBytes);
        ApiKey key = ApiKey.generate(environment, randomBytes);
        return new IssuedKey(key, hasher.hash(key), key.hint());
    }
}
