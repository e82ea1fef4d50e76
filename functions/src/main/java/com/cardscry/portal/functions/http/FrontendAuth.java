package com.cardscry.portal.functions.http;

import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.accounts.Authenticate;
import com.cardscry.portal.application.accounts.Caller;
import com.cardscry.portal.application.accounts.Credentials;
import com.cardscry.portal.application.limits.ClientAddress;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * How every frontend route authenticates: it reads the credentials from the headers (bearer token,
 * session cookie, CSRF token, App Service principal, client address), asks {@link Authenticate}, and
 * either runs the route's action with the {@link Caller} or answers the refusal. A 401 carries
 * {@code WWW-Authenticate: Bearer} (as every 401 problem does) and, if a session cookie came with the
 * request, clears it.
 */
public final class FrontendAuth {

    /** The session cookie (decision 5). {@code __Host-}: Secure, Path=/, no Domain, set by this host only. */
    public static final String SESSION_COOKIE = "__Host-cardscry_session";

    private final Authenticate authenticate;
    private final int maxBodyBytes;

    /** @param maxBodyBytes the largest request body bound to a command (the {@code PORTAL_MAX_BODY_BYTES} setting) */
    public FrontendAuth(Authenticate authenticate, int maxBodyBytes) {
        this.authenticate = Objects.requireNonNull(authenticate, "authenticate");
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be positive: " + maxBodyBytes);
        }
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Runs {@code action} for the authenticated caller, or answers why the request is refused. */
    public HttpResponseMessage handle(HttpRequestMessage<?> request, Function<Caller, HttpResponseMessage> action) {
        return JsonResponses.unlessStoreUnavailable(request, () -> {
            Credentials credentials = credentials(request);
            Outcome<Caller> caller = authenticate.authenticate(credentials);
            return caller.fold(action, problem -> refused(request, problem, credentials.sessionCookie().isPresent()));
        });
    }

    /**
     * Authenticates, then binds the body to a command ({@link JsonBody}): the action runs only for an
     * authenticated caller with a valid command, so an anonymous request gets its 401 before any parsing.
     */
    public <C extends Record> HttpResponseMessage handle(HttpRequestMessage<Optional<String>> request, Class<C> commandType,
                                                         BiFunction<Caller, C, HttpResponseMessage> action) {
        return handle(request, caller -> JsonBody.bind(request, commandType, maxBodyBytes).fold(
                command -> action.apply(caller, command),
                problem -> JsonResponses.problem(request, problem)));
    }

    /** As {@link #handle(HttpRequestMessage, Class, BiFunction)}, for a body that may be left out ({@code whenAbsent}). */
    public <C extends Record> HttpResponseMessage handleOptional(HttpRequestMessage<Optional<String>> request, Class<C> commandType,
                                                                 C whenAbsent, BiFunction<Caller, C, HttpResponseMessage> action) {
        return handle(request, caller -> JsonBody.bindOptional(request, commandType, maxBodyBytes, whenAbsent).fold(
                command -> action.apply(caller, command),
                problem -> JsonResponses.problem(request, problem)));
    }

    /** The problem as a response; a 401 also drops a session cookie that no longer works. */
    private static HttpResponseMessage refused(HttpRequestMessage<?> request, Problem problem, boolean cookieSent) {
        return JsonResponses.problem(request, problem, cookieSent && problem.type() == ProblemType.UNAUTHENTICATED
                ? Map.of("Set-Cookie", clearedCookie()) : Map.of());
    }

    /** The {@code Set-Cookie} value that starts a session. */
    public static String sessionCookie(String value, long maxAgeSeconds) {
        return SESSION_COOKIE + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds + "; Secure; HttpOnly; SameSite=Strict";
    }

    /** The {@code Set-Cookie} value that removes the session cookie from the browser. */
    public static String clearedCookie() {
        return SESSION_COOKIE + "=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Strict";
    }

    static Credentials credentials(HttpRequestMessage<?> request) {
        return new Credentials(
                RequestHeaders.first(request, "Authorization").map(FrontendAuth::bearerToken),
                RequestHeaders.first(request, "Cookie").flatMap(FrontendAuth::sessionCookieValue),
                RequestHeaders.first(request, "X-CSRF-Token"),
                RequestHeaders.first(request, "X-MS-CLIENT-PRINCIPAL"),
                !isSafe(request.getHttpMethod()),
                RequestHeaders.first(request, "X-Forwarded-For").flatMap(ClientAddress::fromForwardedFor));
    }

    /**
     * The token of a {@code Bearer} authorization; any other scheme yields an empty token, which is
     * refused as malformed, so a request with a wrong {@code Authorization} header never falls back to
     * its cookie.
     */
    private static String bearerToken(String authorization) {
        String trimmed = authorization.strip();
        return trimmed.regionMatches(true, 0, "Bearer ", 0, 7) ? trimmed.substring(7).strip() : "";
    }

    /**
     * The session cookie's value. Sent twice (a cookie planted for a parent path, say), it is taken as
     * no valid session rather than guessing which one counts.
     */
    private static Optional<String> sessionCookieValue(String cookieHeader) {
        List<String> values = new ArrayList<>();
        for (String pair : cookieHeader.split(";")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).strip().equals(SESSION_COOKIE)) {
                values.add(pair.substring(equals + 1).strip());
            }
        }
        if (values.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(values.size() == 1 ? values.get(0) : "");
    }

    private static boolean isSafe(HttpMethod method) {
        return method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS;
    }

}
