package com.cardscry.portal.functions.http;

import com.cardscry.portal.application.CheckHealth;
import com.cardscry.portal.application.HealthReport;
import com.cardscry.portal.application.port.ComponentHealth;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@code GET /api/v1/health}: the version and each component's state; 503 when one is down. */
public final class HealthFunction {

    private final CheckHealth checkHealth;

    public HealthFunction(CheckHealth checkHealth) {
        this.checkHealth = Objects.requireNonNull(checkHealth, "checkHealth");
    }

    @FunctionName("health")
    public HttpResponseMessage health(
            @HttpTrigger(name = "request", methods = {HttpMethod.GET}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/health") HttpRequestMessage<Optional<String>> request) {
        HealthReport report = checkHealth.check();
        return JsonResponses.json(request, report.up() ? 200 : 503, HealthView.of(report));
    }

    /** The response body; see {@code Health} in openapi/portal.yaml. */
    record HealthView(String status, String version, List<ComponentView> components) {
        static HealthView of(HealthReport report) {
            return new HealthView(report.up() ? "up" : "down", report.version(),
                    report.components().stream().map(ComponentView::of).toList());
        }
    }

    record ComponentView(String name, String implementation, String status, String detail) {
        static ComponentView of(ComponentHealth health) {
            return new ComponentView(health.component(), health.implementation(), health.up() ? "up" : "down", health.detail());
        }
    }
}
