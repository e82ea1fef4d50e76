package com.cardscry.portal.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ApiKeyTest {

    /*
     * Test vectors, computed outside Java (Python: int.from_bytes, repeated divmod by 62, zlib.crc32),
     * written as prefix + 43-digit body + 6-digit checksum so the layout shows. They are made from
     * fixed bytes (0 to 31; all 0xFF), so they are no one's key.
     */
    private static final String BODY_OF_BYTES_0_TO_31 = "003aUlTJC7tjlCTQj2uNU3MFagCXG9LRKRcwGkBIDlf";
    private static final String LIVE_KEY_OF_BYTES_0_TO_31 = "cs_live_" + BODY_OF_BYTES_0_TO_31 + "3UZK1t";
    private static final String TEST_KEY_OF_ALL_FF = "cs_test_" + "yhjskwdA6OZ1AL1YmHWZWm8LLG7HjnuCA2j5rOw8Xp1" + "0bl3IT";

    private static byte[] bytes0To31() {
        byte[] bytes = new byte[32];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    @Nested
    class Generating {

        @Test
        void writes_the_known_vectors() {
            assertEquals(LIVE_KEY_OF_BYTES_0_TO_31, ApiKey.generate(KeyEnvironment.LIVE, bytes0To31()).value());
            assertEquals(TEST_KEY_OF_ALL_FF, ApiKey.generate(KeyEnvironment.TEST, filled(0xFF)).value());
        }

        @Test
        void matches_an_independent_big_integer_encoding() {
            byte[] bytes = filled(0x5A);
            String body = fixedWidthBase62(new BigInteger(1, bytes), 43);
            CRC32 crc = new CRC32();
            crc.update(("cs_live_" + body).getBytes(StandardCharsets.US_ASCII));

            assertEquals("cs_live_" + body + fixedWidthBase62(BigInteger.valueOf(crc.getValue()), 6),
                    ApiKey.generate(KeyEnvironment.LIVE, bytes).value());
        }

        @Test
        void pads_small_numbers_so_every_key_has_57_characters() {
            ApiKey zero = ApiKey.generate(KeyEnvironment.LIVE, new byte[32]);

            assertEquals(57, zero.value().length());
            assertTrue(zero.value().startsWith("cs_live_" + "0".repeat(43)), zero.hint());
            assertEquals(ApiKey.LENGTH, ApiKey.generate(KeyEnvironment.TEST, filled(0xFF)).value().length());
        }

        @Test
        void starts_with_the_environments_prefix() {
            assertTrue(ApiKey.generate(KeyEnvironment.LIVE, bytes0To31()).value().startsWith("cs_live_"));
            assertTrue(ApiKey.generate(KeyEnvironment.TEST, bytes0To31()).value().startsWith("cs_test_"));
            assertEquals(KeyEnvironment.TEST, ApiKey.generate(KeyEnvironment.TEST, bytes0To31()).environment());
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 16, 31, 33, 64})
        void needs_exactly_32_random_bytes(int length) {
            assertThrows(IllegalArgumentException.class, () -> ApiKey.generate(KeyEnvironment.LIVE, new byte[length]));
        }

        @Test
        void does_not_keep_the_callers_array() {
            byte[] bytes = bytes0To31();
            ApiKey key = ApiKey.generate(KeyEnvironment.LIVE, bytes);
            Arrays.fill(bytes, (byte) 0);

            assertEquals(LIVE_KEY_OF_BYTES_0_TO_31, key.value());
        }
    }

    @Nested
    class Parsing {

        @Test
        void accepts_the_known_vectors() {
            assertEquals(KeyEnvironment.LIVE, ApiKey.parse(LIVE_KEY_OF_BYTES_0_TO_31).orElseThrow().environment());
            assertEquals(ApiKey.generate(KeyEnvironment.TEST, filled(0xFF)), ApiKey.parse(TEST_KEY_OF_ALL_FF).orElseThrow());
        }

        static Stream<String> notKeys() {
            String key = LIVE_KEY_OF_BYTES_0_TO_31;
            String swappedCase = key.substring(0, 8) + key.substring(8).chars()
                    .map(c -> Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c))
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append);
            return Stream.of(
                    "",
                    "cs_live_",
                    // one character short and one too many
                    key.substring(0, key.length() - 1),
                    key + "t",
                    // the right body and checksum behind another prefix
                    "cs_prod_" + key.substring(8),
                    "CS_LIVE_" + key.substring(8),
                    // the live key's body and checksum under the test prefix: the checksum covers the prefix
                    "cs_test_" + key.substring(8),
                    // characters outside the alphabet, each replacing one character
                    key.substring(0, 44) + "-" + key.substring(45),
                    key.substring(0, 44) + " " + key.substring(45),
                    key.substring(0, key.length() - 1) + "é",
                    key.substring(0, key.length() - 1) + "\u0000",
                    // the body and checksum with every letter's case swapped
                    swappedCase);
        }

        @ParameterizedTest
        @MethodSource("notKeys")
        void refuses_what_is_not_a_key(String text) {
            assertTrue(ApiKey.parse(text).isEmpty());
        }

        @Test
        void refuses_null() {
            assertTrue(ApiKey.parse(null).isEmpty());
        }

        @Test
        void refuses_a_body_beyond_256_bits_even_with_a_matching_checksum() {
            // 2^256 itself, the smallest 43-digit body that no 32 bytes can make.
            String body = fixedWidthBase62(BigInteger.ONE.shiftLeft(256), 43);
            String text = withChecksum("cs_live_" + body);

            assertEquals(57, text.length());
            assertTrue(ApiKey.parse(text).isEmpty());
            // 2^256 - 1 is the largest body, and parses.
            assertTrue(ApiKey.parse(withChecksum("cs_live_" + fixedWidthBase62(BigInteger.ONE.shiftLeft(256)
                    .subtract(BigInteger.ONE), 43))).isPresent());
        }

        @Test
        void refuses_a_checksum_written_beyond_32_bits() {
            String checked = "cs_live_" + "0".repeat(43);
            CRC32 crc = new CRC32();
            crc.update(checked.getBytes(StandardCharsets.US_ASCII));
            // The same checksum plus 2^32: equal in its low 32 bits, but not the number the format writes.
            String text = checked + fixedWidthBase62(BigInteger.valueOf(crc.getValue()).add(BigInteger.ONE.shiftLeft(32)), 6);

            assertTrue(ApiKey.parse(text).isEmpty());
        }

        @Test
        void answers_huge_input_without_reading_it() {
            assertTrue(ApiKey.parse(LIVE_KEY_OF_BYTES_0_TO_31.repeat(200_000)).isEmpty());
        }
    }

    @Nested
    class Showing {

        @Test
        void hints_with_the_prefix_an_ellipsis_and_the_last_four_characters() {
            ApiKey key = ApiKey.parse(LIVE_KEY_OF_BYTES_0_TO_31).orElseThrow();

            assertEquals("cs_live_\u2026ZK1t", key.hint());
            assertEquals(13, key.hint().length());
            assertEquals("cs_test_\u2026l3IT", ApiKey.parse(TEST_KEY_OF_ALL_FF).orElseThrow().hint());
        }

        @Test
        void never_shows_the_key_in_its_string_form() {
            ApiKey key = ApiKey.parse(LIVE_KEY_OF_BYTES_0_TO_31).orElseThrow();
            String shown = key.toString();

            assertFalse(shown.contains(key.value()), shown);
            assertFalse(shown.contains(key.value().substring(8, 51)), shown);
            assertTrue(shown.contains(key.hint()), shown);
        }

        @Test
        void is_equal_by_its_text() {
            assertEquals(ApiKey.parse(LIVE_KEY_OF_BYTES_0_TO_31).orElseThrow(), ApiKey.generate(KeyEnvironment.LIVE, bytes0To31()));
            assertEquals(ApiKey.parse(LIVE_KEY_OF_BYTES_0_TO_31).orElseThrow().hashCode(),
                    ApiKey.generate(KeyEnvironment.LIVE, bytes0To31()).hashCode());
            assertFalse(ApiKey.generate(KeyEnvironment.LIVE, bytes0To31()).equals(ApiKey.generate(KeyEnvironment.TEST, bytes0To31())));
        }
    }

    /** The test's own base62, through BigInteger, to check the key's hand-written long division. */
    static String fixedWidthBase62(BigInteger number, int digits) {
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        StringBuilder text = new StringBuilder();
        BigInteger rest = number;
        for (int i = 0; i < digits; i++) {
            BigInteger[] quotientAndRemainder = rest.divideAndRemainder(BigInteger.valueOf(62));
            text.insert(0, alphabet.charAt(quotientAndRemainder[1].intValueExact()));
            rest = quotientAndRemainder[0];
        }
        if (rest.signum() != 0) {
            throw new IllegalArgumentException(number + " needs more than " + digits + " base62 digits");
        }
        return text.toString();
    }

    static String withChecksum(String checked) {
        CRC32 crc = new CRC32();
        crc.update(checked.getBytes(StandardCharsets.US_ASCII));
        return checked + fixedWidthBase62(BigInteger.valueOf(crc.getValue()), 6);
    }
}
