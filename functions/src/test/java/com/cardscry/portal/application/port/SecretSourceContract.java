package com.cardscry.portal.application.port;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link SecretSource} shows, written once and run by each implementation's test
 * class, which only says how to build a source holding given versions.
 *
 * <p>The fixture: {@code pepper} has three versions (the last is current), {@code signing-key} one.
 * Version ids have Key Vault's shape (32 lowercase hex digits) and values are 32 bytes, which every
 * implementation accepts.
 */
public abstract class SecretSourceContract {

    protected static final Secret PEPPER_1 = secret("pepper", 0x11);
    protected static final Secret PEPPER_2 = secret("pepper", 0x12);
    protected static final Secret PEPPER_3 = secret("pepper", 0x13);
    protected static final Secret SIGNING_KEY = secret("signing-key", 0x21);
    private static final List<Secret> ALL = List.of(PEPPER_1, SIGNING_KEY, PEPPER_2, PEPPER_3);
    private static final String UNKNOWN_VERSION = "0123456789abcdef0123456789abcdef";

    private SecretSource source;

    /**
     * A source holding exactly these versions. They are listed in the order they were created, so for
     * each name the last one listed is its current version. The suite closes the source after each test
     * if it is {@link AutoCloseable}.
     */
    protected abstract SecretSource sourceWith(List<Secret> versionsInCreationOrder);

    @BeforeEach
    void openSource() {
        source = sourceWith(ALL);
    }

    @AfterEach
    void closeSource() throws Exception {
        if (source instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    /** A distinct version of {@code name}: id and value are derived from {@code seed}. */
    private static Secret secret(String name, int seed) {
        byte[] value = new byte[32];
        Arrays.fill(value, (byte) seed);
        String version = String.format("%02x", seed).repeat(16);
        return new Secret(name, version, value);
    }

    private static void assertSameSecret(Secret expected, Secret actual) {
        assertAll(
                () -> assertEquals(expected.name(), actual.name()),
                () -> assertEquals(expected.version(), actual.version()),
                () -> assertArrayEquals(expected.value(), actual.value()));
    }

    /** Fails if {@code text} shows any fixture value in a common encoding. */
    private static void assertShowsNoValue(String text) {
        for (Secret secret : ALL) {
            byte[] value = secret.value();
            assertAll(
                    () -> assertFalse(text.contains(Base64.getEncoder().encodeToString(value)), text),
                    () -> assertFalse(text.contains(HexFormat.of().formatHex(value)), text),
                    () -> assertFalse(text.contains(Arrays.toString(value)), text));
        }
    }

    @Nested
    class Current {

        @Test
        void isTheNewestVersion() {
            assertSameSecret(PEPPER_3, source.current("pepper"));
        }

        @Test
        void ofEachNameIsItsOwn() {
            assertSameSecret(SIGNING_KEY, source.current("signing-key"));
        }

        @Test
        void ofAnUnknownNameIsRefusedNamingItButNoValue() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> source.current("no-such-secret"));

            assertTrue(e.getMessage().contains("no-such-secret"), e.getMessage());
            assertShowsNoValue(e.getMessage());
        }
    }

    @Nested
    class Version {

        @Test
        void returnsEachOlderVersion() {
            assertAll(
                    () -> assertSameSecret(PEPPER_1, source.version("pepper", PEPPER_1.version()).orElseThrow()),
                    () -> assertSameSecret(PEPPER_2, source.version("pepper", PEPPER_2.version()).orElseThrow()));
        }

        @Test
        void returnsTheCurrentVersionToo() {
            assertSameSecret(PEPPER_3, source.version("pepper", PEPPER_3.version()).orElseThrow());
        }

        @Test
        void ofAnUnknownVersionIsEmpty() {
            assertEquals(Optional.empty(), source.version("pepper", UNKNOWN_VERSION));
        }

        @Test
        void ofAnotherNamesVersionIsEmpty() {
            assertEquals(Optional.empty(), source.version("pepper", SIGNING_KEY.version()));
        }

        @Test
        void ofAnUnknownNameIsEmpty() {
            assertEquals(Optional.empty(), source.version("no-such-secret", PEPPER_1.version()));
        }
    }

    @Nested
    class Versions {

        @Test
        void listsEveryVersionNewestFirst() {
            List<Secret> versions = source.versions("pepper");

            assertEquals(3, versions.size());
            assertAll(
                    () -> assertSameSecret(PEPPER_3, versions.get(0)),
                    () -> assertSameSecret(PEPPER_2, versions.get(1)),
                    () -> assertSameSecret(PEPPER_1, versions.get(2)));
        }

        @Test
        void startsWithTheCurrentVersion() {
            assertSameSecret(source.current("pepper"), source.versions("pepper").get(0));
        }

        @Test
        void ofAnUnknownNameIsEmpty() {
            assertEquals(List.of(), source.versions("no-such-secret"));
        }
    }

    @Nested
    class Secrecy {

        @Test
        void aSecretsTextShowsNameAndVersionButNoValue() {
            String text = source.current("pepper").toString();

            assertTrue(text.contains("pepper") && text.contains(PEPPER_3.version()), text);
            assertShowsNoValue(text);
        }

        @Test
        void theSourcesTextShowsNoValue() {
            assertShowsNoValue(source.toString());
        }

        @Test
        void aChangedCopyOfAValueDoesNotChangeTheSource() {
            byte[] copy = source.current("pepper").value();
            Arrays.fill(copy, (byte) 0);
            byte[] olderCopy = source.version("pepper", PEPPER_1.version()).orElseThrow().value();
            Arrays.fill(olderCopy, (byte) 0);

            assertAll(
                    () -> assertArrayEquals(PEPPER_3.value(), source.current("pepper").value()),
                    () -> assertArrayEquals(PEPPER_1.value(),
                            source.version("pepper", PEPPER_1.version()).orElseThrow().value()));
        }
    }
}
