package com.cardscry.portal.application.accounts;

import com.cardscry.portal.application.KeyedHash;
import com.cardscry.portal.application.SecretNames;
import com.cardscry.portal.application.port.SecretSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The session cookie's value and what is derived from it. The cookie holds
 * {@code <account id>.<secret>}: the account id says which partition to read (one point read, no index),
 * the secret is 256 random bits. Stored is only the secret's keyed hash, which is also the session's
 * public id; the CSRF token is another keyed hash of the secret, so it needs no storage and cannot be
 * derived from anything the store or the session list shows.
 */
public final class SessionKeys {

    private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final SecretSource secrets;
    private final SecureRandom random;

    public SessionKeys(SecretSource secrets, SecureRandom random) {
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The two halves of a cookie value. */
    public record CookieValue(String accountId, String secret) {
        public String encoded() {
            return accountId + "." + secret;
        }

        @Override
        public String toString() {
            return "CookieValue[accountId=" + accountId + "]";
        }
    }

    /** A fresh cookie value for an account. */
    public CookieValue newCookie(String accountId) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return new CookieValue(accountId, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** The cookie value, if it has the shape this portal gives them; anything else is no session. */
    public static Optional<CookieValue> parse(String cookie) {
        if (cookie == null || cookie.length() > 200) {
            return Optional.empty();
        }
        int dot = cookie.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String accountId = cookie.substring(0, dot);
        String secret = cookie.substring(dot + 1);
        return ACCOUNT_ID.matcher(accountId).matches() && SECRET.matcher(secret).matches()
                ? Optional.of(new CookieValue(accountId, secret)) : Optional.empty();
    }

    /** The session's id: the keyed hash under which it is stored. */
    public String sessionId(String secret) {
        return KeyedHash.of(secrets.current(SecretNames.SESSION_SIGNING_KEY), "session-id", secret);
    }

    public String csrfToken(String secret) {
        return KeyedHash.of(secrets.current(SecretNames.SESSION_SIGNING_KEY), "csrf-token", secret);
    }

    /** Whether {@code offered} is the session's CSRF token, compared in constant time. */
    public boolean isCsrfToken(String secret, String offered) {
        return offered != null && MessageDigest.isEqual(csrfToken(secret).getBytes(StandardCharsets.US_ASCII),
                offered.getBytes(StandardCharsets.US_ASCII));
    }

    /** The keyed hash of an email verification code, bound to the account so codes do not transfer. */
    public String codeHash(String accountId, String code) {
        return KeyedHash.of(secrets.current(SecretNames.SESSION_SIGNING_KEY), "email-code", accountId + ":" + code);
    }

    /** A six-digit code, uniformly drawn. */
    public String newCode() {
        return String.format(java.util.Locale.ROOT, "%06d", random.nextInt(1_000_000));
    }
}
