package com.cardscry.portal.functions.http;

import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.accounts.EndSession;
import com.cardscry.portal.application.accounts.ListSessions;
import com.cardscry.portal.application.accounts.StartSession;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Browser sessions (DESIGN.md decision 5): {@code POST /api/v1/sessions} sets the session cookie,
 * {@code GET /api/v1/sessions} lists them, {@code GET /api/v1/sessions/current} answers the current one
 * with its CSRF token, {@code DELETE /api/v1/sessions/{id}} ends one and {@code DELETE /api/v1/sessions/current}
 * signs out (ends the session the request came with).
 */
public final class SessionFunctions {

    /** The use cases these routes call. */
    public record UseCases(StartSession start, ListSessions list, EndSession end) {
    }

    private final FrontendAuth auth;
    private final UseCases useCases;

    public SessionFunctions(FrontendAuth auth, UseCases useCases) {
        this.auth = Objects.requireNonNull(auth, "auth");
        this.useCases = Objects.requireNonNull(useCases, "useCases");
    }

    @FunctionName("startSession")
    public HttpResponseMessage start(
            @HttpTrigger(name = "request", methods = {HttpMethod.POST}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/sessions") HttpRequestMessage<Optional<String>> request) {
        return auth.handle(request, caller -> useCases.start().handle(caller).fold(
                started -> {
                    long maxAge = Math.max(1, Duration.between(started.session().createdAt(),
                            started.session().absoluteExpiresAt()).toSeconds());
                    AccountViews.SessionView view = new AccountViews.SessionView(started.session().id(), started.session().createdAt(),
                            started.session().lastActiveAt(), started.endsAt(), started.session().absoluteExpiresAt(), true);
                    return request.createResponseBuilder(HttpStatusType.custom(201))
                            .header("Content-Type", JsonResponses.JSON)
                            .header("Cache-Control", "no-store")
                            .header("Location", "/api/v1/sessions/" + started.session().id())
                            .header("Set-Cookie", FrontendAuth.sessionCookie(started.cookieValue(), maxAge))
                            .body(JsonResponses.write(new AccountViews.SessionWithCsrf(view, started.csrfToken(), started.reacceptanceRequired())))
                            .build();
                },
                // A session cannot start another: that 401 asks for a token too, but keeps the cookie, which still works.
                problem -> JsonResponses.problem(request, problem)));
    }

    @FunctionName("listSessions")
    public HttpResponseMessage list(
            @HttpTrigger(name = "request", methods = {HttpMethod.GET}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/sessions") HttpRequestMessage<Optional<String>> request) {
        return auth.handle(request, caller -> JsonResponses.answer(request, useCases.list().handle(caller), 200,
                sessions -> new AccountViews.SessionList(sessions.stream().map(AccountViews.SessionView::of).toList())));
    }

    @FunctionName("currentSession")
    public HttpResponseMessage current(
            @HttpTrigger(name = "request", methods = {HttpMethod.GET}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/sessions/current") HttpRequestMessage<Optional<String>> request) {
        return auth.handle(request, caller -> JsonResponses.answer(request, useCases.list().current(caller), 200,
                current -> new AccountViews.SessionWithCsrf(AccountViews.SessionView.of(current.session()), current.csrfToken(),
                        current.reacceptanceRequired())));
    }

    /** 204; ending the session the request came with also clears its cookie. */
    @FunctionName("endSession")
    public HttpResponseMessage end(
            @HttpTrigger(name = "request", methods = {HttpMethod.DELETE}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/sessions/{id}") HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String id) {
        return auth.handle(request, caller -> ended(request, useCases.end().handle(caller, id)));
    }

    /** Sign out: ends the session the request came with and clears its cookie; 204. */
    @FunctionName("endCurrentSession")
    public HttpResponseMessage endCurrent(
            @HttpTrigger(name = "request", methods = {HttpMethod.DELETE}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/sessions/current") HttpRequestMessage<Optional<String>> request) {
        return auth.handle(request, caller -> ended(request, useCases.end().handle(caller, EndSession.CURRENT)));
    }

    private static HttpResponseMessage ended(HttpRequestMessage<?> request, Outcome<EndSession.Ended> outcome) {
        return outcome.fold(
                ended -> {
                    HttpResponseMessage.Builder builder = request.createResponseBuilder(HttpStatusType.custom(204))
                            .header("Cache-Control", "no-store");
                    if (ended.wasCurrent()) {
                        builder.header("Set-Cookie", FrontendAuth.clearedCookie());
                    }
                    return builder.build();
                },
                problem -> JsonResponses.problem(request, problem));
    }
}
