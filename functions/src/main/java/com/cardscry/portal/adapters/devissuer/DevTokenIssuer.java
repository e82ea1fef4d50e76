package com.cardscry.portal.adapters.devissuer;

import com.cardscry.portal.adapters.localfiles.OwnerOnlyFiles;
import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.DevelopmentClaims;
import com.cardscry.portal.application.port.DevelopmentTokenIssuer;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;

/**
 * The {@link DevelopmentTokenIssuer} of local mode: signs Entra-shaped access tokens with an RSA key
 * kept in the data folder. See the package documentation for what it promises.
 */
public final class DevTokenIssuer implements DevelopmentTokenIssuer {

    /**
     * The issuer of every development token, with the token's own tenant in place of {@code {tenantid}},
     * as Entra ID's v2 issuer names it. The {@code .invalid} domain (RFC 2606) can never resolve, so
     * the name cannot be mistaken for a real issuer; verifiers configure it with the placeholder.
     */
    public static final String ISSUER = "https://dev-issuer.cardscry.invalid/{tenantid}/v2.0";
    /** The name of the key file in the data folder. */
    public static final String KEY_FILE_NAME = "dev-issuer-key.json";

    private static final String TENANT_PLACEHOLDER = "{tenantid}";
    private static final int KEY_BITS = 2048;
    private static final System.Logger LOG = System.getLogger(DevTokenIssuer.class.getName());

    private final String audience;
    private final Clock clock;
    private final String keyId;
    private final JWSSigner signer;
    private final String jwksJson;

    private DevTokenIssuer(RSAKey key, String audience, Clock clock) {
        this.audience = audience;
        this.clock = clock;
        this.keyId = key.getKeyID();
        try {
            this.signer = new RSASSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException("the development signing key is not a usable RSA private key", e);
        }
        this.jwksJson = new JWKSet(key).toString(true);
    }

    /**
     * Loads the signing key from {@code keyFile}, or generates one and writes it there first.
     *
     * @param keyFile  the key file ({@value #KEY_FILE_NAME} in the data folder); it and missing folders
     *                 are created owner-only
     * @param audience the {@code aud} of every token: an audience the verifier accepts
     * @param random   the randomness the key is generated from
     * @throws IllegalStateException if the file exists but holds no usable RSA private key; it is left
     *                               untouched, and the message names it
     * @throws UncheckedIOException  if the file cannot be read or written
     */
    public static DevTokenIssuer open(Path keyFile, String audience, Clock clock, SecureRandom random) {
        Objects.requireNonNull(keyFile, "keyFile");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        if (audience == null || audience.isBlank()) {
            throw new IllegalArgumentException("audience is required");
        }
        Path file = keyFile.toAbsolutePath();
        RSAKey key;
        if (Files.exists(file)) {
            key = read(file);
            narrowToOwner(file);
        } else {
            key = generate(random);
            write(file, key);
            LOG.log(System.Logger.Level.INFO, "generated the development token signing key {0} in {1}", key.getKeyID(), file);
        }
        return new DevTokenIssuer(key, audience, clock);
    }

    @Override
    public String issue(DevelopmentClaims claims) {
        Instant now = clock.now();
        JWTClaimsSet.Builder payload = new JWTClaimsSet.Builder()
                .issuer(issuerFor(claims.tenantId()))
                .audience(audience)
                .subject(claims.objectId())
                .claim("tid", claims.tenantId())
                .claim("oid", claims.objectId())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(TOKEN_LIFETIME)));
        claims.name().ifPresent(name -> payload.claim("name", name));
        claims.email().ifPresent(email -> payload.claim("email", email));
        if (!claims.roles().isEmpty()) {
            payload.claim("roles", claims.roles().stream().sorted().toList());
        }
        SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(JOSEObjectType.JWT)
                .keyID(keyId)
                .build(), payload.build());
        try {
            token.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing a development token failed", e);
        }
        return token.serialize();
    }

    @Override
    public String jwksJson() {
        return jwksJson;
    }

    /** The {@code iss} of a token for this tenant: {@link #ISSUER} with the tenant in its place. */
    public static String issuerFor(String tenantId) {
        return ISSUER.replace(TENANT_PLACEHOLDER, tenantId);
    }

    @Override
    public String toString() {
        return "DevTokenIssuer[kid=" + keyId + "]";
    }

    private static RSAKey generate(SecureRandom random) {
        try {
            return new RSAKeyGenerator(KEY_BITS)
                    .secureRandom(random)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .keyIDFromThumbprint(true)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("generating the development signing key failed", e);
        }
    }

    private static RSAKey read(Path file) {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the development signing key file " + file, e);
        }
        JWK key;
        try {
            key = JWK.parse(content);
        } catch (ParseException e) {
            // The parser's message may quote key material, so it is neither repeated nor attached.
            throw damaged(file, "it is not a JSON Web Key");
        }
        if (!(key instanceof RSAKey rsa) || !rsa.isPrivate()) {
            throw damaged(file, "it holds no RSA private key");
        }
        if (rsa.size() < KEY_BITS) {
            throw damaged(file, "its key has fewer than " + KEY_BITS + " bits");
        }
        if (rsa.getKeyID() == null || rsa.getKeyID().isBlank()) {
            throw damaged(file, "its key has no key id (kid)");
        }
        return rsa;
    }

    private static IllegalStateException damaged(Path file, String reason) {
        return new IllegalStateException("development signing key file " + file + " is damaged: " + reason
                + ". It was left as it is: move it away to generate a new key (tokens signed with the old"
                + " one then stop verifying).");
    }

    /**
     * Writes a new owner-only file that then atomically takes the key file's name: a reader sees no
     * file or the whole key, and the private key is never readable by others.
     */
    private static void write(Path file, RSAKey key) {
        try {
            // Never replaces: a key file that appeared meanwhile (another process) is not overwritten.
            OwnerOnlyFiles.writeAtomically(file, key.toJSONString().getBytes(StandardCharsets.UTF_8), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the development signing key file " + file, e);
        }
    }

    /** A file copied in by hand may be wider; it is narrowed, not refused. */
    private static void narrowToOwner(Path file) {
        try {
            if (OwnerOnlyFiles.narrowToOwner(file)) {
                LOG.log(System.Logger.Level.WARNING, "development signing key file {0} was readable by others; narrowed it to its owner", file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make development signing key file " + file + " owner-only", e);
        }
    }
}
