package com.cardscry.portal.bench;

import com.cardscry.portal.adapters.localsecrets.LocalSecretSource;
import com.cardscry.portal.application.SecretNames;
import com.cardscry.portal.application.keys.KeyHasher;
import com.cardscry.portal.application.keys.KeyIssuer;
import com.cardscry.portal.application.keys.StoredKeyHash;
import com.cardscry.portal.domain.ApiKey;
import com.cardscry.portal.domain.KeyEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
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
 *       {@code KeyedHash} does: what {@link KeyHasher} saves by keeping one per thread.</li>
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
        }

        @TearDown
        public void tearDown() throws IOException {
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
