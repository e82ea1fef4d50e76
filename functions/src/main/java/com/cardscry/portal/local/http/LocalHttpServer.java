package com.cardscry.portal.local.http;

import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.local.FunctionFactory;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The HTTP half of the local host: the JDK's HTTP server on 127.0.0.1 calling HTTP functions.
 *
 * <p>A request is answered in this order, each step with an {@code application/problem+json} document
 * when it fails: the route ({@code 404 route-not-found}; {@code 405 method-not-allowed} with an
 * {@code Allow} header), the key for the route's auth level ({@code 401 unauthenticated}), the body
 * ({@code 413 payload-too-large} when {@code Content-Length} exceeds the limit, before anything is read,
 * or when a chunked body does, after at most limit + 1 bytes; {@code 400 invalid-request} when it is not
 * UTF-8: the body is not text at all, so "not valid JSON" would mislead), then the function
 * ({@code 500 internal-error} when it throws; the response and the log name only the function and the
 * exception class, since exception messages may carry personal data). {@code HEAD} and {@code OPTIONS}
 * are ordinary methods: a route serves them only if its trigger lists them.
 *
 * <p>Like the platform's front end in Azure, the host applies the {@link CorsPolicy} to every response
 * and answers CORS preflights ({@code OPTIONS} with {@code Origin} and
 * {@code Access-Control-Request-Method}) itself, before routing to a function and without a key: from an
 * allowed origin, for a path some route serves, {@code 204} with the route's methods, the allowed
 * request headers and a max age; for a path no route serves, {@code 404 route-not-found}; from any other
 * origin, {@code 400 invalid-request} with no CORS header, as App Service answers a preflight from an
 * origin it does not allow.
 *
 * <p>Like that front end, too, it sets {@code X-Forwarded-For} on every request a function receives to
 * the TCP peer's address and port ({@code 127.0.0.1:54321}, {@code [::1]:54321}), replacing whatever the
 * client sent, so a function finds the client address where it finds it in Azure.
 *
 * <p>Requests run on a bounded pool; when its queue is full the server's own thread runs the request,
 * which holds back new connections rather than dropping them. {@link #close()} stops gracefully.
 */
public final class LocalHttpServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalHttpServer.class.getName());
    private static final int WORKER_THREADS = 16;
    private static final int QUEUED_REQUESTS = 256;
    private static final String KEY_HEADER = "x-functions-key";
    private static final String KEY_QUERY_PARAMETER = "code";
    private static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";

    private static final String FORWARDED_FOR_HEADER = "x-forwarded-for";

    private final RouteTable routes;
    private final FunctionKeys keys;
    private final CorsPolicy cors;
    private final FunctionFactory functionFactory;
    private final int maxBodyBytes;
    /** How much of a refused body is read and discarded before answering 413 (Tomcat swallows 2 MiB). */
    static final long SWALLOW_LIMIT_BYTES = 16L * 1024 * 1024;

    private final Duration drainTimeout;
    private final HttpServer server;
    private final ThreadPoolExecutor executor;

    private final Object inFlightLock = new Object();
    private int inFlight;
    private boolean stopping;

    private LocalHttpServer(RouteTable routes, FunctionKeys keys, CorsPolicy cors, FunctionFactory functionFactory,
                            int maxBodyBytes, Duration drainTimeout, HttpServer server) {
        this.routes = routes;
        this.keys = keys;
        this.cors = cors;
        this.functionFactory = functionFactory;
        this.maxBodyBytes = maxBodyBytes;
        this.drainTimeout = drainTimeout;
        this.server = server;
        AtomicInteger threadNumber = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(WORKER_THREADS, WORKER_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(QUEUED_REQUESTS),
                task -> new Thread(task, "local-http-" + threadNumber.incrementAndGet()),
                new ThreadPoolExecutor.CallerRunsPolicy());
        executor.allowCoreThreadTimeOut(true);
    }

    /**
     * The JDK's server writes a response's headers and body separately and, unless told, leaves Nagle's
     * algorithm on: the body then waits for the client's delayed ACK of the headers, some 40 ms on
     * Linux, on every response of a kept-alive connection (bench/README.md measured 720 requests/s with
     * it, about 30,000 without). The JDK reads the property once, when its first server is made, so an
     * earlier server in the same JVM (a test's) keeps the default; an explicit setting is respected.
     */
    private static void sendSmallWritesAtOnce() {
        if (System.getProperty(NO_DELAY_PROPERTY) == null) {
            System.setProperty(NO_DELAY_PROPERTY, "true");
        }
    }

    /**
     * Binds 127.0.0.1:{@code port} (0 picks a free port) and starts serving.
     *
     * @param drainTimeout how long {@link #close()} waits for requests in flight
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static LocalHttpServer start(RouteTable routes, FunctionKeys keys, CorsPolicy cors, FunctionFactory functionFactory,
                                        int maxBodyBytes, int port, Duration drainTimeout) {
        sendSmallWritesAtOnce();
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
        }
        LocalHttpServer host = new LocalHttpServer(routes, keys, cors, functionFactory, maxBodyBytes, drainTimeout, server);
        server.createContext("/", host::handle);
        server.setExecutor(host.executor);
        server.start();
        return host;
    }

    /** The bound port; the free one chosen when started with port 0. */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Stops gracefully: requests arriving from now on are answered {@code 503 service-unavailable},
     * requests in flight may finish (for at most the drain timeout), then the server closes its socket
     * and connections.
     */
    @Override
    public void close() {
        synchronized (inFlightLock) {
            stopping = true;
            long deadline = System.nanoTime() + drainTimeout.toNanos();
            try {
                while (inFlight > 0 && System.nanoTime() < deadline) {
                    TimeUnit.NANOSECONDS.timedWait(inFlightLock, deadline - System.nanoTime());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (inFlight > 0) {
                LOG.warning(inFlight + " request(s) still running after " + drainTimeout.toSeconds() + " s; stopping anyway");
            }
        }
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            Optional<String> allowedOrigin = cors.allowedOrigin(exchange.getRequestHeaders());
            allowedOrigin.ifPresent(origin -> cors.addResponseHeaders(origin, exchange.getResponseHeaders()));
            if (!enter()) {
                exchange.getResponseHeaders().set("Connection", "close");
                ResponseWriter.problem(exchange, ProblemType.SERVICE_UNAVAILABLE, "The local host is stopping.");
                return;
            }
            try {
                respond(exchange, allowedOrigin.isPresent());
            } finally {
                leave();
            }
        } catch (IOException clientWentAway) {
            LOG.fine("response not delivered: " + clientWentAway.getClass().getSimpleName());
        }
    }

    private boolean enter() {
        synchronized (inFlightLock) {
            if (stopping) {
                return false;
            }
            inFlight++;
            return true;
        }
    }

    private void leave() {
        synchronized (inFlightLock) {
            inFlight--;
            inFlightLock.notifyAll();
        }
    }

    private void respond(HttpExchange exchange, boolean fromAllowedOrigin) throws IOException {
        URI target = exchange.getRequestURI();
        List<String> path;
        Map<String, String> query;
        try {
            path = pathSegments(target.getRawPath());
            query = queryParameters(target.getRawQuery());
        } catch (IllegalArgumentException badEncoding) {
            ResponseWriter.problem(exchange, ProblemType.INVALID_REQUEST, "The request URI is not validly percent-encoded.");
            return;
        }
        if (CorsPolicy.isPreflight(exchange.getRequestMethod(), exchange.getRequestHeaders())) {
            answerPreflight(exchange, path, fromAllowedOrigin);
            return;
        }
        RouteTable.Resolution resolution = routes.resolve(method(exchange.getRequestMethod()), path);
        if (resolution instanceof RouteTable.NotFound) {
            ResponseWriter.problem(exchange, ProblemType.ROUTE_NOT_FOUND, "No function serves this path.");
        } else if (resolution instanceof RouteTable.MethodNotAllowed notAllowed) {
            String allowed = notAllowed.allowed().stream().map(Enum::name).collect(Collectors.joining(", "));
            exchange.getResponseHeaders().set("Allow", allowed);
            ResponseWriter.problem(exchange, ProblemType.METHOD_NOT_ALLOWED, "This route accepts " + allowed + ".");
        } else if (resolution instanceof RouteTable.Found found) {
            serve(exchange, found, query);
        }
    }

    private void answerPreflight(HttpExchange exchange, List<String> path, boolean fromAllowedOrigin) throws IOException {
        if (!fromAllowedOrigin) {
            ResponseWriter.problem(exchange, ProblemType.INVALID_REQUEST, "This origin may not make cross-origin requests.");
            return;
        }
        Set<HttpMethod> methods = routes.methodsAt(path);
        if (methods.isEmpty()) {
            ResponseWriter.problem(exchange, ProblemType.ROUTE_NOT_FOUND, "No function serves this path.");
            return;
        }
        cors.addPreflightHeaders(methods, exchange.getResponseHeaders());
        ResponseWriter.noContent(exchange);
    }

    private void serve(HttpExchange exchange, RouteTable.Found found, Map<String, String> query) throws IOException {
        HttpEndpoint endpoint = found.endpoint();
        Map<String, String> headers = headers(exchange);
        headers.put(FORWARDED_FOR_HEADER, peerAddress(exchange));
        if (!keys.admits(endpoint.authLevel(), presentedKey(headers, query))) {
            ResponseWriter.problem(exchange, ProblemType.UNAUTHENTICATED, endpoint.authLevel() + " routes need a valid key"
                    + " in the " + KEY_HEADER + " header or the " + KEY_QUERY_PARAMETER + " query parameter.");
            return;
        }
        Optional<String> declaredLength = Optional.ofNullable(headers.get("content-length"));
        if (declaredLength.isPresent() && exceedsLimit(declaredLength.get())) {
            if (declaredLengthAtMost(declaredLength.get(), SWALLOW_LIMIT_BYTES)) {
                swallow(exchange.getRequestBody());
            }
            refuseTooLarge(exchange);
            return;
        }
        byte[] body = readAtMostLimitPlusOne(exchange.getRequestBody());
        if (body.length > maxBodyBytes) {
            swallow(exchange.getRequestBody());
            refuseTooLarge(exchange);
            return;
        }
        Optional<String> text;
        try {
            text = body.length == 0 ? Optional.empty() : Optional.of(utf8(body));
        } catch (CharacterCodingException notUtf8) {
            ResponseWriter.problem(exchange, ProblemType.INVALID_REQUEST, "The request body is not valid UTF-8 text.");
            return;
        }
        LocalHttpRequest request = new LocalHttpRequest(
                URI.create("http://127.0.0.1:" + port() + exchange.getRequestURI()),
                HttpMethod.value(exchange.getRequestMethod()), headers, query, text);
        Optional<HttpResponseMessage> response = invoke(endpoint, request, found.routeValues());
        if (response.isPresent()) {
            ResponseWriter.write(exchange, response.get());
        } else {
            ResponseWriter.problem(exchange, ProblemType.INTERNAL_ERROR, "The function failed; the local host's log names it.");
        }
    }

    /** The function's response, or empty when it failed (which is logged without its message). */
    private Optional<HttpResponseMessage> invoke(HttpEndpoint endpoint, LocalHttpRequest request, Map<String, String> routeValues) {
        try {
            HttpResponseMessage response = endpoint.invoke(functionFactory, request, routeValues);
            if (response == null) {
                LOG.warning(() -> "function '" + endpoint.functionName() + "' returned no response");
            }
            return Optional.ofNullable(response);
        } catch (InvocationTargetException thrown) {
            LOG.warning(() -> "function '" + endpoint.functionName() + "' threw " + thrown.getCause().getClass().getName());
        } catch (Exception notInvoked) {
            LOG.warning(() -> "function '" + endpoint.functionName() + "' could not be invoked: " + notInvoked.getClass().getName());
        }
        return Optional.empty();
    }

    private static Optional<HttpMethod> method(String name) {
        return Arrays.stream(HttpMethod.values()).filter(method -> method.name().equals(name)).findFirst();
    }

    /** The path without its leading slash, split at {@code /} (one trailing slash ignored), each segment decoded. */
    private static List<String> pathSegments(String rawPath) {
        String path = rawPath == null ? "" : rawPath;
        path = path.startsWith("/") ? path.substring(1) : path;
        path = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        List<String> segments = new ArrayList<>();
        if (!path.isEmpty()) {
            for (String segment : path.split("/", -1)) {
                // '+' is a literal plus in a path; URLDecoder would make it a space.
                segments.add(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return segments;
    }

    private static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            parameters.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return parameters;
    }

    private static Map<String, String> headers(HttpExchange exchange) {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.merge(name.toLowerCase(Locale.ROOT), String.join(", ", values), (a, b) -> a + ", " + b));
        return headers;
    }

    /** The TCP peer as App Service writes it into {@code X-Forwarded-For}: {@code ip:port}, IPv6 in brackets. */
    private static String peerAddress(HttpExchange exchange) {
        InetSocketAddress peer = exchange.getRemoteAddress();
        InetAddress address = peer.getAddress();
        String host = address.getHostAddress();
        if (address instanceof Inet6Address) {
            int zone = host.indexOf('%');
            host = "[" + (zone < 0 ? host : host.substring(0, zone)) + "]";
        }
        return host + ":" + peer.getPort();
    }

    private static Optional<String> presentedKey(Map<String, String> headers, Map<String, String> query) {
        return Optional.ofNullable(headers.get(KEY_HEADER)).or(() -> Optional.ofNullable(query.get(KEY_QUERY_PARAMETER)));
    }

    private boolean exceedsLimit(String contentLength) {
        try {
            return Long.parseLong(contentLength.strip()) > maxBodyBytes;
        } catch (NumberFormatException notANumber) {
            // Repeated lengths ("5, 5") reach here; the bounded read still enforces the limit.
            return false;
        }
    }

    private void refuseTooLarge(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Connection", "close");
        ResponseWriter.problem(exchange, ProblemType.PAYLOAD_TOO_LARGE, "Request bodies are limited to " + maxBodyBytes + " bytes.");
    }

    /**
     * Reads and discards what is left of a refused body, up to {@link #SWALLOW_LIMIT_BYTES}. Closing a
     * socket with unread bytes makes TCP send a reset, and a reset can discard the 413 the client has
     * not read yet; past the limit the client is abusive and the connection is simply closed.
     */
    private static void swallow(InputStream body) throws IOException {
        long skipped = 0;
        byte[] buffer = new byte[64 * 1024];
        int read;
        while (skipped < SWALLOW_LIMIT_BYTES && (read = body.read(buffer)) != -1) {
            skipped += read;
        }
    }

    private static boolean declaredLengthAtMost(String contentLength, long limit) {
        try {
            return Long.parseLong(contentLength.strip()) <= limit;
        } catch (NumberFormatException notANumber) {
            return false;
        }
    }

    private byte[] readAtMostLimitPlusOne(InputStream in) throws IOException {
        return in.readNBytes(maxBodyBytes + 1);
    }

    private static String utf8(byte[] body) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(body))
                .toString();
    }
}
