package com.cardscry.portal.application.accounts;

import java.util.Objects;
import java.util.Optional;

/**
 * What a request offers to prove who sent it, as the HTTP layer found it in the headers.
 *
 * @param bearerToken         the token of an {@code Authorization: Bearer} header
 * @param sessionCookie       the value of the {@code __Host-cardscry_session} cookie
 * @param csrfToken           the {@code X-CSRF-Token} header
 * @param appServicePrincipal the {@code X-MS-CLIENT-PRINCIPAL} header (trusted only when App Service
 *                            authentication is enforced in front of the app)
 * @param write               whether the request changes state (any method but GET, HEAD, OPTIONS):
 *                            a cookie-authenticated write needs the CSRF token
 * @param clientAddress       the client's address, for rate limits only; never stored
 */
public record Credentials(
        Optional<String> bearerToken,
        Optional<String> sessionCookie,
        Optional<String> csrfToken,
        Optional<String> appServicePrincipal,
        boolean write,
        Optional<String> clientAddress) {

    public Credentials {
        Objects.requireNonNull(bearerToken, "bearerToken");
        Objects.requireNonNull(sessionCookie, "sessionCookie");
        Objects.requireNonNull(csrfToken, "csrfToken");
        Objects.requireNonNull(appServicePrincipal, "appServicePrincipal");
        Objects.requireNonNull(clientAddress, "clientAddress");
    }

    /** Leaves out every credential: only which kinds were offered. */
    @Override
    public String toString() {
        return "Credentials[bearer=" + bearerToken.isPresent() + ", cookie=" + sessionCookie.isPresent()
                + ", csrf=" + csrfToken.isPresent() + ", appService=" + appServicePrincipal.isPresent() + ", write=" + write + "]";
    }
}
