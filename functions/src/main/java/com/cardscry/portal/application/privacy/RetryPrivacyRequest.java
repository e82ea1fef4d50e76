package com.cardscry.portal.application.privacy;

import com.cardscry.portal.application.OptimisticUpdate;
import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.Pseudonyms;
import com.cardscry.portal.application.accounts.Caller;
import com.cardscry.portal.application.port.AuditAction;
import com.cardscry.portal.application.port.AuditEntry;
import com.cardscry.portal.application.port.AuditLog;
import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.MessageQueue;
import com.cardscry.portal.domain.PrivacyRequest;
import com.cardscry.portal.domain.PrivacyRequestStatus;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST /admin/accounts/{accountId}/privacy-requests/{id}/retry}: an administrator resumes a
 * failed request at the step that failed. The request is written back to its open state and indexed
 * as not enqueued before its message is sent, and as enqueued after: should the send fail, the
 * re-enqueuing timer sends it. A request that is not failed is 409 (a retry of a retry that already
 * went through says so, rather than enqueueing twice); an unknown one is 404.
 */
public final class RetryPrivacyRequest {

    private final PrivacyRequestRecords requests;
    private final MessageQueue queue;
    private final AuditLog audit;
    private final Pseudonyms pseudonyms;
    private final Clock clock;

    public RetryPrivacyRequest(PrivacyRequestRecords requests, MessageQueue queue, AuditLog audit, Pseudonyms pseudonyms, Clock clock) {
        this.requests = Objects.requireNonNull(requests, "requests");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.pseudonyms = Objects.requireNonNull(pseudonyms, "pseudonyms");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Outcome<PrivacyRequest> handle(Caller caller, String accountId, String requestId) {
        Optional<Problem> refusal = caller.adminRefusal();
        if (refusal.isPresent()) {
            return Outcome.refused(refusal.get());
        }
        Problem notFound = Problem.of(ProblemType.NOT_FOUND, "No such privacy request.");
        Optional<PrivacyRequestRecords.Versioned> found = isId(accountId) && isId(requestId)
                ? requests.read(accountId, requestId) : Optional.empty();
        if (found.isEmpty()) {
            return Outcome.refused(notFound);
        }
        return requests.update(found.get(), current -> {
            PrivacyRequest request = current.request();
            if (request.status() != PrivacyRequestStatus.FAILED) {
                return OptimisticUpdate.Change.answer(Outcome.refused(Problem.of(ProblemType.CONFLICT,
                        "Only a failed request is retried; this one is " + request.status().code() + ".")));
            }
            return OptimisticUpdate.Change.write(request.retried(clock.now()), stored -> {
                PrivacyRequest resumed = stored.request();
                requests.reindex(resumed, false);
                Map<String, String> details = Map.of("request", requestId, "type", resumed.type().code());
                String subject = pseudonyms.of(accountId);
                // An administrator retrying their own request acts as its subject (an actor is never the subject).
                audit.record(caller.actorKey().equals(accountId)
                        ? AuditEntry.bySubject(clock.now(), AuditAction.PRIVACY_REQUEST_RETRIED, subject, details)
                        : AuditEntry.byAdmin(clock.now(), AuditAction.PRIVACY_REQUEST_RETRIED, subject, pseudonyms.of(caller.actorKey()),
                                details));
                queue.send(PrivacyRequestMessage.QUEUE, new PrivacyRequestMessage(accountId, requestId).text());
                requests.reindex(resumed, true);
                return Outcome.done(resumed);
            });
        }, notFound);
    }

    private static boolean isId(String id) {
        return id != null && id.matches("[A-Za-z0-9-]{1,64}");
    }
}
