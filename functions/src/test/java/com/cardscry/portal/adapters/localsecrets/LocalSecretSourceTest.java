package com.cardscry.portal.adapters.localsecrets;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.application.port.ComponentHealth;
import com.cardscry.portal.application.port.Secret;
import com.cardscry.portal.application.port.SecretSource;
import com.cardscry.portal.application.port.SecretSourceContract;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalSecretSourceTest extends SecretSourceContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PEPPER = "pepper";
    private static final String SIGNING_KEY = "signing-key";
    private static final long DEADLINE_SECONDS = 60;

    /** The folder of this class's own tests. */
    @TempDir
    Path folder;

    /** Where the contract suite's preloaded source keeps its file, apart from {@link #folder}. */
    @TempDir
    Path preloadFolder;

    /**
     * Preloads through the file the source reads, written here by hand: this also pins the stored
     * format, so a change that could not read existing files (and so lose their secrets) fails here.
     */
    @Override
    protected SecretSource sourceWith(List<Secret> versionsInCreationOrder) {
        ObjectNode secrets = JSON.createObjectNode();
        Set<String> names = new LinkedHashSet<>();
        for (Secret secret : versionsInCreationOrder) {
            ArrayNode versions = secrets.has(secret.name()) ? (ArrayNode) secrets.get(secret.name())
                    : secrets.putArray(secret.name());
            versions.addObject()
                    .put("version", secret.version())
                    .put("value", Base64.getEncoder().encodeToString(secret.value()));
            names.add(secret.name());
        }
        ObjectNode file = JSON.createObjectNode().put("format", 1);
        file.set("secrets", secrets);
        Path preloaded = preloadFolder.resolve("secrets.json");
        write(preloaded, file.toString());
        return LocalSecretSource.open(preloaded, names, seeded(1));
    }

    private Path secretsFile() {
        return folder.resolve("secrets.json");
    }

    private void writeFile(String content) {
        write(secretsFile(), content);
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] fileBytes() throws IOException {
        return Files.readAllBytes(secretsFile());
    }

    /** A SecureRandom whose output depends on the seed only, so runs repeat. */
    private static SecureRandom seeded(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private LocalSecretSource open(Set<String> names, long seed) {
        return LocalSecretSource.open(secretsFile(), names, seeded(seed));
    }

    private LocalSecretSource open(Set<String> names) {
        return open(names, 42);
    }

    private static void assertSameSecret(Secret expected, Secret actual) {
        assertAll(
                () -> assertEquals(expected.name(), actual.name()),
                () -> assertEquals(expected.version(), actual.version()),
                () -> assertArrayEquals(expected.value(), actual.value()));
    }

    private static void assertIsVersionId(String version) {
        assertTrue(version.matches("[0-9a-f]{32}"), version);
    }

    private void assertOwnerOnly() throws IOException {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secretsFile())));
    }

    private void assertNoTemporaryFilesLeft() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(List.of(secretsFile()), files.toList());
        }
    }

    @Nested
    class FirstStart {

        @Test
        void generatesEachRequiredSecretAs32RandomBytesWithAVersionId() {
            LocalSecretSource source = open(Set.of(PEPPER, SIGNING_KEY));

            for (String name : List.of(PEPPER, SIGNING_KEY)) {
                Secret secret = source.current(name);
                assertEquals(name, secret.name());
                assertEquals(32, secret.value().length);
                assertIsVersionId(secret.version());
            }
            assertFalse(Arrays.equals(source.current(PEPPER).value(), source.current(SIGNING_KEY).value()));
        }

        @Test
        void writesAnOwnerOnlyFileAndNoTemporaryOnes() throws IOException {
            open(Set.of(PEPPER));

            assertOwnerOnly();
            assertNoTemporaryFilesLeft();
        }

        @Test
        void createsAMissingFolderOwnerOnly() throws IOException {
            Path nested = folder.resolve("data").resolve("secrets.json");

            LocalSecretSource.open(nested, Set.of(PEPPER), seeded(1));

            assertAll(
                    () -> assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(nested))),
                    () -> assertEquals("rwx------",
                            PosixFilePermissions.toString(Files.getPosixFilePermissions(nested.getParent()))));
        }

        @Test
        void takesEveryValueFromTheGivenRandomSource() {
            Secret first = open(Set.of(PEPPER), 7).current(PEPPER);
            Path otherFolder = folder.resolve("other");
            Secret sameSeed = LocalSecretSource.open(otherFolder.resolve("a.json"), Set.of(PEPPER), seeded(7)).current(PEPPER);
            Secret otherSeed = LocalSecretSource.open(otherFolder.resolve("b.json"), Set.of(PEPPER), seeded(8)).current(PEPPER);

            assertAll(
                    () -> assertSameSecret(first, sameSeed),
                    () -> assertFalse(Arrays.equals(first.value(), otherSeed.value())),
                    () -> assertNotEquals(first.version(), otherSeed.version()));
        }

        @Test
        void writesNoFileWhenNothingIsRequired() {
            open(Set.of());

            assertFalse(Files.exists(secretsFile()));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "has space", "under_score", "dot.ted"})
        void refusesANameKeyVaultWouldRefuse(String name) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> open(Set.of(name)));

            assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
            assertFalse(Files.exists(secretsFile()));
        }
    }

    @Nested
    class LaterStarts {

        @Test
        void serveTheSameSecretsAsBefore() {
            LocalSecretSource first = open(Set.of(PEPPER, SIGNING_KEY), 1);

            LocalSecretSource reopened = open(Set.of(PEPPER, SIGNING_KEY), 2);

            assertSameSecret(first.current(PEPPER), reopened.current(PEPPER));
            assertSameSecret(first.current(SIGNING_KEY), reopened.current(SIGNING_KEY));
        }

        @Test
        void generateANewlyRequiredNameWithoutTouchingTheOthers() throws IOException {
            LocalSecretSource first = open(Set.of(PEPPER), 1);
            Secret pepper = first.current(PEPPER);

            LocalSecretSource reopened = open(Set.of(PEPPER, SIGNING_KEY), 2);

            assertAll(
                    () -> assertSameSecret(pepper, reopened.current(PEPPER)),
                    () -> assertEquals(32, reopened.current(SIGNING_KEY).value().length),
                    () -> assertSameSecret(reopened.current(SIGNING_KEY), open(Set.of(SIGNING_KEY), 3).current(SIGNING_KEY)));
            assertOwnerOnly();
        }

        @Test
        void keepAndServeSecretsNoLongerRequired() {
            Secret signingKey = open(Set.of(PEPPER, SIGNING_KEY)).current(SIGNING_KEY);

            LocalSecretSource reopened = open(Set.of(PEPPER));

            assertSameSecret(signingKey, reopened.current(SIGNING_KEY));
        }

        @Test
        void leaveAnUnchangedFileAsItIs() throws IOException {
            open(Set.of(PEPPER));
            byte[] before = fileBytes();

            open(Set.of(PEPPER), 99);

            assertArrayEquals(before, fileBytes());
        }

        @Test
        void narrowAFileThatOthersCouldRead() throws IOException {
            open(Set.of(PEPPER));
            Files.setPosixFilePermissions(secretsFile(), PosixFilePermissions.fromString("rw-r--r--"));

            open(Set.of(PEPPER));

            assertOwnerOnly();
        }
    }

    @Nested
    class Rotation {

        @Test
        void makesANewCurrentVersionAndKeepsTheOldOneReadable() {
            LocalSecretSource source = open(Set.of(PEPPER));
            Secret old = source.current(PEPPER);

            Secret rotated = source.rotate(PEPPER);

            assertAll(
                    () -> assertSameSecret(rotated, source.current(PEPPER)),
                    () -> assertNotEquals(old.version(), rotated.version()),
                    () -> assertIsVersionId(rotated.version()),
                    () -> assertEquals(32, rotated.value().length),
                    () -> assertFalse(Arrays.equals(old.value(), rotated.value())),
                    () -> assertSameSecret(old, source.version(PEPPER, old.version()).orElseThrow()));
        }

        @Test
        void leavesOtherSecretsAlone() {
            LocalSecretSource source = open(Set.of(PEPPER, SIGNING_KEY));
            Secret signingKey = source.current(SIGNING_KEY);

            source.rotate(PEPPER);

            assertSameSecret(signingKey, source.current(SIGNING_KEY));
        }

        @Test
        void isPersistedOwnerOnlyBeforeItReturns() throws IOException {
            LocalSecretSource source = open(Set.of(PEPPER));
            Secret old = source.current(PEPPER);
            Secret rotated = source.rotate(PEPPER);

            LocalSecretSource reopened = open(Set.of(PEPPER));

            assertSameSecret(rotated, reopened.current(PEPPER));
            assertSameSecret(old, reopened.version(PEPPER, old.version()).orElseThrow());
            assertOwnerOnly();
            assertNoTemporaryFilesLeft();
        }

        @Test
        void ofAnUnknownNameIsRefusedAndChangesNothing() throws IOException {
            LocalSecretSource source = open(Set.of(PEPPER));
            byte[] before = fileBytes();

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> source.rotate("nope"));

            assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
            assertArrayEquals(before, fileBytes());
        }

        @Test
        void fromSeveralThreadsAtOnceKeepsEveryVersion() throws Exception {
            LocalSecretSource source = open(Set.of(PEPPER));
            Secret first = source.current(PEPPER);
            int threads = 4;
            int rotationsEach = 5;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Secret> rotated = new ArrayList<>();
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<List<Secret>>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        List<Secret> mine = new ArrayList<>();
                        for (int i = 0; i < rotationsEach; i++) {
                            mine.add(source.rotate(PEPPER));
                        }
                        return mine;
                    }));
                }
                start.countDown();
                for (Future<List<Secret>> result : results) {
                    rotated.addAll(result.get(DEADLINE_SECONDS, TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }

            LocalSecretSource reopened = open(Set.of(PEPPER));
            assertEquals(threads * rotationsEach, rotated.stream().map(Secret::version).distinct().count());
            for (Secret secret : rotated) {
                assertSameSecret(secret, reopened.version(PEPPER, secret.version()).orElseThrow());
            }
            assertSameSecret(first, reopened.version(PEPPER, first.version()).orElseThrow());
            assertSameSecret(source.current(PEPPER), reopened.current(PEPPER));
        }
    }

    @Nested
    class ADamagedFile {

        /** Looks like a Base64 value; must not be repeated in any message. */
        private static final String VALUE_LIKE = "c2VjcmV0LXZhbHVlLXRoYXQtbXVzdC1ub3QtbGVhaw";

        @ParameterizedTest
        @ValueSource(strings = {
                "",
                "not json " + VALUE_LIKE,
                "{\"format\": 1, \"secrets\": {\"pepper\": [{\"version\": \"0123456789abcdef0123456789abcdef\", \"value\": " + VALUE_LIKE + "}]}}",
                "{\"format\": 1, \"secrets\": {\"pepper\": [{\"version\": \"0123456789abcdef0123456789abcdef\", \"value\": \"" + VALUE_LIKE + "!\"}]}}",
                "{\"format\": 1, \"secrets\": {\"pepper\": [{\"version\": \"0123456789abcdef0123456789abcdef\", \"value\": \"" + VALUE_LIKE + "\"}]}}",
                "{\"format\": 1, \"secrets\": {\"pepper\": [{\"version\": \"" + VALUE_LIKE + "\", \"value\": \"AAAA\"}]}}",
                "{\"format\": 1, \"secrets\": {\"" + VALUE_LIKE + "=\": [{\"version\": \"0123456789abcdef0123456789abcdef\", \"value\": \"AAAA\"}]}}",
                "{\"format\": 1, \"secrets\": {\"pepper\": []}}",
                "{\"format\": 1, \"secrets\": {\"pepper\": [], \"pepper\": []}}",
                "{\"format\": 1}",
                "{\"format\": 2, \"secrets\": {}}",
                "{\"format\": 1, \"secrets\": {}, \"" + VALUE_LIKE + "\": true}",
                "{\"format\": 1, \"secrets\": {}} " + VALUE_LIKE,
                "null",
        })
        void isRefusedNamingTheFileWithoutRepeatingItsContentAndIsLeftUntouched(String content) throws IOException {
            writeFile(content);
            byte[] before = fileBytes();

            IllegalStateException e = assertThrows(IllegalStateException.class, () -> open(Set.of(PEPPER)));

            assertAll(
                    () -> assertTrue(e.getMessage().contains(secretsFile().toString()), e.getMessage()),
                    () -> assertTrue(e.getMessage().contains("damaged"), e.getMessage()),
                    () -> assertFalse(e.getMessage().contains(VALUE_LIKE), e.getMessage()),
                    () -> assertNull(e.getCause()),
                    () -> assertArrayEquals(before, fileBytes()));
        }

        @Test
        void withTwoEqualVersionIdsIsRefused() throws IOException {
            String version = "{\"version\": \"0123456789abcdef0123456789abcdef\", \"value\": \""
                    + Base64.getEncoder().encodeToString(new byte[32]) + "\"}";
            writeFile("{\"format\": 1, \"secrets\": {\"pepper\": [" + version + ", " + version + "]}}");

            IllegalStateException e = assertThrows(IllegalStateException.class, () -> open(Set.of(PEPPER)));

            assertTrue(e.getMessage().contains("version 2 of secret 'pepper' repeats"), e.getMessage());
        }
    }

    @Nested
    class Health {

        @Test
        void isUpWhileOpen() {
            assertEquals(ComponentHealth.up("secrets", "local"), open(Set.of(PEPPER)).check());
        }

        @Test
        void isDownAfterCloseAndTheSourceAnswersNoMore() {
            LocalSecretSource source = open(Set.of(PEPPER));
            Secret pepper = source.current(PEPPER);

            source.close();

            assertAll(
                    () -> assertEquals(ComponentHealth.down("secrets", "local", "closed"), source.check()),
                    () -> assertThrows(IllegalStateException.class, () -> source.current(PEPPER)),
                    () -> assertThrows(IllegalStateException.class, () -> source.version(PEPPER, pepper.version())),
                    () -> assertThrows(IllegalStateException.class, () -> source.rotate(PEPPER)));
        }
    }

    @Nested
    class WhatItShows {

        @Test
        void theSourcesTextNamesItsFileOnly() {
            LocalSecretSource source = open(Set.of(PEPPER));
            String text = source.toString();

            assertEquals("LocalSecretSource[" + secretsFile() + "]", text);
            assertFalse(text.contains(Base64.getEncoder().encodeToString(source.current(PEPPER).value())));
        }

        @Test
        void theFileIsJsonWithValuesInBase64() throws IOException {
            Secret pepper = open(Set.of(PEPPER)).current(PEPPER);

            String content = new String(fileBytes(), StandardCharsets.UTF_8);

            assertEquals(Base64.getEncoder().encodeToString(pepper.value()),
                    JSON.readTree(content).path("secrets").path(PEPPER).path(0).path("value").asText());
        }
    }
}
