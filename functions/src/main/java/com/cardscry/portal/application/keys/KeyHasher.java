package com.cardscry.portal.application.keys;

import com.cardscry.portal.application.SecretNames;
import com.cardscry.portal.application.port.Secret;
import com.cardscry.portal.application.port.SecretSource;
import com.cardscry.portal.domain.ApiKey;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hashes API keys under the pepper ({@link SecretNames#API_KEY_PEPPER}): HMAC-SHA-256 keyed with one
 * pepper version, over the key's ASCII text, as unpadded Base64url. A key's hash is therefore stable
 * for as long as its pepper version exists, and differs from version to version.
 *
 * <p>Unlike {@link com.cardscry.portal.application.KeyedHash}, no purpose is hashed in: the pepper
 * serves API keys only. Should another use ever need it through {@code KeyedHash}, the two cannot
 * collide, since {@code KeyedHash} puts a NUL byte after its purpose and a key's text has none.
 *
 * <p>This is the gateway's hot path, so an initialised {@link Mac} is kept per thread and per pepper
 * version instead of being made for every call: getting and keying a {@code Mac} costs more than
 * hashing a key with it. The pepper is still asked of the {@link SecretSource} on every call (an
 * in-memory read), so a rotation takes effect at once. Thread-safe.
 */
public final class KeyHasher {

    private static final String ALGORITHM = "HmacSHA256";
    /**
     * The pepper versions one thread keeps a MAC for. Usually one or two are in use (the current and,
     * after a rotation, the previous); beyond this the thread's MACs are dropped and made again.
     */
    private static final int VERSIONS_KEPT_PER_THREAD = 4;
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final SecretSource secrets;
    private final ThreadLocal<ThreadMacs> macs = ThreadLocal.withInitial(ThreadMacs::new);

    public KeyHasher(SecretSource secrets) {
        this.secrets = Objects.requireNonNull(secrets, "secrets");
    }

    /** The key's hash under the current pepper version: what a new key is stored under and looked up by. */
    public StoredKeyHash hash(ApiKey key) {
        Objects.requireNonNull(key, "key");
        Secret pepper = secrets.current(SecretNames.API_KEY_PEPPER);
        return new StoredKeyHash(pepper.version(), BASE64URL.encodeToString(digest(pepper, key)));
    }

    /**
     * The key's digest under the current pepper version, as bytes: the same hash as {@link #hash}
     * ({@link KeyDigest#storedForm()} is its text), for the verification cache's hot path.
     */
    public KeyDigest digest(ApiKey key) {
        Objects.requireNonNull(key, "key");
        return KeyDigest.of(digest(secrets.current(SecretNames.API_KEY_PEPPER), key));
    }

    /**
     * The key's hash under a given pepper version, to check a key stored before a rotation; empty if
     * the secret source does not know that version.
     */
    public Optional<String> hashUnder(ApiKey key, String pepperVersion) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(pepperVersion, "pepperVersion");
        return secrets.version(SecretNames.API_KEY_PEPPER, pepperVersion).map(pepper -> hash(pepper, key));
    }

    /**
     * The key's hashes under every older pepper version the secret source still serves, newest first:
     * where to look for a key that is not found under the current version.
     */
    public List<StoredKeyHash> olderHashes(ApiKey key) {
        Objects.requireNonNull(key, "key");
        List<Secret> versions = secrets.versions(SecretNames.API_KEY_PEPPER);
        return versions.stream().skip(1).map(pepper -> new StoredKeyHash(pepper.version(), hash(pepper, key))).toList();
    }

    private String hash(Secret pepper, ApiKey key) {
        return BASE64URL.encodeToString(digest(pepper, key));
    }

    private byte[] digest(Secret pepper, ApiKey key) {
        // doFinal leaves the MAC reset and keyed, ready for the thread's next call.
        return macs.get().macFor(pepper).doFinal(key.value().getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * One thread's keyed MACs. Keyed by the whole {@link Secret} (name, version and value), so a MAC is
     * never used for another pepper. A secret source usually hands out the same {@code Secret} object
     * until the secret changes ({@code LocalSecretSource} does), so the last one used is first compared
     * by identity, without hashing its value; an equal but different object is found through the map.
     */
    private static final class ThreadMacs {

        private final Map<Secret, Mac> byPepper = new HashMap<>();
        private Secret lastPepper;
        private Mac lastMac;

        Mac macFor(Secret pepper) {
            if (pepper != lastPepper) {
                Mac mac = byPepper.get(pepper);
                if (mac == null) {
                    if (byPepper.size() >= VERSIONS_KEPT_PER_THREAD) {
                        byPepper.clear();
                    }
                    mac = keyedMac(pepper);
                    byPepper.put(pepper, mac);
                }
                lastPepper = pepper;
                lastMac = mac;
            }
            return lastMac;
        }
    }

    private static Mac keyedMac(Secret pepper) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(pepper.value(), ALGORITHM));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
