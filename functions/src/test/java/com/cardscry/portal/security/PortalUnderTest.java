package com.cardscry.portal.security;

import com.cardscry.portal.config.Settings;
import com.cardscry.portal.functions.http.FrontendAuth;
import com.cardscry.portal.local.HostJson;
import com.cardscry.portal.local.LocalHost;
import com.cardscry.portal.testing.Outbox;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The real portal (local mode, embedded parts, development issuer) served by the local host on a free
 * port over a data folder of its own, and the steps every security test needs: tokens, sign-up with
 * email verification through the outbox, sessions, blocking.
 *
 * <p>It remembers every credential and every piece of personal data it hands out or reads back
 * ({@link #secrets()}), so a test can prove none of them reached a log line.
 *
 * <p>Rate limits are in memory per portal, and every request comes from 127.0.0.1: a test class that
 * starts one portal gets 20 sign-ups an hour and 30 session starts a minute across all its identities.
 */
final class PortalUnderTest implements AutoCloseable {

    static final String ADMIN_ROLE = "Portal.Admin";
    static final String TERMS_VERSION = "2026-11-01";
    static final String PRIVACY_POLICY_VERSION = "2026-11-01";
    static final ObjectMapper JSON = new ObjectMapper();

    /** A session started through {@code POST /api/v1/sessions}. */
    record Session(String id, String cookieValue, String csrfToken) {
        String cookieHeader() {
            return FrontendAuth.SESSION_COOKIE + "=" + cookieValue;
        }
    }

    /** One HTTP request; {@code body} is sent as it is, with the headers given (no Content-Type implied). */
    record Call(String method, String path, Map<String, String> headers, Optional<byte[]> body) {

        static Call of(String method, String path) {
            return new Call(method, path, Map.of(), Optional.empty());
        }

        Call header(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Call(method, path, more, body);
        }

        Call bearer(String token) {
            return header("Authorization", "Bearer " + token);
        }

        Call json(String json) {
            return header("Content-Type", "application/json").body(json.getBytes(StandardCharsets.UTF_8));
        }

        Call body(byte[] bytes) {
            return new Call(method, path, headers, Optional.of(bytes));
        }
    }

    private final LocalHost host;
    private final TokenForge tokens;
    private final Outbox outbox;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Set<String> secrets = new LinkedHashSet<>();

    private PortalUnderTest(LocalHost host, Path dataDir) {
        this.host = host;
        this.tokens = TokenForge.forDataFolder(dataDir);
        this.outbox = new Outbox(dataDir.resolve("outbox"));
    }

    /** Starts a portal whose data folder is {@code dataDir} (a fresh temporary folder). */
    static PortalUnderTest start(Path dataDir) {
        return start(dataDir, Map.of());
    }

    /** Starts a portal with some of its settings changed, {@code PORTAL_AUTH_APP_SERVICE_ENFORCED} say. */
    static PortalUnderTest start(Path dataDir, Map<String, String> changedSettings) {
        Map<String, String> settings = new LinkedHashMap<>(Map.of(
                "PORTAL_ENVIRONMENT", "local",
                "PORTAL_DATA_DIR", dataDir.toString(),
                "PORTAL_LOCAL_PORT", "0",
                "PORTAL_AUTH", "dev",
                "PORTAL_AUTH_ADMIN_ROLE", ADMIN_ROLE,
                "PORTAL_AUTH_APP_SERVICE_ENFORCED", "false",
                "PORTAL_TERMS_VERSION", TERMS_VERSION,
                "PORTAL_PRIVACY_POLICY_VERSION", PRIVACY_POLICY_VERSION));
        // The security suites file privacy requests and need them to stay open (an open request answers a
        // second one; an admin extends an open one), so the queue worker that would carry them out at once
        // is off here, as the Functions host's own app setting turns a function off. The workflow has tests
        // of its own.
        settings.put("AzureWebJobs.privacyRequestWorker.Disabled", "true");
        settings.putAll(changedSettings);
        return new PortalUnderTest(LocalHost.startPortal(Settings.of(settings), HostJson.DEFAULTS), dataDir);
    }

    TokenForge forge() {
        return tokens;
    }

    /** A token the portal accepts for {@code who}; remembered as a secret. */
    String tokenFor(Identity who) {
        return secret(tokens.valid(who));
    }

    /** Remembers {@code value} as something no log line may contain, and answers it. */
    String secret(String value) {
        synchronized (secrets) {
            secrets.add(value);
        }
        return value;
    }

    /** Every token, cookie, CSRF token, code, email and name handed out or used so far. */
    List<String> secrets() {
        synchronized (secrets) {
            return new ArrayList<>(secrets);
        }
    }

    HttpResponse<String> send(Call call) {
        HttpRequest.Builder request = HttpRequest.newBuilder(host.baseUri().resolve(call.path().substring(1)))
                .method(call.method(), call.body().map(HttpRequest.BodyPublishers::ofByteArray)
                        .orElseGet(HttpRequest.BodyPublishers::noBody));
        call.headers().forEach(request::header);
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code POST /api/v1/signup} with a valid body for {@code who}. */
    HttpResponse<String> signUp(Identity who) {
        personal(who);
        return send(Call.of("POST", "/api/v1/signup").bearer(tokenFor(who)).json(signUpBody(who)));
    }

    /** A sign-up body that the portal accepts for {@code who}. */
    static String signUpBody(Identity who) {
        return "{\"displayName\":\"" + who.displayName() + "\",\"email\":\"" + who.email()
                + "\",\"acceptedTermsVersion\":\"" + TERMS_VERSION + "\",\"acceptedPrivacyPolicyVersion\":\""
                + PRIVACY_POLICY_VERSION + "\"}";
    }

    /** The newest code the outbox holds for {@code email}; remembered as a secret. */
    String latestCodeFor(String email) {
        return secret(outbox.latestCodeFor(email));
    }

    /** {@code POST /api/v1/me/email-verification} with {@code code}. */
    HttpResponse<String> verifyEmail(Identity who, String code) {
        return send(Call.of("POST", "/api/v1/me/email-verification").bearer(tokenFor(who))
                .json("{\"code\":\"" + code + "\"}"));
    }

    /** Signs {@code who} up and enters the code from the outbox: an active account. Answers its id. */
    String activeAccount(Identity who) {
        String accountId = expect(201, signUp(who)).path("id").asText();
        expect(200, verifyEmail(who, latestCodeFor(who.email())));
        return accountId;
    }

    /** {@code POST /api/v1/sessions} with a bearer token of {@code who}. */
    Session startSession(Identity who) {
        HttpResponse<String> response = send(Call.of("POST", "/api/v1/sessions").bearer(tokenFor(who)));
        JsonNode body = expect(201, response);
        String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        String cookieValue = setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
        return new Session(body.path("session").path("id").asText(), secret(cookieValue), secret(body.path("csrfToken").asText()));
    }

    /** {@code POST /api/v1/subscriptions} for a new subscription of {@code who} to {@code planId}. Answers its id. */
    String subscribe(Identity who, String planId) {
        return expect(201, send(Call.of("POST", "/api/v1/subscriptions").bearer(tokenFor(who))
                .json("{\"planId\":\"" + planId + "\"}"))).path("id").asText();
    }

    /**
     * {@code POST /api/v1/subscriptions/{subscriptionId}/keys} by {@code who}. Answers the key's id; the
     * key itself is kept as a secret, so that the log scan looks for it.
     */
    String issueKey(Identity who, String subscriptionId) {
        JsonNode issued = expect(201, send(Call.of("POST", "/api/v1/subscriptions/" + subscriptionId + "/keys").bearer(tokenFor(who))
                .json("{\"name\":\"security test\"}")));
        secret(issued.path("key").asText());
        return issued.path("metadata").path("id").asText();
    }

    /** {@code POST /api/v1/privacy-requests} of {@code type} by {@code who}, a new request. Answers its id. */
    String submitPrivacyRequest(Identity who, String type) {
        return expect(202, send(Call.of("POST", "/api/v1/privacy-requests").bearer(tokenFor(who))
                .json("{\"type\":\"" + type + "\"}"))).path("id").asText();
    }

    /** {@code POST /api/v1/admin/accounts/{accountId}/block} by {@code admin}. */
    void block(Identity admin, String accountId) {
        expect(200, send(Call.of("POST", "/api/v1/admin/accounts/" + accountId + "/block").bearer(tokenFor(admin))
                .json("{\"reason\":\"security test\"}")));
    }

    private void personal(Identity who) {
        who.personalData().forEach(this::secret);
    }

    /** The JSON body of a response with the expected status; fails the test with the body otherwise. */
    static JsonNode expect(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new AssertionError("expected " + status + " but got " + response.statusCode() + ": " + response.body());
        }
        try {
            return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("the response is not JSON: " + response.body(), e);
        }
    }

    @Override
    public void close() {
        host.close();
    }
}
