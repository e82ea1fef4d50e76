package com.cardscry.portal.testing;

import com.cardscry.portal.local.http.LocalHttpRequest;
import com.microsoft.azure.functions.HttpMethod;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Requests for calling an HTTP function directly in a test. They are the local host's own
 * {@link LocalHttpRequest}s, shaped as the Functions worker hands requests over (header names in
 * lower case, query parameters decoded, first value wins), so a function meets in a unit test what
 * it meets when served; its responses are {@code LocalHttpResponse}s (see {@link HttpResponses}).
 *
 * <pre>{@code
 * var request = HttpRequests.post("/api/v1/signup").jsonBody("{\"name\":\"Ada\"}").build();
 * }</pre>
 */
public final class HttpRequests {

    /** Where relative request paths are resolved, as the local host serves them. */
    public static final URI LOCAL_ORIGIN = URI.create("http://127.0.0.1:7071");

    private HttpRequests() {
    }

    /** A request with this method to {@code uri}: absolute, or a path such as {@code /api/v1/health?x=1}. */
    public static Builder builder(HttpMethod method, String uri) {
        return new Builder(method, uri);
    }

    public static Builder get(String uri) {
        return builder(HttpMethod.GET, uri);
    }

    public static Builder post(String uri) {
        return builder(HttpMethod.POST, uri);
    }

    /** Builds a request; every part but method and URI is optional. */
    public static final class Builder {
        private final HttpMethod method;
        private URI uri;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String body;

        private Builder(HttpMethod method, String uri) {
            this.method = Objects.requireNonNull(method, "method");
            this.uri = LOCAL_ORIGIN.resolve(Objects.requireNonNull(uri, "uri"));
        }

        public Builder header(String name, String value) {
            headers.put(name.toLowerCase(Locale.ROOT), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Adds a query parameter to the URI; name and value are percent-encoded as needed. */
        public Builder query(String name, String value) {
            String pair = encode(name) + "=" + encode(value);
            String query = uri.getRawQuery() == null ? pair : uri.getRawQuery() + "&" + pair;
            uri = URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath() + "?" + query);
            return this;
        }

        /** The body exactly as given; no Content-Type is implied. */
        public Builder body(String body) {
            this.body = Objects.requireNonNull(body, "body");
            return this;
        }

        /** The body with {@code Content-Type: application/json}. */
        public Builder jsonBody(String json) {
            return header("Content-Type", "application/json").body(json);
        }

        public LocalHttpRequest build() {
            return new LocalHttpRequest(uri, method, headers, queryOf(uri), Optional.ofNullable(body));
        }

        private static Map<String, String> queryOf(URI uri) {
            Map<String, String> parameters = new LinkedHashMap<>();
            String raw = uri.getRawQuery();
            if (raw == null || raw.isEmpty()) {
                return parameters;
            }
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                String name = equals < 0 ? pair : pair.substring(0, equals);
                String value = equals < 0 ? "" : pair.substring(equals + 1);
                parameters.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
            }
            return parameters;
        }

        private static String encode(String text) {
            return URLEncoder.encode(Objects.requireNonNull(text), StandardCharsets.UTF_8);
        }
    }
}
