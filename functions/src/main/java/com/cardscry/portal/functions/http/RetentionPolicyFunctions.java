package com.cardscry.portal.functions.http;

import com.cardscry.portal.domain.RetentionSchedule;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** {@code GET /api/v1/retention-policy}: how long each category of data is kept and why, for anyone. */
public final class RetentionPolicyFunctions {

    /** The schedule changes only with a restart and holds no personal data: any cache may keep it a while. */
    static final String CACHE_CONTROL = PlanFunctions.CACHE_CONTROL;

    private final RetentionSchedule schedule;

    public RetentionPolicyFunctions(RetentionSchedule schedule) {
        this.schedule = Objects.requireNonNull(schedule, "schedule");
    }

    @FunctionName("retentionPolicy")
    public HttpResponseMessage retentionPolicy(
            @HttpTrigger(name = "request", methods = {HttpMethod.GET}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/retention-policy") HttpRequestMessage<Optional<String>> request) {
        return JsonResponses.json(request, 200, new Policy(schedule.entries().stream().map(CategoryView::of).toList()), CACHE_CONTROL);
    }

    /** The response body; see {@code RetentionPolicy} in openapi/portal.yaml. */
    record Policy(List<CategoryView> categories) {
    }

    /** One category; see {@code RetentionCategory} in openapi/portal.yaml. {@code periodDays} only for a fixed period. */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    record CategoryView(String id, String title, String keptFor, Optional<Long> periodDays, String purpose, String legalBasis,
                        String onErasure) {
        static CategoryView of(RetentionSchedule.Entry entry) {
            return new CategoryView(entry.category().id(), entry.title(), entry.keep().inWords(),
                    entry.keep().fixedPeriod().map(period -> period.toDays()), entry.purpose(), entry.legalBasis(),
                    entry.onErasure().name().toLowerCase(Locale.ROOT));
        }
    }
}
