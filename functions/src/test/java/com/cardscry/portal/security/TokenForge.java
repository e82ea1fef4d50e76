package com.cardscry.portal.security;

import com.cardscry.portal.adapters.devissuer.DevTokenIssuer;
import com.cardscry.portal.config.PortalSettings;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Signs bearer tokens for a local portal: genuine ones with the development issuer's own key (read from
 * {@value DevTokenIssuer#KEY_FILE_NAME} in the data folder), and the forgeries the authorisation matrix
 * sends. Each forgery differs from a genuine token in exactly one way, so a 401 proves that one check.
 */
final class TokenForge {

    /** A tenant that is not on the local allowlist. */
    static final String OTHER_TENANT = "0e7e1000-0000-4000-8000-0000000000ff";
    /** Far beyond the verifier's 60 s clock skew, either way. */
    private static final Duration WELL_OUTSIDE_SKEW = Duration.ofMinutes(10);

    private final RSAKey issuerKey;
    private final RSAKey strangerKey;

    private TokenForge(RSAKey issuerKey, RSAKey strangerKey) {
        this.issuerKey = issuerKey;
        this.strangerKey = strangerKey;
    }

    /** The forge of the portal whose data folder is {@code dataDir}; the portal must have started once. */
    static TokenForge forDataFolder(Path dataDir) {
        try {
            RSAKey issuerKey = JWK.parse(Files.readString(dataDir.resolve(DevTokenIssuer.KEY_FILE_NAME), StandardCharsets.UTF_8)).toRSAKey();
            RSAKey strangerKey = new RSAKeyGenerator(2048).keyID("unknown-" + UUID.randomUUID()).generate();
            return new TokenForge(issuerKey, strangerKey);
        } catch (IOException | ParseException | JOSEException e) {
            throw new IllegalStateException("cannot read the development issuer's key", e);
        }
    }

    /** A token the portal accepts for {@code who}, as the development issuer would sign it. */
    String valid(Identity who) {
        return signed(claims(who, Instant.now()).build());
    }

    String expired(Identity who) {
        Instant issued = Instant.now().minus(Duration.ofHours(1)).minus(WELL_OUTSIDE_SKEW);
        return signed(claims(who, issued).build());
    }

    String notYetValid(Identity who) {
        return signed(changed(who, claims -> claims.notBeforeTime(Date.from(Instant.now().plus(WELL_OUTSIDE_SKEW)))));
    }

    String wrongAudience(Identity who) {
        return signed(changed(who, claims -> claims.audience("api://someone-elses-app")));
    }

    String wrongIssuer(Identity who) {
        return signed(changed(who, claims -> claims.issuer("https://login.microsoftonline.com/"
                + PortalSettings.LOCAL_TENANT_ID + "/v2.0")));
    }

    /** From a tenant off the allowlist, with the issuer that tenant's tokens would carry. */
    String otherTenant(Identity who) {
        return signed(changed(who, claims -> claims.claim("tid", OTHER_TENANT).issuer(DevTokenIssuer.issuerFor(OTHER_TENANT))));
    }

    /** Unsigned: {@code alg: none}, an empty signature. */
    String unsigned(Identity who) {
        return new PlainJWT(claims(who, Instant.now()).build()).serialize();
    }

    /**
     * HS256 keyed with the issuer's public key (its X.509 encoding), naming the issuer's key id: the
     * algorithm-confusion attack on a verifier that lets the token choose the algorithm.
     */
    String hmacKeyedWithThePublicKey(Identity who) {
        try {
            return sign(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).keyID(issuerKey.getKeyID()).build(),
                    claims(who, Instant.now()).build(), new MACSigner(issuerKey.toRSAPublicKey().getEncoded()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Well formed and RS256, but signed by a key the issuer never published. */
    String unknownKeyId(Identity who) {
        try {
            return sign(header(strangerKey.getKeyID()), claims(who, Instant.now()).build(), new RSASSASigner(strangerKey));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private JWTClaimsSet changed(Identity who, UnaryOperator<JWTClaimsSet.Builder> change) {
        return change.apply(claims(who, Instant.now())).build();
    }

    /** The claims the development issuer writes, issued at {@code issued} for an hour. */
    private static JWTClaimsSet.Builder claims(Identity who, Instant issued) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(DevTokenIssuer.issuerFor(PortalSettings.LOCAL_TENANT_ID))
                .audience(PortalSettings.LOCAL_AUDIENCE)
                .subject(who.objectId())
                .claim("tid", PortalSettings.LOCAL_TENANT_ID)
                .claim("oid", who.objectId())
                .claim("name", who.displayName())
                .claim("email", who.email())
                .issueTime(Date.from(issued))
                .notBeforeTime(Date.from(issued))
                .expirationTime(Date.from(issued.plus(Duration.ofHours(1))));
        if (who.admin()) {
            claims.claim("roles", List.of(PortalUnderTest.ADMIN_ROLE));
        }
        return claims;
    }

    private String signed(JWTClaimsSet claims) {
        try {
            return sign(header(issuerKey.getKeyID()), claims, new RSASSASigner(issuerKey));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWSHeader header(String keyId) {
        return new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(keyId).build();
    }

    private static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) throws JOSEException {
        SignedJWT token = new SignedJWT(header, claims);
        token.sign(signer);
        return token.serialize();
    }
}
