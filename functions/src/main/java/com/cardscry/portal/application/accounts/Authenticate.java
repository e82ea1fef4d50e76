package com.cardscry.portal.application.accounts;

import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.TokenVerifier;
import com.cardscry.portal.application.port.Verification;
import com.cardscry.portal.application.port.VerifiedIdentity;
import com.cardscry.portal.domain.Session;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Decides who a request comes from (DESIGN.md decisions 4 and 5). In order:
 * <ol>
 *   <li>a bearer token, if one is offered, decides alone: a bad token is 401 even with a good cookie;</li>
 *   <li>else the session cookie: the session must exist and be live, a write must carry its CSRF
 *       token (403 otherwise), and its account must still be usable (a blocked or closing account's
 *       session is ended on sight);</li>
 *   <li>else the App Service principal header, only when App Service authentication is enforced in
 *       front of the app (otherwise anyone could send it);</li>
 *   <li>else 401.</li>
 * </ol>
 * Why a credential failed is logged as a reason code, never the credential; the answer says only
 * "unauthenticated", so a forger learns nothing.
 */
public final class Authenticate {

    private static final Logger LOG = Logger.getLogger(Authenticate.class.getName());

    private final TokenVerifier tokens;
    private final Optional<TokenVerifier> appServicePrincipals;
    private final AccountRecords accounts;
    private final SessionRecords sessions;
    private final SessionKeys sessionKeys;
    private final AccountPolicy policy;
    private final Clock clock;

    public Authenticate(TokenVerifier tokens, Optional<TokenVerifier> appServicePrincipals, AccountRecords accounts,
                        SessionRecords sessions, SessionKeys sessionKeys, AccountPolicy policy, Clock clock) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.appServicePrincipals = Objects.requireNonNull(appServicePrincipals, "appServicePrincipals");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.sessionKeys = Objects.requireNonNull(sessionKeys, "sessionKeys");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Outcome<Caller> authenticate(Credentials credentials) {
        if (credentials.bearerToken().isPresent()) {
            return fromIdentity(tokens.verify(credentials.bearerToken().get()), "bearer token", credentials);
        }
        if (credentials.sessionCookie().isPresent()) {
            return fromSession(credentials);
        }
        if (credentials.appServicePrincipal().isPresent() && appServicePrincipals.isPresent()) {
            return fromIdentity(appServicePrincipals.get().verify(credentials.appServicePrincipal().get()),
                    "App Service principal", credentials);
        }
        return unauthenticated("Sign in: send a bearer token or the session cookie.");
    }

    private Outcome<Caller> fromIdentity(Verification verification, String what, Credentials credentials) {
        if (verification instanceof Verification.Rejected rejected) {
            LOG.fine(() -> what + " rejected: " + rejected.reason());
            return unauthenticated("The " + what + " is not valid.");
        }
        VerifiedIdentity identity = ((Verification.Verified) verification).identity();
        return Outcome.done(new Caller(identity.tenantId(), identity.objectId(), identity.admin(),
                accounts.findByIdentity(identity.tenantId(), identity.objectId()), Optional.empty(), Optional.empty(),
                credentials.clientAddress()));
    }

    private Outcome<Caller> fromSession(Credentials credentials) {
        Optional<SessionKeys.CookieValue> cookie = SessionKeys.parse(credentials.sessionCookie().get());
        if (cookie.isEmpty()) {
            return unauthenticated("The session cookie is not valid; start a new session.");
        }
        String accountId = cookie.get().accountId();
        String secret = cookie.get().secret();
        String sessionId = sessionKeys.sessionId(secret);
        Instant now = clock.now();
        Optional<SessionRecords.Versioned> found = sessions.read(accountId, sessionId);
        if (found.isEmpty() || !found.get().session().isLive(now, policy.sessionIdleTimeout())) {
            found.ifPresent(expired -> sessions.delete(accountId, expired.session().id()));
            return unauthenticated("The session has ended; start a new one.");
        }
        if (credentials.write() && !sessionKeys.isCsrfToken(secret, credentials.csrfToken().orElse(null))) {
            return Outcome.refused(Problem.of(ProblemType.CSRF_TOKEN_INVALID,
                    "Send the session's CSRF token in the X-CSRF-Token header with every cookie-authenticated write."));
        }
        Optional<AccountRecords.Versioned> account = accounts.read(accountId);
        if (account.isEmpty() || !account.get().account().isUsable()) {
            // Blocking or closing ends every session; this catches one that was missed (a crash between
            // the account change and the session deletions).
            sessions.delete(accountId, sessionId);
            return unauthenticated("The session has ended; start a new one.");
        }
        Session session = found.get().session();
        if (session.needsTouch(now)) {
            session = session.touched(now);
            sessions.touch(found.get(), session, now, policy.sessionIdleTimeout());
        }
        return Outcome.done(new Caller(account.get().account().tenantId(), account.get().account().objectId(), session.admin(),
                account, Optional.of(session), Optional.of(secret), credentials.clientAddress()));
    }

    private static Outcome<Caller> unauthenticated(String detail) {
        return Outcome.refused(Problem.of(ProblemType.UNAUTHENTICATED, detail));
    }
}
