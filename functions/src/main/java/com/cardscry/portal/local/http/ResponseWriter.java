package com.cardscry.portal.local.http;

import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.functions.http.JsonResponses;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes responses to the JDK server: a function's {@link HttpResponseMessage}, or one of the host's own
 * problem documents. A {@code String} body is sent as UTF-8 ({@code text/plain} unless the function set
 * a content type), a {@code byte[]} as is ({@code application/octet-stream}), any other object as JSON
 * ({@code application/json}). Responses to {@code HEAD}, {@code 1xx}, {@code 204} and {@code 304} carry
 * no body, as HTTP requires. Headers the host set before the function's response is written (CORS)
 * win over the function's own; {@code Vary} collects both.
 */
final class ResponseWriter {

    private ResponseWriter() {
    }

    static void write(HttpExchange exchange, HttpResponseMessage response) throws IOException {
        Object body = response.getBody();
        Map<String, String> headers = response instanceof LocalHttpResponse local ? local.headers() : Map.of();
        headers.forEach((name, value) -> {
            if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")) {
                // The server frames the body itself; a function's own framing headers would contradict it.
                return;
            }
            if (name.equalsIgnoreCase("Vary")) {
                exchange.getResponseHeaders().add(name, value);
            } else if (!exchange.getResponseHeaders().containsKey(name)) {
                // What the host has set already (CORS) wins, as the platform's CORS does in Azure.
                exchange.getResponseHeaders().set(name, value);
            }
        });
        if (body != null && !exchange.getResponseHeaders().containsKey("Content-Type")) {
            exchange.getResponseHeaders().set("Content-Type", defaultContentType(body));
        }
        send(exchange, response.getStatusCode(), body == null ? new byte[0] : bytes(body));
    }

    static void problem(HttpExchange exchange, ProblemType type, String detail) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", JsonResponses.PROBLEM_JSON);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        String document = JsonResponses.write(JsonResponses.problemDocument(Problem.of(type, detail)));
        send(exchange, type.status(), document.getBytes(StandardCharsets.UTF_8));
    }

    static void noContent(HttpExchange exchange) throws IOException {
        send(exchange, 204, new byte[0]);
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        boolean bodyless = exchange.getRequestMethod().equals("HEAD") || status < 200 || status == 204 || status == 304;
        if (bodyless || body.length == 0) {
            // -1 is "no body" to the JDK server; 0 would mean a chunked body of unknown length.
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static byte[] bytes(Object body) {
        if (body instanceof byte[] raw) {
            return raw;
        }
        if (body instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        return JsonResponses.write(body).getBytes(StandardCharsets.UTF_8);
    }

    private static String defaultContentType(Object body) {
        if (body instanceof byte[]) {
            return "application/octet-stream";
        }
        if (body instanceof String) {
            return "text/plain; charset=utf-8";
        }
        return JsonResponses.JSON;
    }
}
