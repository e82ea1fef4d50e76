package com.cardscry.portal.adapters.entra;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.application.port.TokenRejection;
import com.cardscry.portal.application.port.Verification;
import com.cardscry.portal.testing.FakeClock;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Tampering with a valid token's signature part, one character anywhere, never yields an identity; and
 * no text at all makes the verifier throw instead of answering.
 */
class EntraTokenVerifierSignatureProperties {

    private static final String BASE64URL_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private static FakeJwksServer issuer;
    private static EntraTokenVerifier verifier;
    private static String validToken;
    private static int signatureStart;

    @BeforeContainer
    static void signOneValidToken() throws IOException {
        RSAKey key = TestTokens.rsaKey("key-1");
        issuer = new FakeJwksServer(new JWKSet(key));
        FakeClock clock = new FakeClock();
        verifier = new EntraTokenVerifier(new EntraTokenVerifierOptions(
                EntraTokenVerifierOptions.KeySource.jwks(issuer.jwksUrl()), TestTokens.ISSUER,
                Set.of(TestTokens.CLIENT_ID), Set.of(TestTokens.TENANT), TestTokens.ADMIN_ROLE,
                Duration.ofSeconds(5)), clock);
        validToken = TestTokens.signRs256(key, TestTokens.validClaims(clock.now()).build());
        signatureStart = validToken.lastIndexOf('.') + 1;
    }

    @AfterContainer
    static void stopIssuer() {
        issuer.close();
    }

    @Example
    void theUntamperedTokenIsVerified() {
        assertInstanceOf(Verification.Verified.class, verifier.verify(validToken));
    }

    @Property(tries = 500)
    void anySingleCharacterChangeInTheSignatureIsRejected(
            @ForAll("signatureOffsets") int offset, @ForAll("replacements") char replacement) {
        int position = signatureStart + offset;
        Assume.that(validToken.charAt(position) != replacement);
        String tampered = validToken.substring(0, position) + replacement + validToken.substring(position + 1);

        Verification verification = verifier.verify(tampered);

        Verification.Rejected rejected = assertInstanceOf(Verification.Rejected.class, verification);
        assertTrue(Set.of(TokenRejection.BAD_SIGNATURE, TokenRejection.MALFORMED).contains(rejected.reason()),
                () -> "rejected as " + rejected.reason());
    }

    @Example
    void aSignatureRespelledInItsUnusedBitsIsRejected() {
        // 256 signature bytes are 342 Base64url characters; the last one carries 2 bits and 4 unused ones.
        String signature = validToken.substring(signatureStart);
        int lastValue = BASE64URL_ALPHABET.indexOf(signature.charAt(signature.length() - 1));
        String respelledSignature = signature.substring(0, signature.length() - 1)
                + BASE64URL_ALPHABET.charAt(lastValue ^ 1);
        assertArrayEquals(new Base64URL(signature).decode(), new Base64URL(respelledSignature).decode(),
                "the same signature bytes");

        Verification verification = verifier.verify(validToken.substring(0, signatureStart) + respelledSignature);

        assertEquals(new Verification.Rejected(TokenRejection.MALFORMED), verification);
    }

    @Property(tries = 500)
    void anyTextIsAnsweredNeverThrown(@ForAll("tokenLikeTexts") String text) {
        Verification verification = verifier.verify(text);

        assertInstanceOf(Verification.Rejected.class, verification);
    }

    @Provide
    Arbitrary<String> tokenLikeTexts() {
        Arbitrary<String> json = Arbitraries.of(
                "{\"alg\":\"RS256\",\"kid\":\"key-1\"}", "{\"alg\":\"RS256\",\"kid\":7}",
                "{\"alg\":\"RS256\",\"kid\":\"key-1\",\"crit\":[\"exp\"]}", "{\"alg\":null}", "{\"alg\":[]}",
                "{\"alg\":\"none\"}", "{\"exp\":\"soon\",\"tid\":{}}", "[]", "{", "null", "{\"a\":1e999999}");
        Arbitrary<String> part = Arbitraries.oneOf(
                json.map(text -> Base64URL.encode(text).toString()),
                Arbitraries.strings().ofMaxLength(40));
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(200),
                part.list().ofMinSize(1).ofMaxSize(6).map(parts -> String.join(".", parts)));
    }

    @Provide
    Arbitrary<Integer> signatureOffsets() {
        return Arbitraries.integers().between(0, validToken.length() - signatureStart - 1);
    }

    /** Mostly the Base64url alphabet (the hard cases), plus its standard-alphabet twins and anything else. */
    @Provide
    Arbitrary<Character> replacements() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.chars().alpha().numeric().with('-', '_')),
                Tuple.of(2, Arbitraries.of('+', '/', '=', '.', ' ', '\n')),
                Tuple.of(1, Arbitraries.chars()));
    }
}
