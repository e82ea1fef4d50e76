package com.cardscry.portal.bench;

import com.cardscry.portal.adapters.catalogue.PlanCatalogueFile;
import com.cardscry.portal.adapters.embedded.EmbeddedDocumentStore;
import com.cardscry.portal.adapters.localsecrets.LocalSecretSource;
import com.cardscry.portal.adapters.system.SystemClock;
import com.cardscry.portal.application.SecretNames;
import com.cardscry.portal.application.gateway.KeyIndexCache;
import com.cardscry.portal.application.gateway.KeyVerdict;
import com.cardscry.portal.application.gateway.MonthlyQuota;
import com.cardscry.portal.application.gateway.VerifyApiKey;
import com.cardscry.portal.application.keys.IssuedKey;
import com.cardscry.portal.application.keys.KeyHasher;
import com.cardscry.portal.application.keys.KeyIssuer;
import com.cardscry.portal.application.keys.KeyRecords;
import com.cardscry.portal.application.keys.StoredKeyHash;
import com.cardscry.portal.domain.ApiKey;
import com.cardscry.portal.domain.KeyEnvironment;
import com.cardscry.portal.domain.SubscriptionKey;
import com.cardscry.portal.domain.SubscriptionState;
import com.cardscry.portal.testing.CountingDocumentStore;
import com.cardscry.portal.testing.Retention;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the CPU part of verifying an API key costs on one thread: the work done for every gateway call,
 * before (on a cache miss) or instead of (on a hit) a store read. Issue 5's later target for a verified
 * cache hit: at least 500,000 per second on one thread, and at most twice a bare HMAC.
 *
 * <p>Four cases, as throughput:
 * <ul>
 *   <li>{@code bareHmac}: HMAC-SHA-256 of the key's ASCII bytes with a {@link Mac} already keyed with
 *       the pepper, the floor any verification pays;</li>
 *   <li>{@code parse}: {@link ApiKey#parse} of a valid key (prefix, alphabet, range and CRC32 checks);</li>
 *   <li>{@code parseAndHash}: parse, then {@link KeyHasher#hash} under the current pepper, read from a
 *       real {@link LocalSecretSource}: everything but the look-up of the hash;</li>
 *   <li>{@code hmacWithFreshMac}: the bare HMAC with a {@link Mac} made and keyed for the call, as
 *       {@code KeyedHash} does: what {@link KeyHasher} saves by keeping one per thread;</li>
 *   <li>{@code verifyCacheHit}: {@link VerifyApiKey#handle} of an issued key whose index entry is
 *       cached: parse, hash, cache look-up, the system clock, the quota view and the verdict, as the
 *       gateway function runs it (the key index is in an embedded store behind a counting wrapper;
 *       the entry is read again once every 30 s of wall time, which tear-down prints).</li>
 * </ul>
 *
 * <p>{@link Keys#setUp} checks that the key parses and that the hasher's answer is the bare HMAC's, so no
 * figure is the time of a different outcome. Run it with {@code bench/keys.sh}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = "-XX:ActiveProcessorCount=1")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class KeyVerificationBench {

    /** A pepper in a local secrets file, a hasher over it, one issued key, and a Mac keyed like the hasher's. */
    @State(Scope.Benchmark)
    public static class Keys {

        Path folder;
        LocalSecretSource secrets;
        KeyHasher hasher;
        String keyText;
        byte[] keyBytes;
        Mac keyedMac;
        EmbeddedDocumentStore embedded;
        CountingDocumentStore store;
        VerifyApiKey verify;

        @Setup
        public void setUp() throws IOException, GeneralSecurityException {
            folder = Files.createTempDirectory("key-verification-bench");
            secrets = LocalSecretSource.open(folder.resolve("secrets.json"), Set.of(SecretNames.API_KEY_PEPPER),
                    new SecureRandom());
            hasher = new KeyHasher(secrets);
            keyText = new KeyIssuer(hasher, new SecureRandom()).issue(KeyEnvironment.LIVE).key().value();
            keyBytes = keyText.getBytes(StandardCharsets.US_ASCII);
            keyedMac = Mac.getInstance("HmacSHA256");
            keyedMac.init(new SecretKeySpec(secrets.current(SecretNames.API_KEY_PEPPER).value(), "HmacSHA256"));

            Optional<ApiKey> parsed = ApiKey.parse(keyText);
            expect(parsed.isPresent(), "the issued key parses");
            String bare = Base64.getUrlEncoder().withoutPadding().encodeToString(keyedMac.doFinal(keyBytes));
            expect(hasher.hash(parsed.get()).hash().equals(bare), "the hasher's answer is the bare HMAC's");
            setUpVerification();
        }

        /** A key of the starter plan indexed in an embedded store, verified once so that its entry is cached. */
        private void setUpVerification() {
            SystemClock clock = new SystemClock();
            embedded = EmbeddedDocumentStore.open(folder.resolve("store"), List.of(KeyRecords.INDEX, MonthlyQuota.COUNTERS), clock);
            store = new CountingDocumentStore(embedded);
            KeyRecords records = new KeyRecords(store, Retention.STANDARD, clock);
            IssuedKey issued = new KeyIssuer(hasher, new SecureRandom()).issue(KeyEnvironment.LIVE);
            Instant now = clock.now();
            records.index(new SubscriptionKey("bench-key", "bench-account", "bench-subscription", "bench", issued.hint(),
                    issued.storedHash().pepperVersion(), issued.storedHash().hash(), now, now.plus(Duration.ofDays(30)),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()), "starter", SubscriptionState.ACTIVE, now);
            verify = new VerifyApiKey(hasher, records, new KeyIndexCache(KeyIndexCache.DEFAULT_CAPACITY, clock),
                    new MonthlyQuota(store, Retention.STANDARD, clock), PlanCatalogueFile.builtIn(), clock);
            keyText = issued.key().value();
            keyBytes = keyText.getBytes(StandardCharsets.US_ASCII);
            expect(verify.handle(keyText).valid(), "the indexed key verifies");
            store.reset();
            expect(verify.handle(keyText).valid() && store.operations().isEmpty(), "a second verification is a cache hit");
        }

        @TearDown
        public void tearDown() throws IOException {
            System.out.println("store operations during the run (the entry refreshed every 30 s): " + store.operations().size());
            embedded.close();
            secrets.close();
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    @Benchmark
    public byte[] bareHmac(Keys keys) {
        return keys.keyedMac.doFinal(keys.keyBytes);
    }

    @Benchmark
    public KeyVerdict verifyCacheHit(Keys keys) {
        return keys.verify.handle(keys.keyText);
    }

    @Benchmark
    public Optional<ApiKey> parse(Keys keys) {
        return ApiKey.parse(keys.keyText);
    }

    @Benchmark
    public StoredKeyHash parseAndHash(Keys keys) {
        return keys.hasher.hash(ApiKey.parse(keys.keyText).orElseThrow());
    }

    @Benchmark
    public byte[] hmacWithFreshMac(Keys keys) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(keys.secrets.current(SecretNames.API_KEY_PEPPER).value(), "HmacSHA256"));
        return mac.doFinal(keys.keyBytes);
    }

    private static void expect(boolean holds, String what) {
        if (!holds) {
            throw new IllegalStateException("benchmark set-up failed: expected that " + what);
        }
    }
}
