package com.cardscry.portal.functions.http;

import com.cardscry.portal.application.subscriptions.ReviewSubscriptions;
import com.cardscry.portal.domain.SubscriptionTransition;
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
 * Administrators review subscriptions: {@code GET /api/v1/admin/subscriptions/submitted} lists those
 * waiting, and {@code POST /api/v1/admin/accounts/{accountId}/subscriptions/{id}/approve} (and
 * {@code /reject}, {@code /suspend}, {@code /reactivate}) act on one.
 */
public final class AdminSubscriptionFunctions {

    private final FrontendAuth auth;
    private final ReviewSubscriptions review;

    public AdminSubscriptionFunctions(FrontendAuth auth, ReviewSubscriptions review) {
        this.auth = Objects.requireNonNull(auth, "auth");
        this.review = Objects.requireNonNull(review, "review");
    }

    @FunctionName("listSubmittedSubscriptions")
    public HttpResponseMessage submitted(
            @HttpTrigger(name = "request", methods = {HttpMethod.GET}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/admin/subscriptions/submitted") HttpRequestMessage<Optional<String>> request) {
        Optional<String> continuation = Optional.ofNullable(request.getQueryParameters())
                .map(query -> query.get("continuation")).filter(token -> !token.isEmpty());
        return auth.handle(request, caller ->
                JsonResponses.answer(request, review.submitted(caller, continuation), 200, SubscriptionViews.SubmittedList::of));
    }

    @FunctionName("approveSubscription")
    public HttpResponseMessage approve(
            @HttpTrigger(name = "request", methods = {HttpMethod.POST}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/admin/accounts/{accountId}/subscriptions/{id}/approve") HttpRequestMessage<Optional<String>> request,
            @BindingName("accountId") String accountId, @BindingName("id") String id) {
        return act(request, accountId, id, SubscriptionTransition.APPROVE);
    }

    @FunctionName("rejectSubscription")
    public HttpResponseMessage reject(
            @HttpTrigger(name = "request", methods = {HttpMethod.POST}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/admin/accounts/{accountId}/subscriptions/{id}/reject") HttpRequestMessage<Optional<String>> request,
            @BindingName("accountId") String accountId, @BindingName("id") String id) {
        return act(request, accountId, id, SubscriptionTransition.REJECT);
    }

    @FunctionName("suspendSubscription")
    public HttpResponseMessage suspend(
            @HttpTrigger(name = "request", methods = {HttpMethod.POST}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/admin/accounts/{accountId}/subscriptions/{id}/suspend") HttpRequestMessage<Optional<String>> request,
            @BindingName("accountId") String accountId, @BindingName("id") String id) {
        return act(request, accountId, id, SubscriptionTransition.SUSPEND);
    }

    @FunctionName("reactivateSubscription")
    public HttpResponseMessage reactivate(
            @HttpTrigger(name = "request", methods = {HttpMethod.POST}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/admin/accounts/{accountId}/subscriptions/{id}/reactivate") HttpRequestMessage<Optional<String>> request,
            @BindingName("accountId") String accountId, @BindingName("id") String id) {
        return act(request, accountId, id, SubscriptionTransition.REACTIVATE);
    }

    /** The body is optional: approving and reactivating need no reason, so an empty body means none. */
    private HttpResponseMessage act(HttpRequestMessage<Optional<String>> request, String accountId, String id,
                                    SubscriptionTransition action) {
        return auth.handleOptional(request, ReviewSubscriptions.Command.class, new ReviewSubscriptions.Command(Optional.empty()),
                (caller, command) -> JsonResponses.answer(request, review.act(caller, accountId, id, action, command), 200,
                        SubscriptionViews.SubscriptionView::of));
    }
}
