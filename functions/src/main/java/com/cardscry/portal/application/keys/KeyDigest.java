package com.cardscry.portal.application.keys;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A key's HMAC under one pepper version, as bytes: what the verification cache is keyed by, so that a
 * cache hit needs neither the Base64 text nor a hash over it. The digest is uniformly random, so its
 * first four bytes are its hash code. {@link #storedForm()} is the text the key index is keyed by.
 */
public final class KeyDigest {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder BASE64URL_DECODER = Base64.getUrlDecoder();

    private final byte[] bytes;
    private final int hash;

    private KeyDigest(byte[] bytes) {
        if (bytes.length < 4) {
            throw new IllegalArgumentException("a digest has at least 4 bytes");
        }
        this.bytes = bytes;
        this.hash = (bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | (bytes[3] & 0xff);
    }

    /** Wraps a freshly computed digest; the array is the caller's no more. */
    static KeyDigest of(byte[] digest) {
        return new KeyDigest(Objects.requireNonNull(digest, "digest"));
    }

    /** The digest a stored hash (unpadded Base64url, as the key index holds it) names. */
    public static KeyDigest fromStoredForm(String storedHash) {
        return new KeyDigest(BASE64URL_DECODER.decode(Objects.requireNonNull(storedHash, "storedHash")));
    }

    /** Unpadded Base64url: the key index's id for this digest. */
    public String storedForm() {
        return BASE64URL.encodeToString(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyDigest that && hash == that.hash && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** Never the digest: it would let a reader test guesses of the key. */
    @Override
    public String toString() {
        return "KeyDigest[redacted]";
    }
}
