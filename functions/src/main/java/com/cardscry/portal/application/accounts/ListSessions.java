package com.cardscry.portal.application.accounts;

import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.domain.Session;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code GET /sessions}: the caller's live sessions, oldest first, marking the one the request came
 * with. {@code GET /sessions/current} answers that one with its CSRF token (a reloaded frontend has
 * lost it from memory; the cookie, which it cannot read, still proves the session).
 */
public final class ListSessions {

    /** A session as its owner sees it. */
    public record Listed(Session session, Instant endsAt, boolean current) {
    }

    /** The current session, its CSRF token, and whether the user must accept the current terms or policy. */
    public record Current(Listed session, String csrfToken, boolean reacceptanceRequired) {
        @Override
        public String toString() {
            return "Current[" + session.session().id() + "]";
        }
    }

    private final AccountServices services;

    public ListSessions(AccountServices services) {
        this.services = Objects.requireNonNull(services, "services");
    }

    public Outcome<List<Listed>> handle(Caller caller) {
        return caller.usableAccount().then(found -> {
            Instant now = services.clock().now();
            Optional<String> currentId = caller.session().map(Session::id);
            return Outcome.done(services.sessions().list(found.account().id()).stream()
                    .filter(session -> session.isLive(now, services.policy().sessionIdleTimeout()))
                    .map(session -> listed(session, currentId))
                    .toList());
        });
    }

    public Outcome<Current> current(Caller caller) {
        return caller.usableAccount().then(found -> {
            if (caller.session().isEmpty() || caller.sessionSecret().isEmpty()) {
                return Outcome.<Current>refused(Problem.of(ProblemType.NOT_FOUND, "The request came with no session cookie."));
            }
            return Outcome.done(new Current(listed(caller.session().get(), caller.session().map(Session::id)),
                    services.keys().csrfToken(caller.sessionSecret().get()),
                    found.account().consent().isOutdated(services.policy().termsVersion(), services.policy().privacyPolicyVersion())));
        });
    }

    private Listed listed(Session session, Optional<String> currentId) {
        return new Listed(session, session.endsAt(services.policy().sessionIdleTimeout()), currentId.filter(session.id()::equals).isPresent());
    }
}
