package com.cardscry.portal.functions.http;

import com.cardscry.portal.application.privacy.PrivacyDeadlines;
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
 * Administrators keep privacy requests on their legal clock: {@code GET /api/v1/admin/privacy-requests}
 * lists the open ones due soon, and {@code POST /api/v1/admin/privacy-requests/{id}/extend} extends a
 * deadline once.
 */
public final class PrivacyDeadlineFunctions {

    private final FrontendAuth auth;
    private final PrivacyDeadlines deadlines;

    public PrivacyDeadlineFunctions(FrontendAuth auth, PrivacyDeadlines deadlines) {
        this.auth = Objects.requireNonNull(auth, "auth");
        this.deadlines = Objects.requireNonNull(deadlines, "deadlines");
    }

    @FunctionName("listDuePrivacyRequests")
    public HttpResponseMessage due(
            @HttpTrigger(name = "request", methods = {HttpMethod.GET}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/admin/privacy-requests") HttpRequestMessage<Optional<String>> request) {
        Optional<String> dueWithinDays = Optional.ofNullable(request.getQueryParameters()).map(query -> query.get("dueWithinDays"));
        return auth.handle(request, caller ->
                JsonResponses.answer(request, deadlines.dueWithin(caller, dueWithinDays), 200, PrivacyRequestViews.DueList::of));
    }

    @FunctionName("extendPrivacyDeadline")
    public HttpResponseMessage extend(
            @HttpTrigger(name = "request", methods = {HttpMethod.POST}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/admin/privacy-requests/{id}/extend") HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String id) {
        return auth.handle(request, PrivacyDeadlines.ExtendCommand.class, (caller, command) ->
                JsonResponses.answer(request, deadlines.extend(caller, id, command), 200, PrivacyRequestViews.PrivacyRequestView::of));
    }
}
