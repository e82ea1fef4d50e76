package com.cardscry.portal.functions.http;

import com.cardscry.portal.application.usage.RecordUsage;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST /api/v1/gateway/usage}: the API gateway reports the requests it served (docs/usage.md).
 * Only the gateway calls it, with a function key, which the Functions host checks before the method
 * runs; the body binds like any other command (unknown members, an address or a path say, are refused).
 */
public final class GatewayUsageFunction {

    /** The largest body accepted: 1,000 events take about 100 KiB, so this leaves room and no more. */
    public static final int MAX_BODY_BYTES = 256 * 1024;

    private final RecordUsage recordUsage;

    public GatewayUsageFunction(RecordUsage recordUsage) {
        this.recordUsage = Objects.requireNonNull(recordUsage, "recordUsage");
    }

    /** 200 with what became of the batch: {@code {accepted, rejected, unknownKeys}}. */
    @FunctionName("recordUsage")
    public HttpResponseMessage record(
            @HttpTrigger(name = "request", methods = {HttpMethod.POST}, authLevel = AuthorizationLevel.FUNCTION,
                    route = "v1/gateway/usage") HttpRequestMessage<Optional<String>> request) {
        return JsonBody.respond(request, RecordUsage.Command.class, MAX_BODY_BYTES,
                command -> JsonResponses.answer(request, recordUsage.handle(command), 200, recorded -> recorded));
    }
}
