package com.cardscry.portal.application.accounts;

import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.port.AuditAction;
import com.cardscry.portal.application.port.AuditEntry;
import com.cardscry.portal.domain.Session;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code DELETE /sessions/{id}} and {@code DELETE /sessions/current}: ends one of the caller's sessions.
 * Sessions live in the caller's own partition, so another user's session id is simply not found (404,
 * never 403). Ending an ended session is 404 too; the client need not care. A blocked or closing account
 * is refused like on every other route but the profile (its sessions ended with the block or closure).
 */
public final class EndSession {

    /** The literal that names the session the request came with. */
    public static final String CURRENT = "current";

    /** Which session ended, and whether it was the caller's own (so its cookie must be cleared). */
    public record Ended(String sessionId, boolean wasCurrent) {
    }

    private final AccountServices services;

    public EndSession(AccountServices services) {
        this.services = Objects.requireNonNull(services, "services");
    }

    public Outcome<Ended> handle(Caller caller, String sessionId) {
        Optional<String> currentId = caller.session().map(Session::id);
        String target = CURRENT.equals(sessionId) ? currentId.orElse(null) : sessionId;
        return caller.usableAccount().then(found -> {
            if (target == null) {
                return Outcome.<Ended>refused(Problem.of(ProblemType.NOT_FOUND, "The request came with no session cookie."));
            }
            String accountId = found.account().id();
            if (!services.sessions().delete(accountId, target)) {
                return Outcome.refused(Problem.of(ProblemType.NOT_FOUND, "No such session."));
            }
            services.audit().record(AuditEntry.bySubject(services.clock().now(), AuditAction.SESSION_ENDED,
                    services.pseudonyms().of(accountId), Map.of("session", target)));
            return Outcome.done(new Ended(target, currentId.filter(target::equals).isPresent()));
        });
    }
}
