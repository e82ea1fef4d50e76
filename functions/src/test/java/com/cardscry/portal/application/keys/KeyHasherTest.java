package com.cardscry.portal.application.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.adapters.localsecrets.LocalSecretSource;
import com.cardscry.portal.application.SecretNames;
import com.cardscry.portal.application.port.Secret;
import com.cardscry.portal.domain.ApiKey;
import com.cardscry.portal.domain.KeyEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyHasherTest {

    private static final ApiKey KEY = ApiKey.generate(KeyEnvironment.LIVE, filled(0x11));
    private static final ApiKey OTHER_KEY = ApiKey.generate(KeyEnvironment.TEST, filled(0x22));

    private static byte[] filled(int value) {
        byte[] bytes = new byte[ApiKey.RANDOM_BYTES];
        java.util.Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    @TempDir
    Path folder;
    private LocalSecretSource secrets;
    private KeyHasher hasher;

    @BeforeEach
    void openSecrets() {
        secrets = LocalSecretSource.open(folder.resolve("secrets.json"), Set.of(SecretNames.API_KEY_PEPPER), new SecureRandom());
        hasher = new KeyHasher(secrets);
    }

    @AfterEach
    void closeSecrets() {
        secrets.close();
    }

    /** HMAC-SHA-256 made here with a fresh Mac, independent of the hasher's cached ones. */
    private static String expectedHash(Secret pepper, ApiKey key) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(pepper.value(), "HmacSHA256"));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(key.value().getBytes(StandardCharsets.US_ASCII)));
    }

    @Nested
    class UnderTheCurrentPepper {

        @Test
        void is_the_hmac_of_the_keys_text_named_with_the_pepper_version() throws GeneralSecurityException {
            Secret pepper = secrets.current(SecretNames.API_KEY_PEPPER);

            StoredKeyHash stored = hasher.hash(KEY);

            assertEquals(new StoredKeyHash(pepper.version(), expectedHash(pepper, KEY)), stored);
            assertEquals(43, stored.hash().length());
        }

        @Test
        void is_stable_across_calls_and_hashers() {
            assertEquals(hasher.hash(KEY), hasher.hash(KEY));
            assertEquals(hasher.hash(KEY), new KeyHasher(secrets).hash(KEY));
        }

        @Test
        void differs_between_keys() {
            assertNotEquals(hasher.hash(KEY).hash(), hasher.hash(OTHER_KEY).hash());
        }

        @Test
        void differs_under_another_pepper() {
            try (LocalSecretSource otherSecrets = LocalSecretSource.open(folder.resolve("other.json"),
                    Set.of(SecretNames.API_KEY_PEPPER), new SecureRandom())) {
                assertNotEquals(hasher.hash(KEY).hash(), new KeyHasher(otherSecrets).hash(KEY).hash());
            }
        }

        @Test
        void gives_every_thread_the_same_answer() throws Exception {
            StoredKeyHash expected = hasher.hash(KEY);
            ExecutorService threads = Executors.newFixedThreadPool(4);
            try {
                List<Future<StoredKeyHash>> answers = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    answers.add(threads.submit(() -> hasher.hash(KEY)));
                }
                for (Future<StoredKeyHash> answer : answers) {
                    assertEquals(expected, answer.get());
                }
            } finally {
                threads.shutdownNow();
            }
        }
    }

    @Nested
    class AfterARotation {

        @Test
        void hashes_new_keys_under_the_new_version_at_once() throws GeneralSecurityException {
            StoredKeyHash before = hasher.hash(KEY);
            Secret rotated = secrets.rotate(SecretNames.API_KEY_PEPPER);

            StoredKeyHash after = hasher.hash(KEY);

            assertEquals(new StoredKeyHash(rotated.version(), expectedHash(rotated, KEY)), after);
            assertNotEquals(before.pepperVersion(), after.pepperVersion());
            assertNotEquals(before.hash(), after.hash());
        }

        @Test
        void still_finds_a_hash_made_under_the_old_version() {
            StoredKeyHash before = hasher.hash(KEY);
            secrets.rotate(SecretNames.API_KEY_PEPPER);

            assertEquals(Optional.of(before.hash()), hasher.hashUnder(KEY, before.pepperVersion()));
        }

        @Test
        void keeps_every_version_right_when_more_versions_are_used_than_a_thread_keeps() throws GeneralSecurityException {
            List<Secret> versions = new ArrayList<>(List.of(secrets.current(SecretNames.API_KEY_PEPPER)));
            for (int i = 0; i < 6; i++) {
                versions.add(secrets.rotate(SecretNames.API_KEY_PEPPER));
            }
            for (int round = 0; round < 2; round++) {
                for (Secret version : versions) {
                    assertEquals(Optional.of(expectedHash(version, KEY)), hasher.hashUnder(KEY, version.version()));
                }
            }
        }
    }

    @Test
    void knows_no_hash_under_an_unknown_version() {
        assertTrue(hasher.hashUnder(KEY, "0".repeat(32)).isEmpty());
        assertTrue(hasher.hashUnder(KEY, "").isEmpty());
    }

    @Test
    void hashes_under_a_named_version_as_under_the_current_one() {
        StoredKeyHash current = hasher.hash(OTHER_KEY);

        assertEquals(Optional.of(current.hash()), hasher.hashUnder(OTHER_KEY, current.pepperVersion()));
    }
}
