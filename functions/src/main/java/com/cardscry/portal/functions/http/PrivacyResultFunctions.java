package com.cardscry.portal.functions.http;

import com.cardscry.portal.application.privacy.ReadPrivacyResults;
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
 * What a privacy request produced, for its requester: {@code GET /api/v1/privacy-requests/{id}/export}
 * and {@code GET /api/v1/privacy-requests/{id}/receipt}. The Functions worker takes a response body
 * whole, so the export is read into memory here (it was written streamed; serving it costs its size once).
 */
public final class PrivacyResultFunctions {

    private final FrontendAuth auth;
    private final ReadPrivacyResults results;

    public PrivacyResultFunctions(FrontendAuth auth, ReadPrivacyResults results) {
        this.auth = Objects.requireNonNull(auth, "auth");
        this.results = Objects.requireNonNull(results, "results");
    }

    @FunctionName("getPrivacyRequestExport")
    public HttpResponseMessage export(
            @HttpTrigger(name = "request", methods = {HttpMethod.GET}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/privacy-requests/{id}/export") HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String requestId) {
        Optional<String> format = Optional.ofNullable(request.getQueryParameters()).map(query -> query.get("format"));
        return auth.handle(request, caller -> results.export(caller, requestId, format).fold(
                export -> JsonResponses.export(request, export), problem -> JsonResponses.problem(request, problem)));
    }

    @FunctionName("getPrivacyRequestReceipt")
    public HttpResponseMessage receipt(
            @HttpTrigger(name = "request", methods = {HttpMethod.GET}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/privacy-requests/{id}/receipt") HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String requestId) {
        return auth.handle(request, caller -> JsonResponses.answer(request, results.receipt(caller, requestId), 200, ErasureReceiptView::of));
    }
}
