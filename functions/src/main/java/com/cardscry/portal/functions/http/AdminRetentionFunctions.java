package com.cardscry.portal.functions.http;

import com.cardscry.portal.application.retention.LegalHolds;
import com.cardscry.portal.application.retention.ListRetentionRuns;
import com.cardscry.portal.application.retention.PurgeReport;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Administrators read what the retention purge did ({@code GET /api/v1/admin/retention/runs}) and keep an
 * account's data from it ({@code PUT|DELETE /api/v1/admin/accounts/{accountId}/legal-hold}).
 */
public final class AdminRetentionFunctions {

    private final FrontendAuth auth;
    private final ListRetentionRuns runs;
    private final LegalHolds holds;

    public AdminRetentionFunctions(FrontendAuth auth, ListRetentionRuns runs, LegalHolds holds) {
        this.auth = Objects.requireNonNull(auth, "auth");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.holds = Objects.requireNonNull(holds, "holds");
    }

    @FunctionName("placeLegalHold")
    public HttpResponseMessage place(
            @HttpTrigger(name = "request", methods = {HttpMethod.PUT}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/admin/accounts/{accountId}/legal-hold") HttpRequestMessage<Optional<String>> request,
            @BindingName("accountId") String accountId) {
        return auth.handle(request, LegalHolds.PlaceCommand.class, (caller, command) ->
                JsonResponses.answer(request, holds.place(caller, accountId, command), 200, HoldView::of));
    }

    @FunctionName("liftLegalHold")
    public HttpResponseMessage lift(
            @HttpTrigger(name = "request", methods = {HttpMethod.DELETE}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/admin/accounts/{accountId}/legal-hold") HttpRequestMessage<Optional<String>> request,
            @BindingName("accountId") String accountId) {
        return auth.handle(request, caller -> JsonResponses.answer(request, holds.lift(caller, accountId), 200, HoldView::of));
    }

    /** The response body; see {@code LegalHold} in openapi/portal.yaml. */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    record HoldView(String accountId, String reason, LocalDate endsOn, Instant placedAt, Optional<Instant> liftedAt) {
        static HoldView of(LegalHolds.Hold hold) {
            return new HoldView(hold.accountId(), hold.reason(), hold.endsOn(), hold.placedAt(), hold.liftedAt());
        }
    }

    @FunctionName("listRetentionRuns")
    public HttpResponseMessage list(
            @HttpTrigger(name = "request", methods = {HttpMethod.GET}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/admin/retention/runs") HttpRequestMessage<Optional<String>> request) {
        Optional<String> limit = Optional.ofNullable(request.getQueryParameters()).map(query -> query.get("limit"));
        return auth.handle(request, caller -> JsonResponses.answer(request, runs.recent(caller, limit), 200, RunList::of));
    }

    /** The response body; see {@code RetentionRunList} in openapi/portal.yaml. */
    record RunList(List<RunView> items) {
        static RunList of(List<PurgeReport> reports) {
            return new RunList(reports.stream().map(report -> new RunView(report.id(), report.startedAt(), report.finishedAt(),
                    report.pastDue(), report.complete(), report.removed())).toList());
        }
    }

    record RunView(String id, Instant startedAt, Instant finishedAt, boolean pastDue, boolean complete, Map<String, Long> removed) {
    }
}
