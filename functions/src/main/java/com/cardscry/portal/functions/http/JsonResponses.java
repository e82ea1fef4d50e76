package com.cardscry.portal.functions.http;

import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.port.StoreUnavailableException;
import com.cardscry.portal.application.privacy.ReadPrivacyResults;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Turns results into HTTP responses: JSON bodies and RFC 9457 problem documents. Every response is
 * {@code Cache-Control: no-store} unless a function says otherwise, since most carry account data.
 */
public final class JsonResponses {

    public static final String JSON = "application/json";
    public static final String PROBLEM_JSON = "application/problem+json";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(new Jdk8Module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private JsonResponses() {
    }

    public static HttpResponseMessage json(HttpRequestMessage<?> request, int status, Object body) {
        return json(request, status, body, "no-store");
    }

    /** A JSON body with the given {@code Cache-Control}: for the few public answers that may be cached. */
    public static HttpResponseMessage json(HttpRequestMessage<?> request, int status, Object body, String cacheControl) {
        return request.createResponseBuilder(HttpStatusType.custom(status))
                .header("Content-Type", JSON)
                .header("Cache-Control", cacheControl)
                .body(write(body))
                .build();
    }

    /** The outcome as a response: {@code status} with the {@code view} of its value as JSON, or its problem document. */
    public static <T> HttpResponseMessage answer(HttpRequestMessage<?> request, Outcome<T> outcome, int status,
                                                 Function<? super T, ?> view) {
        return outcome.fold(value -> json(request, status, view.apply(value)), problem -> problem(request, problem));
    }

    /** How long a caller is asked to wait after the store was unavailable; outages the SDKs retry through are shorter. */
    static final int STORE_RETRY_AFTER_SECONDS = 5;

    /**
     * The response {@code respond} makes, or, if the store (or another backing service) cannot be
     * reached meanwhile, {@code 503 service-unavailable} with {@code Retry-After}: the request changed
     * nothing it cannot repeat (every state change is safe to retry), so the caller simply sends it again.
     */
    public static HttpResponseMessage unlessStoreUnavailable(HttpRequestMessage<?> request, Supplier<HttpResponseMessage> respond) {
        try {
            return respond.get();
        } catch (StoreUnavailableException unavailable) {
            return problem(request, new Problem(ProblemType.SERVICE_UNAVAILABLE,
                    "The portal cannot reach its store right now; try again shortly.", Optional.empty(),
                    Optional.of(Duration.ofSeconds(STORE_RETRY_AFTER_SECONDS))));
        }
    }

    /**
     * 200 with an access export's file (JSON or the HTML page), as a download that no browser runs or
     * sniffs and no page links away from (the privacy form's link carries its token in the URL); or the
     * problem when the file cannot be read.
     */
    public static HttpResponseMessage export(HttpRequestMessage<?> request, ReadPrivacyResults.Export export) {
        try (InputStream content = export.content()) {
            return request.createResponseBuilder(HttpStatusType.custom(200))
                    .header("Content-Type", export.info().contentType())
                    .header("Cache-Control", "no-store")
                    .header("Content-Disposition", "attachment")
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Referrer-Policy", "no-referrer")
                    .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
                    .body(content.readAllBytes())
                    .build();
        } catch (IOException e) {
            return problem(request, Problem.of(ProblemType.SERVICE_UNAVAILABLE, "The export could not be read; try again."));
        }
    }

    /** 201 with a {@code Location} (a path under the host, such as {@code /api/v1/me}) and the body. */
    public static HttpResponseMessage created(HttpRequestMessage<?> request, String location, Object body) {
        return located(request, 201, location, body).build();
    }

    /** 202: accepted, the work going on as what {@code location} names (a privacy request), with the body. */
    public static HttpResponseMessage accepted(HttpRequestMessage<?> request, String location, Object body) {
        return located(request, 202, location, body).build();
    }

    /** A JSON answer, not to be stored, naming a {@code Location}: for a caller that adds a header before building it. */
    static HttpResponseMessage.Builder located(HttpRequestMessage<?> request, int status, String location, Object body) {
        return request.createResponseBuilder(HttpStatusType.custom(status))
                .header("Content-Type", JSON)
                .header("Cache-Control", "no-store")
                .header("Location", location)
                .body(write(body));
    }

    /** 204, no body. */
    public static HttpResponseMessage noContent(HttpRequestMessage<?> request) {
        return request.createResponseBuilder(HttpStatusType.custom(204)).header("Cache-Control", "no-store").build();
    }

    public static HttpResponseMessage problem(HttpRequestMessage<?> request, Problem problem) {
        return problem(request, problem, Map.of());
    }

    /**
     * The problem document, with {@code Retry-After} when the problem passes with time and
     * {@code WWW-Authenticate: Bearer} on a 401 (which HTTP requires to say how to authenticate), plus
     * {@code extraHeaders}.
     */
    public static HttpResponseMessage problem(HttpRequestMessage<?> request, Problem problem, Map<String, String> extraHeaders) {
        HttpResponseMessage.Builder builder = request.createResponseBuilder(HttpStatusType.custom(problem.status()))
                .header("Content-Type", PROBLEM_JSON)
                .header("Cache-Control", "no-store");
        problem.retryAfterSeconds().ifPresent(seconds -> builder.header("Retry-After", Long.toString(seconds)));
        if (problem.type() == ProblemType.UNAUTHENTICATED) {
            builder.header("WWW-Authenticate", "Bearer");
        }
        extraHeaders.forEach(builder::header);
        return builder.body(write(problemDocument(problem))).build();
    }

    /** The problem as the JSON object RFC 9457 defines, plus {@code field} for bad input. */
    public static Map<String, Object> problemDocument(Problem problem) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("type", problem.type().uri());
        document.put("title", problem.type().title());
        document.put("status", problem.status());
        document.put("detail", problem.detail());
        problem.field().ifPresent(field -> document.put("field", field));
        return document;
    }

    /**
     * Initialises the JSON machinery (mapper, modules, record serialisation) by writing a typical body
     * once, so that a host can do it before the first request needs it. Safe to call any time.
     */
    public static void warmUp() {
        write(new WarmUpBody("warm-up", java.time.Instant.EPOCH, java.util.Optional.of(1L), java.util.List.of(Map.of("k", true))));
    }

    private record WarmUpBody(String text, java.time.Instant at, java.util.Optional<Long> number, java.util.List<Map<String, Boolean>> items) {
    }

    public static String write(Object body) {
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response body is not serialisable: " + body.getClass().getSimpleName(), e);
        }
    }
}
