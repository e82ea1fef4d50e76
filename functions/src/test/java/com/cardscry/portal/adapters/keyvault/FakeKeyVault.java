package com.cardscry.portal.adapters.keyvault;

import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import reactor.netty.http.client.HttpClient;

/**
 * A test double of the Key Vault secrets REST API, for the real SDK over its real wire protocol: no
 * Key Vault emulator can be installed here (DESIGN.md section 5).
 *
 * <p>It serves HTTPS on 127.0.0.1 with a self-signed certificate made for the test run (the SDK sends
 * bearer tokens over HTTPS only), speaks api-version {@value #API_VERSION} (the SDK's latest) and
 * answers what the adapter uses: {@code GET /secrets/{name}/} (the current version),
 * {@code GET /secrets/{name}/{version}} and {@code GET /secrets/{name}/versions}, paged with
 * {@code nextLink}. Like the service, it answers a request without the expected bearer token with
 * 401 and the challenge that tells the client where to get one, a read of a disabled version with 403,
 * and a missing secret or version with 404. Every request is recorded, and an outage can be switched
 * on.
 */
final class FakeKeyVault implements AutoCloseable {

    static final String API_VERSION = "2025-07-01";
    static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    static final String RESOURCE = "https://vault.azure.net";
    /** Small, so that a secret with a few versions is listed over more than one page. */
    private static final int PAGE_SIZE = 2;
    private static final Instant FIRST_CREATED = Instant.parse("2026-01-01T00:00:00Z");
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** A request as it arrived: the path without the query, and the Authorization header if any. */
    record Request(String method, String path, Optional<String> authorization) {
    }

    private static final class StoredVersion {
        final String version;
        final String value;
        final Instant created;
        boolean enabled = true;
        Instant expires;

        StoredVersion(String version, String value, Instant created) {
            this.version = version;
            this.value = value;
            this.created = created;
        }
    }

    private final HttpsServer server;
    private final ExecutorService executor;
    private final X509Certificate certificate;
    private final String token;
    private final URI uri;
    /** Each name's versions, oldest first; guarded by {@code this}. */
    private final Map<String, List<StoredVersion>> secrets = new LinkedHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Integer outageStatus;
    private int versionsAdded;

    private FakeKeyVault(String token) throws IOException, GeneralSecurityException {
        this.token = token;
        TestCertificate tls = TestCertificate.get();
        this.certificate = tls.certificate();
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()));
        executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "fake-key-vault");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        uri = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** Starts a vault that accepts exactly {@code token} as bearer token. */
    static FakeKeyVault start(String token) {
        try {
            return new FakeKeyVault(token);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    URI uri() {
        return uri;
    }

    /**
     * A client builder pointed at this vault: it trusts the test certificate, accepts the challenge's
     * resource for a local host name, and retries a failed call once without delay, so a test of an
     * outage does not wait for the SDK's production back-off. Only the credential is left to set.
     */
    SecretClientBuilder clientBuilder() {
        SslContext trustTestCertificate;
        try {
            trustTestCertificate = SslContextBuilder.forClient().trustManager(certificate).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpClient netty = HttpClient.create().secure(ssl -> ssl.sslContext(trustTestCertificate));
        return new SecretClientBuilder()
                .vaultUrl(uri.toString())
                .httpClient(new NettyAsyncHttpClientBuilder(netty).build())
                .retryOptions(new RetryOptions(new FixedDelayOptions(1, Duration.ZERO)))
                .disableChallengeResourceVerification();
    }

    /** Adds a version that becomes the current one, as the service's "set secret" does. */
    synchronized void add(String name, String version, String value) {
        Instant createdAt = FIRST_CREATED.plusSeconds(versionsAdded++);
        secrets.computeIfAbsent(name, any -> new ArrayList<>()).add(new StoredVersion(version, value, createdAt));
    }

    synchronized void disable(String name, String version) {
        find(name, version).orElseThrow().enabled = false;
    }

    synchronized void expire(String name, String version, Instant expires) {
        find(name, version).orElseThrow().expires = expires;
    }

    /** From now on every request is answered with {@code status}, until {@link #endOutage()}. */
    void beginOutage(int status) {
        outageStatus = status;
    }

    void endOutage() {
        outageStatus = null;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            body.readAllBytes();
            String path = exchange.getRequestURI().getPath();
            Optional<String> authorization = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization"));
            requests.add(new Request(exchange.getRequestMethod(), path, authorization));
            if (!authorization.equals(Optional.of("Bearer " + token))) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer authorization=\"https://login.microsoftonline.com/"
                        + TENANT + "\", resource=\"" + RESOURCE + "\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            Integer outage = outageStatus;
            if (outage != null) {
                answer(exchange, outage, error("ServiceUnavailable", "the test vault is in an outage"));
                return;
            }
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            if (!exchange.getRequestMethod().equals("GET") || !API_VERSION.equals(query.get("api-version"))) {
                answer(exchange, 400, error("BadParameter", "the test vault serves GET with api-version " + API_VERSION));
                return;
            }
            route(exchange, path.split("/", -1), query);
        }
    }

    /** {@code parts} of "/secrets/name/x" are "", "secrets", "name", "x". */
    private synchronized void route(HttpExchange exchange, String[] parts, Map<String, String> query) throws IOException {
        if (parts.length < 3 || parts.length > 4 || !parts[1].equals("secrets")) {
            answer(exchange, 404, error("NotFound", "no such operation in the test vault"));
            return;
        }
        List<StoredVersion> versions = secrets.get(parts[2]);
        if (versions == null) {
            answer(exchange, 404, error("SecretNotFound", "A secret with (name/id) " + parts[2] + " was not found in this key vault."));
            return;
        }
        String which = parts.length == 4 ? parts[3] : "";
        if (which.equals("versions")) {
            answer(exchange, 200, page(parts[2], versions, Integer.parseInt(query.getOrDefault("$skiptoken", "0"))));
            return;
        }
        Optional<StoredVersion> version = which.isEmpty() ? Optional.of(versions.get(versions.size() - 1))
                : versions.stream().filter(stored -> stored.version.equals(which)).findFirst();
        if (version.isEmpty()) {
            answer(exchange, 404, error("SecretNotFound", "A secret with (name/id) " + parts[2] + "/" + which + " was not found in this key vault."));
        } else if (!version.get().enabled) {
            answer(exchange, 403, error("Forbidden", "Operation get is not allowed on a disabled secret."));
        } else {
            Map<String, Object> bundle = item(parts[2], version.get());
            bundle.put("value", version.get().value);
            answer(exchange, 200, bundle);
        }
    }

    private Map<String, Object> page(String name, List<StoredVersion> versions, int from) {
        int to = Math.min(versions.size(), from + PAGE_SIZE);
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("value", versions.subList(from, to).stream().map(version -> item(name, version)).toList());
        page.put("nextLink", to < versions.size()
                ? uri + "secrets/" + name + "/versions?api-version=" + API_VERSION + "&$skiptoken=" + to + "&maxresults=" + PAGE_SIZE
                : null);
        return page;
    }

    private Map<String, Object> item(String name, StoredVersion version) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("enabled", version.enabled);
        attributes.put("created", version.created.getEpochSecond());
        attributes.put("updated", version.created.getEpochSecond());
        if (version.expires != null) {
            attributes.put("exp", version.expires.getEpochSecond());
        }
        attributes.put("recoveryLevel", "Recoverable+Purgeable");
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", uri + "secrets/" + name + "/" + version.version);
        item.put("attributes", attributes);
        return item;
    }

    private Optional<StoredVersion> find(String name, String version) {
        return secrets.getOrDefault(name, List.of()).stream().filter(stored -> stored.version.equals(version)).findFirst();
    }

    private static Map<String, Object> error(String code, String message) {
        return Map.of("error", Map.of("code", code, "message", message));
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> parameters = new HashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    parameters.put(decode(pair.substring(0, equals)), decode(pair.substring(equals + 1)));
                }
            }
        }
        return parameters;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static void answer(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /**
     * One self-signed certificate for 127.0.0.1 per test JVM, made by the JDK's keytool: the JDK has no
     * public API that signs a certificate, and no new dependency is wanted for it.
     */
    private record TestCertificate(SSLContext serverContext, X509Certificate certificate) {

        private static TestCertificate instance;

        static synchronized TestCertificate get() throws IOException, GeneralSecurityException {
            if (instance == null) {
                instance = generate();
            }
            return instance;
        }

        private static TestCertificate generate() throws IOException, GeneralSecurityException {
            char[] password = "test-only".toCharArray();
            Path folder = Files.createTempDirectory("fake-key-vault");
            Path keyStoreFile = folder.resolve("tls.p12");
            try {
                Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                        "-genkeypair", "-alias", "tls", "-keyalg", "EC", "-groupname", "secp256r1",
                        "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
                        "-storetype", "PKCS12", "-keystore", keyStoreFile.toString(),
                        "-storepass", new String(password), "-keypass", new String(password))
                        .redirectErrorStream(true).start();
                String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (keytool.waitFor() != 0) {
                    throw new IllegalStateException("keytool could not make the test certificate: " + output);
                }
                KeyStore keyStore = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(keyStoreFile)) {
                    keyStore.load(in, password);
                }
                KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(keyStore, password);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(keys.getKeyManagers(), null, null);
                return new TestCertificate(context, (X509Certificate) keyStore.getCertificate("tls"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while making the test certificate", e);
            } finally {
                Files.deleteIfExists(keyStoreFile);
                Files.deleteIfExists(folder);
            }
        }
    }
}
