package com.cardscry.portal.functions.http;

import com.cardscry.portal.application.retention.ListRetentionRuns;
import com.cardscry.portal.application.retention.PurgeReport;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Administrators read what the retention purge did: {@code GET /api/v1/admin/retention/runs}. */
public final class AdminRetentionFunctions {

    private final FrontendAuth auth;
    private final ListRetentionRuns runs;

    public AdminRetentionFunctions(FrontendAuth auth, ListRetentionRuns runs) {
        this.auth = Objects.requireNonNull(auth, "auth");
        this.runs = Objects.requireNonNull(runs, "runs");
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
