package com.cardscry.portal.application.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.cardscry.portal.adapters.localsecrets.LocalSecretSource;
import com.cardscry.portal.application.SecretNames;
import com.cardscry.portal.domain.ApiKey;
import com.cardscry.portal.domain.KeyEnvironment;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyIssuerTest {

    @TempDir
    Path folder;
    private LocalSecretSource secrets;
    private KeyHasher hasher;
    private KeyIssuer issuer;

    @BeforeEach
    void openSecrets() {
        secrets = LocalSecretSource.open(folder.resolve("secrets.json"), Set.of(SecretNames.API_KEY_PEPPER), new SecureRandom());
        hasher = new KeyHasher(secrets);
        issuer = new KeyIssuer(hasher, new SecureRandom());
    }

    @AfterEach
    void closeSecrets() {
        secrets.close();
    }

    @Test
    void issues_a_well_formed_key_of_the_asked_environment() {
        IssuedKey issued = issuer.issue(KeyEnvironment.TEST);

        assertEquals(KeyEnvironment.TEST, issued.key().environment());
        assertEquals(Optional.of(issued.key()), ApiKey.parse(issued.key().value()));
    }

    @Test
    void stores_the_hash_of_the_key_under_the_current_pepper_and_its_hint() {
        IssuedKey issued = issuer.issue(KeyEnvironment.LIVE);

        assertEquals(hasher.hash(issued.key()), issued.storedHash());
        assertEquals(secrets.current(SecretNames.API_KEY_PEPPER).version(), issued.storedHash().pepperVersion());
        assertEquals(issued.key().hint(), issued.hint());
    }

    @Test
    void draws_fresh_random_bytes_for_every_key() {
        assertNotEquals(issuer.issue(KeyEnvironment.LIVE).key(), issuer.issue(KeyEnvironment.LIVE).key());
    }

    @Test
    void never_shows_the_key_in_its_string_form() {
        IssuedKey issued = issuer.issue(KeyEnvironment.LIVE);

        assertFalse(issued.toString().contains(issued.key().value()), issued.toString());
    }
}
