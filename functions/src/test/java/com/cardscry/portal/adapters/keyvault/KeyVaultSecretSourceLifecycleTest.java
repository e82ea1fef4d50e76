package com.cardscry.portal.adapters.keyvault;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.application.port.ComponentHealth;
import com.cardscry.portal.application.port.Secret;
import com.cardscry.portal.application.port.StoreUnavailableException;
import com.cardscry.portal.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What the Key Vault source does beyond the shared contract: how it authenticates, what it caches,
 * how it picks up new and withdrawn versions, and how it behaves when the vault fails. Every test
 * runs the real SDK against {@link FakeKeyVault}; time is a {@link FakeClock}, and refreshes are
 * driven through {@code refreshNow()} or awaited, never slept for.
 */
class KeyVaultSecretSourceLifecycleTest {

    private static final String TOKEN = "lifecycle-token";
    private static final Duration HOURLY = Duration.ofHours(1);
    private static final Set<String> REQUIRED = Set.of("pepper", "signing-key");
    private static final Secret PEPPER_1 = secret("pepper", 1);
    private static final Secret PEPPER_2 = secret("pepper", 2);
    private static final Secret PEPPER_3 = secret("pepper", 3);
    private static final Secret SIGNING_KEY = secret("signing-key", 9);
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private final FakeClock clock = new FakeClock();
    private final FixedTokenCredential credential = new FixedTokenCredential(TOKEN);
    private final List<KeyVaultSecretSource> opened = new ArrayList<>();
    private FakeKeyVault vault;

    @BeforeEach
    void startVault() {
        vault = FakeKeyVault.start(TOKEN);
    }

    @AfterEach
    void stopAll() {
        opened.forEach(KeyVaultSecretSource::close);
        vault.close();
    }

    private static Secret secret(String name, int seed) {
        byte[] value = new byte[32];
        Arrays.fill(value, (byte) seed);
        return new Secret(name, String.format("%032x", seed), value);
    }

    private void put(Secret secret) {
        vault.add(secret.name(), secret.version(), Base64.getEncoder().encodeToString(secret.value()));
    }

    private void putPepperTwiceAndSigningKey() {
        put(PEPPER_1);
        put(PEPPER_2);
        put(SIGNING_KEY);
    }

    private KeyVaultSecretSource start(Duration refreshInterval) {
        KeyVaultSecretSource source = KeyVaultSecretSource.start(
                vault.clientBuilder().credential(credential).buildClient(), REQUIRED, refreshInterval, clock);
        opened.add(source);
        return source;
    }

    /** Requests the vault answered, not counting the one it challenged for a token. */
    private long requestsTo(String path) {
        return vault.requests().stream()
                .filter(request -> request.path().equals(path) && request.authorization().isPresent()).count();
    }

    private static void assertSameSecret(Secret expected, Secret actual) {
        assertAll(
                () -> assertEquals(expected.version(), actual.version()),
                () -> assertArrayEquals(expected.value(), actual.value()));
    }

    private static void assertShowsNoValue(String text, Secret... secrets) {
        for (Secret secret : secrets) {
            assertFalse(text.contains(Base64.getEncoder().encodeToString(secret.value())), text);
        }
    }

    @Nested
    class Authenticates {

        @Test
        void byAnsweringTheVaultsChallengeWithTheCredentialsToken() {
            putPepperTwiceAndSigningKey();

            start(HOURLY);

            List<FakeKeyVault.Request> requests = vault.requests();
            assertAll(
                    () -> assertEquals(Optional.empty(), requests.get(0).authorization(), "the first request is challenged"),
                    () -> assertTrue(requests.stream().skip(1)
                            .allMatch(request -> request.authorization().equals(Optional.of("Bearer " + TOKEN))), requests.toString()),
                    () -> assertEquals(List.of(FakeKeyVault.RESOURCE + "/.default"), credential.requests().get(0).scopes()),
                    () -> assertEquals(FakeKeyVault.TENANT, credential.requests().get(0).tenantId()));
        }

        @Test
        void andAWrongTokenFailsTheStartNamingTheStatus() {
            putPepperTwiceAndSigningKey();
            FixedTokenCredential wrong = new FixedTokenCredential("not-the-vaults-token");

            StoreUnavailableException e = assertThrows(StoreUnavailableException.class, () -> KeyVaultSecretSource.start(
                    vault.clientBuilder().credential(wrong).buildClient(), REQUIRED, HOURLY, clock));

            assertTrue(e.getMessage().contains("HTTP 401"), e.getMessage());
        }
    }

    @Nested
    class ServesFromMemory {

        @Test
        void currentAndKnownVersionsWithoutAnyVaultCall() {
            putPepperTwiceAndSigningKey();
            KeyVaultSecretSource source = start(HOURLY);
            int afterStart = vault.requests().size();

            for (int i = 0; i < 10; i++) {
                source.current("pepper");
                source.current("signing-key");
                source.version("pepper", PEPPER_1.version());
            }

            assertEquals(afterStart, vault.requests().size());
        }

        @Test
        void readingEveryEnabledVersionAtStart() {
            putPepperTwiceAndSigningKey();

            KeyVaultSecretSource source = start(HOURLY);

            assertAll(
                    () -> assertSameSecret(PEPPER_2, source.current("pepper")),
                    () -> assertSameSecret(PEPPER_1, source.version("pepper", PEPPER_1.version()).orElseThrow()),
                    () -> assertSameSecret(SIGNING_KEY, source.current("signing-key")));
        }

        @Test
        void andARefreshFetchesOnlyValuesItDoesNotHold() {
            putPepperTwiceAndSigningKey();
            KeyVaultSecretSource source = start(HOURLY);
            put(PEPPER_3);

            source.refreshNow();

            assertAll(
                    () -> assertEquals(1, requestsTo("/secrets/pepper/" + PEPPER_1.version())),
                    () -> assertEquals(1, requestsTo("/secrets/pepper/" + PEPPER_2.version())),
                    () -> assertEquals(1, requestsTo("/secrets/pepper/" + PEPPER_3.version())));
        }
    }

    @Nested
    class PicksUpANewVersion {

        @Test
        void atARefresh() {
            putPepperTwiceAndSigningKey();
            KeyVaultSecretSource source = start(HOURLY);
            put(PEPPER_3);

            source.refreshNow();

            assertAll(
                    () -> assertSameSecret(PEPPER_3, source.current("pepper")),
                    () -> assertSameSecret(PEPPER_2, source.version("pepper", PEPPER_2.version()).orElseThrow()));
        }

        @Test
        void onTheBackgroundSchedule() throws InterruptedException {
            putPepperTwiceAndSigningKey();
            KeyVaultSecretSource source = start(Duration.ofMillis(20));
            put(PEPPER_3);

            Instant deadline = Instant.now().plus(DEADLINE);
            while (!source.current("pepper").version().equals(PEPPER_3.version()) && Instant.now().isBefore(deadline)) {
                Thread.sleep(10);
            }

            assertSameSecret(PEPPER_3, source.current("pepper"));
        }

        @Test
        void whenAskedForItsVersionWithoutWaitingForTheVault() throws Exception {
            putPepperTwiceAndSigningKey();
            KeyVaultSecretSource source = start(HOURLY);
            put(PEPPER_3);

            Optional<Secret> firstAsk = source.version("pepper", PEPPER_3.version());
            source.awaitQueuedRefreshes();

            assertAll(
                    () -> assertEquals(Optional.empty(), firstAsk, "the first ask does not wait for the vault"),
                    () -> assertSameSecret(PEPPER_3, source.version("pepper", PEPPER_3.version()).orElseThrow()),
                    () -> assertSameSecret(PEPPER_3, source.current("pepper")));
        }

        @Test
        void butAsksTheVaultAtMostOncePer30SecondsPerName() throws Exception {
            putPepperTwiceAndSigningKey();
            KeyVaultSecretSource source = start(HOURLY);
            String unknown = "ffffffffffffffffffffffffffffffff";

            source.version("pepper", unknown);
            source.awaitQueuedRefreshes();
            source.version("pepper", unknown);
            clock.advance(KeyVaultSecretSource.MISS_REFRESH_GAP.minusSeconds(1));
            source.version("pepper", unknown);
            source.awaitQueuedRefreshes();
            long withinTheGap = requestsTo("/secrets/pepper/versions");
            clock.advance(Duration.ofSeconds(1));
            source.version("pepper", unknown);
            source.awaitQueuedRefreshes();

            assertAll(
                    () -> assertEquals(2, withinTheGap, "the start and one refresh"),
                    () -> assertEquals(3, requestsTo("/secrets/pepper/versions")),
                    () -> assertEquals(1, requestsTo("/secrets/signing-key/versions"), "other names are not refreshed"));
        }
    }

    @Nested
    class DoesNotServe {

        @Test
        void aVersionDisabledSinceTheLastRefresh() {
            putPepperTwiceAndSigningKey();
            KeyVaultSecretSource source = start(HOURLY);
            vault.disable("pepper", PEPPER_1.version());

            source.refreshNow();

            assertAll(
                    () -> assertEquals(Optional.empty(), source.version("pepper", PEPPER_1.version())),
                    () -> assertSameSecret(PEPPER_2, source.current("pepper")));
        }

        @Test
        void aDisabledNewestVersionSoThePreviousOneIsCurrentAgain() {
            putPepperTwiceAndSigningKey();
            KeyVaultSecretSource source = start(HOURLY);
            vault.disable("pepper", PEPPER_2.version());

            source.refreshNow();

            assertSameSecret(PEPPER_1, source.current("pepper"));
        }

        @Test
        void aVersionDisabledBeforeTheStartNorFetchItsValue() {
            putPepperTwiceAndSigningKey();
            vault.disable("pepper", PEPPER_1.version());

            KeyVaultSecretSource source = start(HOURLY);

            assertAll(
                    () -> assertEquals(Optional.empty(), source.version("pepper", PEPPER_1.version())),
                    () -> assertEquals(0, requestsTo("/secrets/pepper/" + PEPPER_1.version())));
        }

        @Test
        void aVersionOnceItsExpiryHasPassedEvenBeforeTheNextRefresh() {
            putPepperTwiceAndSigningKey();
            vault.expire("pepper", PEPPER_1.version(), clock.now().plus(Duration.ofMinutes(1)));
            KeyVaultSecretSource source = start(HOURLY);
            boolean servedBeforeExpiry = source.version("pepper", PEPPER_1.version()).isPresent();

            clock.advance(Duration.ofMinutes(1));

            assertAll(
                    () -> assertTrue(servedBeforeExpiry),
                    () -> assertEquals(Optional.empty(), source.version("pepper", PEPPER_1.version())),
                    () -> assertSameSecret(PEPPER_2, source.current("pepper")));
        }

        @Test
        void anExpiredCurrentVersionButTheNewestUnexpiredOne() {
            putPepperTwiceAndSigningKey();
            vault.expire("pepper", PEPPER_2.version(), clock.now().plus(Duration.ofMinutes(1)));
            KeyVaultSecretSource source = start(HOURLY);

            clock.advance(Duration.ofMinutes(1));

            assertSameSecret(PEPPER_1, source.current("pepper"));
        }
    }

    @Nested
    class WhenTheVaultFailsDuringARefresh {

        @Test
        void keepsServingTheCachedVersions() {
            putPepperTwiceAndSigningKey();
            KeyVaultSecretSource source = start(HOURLY);
            vault.beginOutage(503);

            source.refreshNow();

            assertAll(
                    () -> assertSameSecret(PEPPER_2, source.current("pepper")),
                    () -> assertSameSecret(PEPPER_1, source.version("pepper", PEPPER_1.version()).orElseThrow()));
        }

        @Test
        void keepsServingWhenTheVaultRefusesConnections() {
            putPepperTwiceAndSigningKey();
            KeyVaultSecretSource source = start(HOURLY);
            vault.close();

            source.refreshNow();

            assertAll(
                    () -> assertSameSecret(PEPPER_2, source.current("pepper")),
                    () -> assertFalse(source.check().detail().equals("ok"), source.check().detail()));
        }

        @Test
        void healthStaysUpWhileTheCacheIsFreshAndNamesTheFailure() {
            putPepperTwiceAndSigningKey();
            KeyVaultSecretSource source = start(HOURLY);
            vault.beginOutage(503);

            source.refreshNow();
            ComponentHealth health = source.check();

            assertAll(
                    () -> assertTrue(health.up()),
                    () -> assertTrue(health.detail().contains("HTTP 503"), health.detail()));
        }

        @Test
        void healthIsDownOnceTheCacheIsOlderThanThreeIntervals() {
            putPepperTwiceAndSigningKey();
            KeyVaultSecretSource source = start(HOURLY);
            vault.beginOutage(503);
            clock.advance(HOURLY.multipliedBy(KeyVaultSecretSource.MAX_AGE_IN_INTERVALS));
            source.refreshNow();
            boolean upAtMaxAge = source.check().up();

            clock.advance(Duration.ofSeconds(1));
            ComponentHealth stale = source.check();

            assertAll(
                    () -> assertTrue(upAtMaxAge),
                    () -> assertEquals(new ComponentHealth("secrets", "keyvault", false, stale.detail()), stale),
                    () -> assertTrue(stale.detail().contains("HTTP 503"), stale.detail()));
        }

        @Test
        void healthIsUpAgainAfterTheNextSuccessfulRefresh() {
            putPepperTwiceAndSigningKey();
            KeyVaultSecretSource source = start(HOURLY);
            vault.beginOutage(503);
            source.refreshNow();
            clock.advance(HOURLY.multipliedBy(10));

            vault.endOutage();
            source.refreshNow();

            assertEquals(ComponentHealth.up("secrets", "keyvault"), source.check());
        }

        @Test
        void logsTheFailureWithoutAnyValue() {
            putPepperTwiceAndSigningKey();
            KeyVaultSecretSource source = start(HOURLY);
            vault.beginOutage(503);
            List<String> lines = new ArrayList<>();
            Logger logger = Logger.getLogger(KeyVaultSecretSource.class.getName());
            Handler capture = new Handler() {
                @Override
                public void publish(LogRecord record) {
                    lines.add(new java.util.logging.SimpleFormatter().formatMessage(record));
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            };
            logger.addHandler(capture);
            try {
                source.refreshNow();
            } finally {
                logger.removeHandler(capture);
            }

            String logged = String.join("\n", lines);
            assertAll(
                    () -> assertTrue(logged.contains("pepper") && logged.contains("HTTP 503"), logged),
                    () -> assertShowsNoValue(logged, PEPPER_1, PEPPER_2, SIGNING_KEY));
        }
    }

    @Nested
    class RefusesToStart {

        @Test
        void withoutARequiredSecretNamingIt() {
            put(PEPPER_1);

            IllegalStateException e = assertThrows(IllegalStateException.class, () -> start(HOURLY));

            assertAll(
                    () -> assertTrue(e.getMessage().contains("'signing-key'"), e.getMessage()),
                    () -> assertShowsNoValue(e.getMessage(), PEPPER_1));
        }

        @Test
        void whenARequiredSecretHasNoEnabledVersion() {
            putPepperTwiceAndSigningKey();
            vault.disable("signing-key", SIGNING_KEY.version());

            IllegalStateException e = assertThrows(IllegalStateException.class, () -> start(HOURLY));

            assertTrue(e.getMessage().contains("'signing-key'") && e.getMessage().contains("no enabled"), e.getMessage());
        }

        @Test
        void whenAValueIsNotBase64WithoutShowingIt() {
            putPepperTwiceAndSigningKey();
            String notBase64 = "this is not base64 but a password!";
            vault.add("pepper", "0000000000000000000000000000000a", notBase64);

            IllegalStateException e = assertThrows(IllegalStateException.class, () -> start(HOURLY));

            assertAll(
                    () -> assertTrue(e.getMessage().contains("'pepper'") && e.getMessage().contains("Base64"), e.getMessage()),
                    () -> assertFalse(e.getMessage().contains(notBase64), e.getMessage()));
        }

        @Test
        void whenAValueHasFewerThan32Bytes() {
            putPepperTwiceAndSigningKey();
            vault.add("pepper", "0000000000000000000000000000000a", Base64.getEncoder().encodeToString(new byte[31]));

            IllegalStateException e = assertThrows(IllegalStateException.class, () -> start(HOURLY));

            assertTrue(e.getMessage().contains("31 bytes"), e.getMessage());
        }

        @Test
        void whenTheVaultIsUnavailableAfterTheSdksRetries() {
            putPepperTwiceAndSigningKey();
            vault.beginOutage(503);

            StoreUnavailableException e = assertThrows(StoreUnavailableException.class, () -> start(HOURLY));

            assertAll(
                    () -> assertTrue(e.getMessage().contains("HTTP 503"), e.getMessage()),
                    () -> assertEquals(2, vault.requests().stream().filter(request -> request.authorization().isPresent()).count(),
                            "the test client retries once"));
        }
    }

    @Nested
    class Reports {

        @Test
        void upAfterAStart() {
            putPepperTwiceAndSigningKey();

            assertEquals(ComponentHealth.up("secrets", "keyvault"), start(HOURLY).check());
        }

        @Test
        void downAndRefusesReadsOnceClosed() {
            putPepperTwiceAndSigningKey();
            KeyVaultSecretSource source = start(HOURLY);

            source.close();

            assertAll(
                    () -> assertEquals(ComponentHealth.down("secrets", "keyvault", "closed"), source.check()),
                    () -> assertThrows(IllegalStateException.class, () -> source.current("pepper")));
        }
    }
}
