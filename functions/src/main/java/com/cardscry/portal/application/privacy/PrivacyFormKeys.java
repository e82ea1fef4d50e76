package com.cardscry.portal.application.privacy;

import com.cardscry.portal.application.KeyedHash;
import com.cardscry.portal.application.SecretNames;
import com.cardscry.portal.application.port.SecretSource;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The privacy form's two secrets and their keyed hashes, the only form in which either is stored:
 * <ul>
 *   <li>the six-digit code that confirms a submission, hashed with the form's id under
 *       {@code session-signing-key} (as the sign-up codes are; it lives 15 minutes);</li>
 *   <li>the token of the emailed link that follows the request: 256 random bits, unpadded Base64url,
 *       hashed under {@code token-signing-key}, which keys the portal's own links.</li>
 * </ul>
 */
public final class PrivacyFormKeys {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Pattern CODE = Pattern.compile("[0-9]{6}");

    private final SecretSource secrets;
    private final SecureRandom random;

    public PrivacyFormKeys(SecretSource secrets, SecureRandom random) {
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** A six-digit code, uniformly drawn. */
    public String newCode() {
        return String.format(Locale.ROOT, "%06d", random.nextInt(1_000_000));
    }

    /** A fresh link token. */
    public String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The code's hash, bound to its form so that a code does not transfer to another. */
    public String codeHash(String formId, String code) {
        return KeyedHash.of(secrets.current(SecretNames.SESSION_SIGNING_KEY), "privacy-form-code", formId + ":" + code);
    }

    public String tokenHash(String token) {
        return KeyedHash.of(secrets.current(SecretNames.TOKEN_SIGNING_KEY), "privacy-form-token", token);
    }

    /** Whether {@code token} has the shape {@link #newToken} gives; anything else matches no form. */
    public static boolean isTokenShaped(String token) {
        return token != null && TOKEN.matcher(token).matches();
    }

    public static boolean isCodeShaped(String code) {
        return code != null && CODE.matcher(code).matches();
    }
}
