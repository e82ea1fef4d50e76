package com.cardscry.portal.functions.http;

import com.cardscry.portal.application.usage.ViewUsage;
import com.cardscry.portal.domain.UsageCounts;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A subscription's usage, for its owner: {@code GET /api/v1/subscriptions/{id}/usage?from&to&granularity}. */
public final class UsageFunctions {

    private final FrontendAuth auth;
    private final ViewUsage viewUsage;

    public UsageFunctions(FrontendAuth auth, ViewUsage viewUsage) {
        this.auth = Objects.requireNonNull(auth, "auth");
        this.viewUsage = Objects.requireNonNull(viewUsage, "viewUsage");
    }

    @FunctionName("getSubscriptionUsage")
    public HttpResponseMessage usage(
            @HttpTrigger(name = "request", methods = {HttpMethod.GET}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/subscriptions/{id}/usage") HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String subscriptionId) {
        Map<String, String> query = Optional.ofNullable(request.getQueryParameters()).orElse(Map.of());
        ViewUsage.Request range = new ViewUsage.Request(Optional.ofNullable(query.get("from")), Optional.ofNullable(query.get("to")),
                Optional.ofNullable(query.get("granularity")));
        return auth.handle(request, caller ->
                JsonResponses.answer(request, viewUsage.handle(caller, subscriptionId, range), 200, UsageReportView::of));
    }

    /** The response body; see {@code SubscriptionUsage} in openapi/portal.yaml. */
    record UsageReportView(String subscriptionId, Instant from, Instant to, String granularity, List<PeriodView> periods,
                           CountsView totals) {
        static UsageReportView of(ViewUsage.Report report) {
            return new UsageReportView(report.subscriptionId(), report.from(), report.to(), report.granularity().code(),
                    report.periods().stream().map(period -> PeriodView.of(period.start(), period.counts())).toList(),
                    CountsView.of(report.totals()));
        }
    }

    record PeriodView(Instant start, long requests, long clientErrors, long serverErrors, double errorRate) {
        static PeriodView of(Instant start, UsageCounts counts) {
            return new PeriodView(start, counts.requests(), counts.clientErrors(), counts.serverErrors(), counts.errorRate());
        }
    }

    record CountsView(long requests, long clientErrors, long serverErrors, double errorRate) {
        static CountsView of(UsageCounts counts) {
            return new CountsView(counts.requests(), counts.clientErrors(), counts.serverErrors(), counts.errorRate());
        }
    }
}
