package com.cardscry.portal.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.adapters.localsecrets.LocalSecretSource;
import com.cardscry.portal.application.port.AuditEntry;
import com.cardscry.portal.application.port.SecretSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PseudonymsTest {

    private static final String ACCOUNT = "72f988bf-86f1-41af-91ab-2d7cd011db47.00000000-0000-0000-0000-000000000001";

    @TempDir
    Path folder;

    private SecretSource secrets(String file) {
        return LocalSecretSource.open(folder.resolve(file), Set.of(SecretNames.AUDIT_PSEUDONYM_KEY), new SecureRandom());
    }

    @Test
    void is_stable_across_calls_and_instances_over_the_same_key() {
        SecretSource secrets = secrets("secrets.json");

        assertEquals(new Pseudonyms(secrets).of(ACCOUNT), new Pseudonyms(secrets).of(ACCOUNT));
        assertEquals(new Pseudonyms(secrets).of(ACCOUNT), new Pseudonyms(secrets("secrets.json")).of(ACCOUNT));
    }

    @Test
    void differs_per_account() {
        Pseudonyms pseudonyms = new Pseudonyms(secrets("secrets.json"));

        assertNotEquals(pseudonyms.of(ACCOUNT), pseudonyms.of(ACCOUNT + "2"));
    }

    @Test
    void differs_per_key() {
        assertNotEquals(new Pseudonyms(secrets("one.json")).of(ACCOUNT), new Pseudonyms(secrets("two.json")).of(ACCOUNT));
    }

    @Test
    void is_the_first_128_bits_of_the_keyed_hash_in_unpadded_base64url_and_does_not_contain_the_account_id() throws Exception {
        SecretSource secrets = secrets("secrets.json");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secrets.current(SecretNames.AUDIT_PSEUDONYM_KEY).value(), "HmacSHA256"));
        byte[] expected = Arrays.copyOf(mac.doFinal(ACCOUNT.getBytes(StandardCharsets.UTF_8)), 16);

        String pseudonym = new Pseudonyms(secrets).of(ACCOUNT);

        assertEquals(Base64.getUrlEncoder().withoutPadding().encodeToString(expected), pseudonym);
        assertTrue(AuditEntry.isPseudonymShaped(pseudonym), pseudonym);
        assertFalse(pseudonym.contains("72f988bf") || ACCOUNT.contains(pseudonym), pseudonym);
    }

    @Test
    void refuses_an_empty_account_id() {
        assertThrows(IllegalArgumentException.class, () -> new Pseudonyms(secrets("secrets.json")).of(""));
    }
}
