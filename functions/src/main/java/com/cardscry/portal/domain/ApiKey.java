package com.cardscry.portal.domain;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * An API key in its full, secret form (DESIGN.md decision 1). Its text is always 57 ASCII characters:
 *
 * <pre>
 *   cs_live_ | 43 base62 digits: the 32 random bytes | 6 base62 digits: checksum
 *   (8)        (characters 8 to 50)                    (characters 51 to 56)
 * </pre>
 *
 * <ul>
 *   <li>The prefix is {@code cs_live_} or {@code cs_test_} ({@link KeyEnvironment}).</li>
 *   <li>Base62 uses the alphabet {@code 0-9A-Za-z}, in that order (digit values 0 to 61). The 32 random
 *       bytes are read as one unsigned big-endian number and written in base62, most significant digit
 *       first, left-padded with {@code 0} to 43 digits ({@code 62^43 > 2^256}). A body whose value is
 *       {@code 2^256} or more is not a key.</li>
 *   <li>The checksum is the CRC32 ({@link CRC32}) of the ASCII text before it (prefix and body), written
 *       the same way as a 6-digit base62 number ({@code 62^6 > 2^32}).</li>
 * </ul>
 *
 * <p>The checksum only tells a mistyped or made-up key from one this format could have produced, so
 * that it is refused without a look-up; it adds no secrecy. CRC32 catches every change confined to 32
 * consecutive bits, so in particular every single-character substitution.
 *
 * <p>A key is shown to its owner once, when it is made; the portal keeps only its keyed hash and its
 * {@link #hint()}. {@link #toString()} shows the hint, never the key.
 */
public final class ApiKey {

    /** The length of every key's text. */
    public static final int LENGTH = 57;
    /** How many random bytes a key carries. */
    public static final int RANDOM_BYTES = 32;

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int BASE = 62;
    private static final int BODY_START = KeyEnvironment.PREFIX_LENGTH;
    private static final int BODY_DIGITS = 43;
    private static final int CHECKSUM_START = BODY_START + BODY_DIGITS;
    private static final int CHECKSUM_DIGITS = 6;
    private static final int HINT_TAIL = 4;
    /** Between the prefix and the last characters in a hint: one character, U+2026. */
    private static final String HINT_ELLIPSIS = "\u2026";
    /** Digit value of each ASCII character, or -1 for a character that is not a base62 digit. */
    private static final byte[] DIGIT_VALUES = digitValues();
    /**
     * The largest body, 2^256 - 1. Digits are in ASCII order and bodies have a fixed width, so comparing
     * texts compares the numbers.
     */
    private static final String LARGEST_BODY = base62(filled((byte) 0xFF), BODY_DIGITS);

    private final KeyEnvironment environment;
    private final String value;

    private ApiKey(KeyEnvironment environment, String value) {
        this.environment = environment;
        this.value = value;
    }

    /**
     * The key made from 32 random bytes. The domain reads no random source itself: the caller passes
     * bytes from a cryptographically strong one.
     *
     * @throws IllegalArgumentException if {@code randomBytes} does not hold exactly 32 bytes
     */
    public static ApiKey generate(KeyEnvironment environment, byte[] randomBytes) {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(randomBytes, "randomBytes");
        if (randomBytes.length != RANDOM_BYTES) {
            throw new IllegalArgumentException("a key is made from " + RANDOM_BYTES + " random bytes, not "
                    + randomBytes.length);
        }
        String checked = environment.prefix() + base62(randomBytes, BODY_DIGITS);
        return new ApiKey(environment, checked + base62(checksum(checked), CHECKSUM_DIGITS));
    }

    /**
     * The key written in {@code text}, or empty if the text is not one: {@code null}, another length, an
     * unknown prefix, a character outside the alphabet, a body beyond 256 bits or a checksum that does
     * not match. Never throws. The length is checked first, so any input costs at most the work for 57
     * characters; no look-up is needed to refuse a malformed key.
     */
    public static Optional<ApiKey> parse(String text) {
        if (text == null || text.length() != LENGTH) {
            return Optional.empty();
        }
        KeyEnvironment environment = environmentOf(text);
        if (environment == null || !isBase62(text, BODY_START, LENGTH) || !isWithin256Bits(text)) {
            return Optional.empty();
        }
        long written = 0;
        for (int i = CHECKSUM_START; i < LENGTH; i++) {
            written = written * BASE + DIGIT_VALUES[text.charAt(i)];
        }
        return written == checksum(text)
                ? Optional.of(new ApiKey(environment, text)) : Optional.empty();
    }

    public KeyEnvironment environment() {
        return environment;
    }

    /** The key's full text: the secret the owner sends. Show it once; never log or store it. */
    public String value() {
        return value;
    }

    /**
     * What the portal shows to tell a user's keys apart: the prefix, {@code …} (U+2026) and the last 4
     * characters, for example {@code cs_live_…ZK1t}, always 13 characters. The last 4 characters are
     * checksum digits, so the hint reveals nothing of the random body beyond what the checksum implies.
     */
    public String hint() {
        return environment.prefix() + HINT_ELLIPSIS + value.substring(LENGTH - HINT_TAIL);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ApiKey that && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** The hint only, so a key that reaches a log line cannot be used. */
    @Override
    public String toString() {
        return "ApiKey[" + hint() + "]";
    }

    private static KeyEnvironment environmentOf(String text) {
        for (KeyEnvironment environment : KeyEnvironment.values()) {
            if (text.startsWith(environment.prefix())) {
                return environment;
            }
        }
        return null;
    }

    private static boolean isBase62(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c >= DIGIT_VALUES.length || DIGIT_VALUES[c] < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isWithin256Bits(String text) {
        for (int i = 0; i < BODY_DIGITS; i++) {
            int difference = text.charAt(BODY_START + i) - LARGEST_BODY.charAt(i);
            if (difference != 0) {
                return difference < 0;
            }
        }
        return true;
    }

    /** The CRC32 of the ASCII text before the checksum: all of {@code text} while it is being made. */
    private static long checksum(String text) {
        // Over a byte array, not character by character: the intrinsic for arrays is several times
        // faster than 51 single-byte updates, which more than pays for the copy (bench/README.md).
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.US_ASCII), 0, CHECKSUM_START);
        return crc.getValue();
    }

    /** {@code number} (unsigned, big-endian) as {@code digits} base62 digits, left-padded with 0. */
    private static String base62(byte[] number, int digits) {
        byte[] remaining = number.clone();
        char[] text = new char[digits];
        for (int position = digits - 1; position >= 0; position--) {
            // One long division of the whole number by 62, most significant byte first.
            int remainder = 0;
            for (int i = 0; i < remaining.length; i++) {
                int accumulated = (remainder << 8) | (remaining[i] & 0xFF);
                remaining[i] = (byte) (accumulated / BASE);
                remainder = accumulated % BASE;
            }
            text[position] = ALPHABET.charAt(remainder);
        }
        for (byte left : remaining) {
            if (left != 0) {
                throw new IllegalArgumentException("the number needs more than " + digits + " base62 digits");
            }
        }
        return new String(text);
    }

    private static String base62(long number, int digits) {
        byte[] bytes = new byte[Long.BYTES];
        for (int i = 0; i < Long.BYTES; i++) {
            bytes[i] = (byte) (number >>> (8 * (Long.BYTES - 1 - i)));
        }
        return base62(bytes, digits);
    }

    private static byte[] digitValues() {
        byte[] values = new byte[128];
        Arrays.fill(values, (byte) -1);
        for (int i = 0; i < ALPHABET.length(); i++) {
            values[ALPHABET.charAt(i)] = (byte) i;
        }
        return values;
    }

    private static byte[] filled(byte value) {
        byte[] bytes = new byte[RANDOM_BYTES];
        Arrays.fill(bytes, value);
        return bytes;
    }
}
