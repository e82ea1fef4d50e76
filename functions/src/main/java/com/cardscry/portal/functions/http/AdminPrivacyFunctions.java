package com.cardscry.portal.functions.http;

import com.cardscry.portal.application.privacy.RetryPrivacyRequest;
import com.cardscry.portal.domain.PrivacyRequest;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Objects;
import java.util.Optional;

/** Administrators resume a failed privacy request: {@code POST /api/v1/admin/accounts/{accountId}/privacy-requests/{id}/retry}. */
public final class AdminPrivacyFunctions {

    /** The retry takes no input; an empty JSON object (or no body) is accepted, anything else is refused. */
    record RetryCommand() {
    }

    private final FrontendAuth auth;
    private final RetryPrivacyRequest retry;

    public AdminPrivacyFunctions(FrontendAuth auth, RetryPrivacyRequest retry) {
        this.auth = Objects.requireNonNull(auth, "auth");
        this.retry = Objects.requireNonNull(retry, "retry");
    }

    @FunctionName("retryPrivacyRequest")
    public HttpResponseMessage retry(
            @HttpTrigger(name = "request", methods = {HttpMethod.POST}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/admin/accounts/{accountId}/privacy-requests/{id}/retry") HttpRequestMessage<Optional<String>> request,
            @BindingName("accountId") String accountId, @BindingName("id") String requestId) {
        return auth.handleOptional(request, RetryCommand.class, new RetryCommand(), (caller, command) ->
                JsonResponses.answer(request, retry.handle(caller, accountId, requestId), 202, RetriedView::of));
    }

    /** The response body; see {@code RetriedPrivacyRequest} in openapi/portal.yaml. */
    record RetriedView(String id, String accountId, String type, String status, int stepsDone) {
        static RetriedView of(PrivacyRequest request) {
            return new RetriedView(request.id(), request.accountId(), request.type().code(), request.status().code(), request.stepsDone());
        }
    }
}
