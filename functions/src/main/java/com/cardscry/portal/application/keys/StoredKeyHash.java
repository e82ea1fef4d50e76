package com.cardscry.portal.application.keys;

import java.util.Objects;

/**
 * What is stored for a key instead of the key: its keyed hash and the version of the pepper it was
 * made under. The hash is what the key index is looked up by.
 *
 * @param pepperVersion the version of {@link com.cardscry.portal.application.SecretNames#API_KEY_PEPPER}
 * @param hash          unpadded Base64url of HMAC-SHA-256 under that pepper version of the key's ASCII
 *                      text; 43 characters
 */
public record StoredKeyHash(String pepperVersion, String hash) {

    public StoredKeyHash {
        Objects.requireNonNull(pepperVersion, "pepperVersion");
        Objects.requireNonNull(hash, "hash");
    }
}
