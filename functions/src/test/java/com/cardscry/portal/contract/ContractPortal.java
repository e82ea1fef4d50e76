package com.cardscry.portal.contract;

import static com.cardscry.portal.contract.ContractHttp.body;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cardscry.portal.config.PortalSettings;
import com.cardscry.portal.config.Settings;
import com.cardscry.portal.local.HostJson;
import com.cardscry.portal.local.LocalHost;
import com.cardscry.portal.testing.Outbox;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The real portal behind the local host on embedded parts, as the contract tests drive it: responses
 * checked against the OpenAPI document ({@link ContractHttp}), and the journeys every test starts with
 * (a token from the development issuer, a signed-up and verified developer).
 */
final class ContractPortal implements AutoCloseable {

    /** Generous: the worker usually finishes in milliseconds, but CI machines are shared. */
    static final long PATIENCE_MILLIS = 60_000;

    /** The version the local defaults of the terms and the privacy policy are at. */
    static final String POLICY_VERSION = "2026-11-01";

    /** A fresh identity of the local tenant: its object id, {@code Authorization} value and the address it signs up with. */
    record Identity(String objectId, String bearer, String email) {
    }

    /** An identity with an active account. */
    record Developer(Identity identity, String accountId) {
        String bearer() {
            return identity.bearer();
        }

        String email() {
            return identity.email();
        }
    }

    private final LocalHost host;
    private final Path dataDir;
    private final Outbox outbox;

    private ContractPortal(LocalHost host, Path dataDir) {
        this.host = host;
        this.dataDir = dataDir;
        this.outbox = new Outbox(dataDir.resolve("outbox"));
    }

    /** A portal on a fresh data folder, on a free port, with {@code settings} added to the local defaults. */
    static ContractPortal start(Path dataDir, Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>(Map.of("PORTAL_ENVIRONMENT", "local", "PORTAL_DATA_DIR", dataDir.toString(),
                "PORTAL_LOCAL_PORT", "0"));
        all.putAll(settings);
        return new ContractPortal(LocalHost.startPortal(Settings.of(all), HostJson.DEFAULTS), dataDir);
    }

    Path dataDir() {
        return dataDir;
    }

    Outbox outbox() {
        return outbox;
    }

    HttpResponse<String> send(String method, String documentPath, String jsonBody, String... headers) {
        return ContractHttp.send(host.baseUri(), method, documentPath, jsonBody, headers);
    }

    /** A fresh identity of the local tenant (so no rate limit another test used up applies), with no account. */
    Identity identity(boolean admin) {
        String oid = UUID.randomUUID().toString();
        String roles = admin ? ",\"roles\":[\"Portal.Admin\"]" : "";
        HttpResponse<String> issued = send("POST", "/v1/dev/token",
                "{\"oid\":\"" + oid + "\",\"tid\":\"" + PortalSettings.LOCAL_TENANT_ID + "\"" + roles + "}");
        assertEquals(200, issued.statusCode(), issued.body());
        return new Identity(oid, "Bearer " + body(issued).get("accessToken").asText(), "dev-" + oid + "@example.com");
    }

    /** A developer whose account is signed up and whose address is verified: active. */
    Developer activeDeveloper(String displayName) {
        Identity identity = identity(false);
        HttpResponse<String> signedUp = send("POST", "/v1/signup", "{\"displayName\":\"" + displayName + "\",\"email\":\""
                + identity.email() + "\",\"acceptedTermsVersion\":\"" + POLICY_VERSION + "\",\"acceptedPrivacyPolicyVersion\":\""
                + POLICY_VERSION + "\"}", "Authorization", identity.bearer());
        assertEquals(201, signedUp.statusCode(), signedUp.body());
        HttpResponse<String> verified = send("POST", "/v1/me/email-verification",
                "{\"code\":\"" + outbox.latestCodeFor(identity.email()) + "\"}", "Authorization", identity.bearer());
        assertEquals(200, verified.statusCode(), verified.body());
        return new Developer(identity, body(signedUp).get("id").asText());
    }

    /**
     * Sends {@code request} until {@code done} holds for its answer (what the queue worker, on its own
     * thread, is to bring about), asking every 50 ms; fails after {@link #PATIENCE_MILLIS}.
     */
    static HttpResponse<String> awaitUntil(Supplier<HttpResponse<String>> request, Predicate<HttpResponse<String>> done) {
        long deadline = System.currentTimeMillis() + PATIENCE_MILLIS;
        HttpResponse<String> last = request.get();
        while (!done.test(last)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("still not there after " + PATIENCE_MILLIS + " ms: " + last.statusCode() + " " + last.body());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting", interrupted);
            }
            last = request.get();
        }
        return last;
    }

    @Override
    public void close() {
        host.close();
    }
}
