package com.cardscry.portal.functions.http;

import com.cardscry.portal.application.gateway.KeyVerdict;
import com.cardscry.portal.application.gateway.VerifyApiKey;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * {@code POST /api/v1/gateway/verify}: the API gateway asks whether a presented key may be used
 * (function key required). Every key, usable or not, is answered 200 with a verdict; only a body that
 * is not {@code {"key": "...", "countTowardsRateLimit": true|false}} (the flag optional) gets a 4xx
 * problem. The key is never echoed, logged or stored.
 */
public final class GatewayVerifyFunction {

    /** A verification body is one key in a small object; anything bigger is not one. */
    public static final int MAX_BODY_BYTES = 1024;

    /**
     * The body: the key exactly as the gateway's caller presented it, and whether to count this request
     * against the plan's rate limit (absent or null: no, as for a gateway that applies the limit itself).
     */
    public record Command(String key, Optional<Boolean> countTowardsRateLimit) {
        @Override
        public String toString() {
            return "Command[key=(redacted), countTowardsRateLimit=" + countTowardsRateLimit + "]";
        }
    }

    private final VerifyApiKey verify;

    public GatewayVerifyFunction(VerifyApiKey verify) {
        this.verify = Objects.requireNonNull(verify, "verify");
    }

    @FunctionName("gatewayVerify")
    public HttpResponseMessage verify(
            @HttpTrigger(name = "request", methods = {HttpMethod.POST}, authLevel = AuthorizationLevel.FUNCTION,
                    route = "v1/gateway/verify") HttpRequestMessage<Optional<String>> request) {
        return JsonBody.respond(request, Command.class, MAX_BODY_BYTES,
                command -> JsonResponses.json(request, 200,
                        VerdictView.of(verify.handle(command.key(), command.countTowardsRateLimit().orElse(false)))));
    }

    /**
     * The verdict as the gateway's policy reads it; see {@code KeyVerdict} in openapi/portal.yaml.
     * Every property is always present, null when it does not apply.
     */
    record VerdictView(boolean valid, String code, Optional<String> subscriptionId, Optional<String> keyId, Optional<String> planId,
                       OptionalInt rateLimitPerSecond, OptionalLong quotaRemaining, long cacheSeconds, OptionalLong retryAfterSeconds) {
        static VerdictView of(KeyVerdict verdict) {
            return new VerdictView(verdict.valid(), verdict.code().name(), verdict.subscriptionId(), verdict.keyId(), verdict.planId(),
                    verdict.rateLimitPerSecond(), verdict.quotaRemaining(), verdict.cacheSeconds(), verdict.retryAfterSeconds());
        }
    }
}
