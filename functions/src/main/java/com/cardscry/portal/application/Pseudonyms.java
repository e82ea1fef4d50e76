package com.cardscry.portal.application;

import com.cardscry.portal.application.port.SecretSource;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The pseudonym of an account in the audit trail: the first 128 bits of
 * {@code HMAC-SHA-256(audit-pseudonym-key, accountId)} in unpadded Base64url, 22 characters.
 *
 * <p>The same account always gets the same pseudonym, so its audit entries stay together; without
 * the key nobody can tell which account a pseudonym stands for, not even by trying every account id.
 * The key is never rotated: a new version would give every account a new pseudonym and cut its
 * history in two. Destroying the key makes the whole trail anonymous.
 *
 * <p>Thread-safe; the key is read from the {@link SecretSource} (in memory) on every call.
 */
public final class Pseudonyms {

    private static final String HMAC = "HmacSHA256";
    private static final int PSEUDONYM_BYTES = 16;
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final SecretSource secrets;

    public Pseudonyms(SecretSource secrets) {
        this.secrets = Objects.requireNonNull(secrets, "secrets");
    }

    /** The pseudonym of {@code accountId}; the id must not be empty. */
    public String of(String accountId) {
        Objects.requireNonNull(accountId, "accountId");
        if (accountId.isEmpty()) {
            throw new IllegalArgumentException("an account id is not empty");
        }
        byte[] key = secrets.current(SecretNames.AUDIT_PSEUDONYM_KEY).value();
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            byte[] digest = mac.doFinal(accountId.getBytes(StandardCharsets.UTF_8));
            return BASE64URL.encodeToString(Arrays.copyOf(digest, PSEUDONYM_BYTES));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("secret " + SecretNames.AUDIT_PSEUDONYM_KEY + " is not a usable HMAC key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform provides " + HMAC, e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }
}
