package com.cardscry.portal.testing;

import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The response an HTTP function builds through {@link FakeHttpRequest#createResponseBuilder}: status,
 * headers (looked up without regard to case; a repeated header keeps the last value, as the worker
 * does) and body, kept as given so that a test can read them back.
 */
public final class FakeHttpResponse implements HttpResponseMessage {

    private final HttpStatusType status;
    private final Map<String, String> headers;
    private final Object body;

    private FakeHttpResponse(Builder builder) {
        this.status = builder.status;
        Map<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(builder.headers);
        this.headers = Collections.unmodifiableMap(copy);
        this.body = builder.body;
    }

    @Override
    public HttpStatusType getStatus() {
        return status;
    }

    @Override
    public String getHeader(String name) {
        return headers.get(name);
    }

    /** Every header, with case-insensitive keys. */
    public Map<String, String> headers() {
        return headers;
    }

    @Override
    public Object getBody() {
        return body;
    }

    /** The body as the text the function set; fails the test if it set something else. */
    public String bodyAsString() {
        if (body != null && !(body instanceof String)) {
            throw new AssertionError("expected a String body but the function set a " + body.getClass().getName());
        }
        return (String) body;
    }

    /**
     * Casts a response made from a {@link FakeHttpRequest}; fails the test if the function built its
     * response some other way.
     */
    public static FakeHttpResponse of(HttpResponseMessage response) {
        if (!(response instanceof FakeHttpResponse fake)) {
            throw new AssertionError("the response was not built from the request's response builder: " + response);
        }
        return fake;
    }

    /** The builder a {@link FakeHttpRequest} hands out. */
    public static final class Builder implements HttpResponseMessage.Builder {
        private HttpStatusType status;
        private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        private Object body;

        Builder(HttpStatusType status) {
            this.status = Objects.requireNonNull(status, "status");
        }

        @Override
        public Builder status(HttpStatusType status) {
            this.status = Objects.requireNonNull(status, "status");
            return this;
        }

        @Override
        public Builder header(String name, String value) {
            headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        @Override
        public Builder body(Object body) {
            this.body = body;
            return this;
        }

        @Override
        public FakeHttpResponse build() {
            return new FakeHttpResponse(this);
        }
    }
}
