package com.cardscry.portal.application;

import com.cardscry.portal.application.port.Secret;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA-256 under one of the app's secrets, as unpadded Base64url: how the portal stores a value it
 * must find again but never reveal (a session secret, an email address for the blind index, a code).
 * Each use names its {@code purpose}, which is hashed in first, so one key never produces the same
 * hash for two uses.
 */
public final class KeyedHash {

    private KeyedHash() {
    }

    public static String of(Secret key, String purpose, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.value(), "HmacSHA256"));
            mac.update(purpose.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
