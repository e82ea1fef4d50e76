package com.cardscry.portal.application.privacy;

import com.cardscry.portal.application.OptimisticUpdate;
import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.Pseudonyms;
import com.cardscry.portal.application.port.AuditAction;
import com.cardscry.portal.application.port.AuditEntry;
import com.cardscry.portal.application.port.AuditLog;
import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.OperatorAlerts;
import com.cardscry.portal.domain.PrivacyRequest;
import com.cardscry.portal.domain.PrivacyRequestStatus;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The worker of the {@code privacy-requests-poison} queue: a request whose message failed five
 * deliveries is marked failed at the step it stopped at, with a reason that names the step (never
 * personal data, never an exception message), and the operators are alerted with the request id only.
 * An administrator's retry ({@link RetryPrivacyRequest}) resumes it.
 *
 * <p>Idempotent: a request already failed is alerted again (alert rules de-duplicate by id) but not
 * written or audited again; a closed or missing one is left alone.
 */
public final class FailPrivacyRequest {

    /** What a poison message came to. */
    public enum Result {
        /** Marked failed now, and alerted. */
        MARKED_FAILED,
        /** Failed already; alerted again. */
        ALREADY_FAILED,
        /** Closed (or gone) meanwhile: nothing to do. */
        NOTHING_TO_DO
    }

    private final PrivacyRequestRecords requests;
    private final OperatorAlerts alerts;
    private final AuditLog audit;
    private final Pseudonyms pseudonyms;
    private final Clock clock;

    public FailPrivacyRequest(PrivacyRequestRecords requests, OperatorAlerts alerts, AuditLog audit, Pseudonyms pseudonyms, Clock clock) {
        this.requests = Objects.requireNonNull(requests, "requests");
        this.alerts = Objects.requireNonNull(alerts, "alerts");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.pseudonyms = Objects.requireNonNull(pseudonyms, "pseudonyms");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Result handle(PrivacyRequestMessage message) {
        Optional<PrivacyRequestRecords.Versioned> found = requests.read(message.accountId(), message.requestId());
        if (found.isEmpty()) {
            return Result.NOTHING_TO_DO;
        }
        Outcome<Result> outcome = requests.update(found.get(), current -> {
            PrivacyRequest request = current.request();
            if (request.status() == PrivacyRequestStatus.FAILED) {
                return OptimisticUpdate.Change.answer(Outcome.done(Result.ALREADY_FAILED));
            }
            if (!request.status().isOpen()) {
                return OptimisticUpdate.Change.answer(Outcome.done(Result.NOTHING_TO_DO));
            }
            String step = request.nextStep().map(next -> next.code()).orElse("close");
            PrivacyRequest failed = request.failed("Step " + step + " failed repeatedly; the operators were alerted and will "
                    + "resume the request.", clock.now());
            return OptimisticUpdate.Change.write(failed, stored -> {
                requests.reindex(stored.request(), true);
                audit.record(AuditEntry.bySubject(clock.now(), AuditAction.PRIVACY_REQUEST_FAILED, pseudonyms.of(request.accountId()),
                        Map.of("request", request.id(), "type", request.type().code(), "step", step)));
                return Outcome.done(Result.MARKED_FAILED);
            });
        }, Problem.of(ProblemType.NOT_FOUND, "The request is gone."));
        Result result = outcome.fold(done -> done, problem -> {
            if (problem.type() == ProblemType.NOT_FOUND) {
                return Result.NOTHING_TO_DO;
            }
            throw new IllegalStateException("the request kept changing while it was marked failed");
        });
        if (result != Result.NOTHING_TO_DO) {
            alerts.raise(OperatorAlerts.Kind.PRIVACY_REQUEST_FAILED, message.requestId());
        }
        return result;
    }
}
