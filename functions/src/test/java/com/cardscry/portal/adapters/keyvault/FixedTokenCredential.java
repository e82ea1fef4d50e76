package com.cardscry.portal.adapters.keyvault;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;

/**
 * The test stand-in for {@code DefaultAzureCredential}: hands out one fixed token and remembers what
 * each request for a token asked for (scopes, tenant), so a test can see how the SDK answered the
 * vault's challenge.
 */
final class FixedTokenCredential implements TokenCredential {

    /** What the SDK asked for: the scopes and the tenant it took from the challenge. */
    record TokenRequest(List<String> scopes, String tenantId) {
    }

    private final String token;
    private final List<TokenRequest> requests = new CopyOnWriteArrayList<>();

    FixedTokenCredential(String token) {
        this.token = token;
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        return Mono.fromSupplier(() -> issue(request));
    }

    @Override
    public AccessToken getTokenSync(TokenRequestContext request) {
        return issue(request);
    }

    List<TokenRequest> requests() {
        return List.copyOf(requests);
    }

    private AccessToken issue(TokenRequestContext request) {
        requests.add(new TokenRequest(List.copyOf(request.getScopes()), request.getTenantId()));
        return new AccessToken(token, OffsetDateTime.now(ZoneOffset.UTC).plusHours(1));
    }
}
