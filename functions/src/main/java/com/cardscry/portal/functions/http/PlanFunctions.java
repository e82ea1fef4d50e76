package com.cardscry.portal.functions.http;

import com.cardscry.portal.application.plans.ListPlans;
import com.cardscry.portal.domain.Plan;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@code GET /api/v1/plans}: the plans on offer, for anyone. */
public final class PlanFunctions {

    /**
     * The catalogue changes only with a restart and holds no personal data, so browsers and shared
     * caches may keep it for a while.
     */
    static final String CACHE_CONTROL = "public, max-age=300";

    private final ListPlans listPlans;

    public PlanFunctions(ListPlans listPlans) {
        this.listPlans = Objects.requireNonNull(listPlans, "listPlans");
    }

    @FunctionName("listPlans")
    public HttpResponseMessage listPlans(
            @HttpTrigger(name = "request", methods = {HttpMethod.GET}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/plans") HttpRequestMessage<Optional<String>> request) {
        PlanList body = new PlanList(listPlans.handle().stream().map(PlanView::of).toList());
        return JsonResponses.json(request, 200, body, CACHE_CONTROL);
    }

    /** The response body; see {@code PlanList} in openapi/portal.yaml. */
    record PlanList(List<PlanView> items) {
    }

    /** One plan; see {@code Plan} in openapi/portal.yaml. */
    record PlanView(String id, String name, String description, String environment, int rateLimitPerSecond, long monthlyQuota,
                    boolean approvalRequired, int keysPerSubscription, int subscriptionsPerAccount, long maxKeyLifetimeDays) {
        static PlanView of(Plan plan) {
            return new PlanView(plan.id(), plan.name(), plan.description(), plan.environment().code(), plan.rateLimitPerSecond(),
                    plan.monthlyQuota(), plan.approvalRequired(), plan.keysPerSubscription(), plan.subscriptionsPerAccount(),
                    plan.maxKeyLifetimeDays());
        }
    }
}
