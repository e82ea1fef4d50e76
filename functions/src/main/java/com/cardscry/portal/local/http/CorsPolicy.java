package com.cardscry.portal.local.http;

import com.microsoft.azure.functions.HttpMethod;
import com.sun.net.httpserver.Headers;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Cross-origin access as the platform's CORS gives it in Azure (App Service CORS, configured by Bicep
 * from the same setting), so the frontend meets the same rules locally.
 *
 * <p>A request whose single {@code Origin} header is exactly one of the allowed origins gets
 * {@code Access-Control-Allow-Origin} naming that origin, {@code Access-Control-Allow-Credentials: true}
 * (sessions are a cookie), {@code Vary: Origin} and {@code Access-Control-Expose-Headers} for the
 * headers the frontend reads; on every response, including the host's own errors. Any other origin
 * gets no CORS header at all: its request still runs, as it would in Azure, and the browser keeps the
 * response from the page. Preflights are answered by {@link LocalHttpServer}, never by a function.
 */
public final class CorsPolicy {

    /** The request headers the frontend sends: bearer token, JSON bodies, the CSRF token, ETag preconditions. */
    static final List<String> ALLOWED_REQUEST_HEADERS = List.of("Authorization", "Content-Type", "X-CSRF-Token", "If-Match");

    /** The response headers the frontend reads beyond the CORS-safelisted ones. */
    static final List<String> EXPOSED_RESPONSE_HEADERS = List.of("Retry-After", "Location", "ETag");

    /** How long a browser may reuse a preflight answer. */
    static final Duration PREFLIGHT_MAX_AGE = Duration.ofMinutes(10);

    private final Set<String> allowedOrigins;

    private CorsPolicy(Set<String> allowedOrigins) {
        this.allowedOrigins = allowedOrigins;
    }

    /** @param origins exact origins, as a browser sends them ({@code http://localhost:5173}); none allows no cross-origin access */
    public static CorsPolicy allowing(Collection<String> origins) {
        return new CorsPolicy(Set.copyOf(origins));
    }

    /** The allowed origins, for the host's start-up listing. */
    public Set<String> allowedOrigins() {
        return allowedOrigins;
    }

    /** Whether a request is a CORS preflight: {@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method}. */
    static boolean isPreflight(String method, Headers requestHeaders) {
        return method.equals("OPTIONS") && requestHeaders.containsKey("Origin")
                && requestHeaders.containsKey("Access-Control-Request-Method");
    }

    /** The request's origin when it is one of the allowed ones; empty when absent, repeated or not allowed. */
    Optional<String> allowedOrigin(Headers requestHeaders) {
        List<String> origins = requestHeaders.get("Origin");
        if (origins == null || origins.size() != 1 || !allowedOrigins.contains(origins.get(0))) {
            return Optional.empty();
        }
        return Optional.of(origins.get(0));
    }

    /** The headers every response to an allowed origin carries. */
    void addResponseHeaders(String allowedOrigin, Headers responseHeaders) {
        responseHeaders.set("Access-Control-Allow-Origin", allowedOrigin);
        responseHeaders.set("Access-Control-Allow-Credentials", "true");
        responseHeaders.set("Access-Control-Expose-Headers", String.join(", ", EXPOSED_RESPONSE_HEADERS));
        responseHeaders.add("Vary", "Origin");
    }

    /** What a preflight from an allowed origin is told about a route serving {@code methods}. */
    void addPreflightHeaders(Set<HttpMethod> methods, Headers responseHeaders) {
        responseHeaders.set("Access-Control-Allow-Methods", methods.stream().map(Enum::name).collect(Collectors.joining(", ")));
        responseHeaders.set("Access-Control-Allow-Headers", String.join(", ", ALLOWED_REQUEST_HEADERS));
        responseHeaders.set("Access-Control-Max-Age", String.valueOf(PREFLIGHT_MAX_AGE.toSeconds()));
    }
}
