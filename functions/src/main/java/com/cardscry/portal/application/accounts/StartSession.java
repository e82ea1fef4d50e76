package com.cardscry.portal.application.accounts;

import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.port.AuditAction;
import com.cardscry.portal.application.port.AuditEntry;
import com.cardscry.portal.domain.Account;
import com.cardscry.portal.domain.Session;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST /sessions}: turns a verified token into a session (DESIGN.md decision 5). Only a token
 * can start one (not another session), and only for an account that may be used. An account holds at
 * most {@link SessionRecords#MAX_SESSIONS_PER_ACCOUNT} sessions; starting one more ends the oldest.
 */
public final class StartSession {

    /**
     * The new session, when it ends if left idle, the cookie value to set (once; it is not stored), its
     * CSRF token, and whether the user must first accept the current terms or privacy policy.
     */
    public record Started(Session session, Instant endsAt, String cookieValue, String csrfToken, boolean reacceptanceRequired) {
        @Override
        public String toString() {
            return "Started[" + session.id() + "]";
        }
    }

    private final AccountServices services;

    public StartSession(AccountServices services) {
        this.services = Objects.requireNonNull(services, "services");
    }

    public Outcome<Started> handle(Caller caller) {
        if (caller.viaSession()) {
            return Outcome.refused(Problem.of(ProblemType.UNAUTHENTICATED, "Start a session with a bearer token."));
        }
        Optional<Problem> limited = services.limits().check(AbuseLimits.Action.SESSION_START, caller);
        if (limited.isPresent()) {
            return Outcome.refused(limited.get());
        }
        return caller.usableAccount().then(found -> start(found.account(), caller.admin()));
    }

    private Outcome<Started> start(Account account, boolean admin) {
        String accountId = account.id();
        Instant now = services.clock().now();
        AccountPolicy policy = services.policy();
        SessionKeys.CookieValue cookie = services.keys().newCookie(accountId);
        Session session = Session.start(services.keys().sessionId(cookie.secret()), accountId, admin, now, policy.sessionLifetime());
        services.sessions().create(session, now, policy.sessionIdleTimeout());
        List<Session> all = services.sessions().list(accountId);
        for (int excess = all.size() - SessionRecords.MAX_SESSIONS_PER_ACCOUNT, i = 0; i < excess; i++) {
            services.sessions().delete(accountId, all.get(i).id());
        }
        services.audit().record(AuditEntry.bySubject(now, AuditAction.SESSION_STARTED, services.pseudonyms().of(accountId),
                Map.of("session", session.id())));
        return Outcome.done(new Started(session, session.endsAt(policy.sessionIdleTimeout()), cookie.encoded(), services.keys().csrfToken(cookie.secret()),
                account.consent().isOutdated(policy.termsVersion(), policy.privacyPolicyVersion())));
    }
}
