package com.cardscry.portal.local.http;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.contract.OpenApiContract;
import com.cardscry.portal.local.HostJson;
import com.cardscry.portal.local.fixtures.BrokenFunctions;
import com.cardscry.portal.local.fixtures.RequestFunctions;
import com.cardscry.portal.local.fixtures.RoutingFunctions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The local host's HTTP behaviour, end to end over a real socket with the JDK's HTTP client. */
class LocalHttpServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestHost host;

    @BeforeEach
    void start() {
        host = new TestHost();
    }

    @AfterEach
    void stop() {
        host.close();
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    private static void assertProblem(HttpResponse<String> response, ProblemType type) {
        JsonNode problem = json(response);
        assertAll(
                () -> assertEquals(type.status(), response.statusCode()),
                () -> assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse("")),
                () -> assertEquals(type.uri(), problem.path("type").asText()),
                () -> assertEquals(type.status(), problem.path("status").asInt()),
                () -> assertEquals(type.title(), problem.path("title").asText()),
                // The host's own problem documents have the shape every client is promised.
                () -> OpenApiContract.load().assertConformsToSchema("Problem", response.body()));
    }

    @Nested
    class Routing {

        @ParameterizedTest(name = "{0} {1} -> {2}")
        @CsvSource(delimiter = '|', textBlock = """
                GET    | /api/v1/sessions                                    | listSessions
                DELETE | /api/v1/sessions/current                            | endCurrentSession
                GET    | /api/v1/sessions/current                            | session GET current
                DELETE | /api/v1/sessions/abc                                | session DELETE abc
                GET    | /api/v1/sessions/abc/                               | session GET abc
                GET    | /API/V1/Sessions/AbC                                | session GET AbC
                DELETE | /api/V1/SESSIONS/CURRENT                            | endCurrentSession
                GET    | /api/v1/things/41                                   | int 42
                GET    | /api/v1/things/-7                                   | int -6
                GET    | /api/v1/things/0f8fad5b-d9cb-469f-a165-70867728950e | guid 0f8fad5b-d9cb-469f-a165-70867728950e
                GET    | /api/v1/things/widget                               | alpha widget
                GET    | /api/v1/pages                                       | page none
                GET    | /api/v1/pages/3                                     | page 3
                GET    | /api/Ping                                           | pong
                GET    | /api/ping                                           | pong
                GET    | /api/v1/sessions/a%20b                              | session GET a b
                """)
        void reachesTheMostSpecificFunctionThatAcceptsTheMethod(String method, String path, String answer) {
            HttpResponse<String> response = host.send(method, path);

            assertEquals(200, response.statusCode(), response.body());
            assertEquals(answer, response.body());
        }

        @ParameterizedTest(name = "GET {0} -> 404")
        @CsvSource({
            "/api/v1/things/2147483648",   // beyond a 32-bit int, and neither a guid nor letters
            "/api/v1/things/12ab",         // digits and letters: no constraint accepts it
            "/api/v1/pages/two",           // the optional segment is int-constrained
            "/api/v1/pages/1/2",           // more segments than the template
            "/v1/sessions",                // the route prefix is required
            "/api/v1/sessions/a/b",
            "/",
        })
        void pathsNoTemplateMatchesAreNotFound(String path) {
            assertProblem(host.send("GET", path), ProblemType.ROUTE_NOT_FOUND);
        }

        @Test
        void aRouteWithoutPrefixIsServedWhenHostJsonSetsAnEmptyPrefix() {
            try (TestHost unprefixed = new TestHost(HostJson.parse("{\"extensions\":{\"http\":{\"routePrefix\":\"\"}}}"),
                    List.of(RoutingFunctions.class))) {
                assertEquals("listSessions", unprefixed.send("GET", "/v1/sessions").body());
                assertProblem(unprefixed.send("GET", "/api/v1/sessions"), ProblemType.ROUTE_NOT_FOUND);
            }
        }

        @Test
        void aCustomPrefixFromHostJsonIsUsed() {
            try (TestHost custom = new TestHost(HostJson.parse("{\"extensions\":{\"http\":{\"routePrefix\":\"/portal/\"}}}"),
                    List.of(RoutingFunctions.class))) {
                assertEquals("pong", custom.send("GET", "/portal/Ping").body());
            }
        }
    }

    @Nested
    class Returns405 {

        @Test
        void whenThePathExistsButNoFunctionThereAcceptsTheMethod() {
            HttpResponse<String> response = host.send("POST", "/api/v1/sessions/current");

            assertProblem(response, ProblemType.METHOD_NOT_ALLOWED);
            assertEquals(List.of("GET", "DELETE"), allowed(response));
        }

        @Test
        void forHeadAndOptionsUnlessTheTriggerListsThem() {
            HttpResponse<String> head = host.send("HEAD", "/api/v1/sessions");
            HttpResponse<String> options = host.send("OPTIONS", "/api/v1/sessions");

            assertEquals(405, head.statusCode());
            assertEquals("", head.body());
            assertEquals(List.of("GET"), allowed(head));
            assertProblem(options, ProblemType.METHOD_NOT_ALLOWED);
            assertEquals(List.of("GET"), allowed(options));
        }

        private List<String> allowed(HttpResponse<String> response) {
            return Arrays.stream(response.headers().firstValue("Allow").orElse("").split(",")).map(String::strip).toList();
        }
    }

    @Nested
    class Authorisation {

        static Stream<Arguments> matrix() {
            return Stream.of(
                    Arguments.of("anonymous", null, 200),
                    Arguments.of("anonymous", "wrong-key-0123456789abcdefghijklmnopq", 200),
                    Arguments.of("anonymous", TestHost.FUNCTION_KEY, 200),
                    Arguments.of("anonymous", TestHost.MASTER_KEY, 200),
                    Arguments.of("function", null, 401),
                    Arguments.of("function", "wrong-key-0123456789abcdefghijklmnopq", 401),
                    Arguments.of("function", "", 401),
                    Arguments.of("function", TestHost.FUNCTION_KEY, 200),
                    Arguments.of("function", TestHost.MASTER_KEY, 200),
                    Arguments.of("admin", null, 401),
                    Arguments.of("admin", "wrong-key-0123456789abcdefghijklmnopq", 401),
                    Arguments.of("admin", TestHost.FUNCTION_KEY, 401),
                    Arguments.of("admin", TestHost.MASTER_KEY, 200));
        }

        @ParameterizedTest(name = "{0} route, header key {1} -> {2}")
        @MethodSource("matrix")
        void keyInTheHeader(String level, String key, int status) {
            HttpRequest.Builder request = host.request("/api/auth/" + level).GET();
            if (key != null) {
                request.header("x-functions-key", key);
            }
            assertOutcome(host.send(request.build()), level, status);
        }

        @ParameterizedTest(name = "{0} route, query key {1} -> {2}")
        @MethodSource("matrix")
        void keyInTheQuery(String level, String key, int status) {
            String query = key == null ? "" : "?code=" + key;
            assertOutcome(host.send("GET", "/api/auth/" + level + query), level, status);
        }

        @Test
        void theHeaderWinsOverTheQuery() {
            HttpResponse<String> response = host.send(host.request("/api/auth/admin?code=" + TestHost.MASTER_KEY)
                    .header("x-functions-key", TestHost.FUNCTION_KEY).GET().build());

            assertProblem(response, ProblemType.UNAUTHENTICATED);
        }

        private void assertOutcome(HttpResponse<String> response, String level, int status) {
            if (status == 200) {
                assertEquals(200, response.statusCode(), response.body());
                assertEquals(level, response.body());
            } else {
                assertProblem(response, ProblemType.UNAUTHENTICATED);
                assertFalse(response.body().contains(TestHost.FUNCTION_KEY) || response.body().contains(TestHost.MASTER_KEY));
            }
        }
    }

    @Nested
    class RequestMapping {

        @Test
        void headersQueryAndBodyReachTheFunction() {
            HttpResponse<String> response = host.send(host.request("/api/v1/echo?name=J%C3%BCrgen+M&empty=&flag&name=second")
                    .header("X-Custom-Header", "Value One")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"greeting\":\"grüß dich\"}", StandardCharsets.UTF_8))
                    .build());

            assertEquals(200, response.statusCode(), response.body());
            assertEquals("yes", response.headers().firstValue("X-Echo").orElse(""));
            assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
            JsonNode seen = json(response);
            assertAll(
                    () -> assertEquals("echo", seen.path("function").asText()),
                    () -> assertEquals("POST", seen.path("method").asText()),
                    () -> assertEquals(host.uri("/api/v1/echo?name=J%C3%BCrgen+M&empty=&flag&name=second").toString(),
                            seen.path("uri").asText()),
                    () -> assertEquals("Value One", seen.path("headers").path("x-custom-header").asText()),
                    () -> assertTrue(seen.path("headers").has("content-length")),
                    () -> assertFalse(seen.path("headers").has("X-Custom-Header"), "header names are lower case"),
                    () -> assertEquals("Jürgen M", seen.path("query").path("name").asText(), "decoded, first value wins"),
                    () -> assertEquals("", seen.path("query").path("empty").asText()),
                    () -> assertEquals("", seen.path("query").path("flag").asText()),
                    () -> assertTrue(seen.path("bodyPresent").asBoolean()),
                    () -> assertEquals("{\"greeting\":\"grüß dich\"}", seen.path("body").asText()));
        }

        @Test
        void noBodyIsAnEmptyOptional() {
            JsonNode seen = json(host.send("GET", "/api/v1/echo"));

            assertFalse(seen.path("bodyPresent").asBoolean());
        }

        @Test
        void invalidUtf8IsRejectedAsAnInvalidRequest() {
            byte[] notUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

            HttpResponse<String> response = host.send(host.request("/api/v1/echo")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(notUtf8)).build());

            assertProblem(response, ProblemType.INVALID_REQUEST);
        }
    }

    @Nested
    class Returns413 {

        @Test
        void whenContentLengthExceedsTheLimit() {
            HttpResponse<String> response = host.send(host.request("/api/v1/echo")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[TestHost.MAX_BODY_BYTES + 1])).build());

            assertProblem(response, ProblemType.PAYLOAD_TOO_LARGE);
        }

        @Test
        void whenAChunkedBodyExceedsTheLimit() {
            byte[] body = new byte[TestHost.MAX_BODY_BYTES + 1];
            Arrays.fill(body, (byte) 'a');

            HttpResponse<String> response = host.send(host.request("/api/v1/echo")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build());

            assertProblem(response, ProblemType.PAYLOAD_TOO_LARGE);
        }

        @Test
        void butABodyOfExactlyTheLimitIsAccepted() {
            byte[] body = new byte[TestHost.MAX_BODY_BYTES];
            Arrays.fill(body, (byte) 'a');

            HttpResponse<String> response = host.send(host.request("/api/v1/echo")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build());

            assertEquals(200, response.statusCode());
            assertEquals(TestHost.MAX_BODY_BYTES, json(response).path("body").asText().length());
        }

        @Test
        void beforeTheBodyIsSent() throws IOException {
            // The client announces a gigabyte and sends none of it: only an answer that does not read the
            // body can arrive. The read timeout is a safety net so a regression fails instead of hanging.
            try (Socket socket = new Socket(host.host.baseUri().getHost(), host.host.port())) {
                socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(30));
                OutputStream out = socket.getOutputStream();
                out.write(("POST /api/v1/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 1000000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();

                String statusLine = statusLine(socket.getInputStream());
                assertTrue(statusLine.startsWith("HTTP/1.1 413 "), statusLine);
            }
        }

        private String statusLine(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString();
        }
    }

    @Nested
    class Returns500 {

        @Test
        void whenTheFunctionThrowsWithoutRevealingWhat() {
            CapturedLog log = CapturedLog.of(LocalHttpServer.class);
            HttpResponse<String> response;
            try {
                response = host.send("GET", "/api/v1/fail");
            } finally {
                log.close();
            }

            assertProblem(response, ProblemType.INTERNAL_ERROR);
            assertAll(
                    () -> assertFalse(response.body().contains(RequestFunctions.SECRET_IN_EXCEPTION)),
                    () -> assertFalse(response.body().contains("IllegalStateException")),
                    () -> assertFalse(response.body().contains("\tat "), "no stack trace"),
                    () -> assertTrue(log.text().contains("'fail'") && log.text().contains("java.lang.IllegalStateException"),
                            log.text()),
                    () -> assertFalse(log.text().contains(RequestFunctions.SECRET_IN_EXCEPTION), "no exception message in the log"));
        }
    }

    @Nested
    class Stopping {

        @Test
        void letsARequestInFlightFinishAndRefusesNewOnes() throws Exception {
            CompletableFuture<HttpResponse<String>> slow = host.client.sendAsync(
                    host.request("/api/v1/slow").GET().build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(host.gate.entered().await(30, TimeUnit.SECONDS), "the slow function never started");

            CompletableFuture<Void> closing = CompletableFuture.runAsync(host.host::close);
            HttpResponse<String> refused = pollUntilRefused();
            assertFalse(closing.isDone(), "close() must wait for the request in flight");

            host.gate.release().countDown();

            HttpResponse<String> finished = slow.get(30, TimeUnit.SECONDS);
            closing.get(30, TimeUnit.SECONDS);
            assertAll(
                    () -> assertEquals(200, finished.statusCode()),
                    () -> assertEquals("finished", finished.body()),
                    () -> assertProblem(refused, ProblemType.SERVICE_UNAVAILABLE));
        }

        /** Requests made before close() begins still succeed, so poll (boundedly) until one is refused. */
        private HttpResponse<String> pollUntilRefused() throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                HttpResponse<String> response = host.send("GET", "/api/v1/sessions");
                if (response.statusCode() != 200) {
                    return response;
                }
                Thread.onSpinWait();
            }
            throw new AssertionError("the host kept accepting requests while stopping");
        }
    }

    @Nested
    class StartUpFails {

        @Test
        void onAnUnknownConstraint() {
            IllegalStateException failure = assertThrows(IllegalStateException.class,
                    () -> new TestHost(HostJson.DEFAULTS, List.of(BrokenFunctions.UnknownConstraint.class)));

            assertTrue(failure.getMessage().contains("unknownConstraint") && failure.getMessage().contains("decimal"),
                    failure.getMessage());
        }

        @Test
        void onAParameterTheHostCannotBind() {
            IllegalStateException failure = assertThrows(IllegalStateException.class,
                    () -> new TestHost(HostJson.DEFAULTS, List.of(BrokenFunctions.UnsupportedParameter.class)));

            assertTrue(failure.getMessage().contains("unsupportedParameter") && failure.getMessage().contains("notBindable"),
                    failure.getMessage());
        }

        @Test
        void onAnIntBindingOfAParameterWithoutIntConstraint() {
            IllegalStateException failure = assertThrows(IllegalStateException.class,
                    () -> new TestHost(HostJson.DEFAULTS, List.of(BrokenFunctions.IntBindingWithoutIntConstraint.class)));

            assertTrue(failure.getMessage().contains("intBindingWithoutIntConstraint") && failure.getMessage().contains("'id'"),
                    failure.getMessage());
        }
    }

    /** Captures what one logger writes while it is open. */
    static final class CapturedLog extends Handler implements AutoCloseable {
        private final Logger logger;
        private final StringBuilder text = new StringBuilder();

        private CapturedLog(Logger logger) {
            this.logger = logger;
        }

        static CapturedLog of(Class<?> type) {
            CapturedLog log = new CapturedLog(Logger.getLogger(type.getName()));
            log.logger.addHandler(log);
            return log;
        }

        @Override
        public synchronized void publish(LogRecord record) {
            text.append(record.getMessage()).append('\n');
            if (record.getThrown() != null) {
                text.append(record.getThrown()).append('\n');
            }
        }

        synchronized String text() {
            return text.toString();
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
        }
    }
}
