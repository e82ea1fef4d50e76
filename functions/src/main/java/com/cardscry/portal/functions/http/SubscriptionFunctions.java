package com.cardscry.portal.functions.http;

import com.cardscry.portal.application.subscriptions.CancelSubscription;
import com.cardscry.portal.application.subscriptions.RequestSubscription;
import com.cardscry.portal.application.subscriptions.ViewSubscriptions;
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
 * The caller's subscriptions: {@code POST|GET /api/v1/subscriptions}, {@code GET /api/v1/subscriptions/{id}},
 * {@code POST /api/v1/subscriptions/{id}/cancel}.
 */
public final class SubscriptionFunctions {

    /** The use cases these routes call. */
    public record UseCases(RequestSubscription request, ViewSubscriptions view, CancelSubscription cancel) {
    }

    private final FrontendAuth auth;
    private final UseCases useCases;

    public SubscriptionFunctions(FrontendAuth auth, UseCases useCases) {
        this.auth = Objects.requireNonNull(auth, "auth");
        this.useCases = Objects.requireNonNull(useCases, "useCases");
    }

    /** 201 with the new subscription, or 200 with the open one the account already has for the plan. */
    @FunctionName("requestSubscription")
    public HttpResponseMessage request(
            @HttpTrigger(name = "request", methods = {HttpMethod.POST}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/subscriptions") HttpRequestMessage<Optional<String>> request) {
        return auth.handle(request, RequestSubscription.Command.class, (caller, command) -> useCases.request().handle(caller, command).fold(
                result -> result.created()
                        ? JsonResponses.created(request, "/api/v1/subscriptions/" + result.subscription().id(),
                                SubscriptionViews.SubscriptionView.of(result.subscription()))
                        : JsonResponses.json(request, 200, SubscriptionViews.SubscriptionView.of(result.subscription())),
                problem -> JsonResponses.problem(request, problem)));
    }

    @FunctionName("listSubscriptions")
    public HttpResponseMessage list(
            @HttpTrigger(name = "request", methods = {HttpMethod.GET}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/subscriptions") HttpRequestMessage<Optional<String>> request) {
        return auth.handle(request, caller ->
                JsonResponses.answer(request, useCases.view().list(caller), 200, SubscriptionViews.SubscriptionList::of));
    }

    @FunctionName("getSubscription")
    public HttpResponseMessage get(
            @HttpTrigger(name = "request", methods = {HttpMethod.GET}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/subscriptions/{id}") HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String id) {
        return auth.handle(request, caller ->
                JsonResponses.answer(request, useCases.view().one(caller, id), 200, SubscriptionViews.SubscriptionView::of));
    }

    @FunctionName("cancelSubscription")
    public HttpResponseMessage cancel(
            @HttpTrigger(name = "request", methods = {HttpMethod.POST}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/subscriptions/{id}/cancel") HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String id) {
        return auth.handle(request, caller ->
                JsonResponses.answer(request, useCases.cancel().handle(caller, id), 200, SubscriptionViews.SubscriptionView::of));
    }
}
