package com.cardscry.portal.adapters.entra;

import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The issuer's key endpoints for tests: an OpenID metadata document and the JWK set it names, on
 * 127.0.0.1 at a free port. Publishes public keys only, counts requests, and can be switched to
 * answer 503 as an outage.
 */
final class FakeJwksServer implements AutoCloseable {

    static final String METADATA_PATH = "/tenant/v2.0/.well-known/openid-configuration";
    static final String JWKS_PATH = "/tenant/discovery/v2.0/keys";

    private final HttpServer server;
    private final AtomicInteger keySetRequests = new AtomicInteger();
    private final AtomicInteger metadataRequests = new AtomicInteger();
    private volatile String keySetJson;
    private volatile boolean down;

    FakeJwksServer(JWKSet keys) throws IOException {
        publish(keys);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(JWKS_PATH, exchange -> {
            keySetRequests.incrementAndGet();
            answer(exchange, keySetJson);
        });
        server.createContext(METADATA_PATH, exchange -> {
            metadataRequests.incrementAndGet();
            answer(exchange, "{\"issuer\":\"unused\",\"jwks_uri\":\"" + jwksUrl() + "\"}");
        });
        server.start();
    }

    URI jwksUrl() {
        return URI.create(base() + JWKS_PATH);
    }

    URI metadataUrl() {
        return URI.create(base() + METADATA_PATH);
    }

    /** From now on the endpoint serves these keys, stripped to their public parts. */
    void publish(JWKSet keys) {
        keySetJson = keys.toPublicJWKSet().toString();
    }

    void goDown() {
        down = true;
    }

    void comeBack() {
        down = false;
    }

    int keySetRequests() {
        return keySetRequests.get();
    }

    int metadataRequests() {
        return metadataRequests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void answer(HttpExchange exchange, String json) throws IOException {
        try (exchange) {
            if (down) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
