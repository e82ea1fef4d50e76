package com.cardscry.portal.testing;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The test double of the request an HTTP function receives, as the Functions worker hands it over:
 * the body as an optional string, headers and query parameters as maps. Headers keep the names the
 * test gave them, so code under test must look them up without regard to case, as HTTP demands.
 * Responses are {@link FakeHttpResponse}s.
 *
 * <pre>{@code
 * var request = FakeHttpRequest.post("/api/v1/signup").jsonBody("{\"name\":\"Ada\"}").build();
 * }</pre>
 */
public final class FakeHttpRequest implements HttpRequestMessage<Optional<String>> {

    /** Where relative request paths are resolved, as the local host serves them. */
    public static final URI LOCAL_ORIGIN = URI.create("http://127.0.0.1:7071");

    private final HttpMethod method;
    private final URI uri;
    private final Map<String, String> headers;
    private final Map<String, String> query;
    private final Optional<String> body;

    private FakeHttpRequest(Builder builder) {
        this.method = builder.method;
        this.uri = builder.uri;
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(builder.headers));
        this.query = Collections.unmodifiableMap(queryOf(builder.uri));
        this.body = Optional.ofNullable(builder.body);
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

    @Override
    public URI getUri() {
        return uri;
    }

    @Override
    public HttpMethod getHttpMethod() {
        return method;
    }

    @Override
    public Map<String, String> getHeaders() {
        return headers;
    }

    @Override
    public Map<String, String> getQueryParameters() {
        return query;
    }

    @Override
    public Optional<String> getBody() {
        return body;
    }

    @Override
    public HttpResponseMessage.Builder createResponseBuilder(HttpStatus status) {
        return new FakeHttpResponse.Builder(status);
    }

    @Override
    public HttpResponseMessage.Builder createResponseBuilder(HttpStatusType status) {
        return new FakeHttpResponse.Builder(status);
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
            // Like the worker: one value per name, the first one given.
            parameters.putIfAbsent(decode(name), decode(value));
        }
        return parameters;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /** Builds a {@link FakeHttpRequest}; every part but method and URI is optional. */
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
            headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
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

        public FakeHttpRequest build() {
            return new FakeHttpRequest(this);
        }

        private static String encode(String text) {
            return URLEncoder.encode(Objects.requireNonNull(text), StandardCharsets.UTF_8);
        }
    }
}
