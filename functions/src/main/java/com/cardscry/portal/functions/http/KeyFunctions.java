package com.cardscry.portal.functions.http;

import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.keys.IssueKey;
import com.cardscry.portal.application.keys.ListKeys;
import com.cardscry.portal.application.keys.RevokeKey;
import com.cardscry.portal.application.keys.RotateKey;
import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.domain.SubscriptionKey;
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
import java.util.Objects;
import java.util.Optional;

/**
 * A subscription's API keys: {@code POST|GET /api/v1/subscriptions/{id}/keys},
 * {@code POST /api/v1/subscriptions/{id}/keys/{keyId}/rotate}, {@code DELETE /api/v1/subscriptions/{id}/keys/{keyId}}.
 * A key is in a response body once, when it is issued; lists show metadata only.
 */
public final class KeyFunctions {

    /** The use cases these routes call, and the clock that tells a key's state. */
    public record UseCases(IssueKey issue, ListKeys list, RotateKey rotate, RevokeKey revoke, Clock clock) {
    }

    private final FrontendAuth auth;
    private final UseCases useCases;

    public KeyFunctions(FrontendAuth auth, UseCases useCases) {
        this.auth = Objects.requireNonNull(auth, "auth");
        this.useCases = Objects.requireNonNull(useCases, "useCases");
    }

    /** 201 with the key itself (shown this once) and its metadata. */
    @FunctionName("issueKey")
    public HttpResponseMessage issue(
            @HttpTrigger(name = "request", methods = {HttpMethod.POST}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/subscriptions/{id}/keys") HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String subscriptionId) {
        return auth.handle(request, IssueKey.Command.class, (caller, command) ->
                issued(request, subscriptionId, useCases.issue().handle(caller, subscriptionId, command)));
    }

    @FunctionName("listKeys")
    public HttpResponseMessage list(
            @HttpTrigger(name = "request", methods = {HttpMethod.GET}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/subscriptions/{id}/keys") HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String subscriptionId) {
        return auth.handle(request, caller -> JsonResponses.answer(request, useCases.list().handle(caller, subscriptionId), 200,
                keys -> new KeyList(keys.stream().map(key -> KeyView.of(key, useCases.clock().now())).toList())));
    }

    /** 201 with the successor key (shown this once); the body {@code {graceHours?}} is optional. */
    @FunctionName("rotateKey")
    public HttpResponseMessage rotate(
            @HttpTrigger(name = "request", methods = {HttpMethod.POST}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/subscriptions/{id}/keys/{keyId}/rotate") HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String subscriptionId, @BindingName("keyId") String keyId) {
        return auth.handleOptional(request, RotateKey.Command.class, new RotateKey.Command(Optional.empty()), (caller, command) ->
                issued(request, subscriptionId, useCases.rotate().handle(caller, subscriptionId, keyId, command)));
    }

    /** 200 with the revoked key's metadata. */
    @FunctionName("revokeKey")
    public HttpResponseMessage revoke(
            @HttpTrigger(name = "request", methods = {HttpMethod.DELETE}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "v1/subscriptions/{id}/keys/{keyId}") HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String subscriptionId, @BindingName("keyId") String keyId) {
        return auth.handle(request, caller -> JsonResponses.answer(request, useCases.revoke().handle(caller, subscriptionId, keyId), 200,
                key -> KeyView.of(key, useCases.clock().now())));
    }

    /** 201 with a new key (shown this once) and its metadata, or the problem. */
    private HttpResponseMessage issued(HttpRequestMessage<?> request, String subscriptionId, Outcome<IssueKey.Issued> outcome) {
        return outcome.fold(
                issued -> JsonResponses.created(request, "/api/v1/subscriptions/" + subscriptionId + "/keys",
                        IssuedKeyView.of(issued, useCases.clock().now())),
                problem -> JsonResponses.problem(request, problem));
    }

    /**
     * A key's metadata; see {@code ApiKeyMetadata} in openapi/portal.yaml. Optional members are left out
     * when they do not apply, except {@code lastUsedOn}, which is {@code null} for a key never used.
     */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    record KeyView(String id, String name, String hint, String state, Instant createdAt, Instant expiresAt,
                   Optional<Instant> graceUntil, Optional<Instant> revokedAt, Optional<String> successorId,
                   @JsonInclude(JsonInclude.Include.ALWAYS) LocalDate lastUsedOn) {
        static KeyView of(SubscriptionKey key, Instant now) {
            return new KeyView(key.id(), key.name(), key.hint(), key.state(now).code(), key.createdAt(), key.expiresAt(),
                    key.graceUntil(), key.revokedAt(), key.successorId(), key.lastUsedOn().orElse(null));
        }
    }

    record KeyList(List<KeyView> items) {
    }

    /** A new key: the key itself, this once, with its metadata. */
    record IssuedKeyView(String key, KeyView metadata) {
        static IssuedKeyView of(IssueKey.Issued issued, Instant now) {
            return new IssuedKeyView(issued.key(), KeyView.of(issued.record(), now));
        }
    }
}
