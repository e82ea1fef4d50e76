package com.cardscry.portal.local.http;

import com.cardscry.portal.config.Settings;
import com.cardscry.portal.local.FunctionFactory;
import com.cardscry.portal.local.HostJson;
import com.cardscry.portal.local.LocalHost;
import com.cardscry.portal.local.fixtures.AuthLevelFunctions;
import com.cardscry.portal.local.fixtures.RequestFunctions;
import com.cardscry.portal.local.fixtures.RoutingFunctions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A local host on a free port serving the fixture functions, with known keys, a 1 KiB body limit and two
 * allowed cross-origin frontends.
 */
final class TestHost implements AutoCloseable {

    static final String FUNCTION_KEY = "function-key-for-tests-0123456789abcdef";
    static final String MASTER_KEY = "master-key-for-tests-0123456789abcdefgh";
    static final int MAX_BODY_BYTES = 1024;
    static final String FRONTEND_ORIGIN = "http://localhost:5173";
    static final String OTHER_FRONTEND_ORIGIN = "https://portal.cardscry.com";

    static final Map<String, String> SETTINGS = Map.of(
            "PORTAL_ENVIRONMENT", "local",
            "PORTAL_LOCAL_PORT", "0",
            "PORTAL_MAX_BODY_BYTES", String.valueOf(MAX_BODY_BYTES),
            "PORTAL_LOCAL_FUNCTION_KEY", FUNCTION_KEY,
            "PORTAL_LOCAL_MASTER_KEY", MASTER_KEY,
            "PORTAL_CORS_ALLOWED_ORIGINS", FRONTEND_ORIGIN + "," + OTHER_FRONTEND_ORIGIN);

    static final List<Class<?>> FIXTURES = List.of(RoutingFunctions.class, AuthLevelFunctions.class, RequestFunctions.class);

    final RequestFunctions.Gate gate = new RequestFunctions.Gate();
    final LocalHost host;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    TestHost() {
        this(HostJson.DEFAULTS, FIXTURES);
    }

    TestHost(HostJson hostJson, Collection<Class<?>> functionClasses) {
        this.host = LocalHost.start(new LocalHost.Options(Settings.of(SETTINGS), hostJson, functionClasses, factory(gate)));
    }

    static FunctionFactory factory(RequestFunctions.Gate gate) {
        return new FunctionFactory() {
            @Override
            public <T> T newInstance(Class<T> functionClass) throws Exception {
                if (functionClass == RequestFunctions.class) {
                    return functionClass.cast(new RequestFunctions(gate));
                }
                return functionClass.getConstructor().newInstance();
            }
        };
    }

    URI uri(String pathAndQuery) {
        return host.baseUri().resolve(pathAndQuery.startsWith("/") ? pathAndQuery.substring(1) : pathAndQuery);
    }

    HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(uri(pathAndQuery));
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> send(String method, String pathAndQuery) {
        return send(request(pathAndQuery).method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    @Override
    public void close() {
        gate.release().countDown();
        host.close();
    }
}
