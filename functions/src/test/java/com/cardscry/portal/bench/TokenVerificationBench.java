package com.cardscry.portal.bench;

import com.cardscry.portal.adapters.entra.EntraTokenVerifier;
import com.cardscry.portal.adapters.entra.EntraTokenVerifierOptions;
import com.cardscry.portal.adapters.system.SystemClock;
import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.TokenRejection;
import com.cardscry.portal.application.port.Verification;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long {@link EntraTokenVerifier#verify} takes for a token whose signing key is already in memory,
 * the case of every request but the first after a key rotation. Issue 4's target: a median of at most
 * 100 µs on one core.
 *
 * <p>Three tokens, each shaped like an Entra ID v2 access token signed with a 2048-bit RSA key (the size
 * Entra publishes): a valid one; one whose signature was made by another key under the same key id, so
 * it is refused as {@code BAD_SIGNATURE} after the RSA check; and one with an empty signature part, so it
 * is refused as {@code MALFORMED} after its header is read but before any cryptography.
 *
 * <p>{@link Tokens#setUp} serves the public key from a local HTTP endpoint for exactly one verification,
 * then stops the endpoint: every measured call answers from memory, and a call that tried to fetch keys
 * would fail rather than be timed. It also checks that each token gets the answer its benchmark is named
 * for, so no figure is the time of a different outcome. Run it with {@code bench/tokens.sh}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = "-XX:ActiveProcessorCount=1")
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class TokenVerificationBench {

    private static final String TENANT = "4a1b6c2d-0000-4000-8000-00000000a11e";
    private static final String ISSUER = "https://login.microsoftonline.com/" + TENANT + "/v2.0";
    private static final String CLIENT_ID = "0c5e3f1a-0000-4000-8000-00000000c11d";
    private static final String KEY_ID = "bench-key";

    /** The verifier with its key cached, and one token for each measured outcome. */
    @State(Scope.Benchmark)
    public static class Tokens {

        EntraTokenVerifier verifier;
        String valid;
        String badSignature;
        String malformed;

        @Setup
        public void setUp() throws IOException {
            Clock clock = new SystemClock();
            RSAKey signingKey = rsaKey();
            RSAKey impostorWithSameKeyId = rsaKey();
            // An hour of validity outlasts the whole run, so the valid token stays valid while measured.
            JWTClaimsSet claims = claims(clock.now());
            valid = sign(signingKey, claims);
            badSignature = sign(impostorWithSameKeyId, claims);
            malformed = valid.substring(0, valid.lastIndexOf('.') + 1);

            HttpServer keyEndpoint = serve(new JWKSet(signingKey).toPublicJWKSet().toString());
            try {
                URI keySetUrl = URI.create("http://127.0.0.1:" + keyEndpoint.getAddress().getPort() + "/keys");
                verifier = new EntraTokenVerifier(new EntraTokenVerifierOptions(
                        EntraTokenVerifierOptions.KeySource.jwks(keySetUrl), ISSUER, Set.of(CLIENT_ID),
                        Set.of(TENANT), "Portal.Admin", Duration.ofSeconds(5)), clock);
                expect(verifier.verify(valid) instanceof Verification.Verified, "the valid token verifies");
            } finally {
                keyEndpoint.stop(0);
            }
            expect(verifier.verify(valid) instanceof Verification.Verified,
                    "the valid token verifies from the cached key");
            expect(isRejectedAs(verifier.verify(badSignature), TokenRejection.BAD_SIGNATURE),
                    "the impostor's token is refused for its signature");
            expect(isRejectedAs(verifier.verify(malformed), TokenRejection.MALFORMED),
                    "the token without a signature is refused as malformed");
        }
    }

    @Benchmark
    public Verification validToken(Tokens tokens) {
        return tokens.verifier.verify(tokens.valid);
    }

    @Benchmark
    public Verification badSignature(Tokens tokens) {
        return tokens.verifier.verify(tokens.badSignature);
    }

    @Benchmark
    public Verification malformedBeforeCrypto(Tokens tokens) {
        return tokens.verifier.verify(tokens.malformed);
    }

    private static RSAKey rsaKey() {
        try {
            return new RSAKeyGenerator(2048).keyID(KEY_ID).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The claims Entra puts in a v2 access token for this API, with a typical spread of optional ones. */
    private static JWTClaimsSet claims(Instant now) {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(CLIENT_ID)
                .subject("kF3vUs8Qm0dX2pL7tR9wYb4nHc6jZa1eGi5oMq8sTu0")
                .issueTime(Date.from(now.minus(Duration.ofMinutes(5))))
                .notBeforeTime(Date.from(now.minus(Duration.ofMinutes(5))))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
                .claim("tid", TENANT)
                .claim("oid", "5b2c7d3e-0000-4000-8000-0000000000a1")
                .claim("name", "Ada Lovelace")
                .claim("email", "ada@example.com")
                .claim("roles", List.of("Portal.Reader"))
                .claim("scp", "access_as_user")
                .claim("ver", "2.0")
                .build();
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) {
        SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        try {
            token.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return token.serialize();
    }

    /** A key set endpoint on 127.0.0.1 at a free port, answering every request with {@code json}. */
    private static HttpServer serve(String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/keys", exchange -> {
            try (exchange) {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
        return server;
    }

    private static boolean isRejectedAs(Verification verification, TokenRejection reason) {
        return verification instanceof Verification.Rejected rejected && rejected.reason() == reason;
    }

    private static void expect(boolean holds, String what) {
        if (!holds) {
            throw new IllegalStateException("benchmark set-up failed: expected that " + what);
        }
    }
}
