package com.cardscry.portal.adapters.entra;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** Keys and tokens shaped like Entra ID's v2 access tokens, for the verifier's tests. */
final class TestTokens {

    static final String TENANT = "4a1b6c2d-0000-4000-8000-00000000a11e";
    static final String OTHER_TENANT = "9f8e7d6c-0000-4000-8000-0000000000be";
    static final String ISSUER = "https://login.microsoftonline.com/" + TENANT + "/v2.0";
    static final String CLIENT_ID = "0c5e3f1a-0000-4000-8000-00000000c11d";
    static final String APP_ID_URI = "api://cardscry-portal";
    static final String ADMIN_ROLE = "Portal.Admin";
    static final String OBJECT_ID = "5b2c7d3e-0000-4000-8000-0000000000a1";
    static final String SUBJECT = "kF3vUs8Qm0dX2pL7tR9wYb4nHc6jZa1eGi5oMq8sTu0";

    private TestTokens() {
    }

    static RSAKey rsaKey(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims of a valid token at {@code now}: every required claim, an hour left, one plain role. */
    static JWTClaimsSet.Builder validClaims(Instant now) {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(CLIENT_ID)
                .subject(SUBJECT)
                .issueTime(Date.from(now.minus(Duration.ofMinutes(5))))
                .notBeforeTime(Date.from(now.minus(Duration.ofMinutes(5))))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
                .claim("tid", TENANT)
                .claim("oid", OBJECT_ID)
                .claim("name", "Ada Lovelace")
                .claim("email", "ada@example.com")
                .claim("roles", List.of("Portal.Reader"));
    }

    static String signRs256(RSAKey key, JWTClaimsSet claims) {
        return sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims, rsaSigner(key));
    }

    static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) {
        SignedJWT token = new SignedJWT(header, claims);
        try {
            token.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return token.serialize();
    }

    private static JWSSigner rsaSigner(RSAKey key) {
        try {
            return new RSASSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
