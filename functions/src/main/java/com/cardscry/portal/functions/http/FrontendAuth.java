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
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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

    public FrontendAuth(Authenticate authenticate) {
        this.authenticate = Objects.requireNonNull(authenticate, "authenticate");
    }

    /** Runs {@code action} for the authenticated caller, or answers why the request is refused. */
    public HttpResponseMessage handle(HttpRequestMessage<?> request, Function<Caller, HttpResponseMessage> action) {
        Credentials credentials = credentials(request);
        Outcome<Caller> caller = authenticate.authenticate(credentials);
        return caller.fold(action, problem -> refused(request, problem, credentials.sessionCookie().isPresent()));
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
        Map<String, String> headers = request.getHeaders() == null ? Map.of() : request.getHeaders();
        return new Credentials(
                header(headers, "Authorization").map(FrontendAuth::bearerToken),
                header(headers, "Cookie").flatMap(FrontendAuth::sessionCookieValue),
                header(headers, "X-CSRF-Token"),
                header(headers, "X-MS-CLIENT-PRINCIPAL"),
                !isSafe(request.getHttpMethod()),
                header(headers, "X-Forwarded-For").flatMap(ClientAddress::fromForwardedFor));
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

    private static Optional<String> header(Map<String, String> headers, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return headers.entrySet().stream()
                .filter(entry -> entry.getKey() != null && entry.getKey().toLowerCase(Locale.ROOT).equals(lower))
                .map(Map.Entry::getValue)
                .filter(Objects::nonNull)
                .findFirst();
    }
}
