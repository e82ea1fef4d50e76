package com.cardscry.portal.application.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.cardscry.portal.adapters.localsecrets.LocalSecretSource;
import com.cardscry.portal.application.SecretNames;
import com.cardscry.portal.domain.ApiKey;
import com.cardscry.portal.domain.KeyEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * For any key, the hash is a function of the key and the pepper version: the same under one version,
 * from any hasher, and different under another version.
 */
class KeyHasherProperties {

    private static Path folder;
    private static LocalSecretSource secrets;
    private static String oldVersion;
    private static String currentVersion;

    @BeforeContainer
    static void openSecretsWithTwoPepperVersions() throws IOException {
        folder = Files.createTempDirectory("key-hasher-properties");
        secrets = LocalSecretSource.open(folder.resolve("secrets.json"), Set.of(SecretNames.API_KEY_PEPPER), new SecureRandom());
        oldVersion = secrets.current(SecretNames.API_KEY_PEPPER).version();
        currentVersion = secrets.rotate(SecretNames.API_KEY_PEPPER).version();
    }

    @AfterContainer
    static void removeSecrets() throws IOException {
        secrets.close();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @Property(tries = 300)
    void the_hash_is_stable_per_pepper_version_and_differs_across_versions(
            @ForAll KeyEnvironment environment, @ForAll @Size(32) byte[] randomBytes) {
        ApiKey key = ApiKey.generate(environment, randomBytes);
        KeyHasher hasher = new KeyHasher(secrets);

        StoredKeyHash current = hasher.hash(key);

        assertEquals(currentVersion, current.pepperVersion());
        assertEquals(current, hasher.hash(key));
        assertEquals(current, new KeyHasher(secrets).hash(key));
        assertEquals(Optional.of(current.hash()), hasher.hashUnder(key, currentVersion));
        assertEquals(hasher.hashUnder(key, oldVersion), new KeyHasher(secrets).hashUnder(key, oldVersion));
        assertNotEquals(Optional.of(current.hash()), hasher.hashUnder(key, oldVersion));
    }
}
