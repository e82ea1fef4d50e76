package com.cardscry.portal.functions.http;

import com.cardscry.portal.application.IssueDevelopmentToken;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.port.DevelopmentClaims;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The local development issuer's routes: {@code POST /api/v1/dev/token} signs a token for the identity
 * in the body, {@code GET /api/v1/dev/jwks} publishes the signing key.
 *
 * <p>Without a development issuer (anywhere but local mode with {@code PORTAL_AUTH=dev}) both routes
 * answer exactly what the local host answers for a path no function serves, so from outside they do
 * not exist.
 */
public final class DevTokenFunction {

    /** The local host's detail for an unknown route; a test keeps the two equal. */
    static final String NO_SUCH_ROUTE = "No function serves this path.";

    private final Optional<IssueDevelopmentToken> issuer;
    private final int maxBodyBytes;

    /**
     * @param issuer       the use case, or empty when the portal has no development issuer
     * @param maxBodyBytes the largest body accepted ({@code PORTAL_MAX_BODY_BYTES})
     */
    public DevTokenFunction(Optional<IssueDevelopmentToken> issuer, int maxBodyBytes) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.maxBodyBytes = maxBodyBytes;
    }

    @FunctionName("devToken")
    public HttpResponseMessage token(
            @HttpTrigger(name = "request", methods = {HttpMethod.POST}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/dev/token") HttpRequestMessage<Optional<String>> request) {
        if (issuer.isEmpty()) {
            return noSuchRoute(request);
        }
        return JsonBody.respond(request, TokenRequest.class, maxBodyBytes, body -> answer(request, issuer.get().issue(body.claims())));
    }

    @FunctionName("devJwks")
    public HttpResponseMessage jwks(
            @HttpTrigger(name = "request", methods = {HttpMethod.GET}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/dev/jwks") HttpRequestMessage<Optional<String>> request) {
        if (issuer.isEmpty()) {
            return noSuchRoute(request);
        }
        // Already JSON text: sent as it is rather than serialised again as a string.
        return request.createResponseBuilder(HttpStatus.OK)
                .header("Content-Type", JsonResponses.JSON)
                .header("Cache-Control", "no-store")
                .body(issuer.get().signingKeysJson())
                .build();
    }

    private static HttpResponseMessage answer(HttpRequestMessage<?> request, IssueDevelopmentToken.Outcome outcome) {
        if (outcome instanceof IssueDevelopmentToken.Issued issued) {
            return JsonResponses.json(request, 200,
                    new TokenResponse(issued.accessToken(), "Bearer", issued.expiresIn().toSeconds()));
        }
        return JsonResponses.problem(request, ((IssueDevelopmentToken.Refused) outcome).problem());
    }

    private static HttpResponseMessage noSuchRoute(HttpRequestMessage<?> request) {
        return JsonResponses.problem(request, Problem.of(ProblemType.ROUTE_NOT_FOUND, NO_SUCH_ROUTE));
    }

    /** The request body; see {@code DevTokenRequest} in openapi/portal.yaml. */
    record TokenRequest(String oid, String tid, Optional<String> name, Optional<String> email,
                        Optional<Set<String>> roles) {

        DevelopmentClaims claims() {
            return new DevelopmentClaims(oid, tid, name, email, roles.orElse(Set.of()));
        }
    }

    /** The response body, named as in OAuth 2.0 token responses; see {@code DevToken} in openapi/portal.yaml. */
    record TokenResponse(String accessToken, String tokenType, long expiresIn) {
    }
}
