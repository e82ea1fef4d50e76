package com.cardscry.portal.functions.http;

import com.cardscry.portal.application.limits.ClientAddress;
import com.cardscry.portal.application.privacy.ConfirmPrivacyForm;
import com.cardscry.portal.application.privacy.FollowPrivacyForm;
import com.cardscry.portal.application.privacy.SubmitPrivacyForm;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The privacy form, for people who cannot or will not sign in (anonymous routes):
 * {@code POST /api/v1/privacy-requests/form}, {@code POST /api/v1/privacy-requests/form/{id}/confirm},
 * {@code GET /api/v1/privacy-requests/form/{id}?token=} and {@code GET .../form/{id}/export?token=&format=}.
 * The client address for the rate limits is read as for signed-in routes ({@link ClientAddress}).
 * Answers to URLs that carry the link's token say {@code Referrer-Policy: no-referrer}, so that a link
 * followed from them does not pass the token on.
 */
public final class PrivacyFormFunctions {

    /** The use cases these routes call. */
    public record UseCases(SubmitPrivacyForm submit, ConfirmPrivacyForm confirm, FollowPrivacyForm follow) {
    }

    static final String AWAITING_CONFIRMATION = "awaiting-confirmation";
    static final String CONFIRMED = "confirmed";

    private final UseCases useCases;
    private final int maxBodyBytes;

    /** @param maxBodyBytes the largest request body bound to a command (the {@code PORTAL_MAX_BODY_BYTES} setting) */
    public PrivacyFormFunctions(UseCases useCases, int maxBodyBytes) {
        this.useCases = Objects.requireNonNull(useCases, "useCases");
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Always the same 202 for a valid form, whatever the address: only the id differs. */
    @FunctionName("submitPrivacyForm")
    public HttpResponseMessage submit(
            @HttpTrigger(name = "request", methods = {HttpMethod.POST}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/privacy-requests/form") HttpRequestMessage<Optional<String>> request) {
        return JsonBody.respond(request, SubmitPrivacyForm.Command.class, maxBodyBytes,
                command -> JsonResponses.answer(request, useCases.submit().handle(clientAddress(request), command), 202,
                        received -> new FormAnswer(received.formId(), AWAITING_CONFIRMATION)));
    }

    @FunctionName("confirmPrivacyForm")
    public HttpResponseMessage confirm(
            @HttpTrigger(name = "request", methods = {HttpMethod.POST}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/privacy-requests/form/{id}/confirm") HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String formId) {
        return JsonBody.respond(request, ConfirmPrivacyForm.Command.class, maxBodyBytes,
                command -> JsonResponses.answer(request, useCases.confirm().handle(clientAddress(request), formId, command), 202,
                        confirmed -> new FormAnswer(confirmed.formId(), CONFIRMED)));
    }

    @FunctionName("getPrivacyForm")
    public HttpResponseMessage status(
            @HttpTrigger(name = "request", methods = {HttpMethod.GET}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/privacy-requests/form/{id}") HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String formId) {
        return JsonResponses.unlessStoreUnavailable(request, () -> useCases.follow().status(formId, query(request, "token")).fold(
                status -> request.createResponseBuilder(HttpStatusType.custom(200))
                        .header("Content-Type", JsonResponses.JSON)
                        .header("Cache-Control", "no-store")
                        .header("Referrer-Policy", "no-referrer")
                        .body(JsonResponses.write(FormStatusView.of(status)))
                        .build(),
                problem -> JsonResponses.problem(request, problem)));
    }

    @FunctionName("getPrivacyFormExport")
    public HttpResponseMessage export(
            @HttpTrigger(name = "request", methods = {HttpMethod.GET}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/privacy-requests/form/{id}/export") HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String formId) {
        return JsonResponses.unlessStoreUnavailable(request, () -> useCases.follow().export(formId, query(request, "token"),
                query(request, "format")).fold(export -> JsonResponses.export(request, export),
                problem -> JsonResponses.problem(request, problem)));
    }

    private static Optional<String> clientAddress(HttpRequestMessage<?> request) {
        return RequestHeaders.first(request, "X-Forwarded-For").flatMap(ClientAddress::fromForwardedFor);
    }

    private static Optional<String> query(HttpRequestMessage<?> request, String name) {
        return Optional.ofNullable(request.getQueryParameters()).map(parameters -> parameters.get(name));
    }

    /** The answer to sending and to confirming the form; see {@code PrivacyFormAnswer} in openapi/portal.yaml. */
    record FormAnswer(String id, String status) {
    }

    /** See {@code PrivacyFormStatus} in openapi/portal.yaml. */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    record FormStatusView(String id, String status, Optional<Instant> codeExpiresAt, Optional<Boolean> accountFound,
                          Optional<PrivacyRequestViews.PrivacyRequestView> request, Optional<ErasureReceiptView> receipt,
                          Optional<ExportLinks> export) {
        static FormStatusView of(FollowPrivacyForm.Status status) {
            var submission = status.submission();
            String path = "/api/v1/privacy-requests/form/" + submission.id() + "/export?format=";
            return new FormStatusView(submission.id(), submission.isConfirmed() ? CONFIRMED : AWAITING_CONFIRMATION,
                    submission.isConfirmed() ? Optional.empty() : Optional.of(submission.codeExpiresAt()),
                    submission.isConfirmed() ? Optional.of(submission.accountFound()) : Optional.empty(),
                    status.request().map(PrivacyRequestViews.PrivacyRequestView::of),
                    status.receipt().map(receipt -> submission.accountFound() ? ErasureReceiptView.of(receipt) : ErasureReceiptView.nothingHeld(receipt)),
                    status.exportReady() ? Optional.of(new ExportLinks(path + "json", path + "html")) : Optional.empty());
        }
    }

    /** Where the export is served; the link's token is added as {@code &token=}. */
    record ExportLinks(String json, String html) {
    }
}
