package com.cardscry.portal.adapters.entra;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the issuer's signing keys (published over HTTP, or held in process) and turns each usable one
 * into a ready verifier. Blocking; {@link EntraTokenVerifier} calls it rarely and never for a token whose
 * key it already holds.
 */
final class SigningKeyFetcher {

    /** Entra's key set is a few kilobytes; anything far larger is not a key set. */
    private static final int MAX_DOCUMENT_BYTES = 1 << 20;

    private final EntraTokenVerifierOptions.KeySource source;
    private final Duration timeout;
    private final HttpClient http;

    SigningKeyFetcher(EntraTokenVerifierOptions.KeySource source, Duration timeout) {
        this.source = source;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * The RS256 signing keys currently published, by key id. Keys without an id, keys marked for
     * encryption and keys of another type or algorithm are left out: no token could be verified with them.
     *
     * @throws IOException if a document cannot be fetched or is not what it should be
     */
    Map<String, RSASSAVerifier> fetch() throws IOException {
        String where;
        String keySetJson;
        if (source instanceof EntraTokenVerifierOptions.Published published) {
            URI jwksUrl = published.isOpenIdMetadata() ? jwksUriFromMetadata(published.url()) : published.url();
            where = "at " + jwksUrl;
            keySetJson = get(jwksUrl);
        } else {
            EntraTokenVerifierOptions.InProcess held = (EntraTokenVerifierOptions.InProcess) source;
            where = "of " + held.description();
            keySetJson = read(held);
        }
        JWKSet keySet;
        try {
            keySet = JWKSet.parse(keySetJson);
        } catch (ParseException e) {
            throw new IOException("the signing key set " + where + " is not a JWK set", e);
        }
        Map<String, RSASSAVerifier> verifiers = new HashMap<>();
        for (JWK key : keySet.getKeys()) {
            if (isUsableForRs256(key)) {
                try {
                    verifiers.put(key.getKeyID(), new RSASSAVerifier(key.toRSAKey()));
                } catch (JOSEException e) {
                    throw new IOException("signing key " + key.getKeyID() + " is not a valid RSA public key", e);
                }
            }
        }
        return Map.copyOf(verifiers);
    }

    private static boolean isUsableForRs256(JWK key) {
        return key instanceof RSAKey
                && key.getKeyID() != null
                && (key.getKeyUse() == null || KeyUse.SIGNATURE.equals(key.getKeyUse()))
                && (key.getAlgorithm() == null || JWSAlgorithm.RS256.equals(key.getAlgorithm()));
    }

    private URI jwksUriFromMetadata(URI metadataUrl) throws IOException {
        try {
            String jwksUri = JSONObjectUtils.getString(JSONObjectUtils.parse(get(metadataUrl)), "jwks_uri");
            if (jwksUri == null) {
                throw new IOException("the OpenID metadata at " + metadataUrl + " names no jwks_uri");
            }
            return URI.create(jwksUri);
        } catch (ParseException | IllegalArgumentException e) {
            throw new IOException("the OpenID metadata at " + metadataUrl + " is not usable", e);
        }
    }

    /** The key set held in process; its supplier failing is a failed fetch, like an endpoint that is down. */
    private static String read(EntraTokenVerifierOptions.InProcess held) throws IOException {
        try {
            String json = held.jwksJson().get();
            if (json == null) {
                throw new IOException("the signing key set of " + held.description() + " is missing");
            }
            return json;
        } catch (RuntimeException e) {
            throw new IOException("the signing key set of " + held.description() + " could not be read", e);
        }
    }

    private String get(URI url) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET()
                .build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IOException(url + " answered " + response.statusCode());
                }
                byte[] bytes = body.readNBytes(MAX_DOCUMENT_BYTES + 1);
                if (bytes.length > MAX_DOCUMENT_BYTES) {
                    throw new IOException(url + " answered more than " + MAX_DOCUMENT_BYTES + " bytes");
                }
                return new String(bytes, StandardCharsets.UTF_8);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + url, e);
        }
    }
}
