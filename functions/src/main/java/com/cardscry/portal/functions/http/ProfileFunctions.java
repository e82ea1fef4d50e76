package com.cardscry.portal.functions.http;

import com.cardscry.portal.application.accounts.CloseAccount;
import com.cardscry.portal.application.accounts.ResendVerificationCode;
import com.cardscry.portal.application.accounts.UpdateProfile;
import com.cardscry.portal.application.accounts.VerifyEmail;
import com.cardscry.portal.application.accounts.ViewProfile;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Objects;
import java.util.Optional;

/**
 * The caller's own account: {@code GET|PATCH|DELETE /api/v1/me}, and proving an email address with
 * {@code POST /api/v1/me/email-verification} (enter the code) and
 * {@code POST /api/v1/me/email-verification/code} (send a new one).
 */
public final class ProfileFunctions {

    /** The use cases these routes call. */
    public record UseCases(ViewProfile view, UpdateProfile update, CloseAccount close, VerifyEmail verify,
                           ResendVerificationCode resend) {
    }

    private final FrontendAuth auth;
    private final UseCases useCases;

    public ProfileFunctions(FrontendAuth auth, UseCases useCases) {
        this.auth = Objects.requireNonNull(auth, "auth");
        this.useCases = Objects.requireNonNull(useCases, "useCases");
    }

    @FunctionName("getProfile")
    public HttpResponseMessage get(
            @HttpTrigger(name = "request", methods = {HttpMethod.GET}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/me") HttpRequestMessage<Optional<String>> request) {
        return auth.handle(request, caller ->
                JsonResponses.answer(request, useCases.view().handle(caller), 200, AccountViews.ProfileView::of));
    }

    @FunctionName("updateProfile")
    public HttpResponseMessage update(
            @HttpTrigger(name = "request", methods = {HttpMethod.PATCH}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/me") HttpRequestMessage<Optional<String>> request) {
        return auth.handle(request, UpdateProfile.Command.class, (caller, command) ->
                JsonResponses.answer(request, useCases.update().handle(caller, command), 200, AccountViews.ProfileView::of));
    }

    /**
     * 202: the account is closing; erasure follows as the deletion request the {@code Location} names. The
     * session cookie is cleared with the sessions.
     */
    @FunctionName("closeAccount")
    public HttpResponseMessage close(
            @HttpTrigger(name = "request", methods = {HttpMethod.DELETE}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/me") HttpRequestMessage<Optional<String>> request) {
        return auth.handle(request, caller -> useCases.close().handle(caller).fold(
                closed -> JsonResponses.located(request, 202, PrivacyRequestViews.location(closed.erasureRequestId()),
                                AccountViews.ProfileView.of(closed.profile()))
                        .header("Set-Cookie", FrontendAuth.clearedCookie())
                        .build(),
                problem -> JsonResponses.problem(request, problem)));
    }

    @FunctionName("verifyEmail")
    public HttpResponseMessage verify(
            @HttpTrigger(name = "request", methods = {HttpMethod.POST}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/me/email-verification") HttpRequestMessage<Optional<String>> request) {
        return auth.handle(request, VerifyEmail.Command.class, (caller, command) ->
                JsonResponses.answer(request, useCases.verify().handle(caller, command), 200, AccountViews.ProfileView::of));
    }

    @FunctionName("resendVerificationCode")
    public HttpResponseMessage resend(
            @HttpTrigger(name = "request", methods = {HttpMethod.POST}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/me/email-verification/code") HttpRequestMessage<Optional<String>> request) {
        return auth.handle(request, caller ->
                JsonResponses.answer(request, useCases.resend().handle(caller), 202, AccountViews.ProfileView::of));
    }
}
