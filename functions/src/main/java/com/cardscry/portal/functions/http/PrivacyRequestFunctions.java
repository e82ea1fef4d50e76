package com.cardscry.portal.functions.http;

import com.cardscry.portal.application.privacy.SubmitPrivacyRequest;
import com.cardscry.portal.application.privacy.ViewPrivacyRequests;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Objects;
import java.util.Optional;

/**
 * The caller's privacy requests: {@code POST|GET /api/v1/privacy-requests} and
 * {@code GET /api/v1/privacy-requests/{id}}.
 */
public final class PrivacyRequestFunctions {

    /** The use cases these routes call. */
    public record UseCases(SubmitPrivacyRequest submit, ViewPrivacyRequests view) {
    }

    private final FrontendAuth auth;
    private final UseCases useCases;

    public PrivacyRequestFunctions(FrontendAuth auth, UseCases useCases) {
        this.auth = Objects.requireNonNull(auth, "auth");
        this.useCases = Objects.requireNonNull(useCases, "useCases");
    }

    /** 202 with the new request (it is carried out later), or 200 with the open one of the same type. */
    @FunctionName("submitPrivacyRequest")
    public HttpResponseMessage submit(
            @HttpTrigger(name = "request", methods = {HttpMethod.POST}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/privacy-requests") HttpRequestMessage<Optional<String>> request) {
        return auth.handle(request, SubmitPrivacyRequest.Command.class, (caller, command) -> useCases.submit().handle(caller, command).fold(
                result -> result.created()
                        ? JsonResponses.accepted(request, PrivacyRequestViews.location(result.request().id()),
                                PrivacyRequestViews.PrivacyRequestView.of(result.request()))
                        : JsonResponses.json(request, 200, PrivacyRequestViews.PrivacyRequestView.of(result.request())),
                problem -> JsonResponses.problem(request, problem)));
    }

    @FunctionName("listPrivacyRequests")
    public HttpResponseMessage list(
            @HttpTrigger(name = "request", methods = {HttpMethod.GET}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/privacy-requests") HttpRequestMessage<Optional<String>> request) {
        return auth.handle(request, caller ->
                JsonResponses.answer(request, useCases.view().list(caller), 200, PrivacyRequestViews.PrivacyRequestList::of));
    }

    @FunctionName("getPrivacyRequest")
    public HttpResponseMessage get(
            @HttpTrigger(name = "request", methods = {HttpMethod.GET}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/privacy-requests/{id}") HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String id) {
        return auth.handle(request, caller ->
                JsonResponses.answer(request, useCases.view().one(caller, id), 200, PrivacyRequestViews.PrivacyRequestView::of));
    }
}
